// GET /api/live: replay since seq, resume without loss or duplicates, role filtering, and the PostgreSQL relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveMessage } from '../../server/contracts/events'
import type { PositionsMessage } from '../../server/contracts/positions'
import { snapToGrid } from '../../server/domain/grid'
import { api, auth, newCall, newTeam, setup, setupTwoProcesses, signIn, type Fixture } from '../helpers/app'

type Msg = LiveMessage & { callId?: string | null; teamId?: string | null; data?: Record<string, unknown> }
interface Client {
  msgs: Msg[]
  close: () => void
  waitFor: (pred: (m: Msg[]) => boolean, ms?: number) => Promise<Msg[]>
}

async function connect (f: Fixture, token: string, since?: number): Promise<Client> {
  const msgs: Msg[] = []
  // listen from the first frame: the server may send before injectWS resolves
  const ws = await f.app.injectWS(
    `/api/live${since === undefined ? '' : `?since=${since}`}`,
    { headers: auth(token) },
    {
      onInit: (s) => {
        s.on('message', (d: Buffer) => msgs.push(JSON.parse(String(d)) as Msg))
      }
    }
  )
  return {
    msgs,
    close: () => ws.terminate(),
    waitFor: async (pred, ms = 3000) => {
      const t0 = Date.now()
      while (!pred(msgs)) {
        if (Date.now() - t0 > ms) throw new Error(`timeout; got ${JSON.stringify(msgs.map((m) => [m.seq, m.type]))}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      return msgs
    }
  }
}
const events = (msgs: Msg[]) =>
  msgs.filter((m) => !m.type.startsWith('stream.') && m.type !== 'pong' && (m.type as string) !== 'positions')
/** The last position of a team in the batched positions messages. */
const positionOf = (msgs: Msg[], teamId: string) =>
  msgs
    .filter((m) => (m.type as string) === 'positions')
    .flatMap((m) => (m as unknown as PositionsMessage).teams)
    .filter((p) => p.teamId === teamId)
    .at(-1)
const live = (msgs: Msg[]) => msgs.some((m) => m.type === 'stream.live')

describe('GET /api/live', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup('pglite')
  })
  afterAll(async () => {
    await f.close()
  })

  it('refuses a socket without a session before the upgrade', async () => {
    await expect(f.app.injectWS('/api/live')).rejects.toThrow(/401/)
  })

  it('replays the events after ?since=, then streams live, every message but positions with its seq', async () => {
    const base = await connect(f, f.tokens.dispatcher)
    const start = (await base.waitFor(live)).find((m) => m.type === 'stream.live')!.seq
    base.close()
    const c1 = await newCall(f)

    const c = await connect(f, f.tokens.dispatcher, start)
    await c.waitFor(live)
    const replayed = events(c.msgs)
    const c2 = await newCall(f)
    await c.waitFor((m) => events(m).some((e) => e.callId === c2.id && e.type === 'call.queued'))
    c.close()

    expect(replayed.filter((e) => e.callId === c1.id).map((e) => e.type)).toEqual(['call.received', 'call.triaged', 'call.queued'])
    expect(c.msgs.filter((m) => (m.type as string) !== 'positions').every((m) => typeof m.seq === 'number')).toBe(true)
    const seqs = events(c.msgs).map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('resumes after a drop with nothing lost and nothing twice', async () => {
    const a = await connect(f, f.tokens.dispatcher)
    await a.waitFor(live)
    const x = await newCall(f)
    await a.waitFor((m) => events(m).some((e) => e.callId === x.id && e.type === 'call.queued'))
    const last = events(a.msgs).at(-1)!.seq
    a.close()
    const missed = [await newCall(f), await newCall(f)]

    const b = await connect(f, f.tokens.dispatcher, last)
    const during = newCall(f) // lands while the replay runs
    const y = await during
    await b.waitFor((m) => events(m).some((e) => e.callId === y.id && e.type === 'call.queued'))
    b.close()

    const seqs = events(b.msgs).map((e) => e.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs[0]).toBe(last + 1)
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1)
    for (const c of missed) expect(events(b.msgs).some((e) => e.callId === c.id)).toBe(true)
  })

  it("gives a planner no call events and a responder only their own team's calls in full", async () => {
    const mine = await newTeam(f)
    const other = await newTeam(f, { lat: 34.1, lon: -118.3 })
    const responder = await signIn(f.app, 'responder', mine.id)
    const p = await connect(f, f.tokens.planner)
    const r = await connect(f, responder)
    await p.waitFor(live)
    await r.waitFor(live)

    const call = await newCall(f, { location: { lat: 34.052, lon: -118.243, address: '1 Secret Ln' } })
    const otherCall = await newCall(f)
    const a1 = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: mine.id })
    const a2 = await api(f, 'POST', `/api/calls/${otherCall.id}/assignments`, f.tokens.dispatcher, { teamId: other.id })
    expect([a1.statusCode, a2.statusCode]).toEqual([201, 201])
    await api(f, 'POST', `/api/teams/${other.id}/position`, f.tokens.dispatcher, {
      lat: 34.11,
      lon: -118.31,
      deviceTime: new Date().toISOString()
    })
    await r.waitFor((m) => positionOf(m, other.id)?.lat === 34.11)
    await p.waitFor((m) => positionOf(m, other.id)?.lat === snapToGrid(34.11, -118.31).lat)
    p.close()
    r.close()

    expect(events(p.msgs).filter((e) => e.type.startsWith('call.') || (e.callId ?? null) !== null)).toEqual([])
    expect(events(p.msgs).some((e) => e.type === 'team.status_changed' && e.teamId === other.id)).toBe(true)
    expect(JSON.stringify(p.msgs)).not.toContain('Secret')
    const rs = events(r.msgs)
    expect(rs.some((e) => e.type === 'call.assigned' && e.callId === call.id)).toBe(true)
    expect(rs.some((e) => e.callId === otherCall.id && e.type.startsWith('call.'))).toBe(false)
    expect(rs.some((e) => e.type === 'team.status_changed' && e.teamId === other.id)).toBe(true)
    expect(Object.keys(positionOf(r.msgs, other.id)!).sort()).toEqual(['at', 'lat', 'lon', 'teamId'])
  })
})

describe.runIf(process.env.DATABASE_URL)('GET /api/live across two processes on one PostgreSQL', () => {
  let a: Fixture
  let b: Fixture
  let close: (() => Promise<void>) | undefined
  beforeAll(async () => {
    ;({ a, b, close } = await setupTwoProcesses())
  })
  afterAll(async () => {
    await close?.()
  })

  it('a client on one process sees every event committed on the other, exactly once', async () => {
    const onB = await connect(b, b.tokens.dispatcher)
    const onA = await connect(a, a.tokens.dispatcher)
    await onB.waitFor(live)
    await onA.waitFor(live)

    const calls = await Promise.all([newCall(a), newCall(a), newCall(b)])
    for (const c of [onA, onB]) {
      await c.waitFor((m) => calls.every((x) => events(m).some((e) => e.callId === x.id && e.type === 'call.queued')), 8000)
    }
    await new Promise((resolve) => setTimeout(resolve, 1500))
    onA.close()
    onB.close()

    for (const c of [onA, onB]) {
      const seqs = events(c.msgs).map((e) => e.seq)
      expect(new Set(seqs).size).toBe(seqs.length)
      expect(calls.every((x) => events(c.msgs).filter((e) => e.callId === x.id).length === 3)).toBe(true)
    }
  })
  it('a process that had no clients catches up before a new one starts: "from now" means now, and a resume misses nothing', async () => {
    const before = (
      await a.db.db
        .selectFrom('events')
        .select((e) => e.fn.max('seq').as('max'))
        .executeTakeFirstOrThrow()
    ).max
    const quiet = [await newCall(a), await newCall(a)]
    const latest = Number(
      (
        await a.db.db
          .selectFrom('events')
          .select((e) => e.fn.max('seq').as('max'))
          .executeTakeFirstOrThrow()
      ).max
    )

    const fromNow = await connect(b, b.tokens.dispatcher)
    const resumed = await connect(b, b.tokens.dispatcher, Number(before))
    await fromNow.waitFor(live)
    await resumed.waitFor(live)
    fromNow.close()
    resumed.close()

    expect(fromNow.msgs.find((m) => m.type === 'stream.live')!.seq).toBeGreaterThanOrEqual(latest)
    expect(events(fromNow.msgs).some((e) => quiet.some((c) => c.id === e.callId))).toBe(false)
    for (const c of quiet) {
      expect(
        events(resumed.msgs)
          .filter((e) => e.callId === c.id)
          .map((e) => e.type)
      ).toEqual(['call.received', 'call.triaged', 'call.queued'])
    }
  })
})
