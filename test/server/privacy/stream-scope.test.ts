// What the live stream and the team reads give each role beyond the desk. A responder: their team's current calls
// in full, and their past own calls (closed, cancelled or referred while theirs) readable; a call taken from the
// team (declined, reassigned) stops streaming to it at once and is not theirs to read. A planner: no call event at
// all, team positions on the 500 m grid at the minute, no current call ids; a responder: other teams' positions
// without their calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { PositionsMessage } from '../../../server/contracts/positions'
import type { Team } from '../../../server/contracts/teams'
import { snapToGrid } from '../../../server/domain/grid'
import { ENGINES } from '../../helpers/db'
import { api, auth, newCall, newTeam, setup, signIn, type Fixture } from '../../helpers/app'

interface Msg {
  seq: number
  type: string
  callId?: string | null
  teamId?: string | null
  data?: Record<string, unknown>
}
interface Client {
  msgs: Msg[]
  close: () => void
  waitFor: (pred: (m: Msg[]) => boolean, what: string) => Promise<void>
}

async function connect (app: FastifyInstance, token: string, since?: number): Promise<Client> {
  const msgs: Msg[] = []
  const ws = await app.injectWS(
    `/api/live${since === undefined ? '' : `?since=${since}`}`,
    { headers: auth(token) },
    {
      onInit: (s) => {
        s.on('message', (d: Buffer) => msgs.push(JSON.parse(String(d)) as Msg))
      }
    }
  )
  const waitFor = async (pred: (m: Msg[]) => boolean, what: string): Promise<void> => {
    const t0 = Date.now()
    while (!pred(msgs)) {
      if (Date.now() - t0 > 5000) {
        throw new Error(`timeout waiting for ${what}; got ${JSON.stringify(msgs.map((m) => [m.seq, m.type]))}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  await waitFor((m) => m.some((x) => x.type === 'stream.live'), 'stream.live')
  return { msgs, close: () => ws.terminate(), waitFor }
}

const about = (c: Client, callId: string) => c.msgs.filter((m) => m.callId === callId && m.type.startsWith('call.'))
const lastSeq = async (f: Fixture): Promise<number> =>
  Number(
    (
      await f.db.db
        .selectFrom('events')
        .select((e) => e.fn.max('seq').as('m'))
        .executeTakeFirstOrThrow()
    ).m
  )

describe.each(ENGINES)("a responder's stream and lists (%s)", (engine) => {
  let f: Fixture
  let a: Team
  let b: Team
  let ra: string
  let rb: string
  beforeAll(async () => {
    f = await setup(engine)
    a = await newTeam(f, { lat: 34.05, lon: -118.25 })
    b = await newTeam(f, { lat: 34.06, lon: -118.26 })
    ra = await signIn(f.app, 'responder', a.id)
    rb = await signIn(f.app, 'responder', b.id)
  })
  afterAll(async () => {
    await f.close()
  })

  async function assign (callId: string, teamId: string): Promise<void> {
    const r = await api(f, 'POST', `/api/calls/${callId}/assignments`, f.tokens.dispatcher, { teamId })
    expect(r.statusCode).toBe(201)
  }

  /** Team B works the call through to close, with a backup request on the way. */
  async function workThrough (callId: string, token: string): Promise<void> {
    for (const status of ['acknowledged', 'en_route', 'on_scene']) {
      const r = await api(f, 'POST', `/api/calls/${callId}/status`, token, { status })
      expect([status, r.statusCode]).toEqual([status, 200])
    }
    expect(
      (
        await api(f, 'POST', `/api/calls/${callId}/backup`, token, {
          reason: 'person now agitated, second clinician',
          need: 'care_team'
        })
      ).statusCode
    ).toBe(200)
    expect((await api(f, 'POST', `/api/calls/${callId}/close`, token, { disposition: 'resolved_on_scene' })).statusCode).toBe(200)
  }

  it('stops streaming a call declined by the first team and sent to another, on a socket opened before, after, or replaying', async () => {
    const since = await lastSeq(f)
    const before = await connect(f.app, ra)
    const call = await newCall(f)
    await assign(call.id, a.id)
    await before.waitFor(
      (m) => about({ msgs: m } as Client, call.id).some((x) => x.type === 'call.assigned'),
      'the assignment to team A'
    )

    expect((await api(f, 'POST', `/api/calls/${call.id}/decline`, ra, { reason: 'already on a call nearby' })).statusCode).toBe(200)
    await assign(call.id, b.id)
    const after = await connect(f.app, ra)
    const replay = await connect(f.app, ra, since)
    await workThrough(call.id, rb)
    const watcher = await connect(f.app, f.tokens.dispatcher, since)
    await watcher.waitFor((m) => m.some((x) => x.callId === call.id && x.type === 'call.closed'), 'the close on the desk')
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const c of [before, after, replay, watcher]) c.close()

    const seen = about(before, call.id).map((m) => m.type)
    expect(seen).toEqual(['call.assigned', 'call.requeued'])
    expect(about(after, call.id)).toEqual([])
    expect(about(replay, call.id).map((m) => m.type)).toEqual(['call.assigned', 'call.requeued'])
    expect((await api(f, 'GET', `/api/calls/${call.id}`, ra)).statusCode).toBe(403)
    const list = (await api(f, 'GET', '/api/calls?status=closed', ra)).json() as { items: Array<{ id: string }> }
    expect(list.items.map((c) => c.id)).not.toContain(call.id)
  })

  it("stops streaming a call the desk reassigned to another team: nothing of the new team's work reaches the first", async () => {
    const first = await connect(f.app, ra)
    const call = await newCall(f)
    await assign(call.id, a.id)
    await first.waitFor(
      (m) => about({ msgs: m } as Client, call.id).some((x) => x.type === 'call.assigned'),
      'the assignment to team A'
    )

    const re = await api(f, 'POST', `/api/calls/${call.id}/reassign`, f.tokens.dispatcher, { teamId: b.id, reason: 'B is closer now' })
    expect(re.statusCode).toBe(200)
    await workThrough(call.id, rb)
    const second = await connect(f.app, rb, 0)
    await second.waitFor((m) => m.some((x) => x.callId === call.id && x.type === 'call.closed'), "the close on team B's stream")
    await new Promise((resolve) => setTimeout(resolve, 200))
    first.close()
    second.close()

    expect(about(first, call.id).map((m) => m.type)).toEqual(['call.assigned', 'call.requeued'])
    expect(about(first, call.id).some((m) => m.type === 'call.backup_requested' || m.type === 'call.on_scene')).toBe(false)
    expect((await api(f, 'GET', `/api/calls/${call.id}`, ra)).statusCode).toBe(403)
  })

  it('keeps a call the team closed readable to it (its past own calls), and streams nothing of it after the close', async () => {
    const call = await newCall(f)
    await assign(call.id, a.id)
    const s = await connect(f.app, ra)
    await workThrough(call.id, ra)
    await s.waitFor((m) => m.some((x) => x.callId === call.id && x.type === 'call.closed'), 'the close')

    const edit = await api(f, 'POST', `/api/calls/${call.id}/notes`, f.tokens.dispatcher, {
      text: 'after the close: the family called back'
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    s.close()

    expect(edit.statusCode).toBe(201)
    expect(about(s, call.id).some((m) => m.type === 'call.note_added')).toBe(false)
    expect((await api(f, 'GET', `/api/calls/${call.id}`, ra)).statusCode).toBe(200)
    const list = (await api(f, 'GET', '/api/calls?status=closed', ra)).json() as { items: Array<{ id: string }> }
    expect(list.items.map((c) => c.id)).toContain(call.id)
  })
})

describe.each(ENGINES)('what planners and responders see of teams (%s)', (engine) => {
  let f: Fixture
  let a: Team
  let b: Team
  let ra: string
  let callId: string
  const exact = { lat: 34.0512345, lon: -118.2412345 }
  beforeAll(async () => {
    f = await setup(engine)
    a = await newTeam(f, { lat: 34.05, lon: -118.25 })
    b = await newTeam(f, { lat: 34.06, lon: -118.26 })
    ra = await signIn(f.app, 'responder', a.id)
    const call = await newCall(f)
    callId = call.id
    expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: b.id })).statusCode).toBe(201)
    const own = await newCall(f)
    expect((await api(f, 'POST', `/api/calls/${own.id}/assignments`, f.tokens.dispatcher, { teamId: a.id })).statusCode).toBe(201)
    expect(
      (
        await api(f, 'POST', `/api/teams/${b.id}/position`, f.tokens.dispatcher, {
          ...exact,
          deviceTime: new Date(f.clock.t).toISOString()
        })
      ).statusCode
    ).toBe(200)
  })
  afterAll(async () => {
    await f.close()
  })

  const onGrid = (p: { lat: number; lon: number }): boolean => {
    const s = snapToGrid(p.lat, p.lon)
    return s.lat === p.lat && s.lon === p.lon
  }

  it('gives a planner no call event on the stream, and team positions only on the 500 m grid', async () => {
    const p = await connect(f.app, f.tokens.planner)
    const d = await connect(f.app, f.tokens.dispatcher)
    const call = await newCall(f)
    expect(
      (
        await api(f, 'POST', `/api/calls/${call.id}/triage-override`, f.tokens.dispatcher, {
          priority: 1,
          reason: 'caller now more distressed'
        })
      ).statusCode
    ).toBe(200)
    for (const [lat, lon] of [
      [34.0512345, -118.2412345],
      [34.0523456, -118.2434567],
      [34.0611111, -118.3022222]
    ]) {
      expect(
        (await api(f, 'POST', `/api/teams/${a.id}/position`, ra, { lat, lon, deviceTime: new Date(f.clock.t).toISOString() }))
          .statusCode
      ).toBe(200)
    }
    // positions come batched (a second apart at most): the last of the three, for sure
    const fixesOf = (m: Msg[]) =>
      m
        .filter((x) => x.type === 'positions')
        .flatMap((x) => (x as unknown as PositionsMessage).teams)
        .filter((x) => x.teamId === a.id)
    await d.waitFor((m) => fixesOf(m).some((x) => x.lat === 34.0611111), 'the last position on the desk')
    await p.waitFor(
      (m) => fixesOf(m).some((x) => x.lat === snapToGrid(34.0611111, -118.3022222).lat),
      'the last position for the planner'
    )
    p.close()
    d.close()

    const events = p.msgs.filter((m) => !m.type.startsWith('stream.') && m.type !== 'positions')
    expect(events.filter((m) => m.type.startsWith('call.') || m.type.startsWith('transfer.'))).toEqual([])
    expect(events.filter((m) => m.callId !== null && m.callId !== undefined)).toEqual([])
    const positions = fixesOf(p.msgs)
    expect(positions.length).toBeGreaterThanOrEqual(1)
    for (const x of positions) {
      expect(onGrid(x)).toBe(true)
      expect(x.at).toMatch(/:00\.000Z$/)
      expect(x).not.toHaveProperty('accuracyMeters')
    }
    expect(JSON.stringify(p.msgs)).not.toContain('34.0611111')
    expect(fixesOf(d.msgs).some((x) => x.lat === 34.0611111)).toBe(true)
    expect(d.msgs.some((m) => m.type.startsWith('call.'))).toBe(true)
  })

  it('gives a planner every team read on the grid and without its current call', async () => {
    const list = (await api(f, 'GET', '/api/teams', f.tokens.planner)).json() as Team[]
    const one = (await api(f, 'GET', `/api/teams/${b.id}`, f.tokens.planner)).json() as Team

    for (const t of [...list, one]) {
      expect(t.currentCallId).toBeNull()
      if (t.position) expect([t.callSign, onGrid(t.position)]).toEqual([t.callSign, true])
    }
    expect(one.position).not.toBeNull()
    expect(one.position!.lat).not.toBe(exact.lat)
    expect(Math.abs(one.position!.lat - exact.lat)).toBeLessThan(0.0023)
  })

  it("gives a responder other teams' exact positions without their calls, and their own team's call", async () => {
    const other = (await api(f, 'GET', `/api/teams/${b.id}`, ra)).json() as Team
    const list = (await api(f, 'GET', '/api/teams', ra)).json() as Team[]
    const desk = (await api(f, 'GET', `/api/teams/${b.id}`, f.tokens.dispatcher)).json() as Team

    expect(other.currentCallId).toBeNull()
    expect(other.position).toMatchObject(exact)
    expect(list.filter((t) => t.id !== a.id).every((t) => t.currentCallId === null)).toBe(true)
    expect(desk.currentCallId).toBe(callId)
    expect(list.find((t) => t.id === a.id)?.currentCallId).not.toBeNull()
  })
})
