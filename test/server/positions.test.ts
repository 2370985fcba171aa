// Positions apart from events (issue 25): a fix writes no event row; the track keeps every fix, late ones too, and
// is pruned after POSITION_RETENTION_DAYS; consoles get positions batched, at most one message a second per socket
// with every team that moved, and every team's latest in one message when they (re)connect, from any process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PositionsMessage } from '../../server/contracts/positions'
import { snapToGrid } from '../../server/domain/grid'
import { ENGINES } from '../helpers/db'
import { api, auth, newTeam, setup, setupTwoProcesses, signIn, type Fixture } from '../helpers/app'

interface Frame {
  at: number
  m: PositionsMessage
}
interface Client {
  frames: Frame[]
  msgs: Array<{ type: string }>
  close: () => void
  waitFor: (pred: (frames: Frame[]) => boolean, what: string, ms?: number) => Promise<void>
}

async function connect (f: Fixture, token: string): Promise<Client> {
  const frames: Frame[] = []
  const msgs: Array<{ type: string }> = []
  const ws = await f.app.injectWS(
    '/api/live',
    { headers: auth(token) },
    {
      onInit: (s) => {
        s.on('message', (d: Buffer) => {
          const m = JSON.parse(String(d)) as { type: string }
          msgs.push(m)
          if (m.type === 'positions') frames.push({ at: Date.now(), m: m as PositionsMessage })
        })
      }
    }
  )
  return {
    frames,
    msgs,
    close: () => ws.terminate(),
    waitFor: async (pred, what, ms = 5000) => {
      const t0 = Date.now()
      while (!pred(frames)) {
        if (Date.now() - t0 > ms) throw new Error(`timeout waiting for ${what}; got ${JSON.stringify(frames.map((x) => x.m))}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
  }
}

const eventCount = async (f: Fixture): Promise<number> =>
  Number(
    (
      await f.db.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
  )
const fix = (f: Fixture, lat: number, lon: number, msAgo = 0) => ({
  lat,
  lon,
  accuracyMeters: 7,
  deviceTime: new Date(f.clock.now().getTime() - msAgo).toISOString()
})
const sleep = async (ms: number) => {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

describe.each(ENGINES)('positions store (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('writes no event row for a position, on time or late', async () => {
    const t = await newTeam(f)
    const before = await eventCount(f)

    const now = await api(f, 'POST', `/api/teams/${t.id}/position`, f.tokens.dispatcher, fix(f, 34.06, -118.26))
    const late = await api(f, 'POST', `/api/teams/${t.id}/position`, f.tokens.dispatcher, fix(f, 34.01, -118.21, 600_000))

    expect([now.statusCode, late.statusCode]).toEqual([200, 200])
    expect(await eventCount(f)).toBe(before)
  })

  it("keeps every fix in the track, late ones too, and keeps the newest as the team's position", async () => {
    const t = await newTeam(f, { lat: 34.0, lon: -118.0 })
    const from = new Date(f.clock.now().getTime() - 3_600_000).toISOString()
    await api(f, 'POST', `/api/teams/${t.id}/position`, f.tokens.dispatcher, fix(f, 34.07, -118.27))
    // taken 5 minutes ago, sent now from an outbox: older than the one held
    const late = await api(f, 'POST', `/api/teams/${t.id}/position`, f.tokens.dispatcher, fix(f, 34.02, -118.22, 300_000))

    const track = await api(
      f,
      'GET',
      `/api/teams/${t.id}/track?from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(f.clock.now().getTime() + 1000).toISOString())}`,
      f.tokens.supervisor
    )

    expect(late.json().position).toMatchObject({ lat: 34.07, lon: -118.27 })
    expect((await api(f, 'GET', `/api/teams/${t.id}`, f.tokens.dispatcher)).json().position).toMatchObject({ lat: 34.07, lon: -118.27 })
    expect(track.statusCode).toBe(200)
    const fixes = track.json().fixes as Array<{ lat: number; late: boolean; accuracyMeters: number | null }>
    // oldest first by device time: the late fix, the team's first (from newTeam), then the newest
    expect(fixes.map((x) => [x.lat, x.late])).toEqual([
      [34.02, true],
      [34.0, false],
      [34.07, false]
    ])
    expect(fixes[0].accuracyMeters).toBe(7)
    expect(track.json().keptDays).toBe(30)
  })

  it('prunes fixes received longer ago than the retention, in batches, and keeps the newer ones', async () => {
    const t = await newTeam(f)
    // five fixes beside newTeam's own (34.05, -118.25 at the test clock's now: the same again would be a repeat)
    for (let i = 1; i <= 5; i++) {
      await api(f, 'POST', `/api/teams/${t.id}/position`, f.tokens.dispatcher, fix(f, 34.05 + i / 1000, -118.25))
    }
    const ofTeam = async () =>
      Number(
        (
          await f.db.db
            .selectFrom('team_positions')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('team_id', '=', t.id)
            .executeTakeFirstOrThrow()
        ).n
      )
    expect(await ofTeam()).toBe(6)
    const DAY = 86_400_000
    f.clock.advance(29 * DAY)
    try {
      // sessions do not last 29 days: a new one
      const token = await signIn(f.app, 'dispatcher')
      const kept = [
        await api(f, 'POST', `/api/teams/${t.id}/position`, token, fix(f, 34.1, -118.3)),
        await api(f, 'POST', `/api/teams/${t.id}/position`, token, fix(f, 34.11, -118.31))
      ]
      expect(kept.map((r) => r.statusCode)).toEqual([200, 200])

      expect(await f.app.services.teams.prunePositions({ batch: 2 })).toBe(0) // 29 days: nothing is old enough yet
      f.clock.advance(2 * DAY) // the first six are now 31 days old, the last two 2 days
      const removed = await f.app.services.teams.prunePositions({ batch: 2 })

      expect(removed).toBeGreaterThanOrEqual(6)
      const left = await f.db.db.selectFrom('team_positions').select(['lat']).where('team_id', '=', t.id).orderBy('id').execute()
      expect(left.map((r) => r.lat)).toEqual([34.1, 34.11])
      const older = await f.db.db
        .selectFrom('team_positions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('received_at', '<', new Date(f.clock.now().getTime() - 30 * DAY))
        .executeTakeFirstOrThrow()
      expect(Number(older.n)).toBe(0)
      // the team's latest position is not the track's: it stays
      const row = await f.db.db.selectFrom('teams').select(['lat']).where('id', '=', t.id).executeTakeFirstOrThrow()
      expect(row.lat).toBe(34.11)
    } finally {
      f.clock.advance(-31 * DAY)
    }
  })

  it("documents the live stream's messages, positions included, in the OpenAPI document", async () => {
    const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> }
      paths: Record<string, Record<string, unknown>>
      'x-live-stream': { messages: unknown[] }
    }

    expect(Object.keys(doc.components.schemas.LivePositions.properties ?? {}).sort()).toEqual(['full', 'teams', 'type'])
    expect(doc.components.schemas.LiveEvent.properties).toHaveProperty('seq')
    expect(doc['x-live-stream'].messages).toContainEqual({ $ref: '#/components/schemas/LivePositions' })
    expect(doc.paths['/api/teams/{id}/track'].get).toBeDefined()
  })

  it('still refuses bad input with a 4xx naming the field, and records nothing', async () => {
    const t = await newTeam(f)
    const count = async () =>
      Number(
        (
          await f.db.db
            .selectFrom('team_positions')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('team_id', '=', t.id)
            .executeTakeFirstOrThrow()
        ).n
      )
    const before = await count()
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...fix(f, 91, -118.25) }, /lat/],
      [{ ...fix(f, 34, -181) }, /lon/],
      [{ lat: 34, lon: -118 }, /deviceTime/],
      [{ ...fix(f, 34, -118), deviceTime: 'yesterday' }, /deviceTime/],
      [{ ...fix(f, 34, -118), deviceTime: new Date(f.clock.now().getTime() + 3_600_000).toISOString() }, /deviceTime/],
      [{ ...fix(f, 34, -118), accuracyMeters: -1 }, /accuracyMeters/]
    ]
    for (const [body, field] of cases) {
      const r = await api(f, 'POST', `/api/teams/${t.id}/position`, f.tokens.dispatcher, body)
      expect(r.statusCode, JSON.stringify(body)).toBe(400)
      expect(r.json().message).toMatch(field)
    }
    const missing = await api(
      f,
      'POST',
      '/api/teams/00000000-0000-4000-8000-000000000000/position',
      f.tokens.dispatcher,
      fix(f, 34, -118)
    )
    expect(missing.statusCode).toBe(404)
    const badWindow = await api(
      f,
      'GET',
      `/api/teams/${t.id}/track?from=${encodeURIComponent(f.clock.now().toISOString())}&to=${encodeURIComponent(new Date(f.clock.now().getTime() - 1000).toISOString())}`,
      f.tokens.supervisor
    )
    expect(badWindow.statusCode).toBe(400)
    expect(badWindow.json().message).toMatch(/to/)
    expect(await count()).toBe(before)
  })
})

describe.each(ENGINES)('live positions (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('sends at most one positions message a second per socket, each with every team that moved', async () => {
    const teams = [await newTeam(f), await newTeam(f), await newTeam(f)]
    const c = await connect(f, f.tokens.dispatcher)
    await c.waitFor((x) => x.length >= 1, 'the first (full) message')
    expect(c.frames[0].m.full).toBe(true)

    // right after a message: the next is about a second away, so these all land in it
    const moves = teams.map((t, i) => ({ id: t.id, lat: 34.2 + i / 100, lon: -118.4 - i / 100 }))
    const answers = await Promise.all(
      moves.map((m) => api(f, 'POST', `/api/teams/${m.id}/position`, f.tokens.dispatcher, fix(f, m.lat, m.lon)))
    )
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200])
    await c.waitFor((x) => x.length >= 2, 'the batch')
    // the three teams move again, twice, over two seconds
    for (let k = 1; k <= 2; k++) {
      for (const m of moves) await api(f, 'POST', `/api/teams/${m.id}/position`, f.tokens.dispatcher, fix(f, m.lat + k / 1000, m.lon))
      await sleep(300)
    }
    await sleep(2200)
    c.close()

    const batch = c.frames[1].m
    expect(batch.full).toBe(false)
    expect(batch.teams.map((p) => p.teamId).sort()).toEqual(moves.map((m) => m.id).sort())
    for (const m of moves) {
      expect(batch.teams.find((p) => p.teamId === m.id)).toMatchObject({ lat: m.lat, lon: m.lon, accuracyMeters: 7 })
    }
    for (let i = 1; i < c.frames.length; i++) expect(c.frames[i].at - c.frames[i - 1].at).toBeGreaterThanOrEqual(950)
    // every team's last move arrived, and no message repeats a team
    const last = new Map<string, number>()
    for (const fr of c.frames) {
      const ids = fr.m.teams.map((p) => p.teamId)
      expect(new Set(ids).size).toBe(ids.length)
      for (const p of fr.m.teams) last.set(p.teamId, p.lat)
    }
    for (const m of moves) expect(last.get(m.id)).toBe(m.lat + 2 / 1000)
    // no position event on the stream
    expect(c.msgs.some((m) => m.type.startsWith('team.position'))).toBe(false)
  })

  it("gives a console that reconnects every team's latest position in one message", async () => {
    const teams = [await newTeam(f), await newTeam(f)]
    await api(f, 'POST', `/api/teams/${teams[0].id}/position`, f.tokens.dispatcher, fix(f, 34.31, -118.51))
    await api(f, 'POST', `/api/teams/${teams[1].id}/position`, f.tokens.dispatcher, fix(f, 34.32, -118.52))
    // a late fix does not move the team back on anyone's map
    await api(f, 'POST', `/api/teams/${teams[1].id}/position`, f.tokens.dispatcher, fix(f, 34.0, -118.0, 60_000))

    const c = await connect(f, f.tokens.dispatcher)
    await c.waitFor((x) => x.length >= 1, 'the full message')
    c.close()

    const full = c.frames[0].m
    expect(full.full).toBe(true)
    const byTeam = new Map(full.teams.map((p) => [p.teamId, p]))
    expect(byTeam.get(teams[0].id)).toMatchObject({ lat: 34.31, lon: -118.51 })
    expect(byTeam.get(teams[1].id)).toMatchObject({ lat: 34.32, lon: -118.52 })
    // every team with a position is in it
    const all = await f.db.db.selectFrom('teams').select('id').where('position_at', 'is not', null).execute()
    expect(full.teams.length).toBe(all.length)
  })

  it("filters positions per viewer as GET /api/teams does: planners on the grid at the minute, responders without others' accuracy, " +
    'navigators nothing', async () => {
    const mine = await newTeam(f)
    const other = await newTeam(f)
    const responder = await signIn(f.app, 'responder', mine.id)
    const navigator = await signIn(f.app, 'navigator')
    const clients = {
      d: await connect(f, f.tokens.dispatcher),
      p: await connect(f, f.tokens.planner),
      r: await connect(f, responder),
      n: await connect(f, navigator)
    }
    for (const c of [clients.d, clients.p, clients.r]) await c.waitFor((x) => x.length >= 1, 'the full message')
    const at = { lat: 34.0512345, lon: -118.2412345 }
    await api(f, 'POST', `/api/teams/${other.id}/position`, f.tokens.dispatcher, {
      ...at,
      accuracyMeters: 5,
      deviceTime: f.clock.now().toISOString()
    })
    await api(f, 'POST', `/api/teams/${mine.id}/position`, f.tokens.dispatcher, {
      lat: 34.1,
      lon: -118.3,
      accuracyMeters: 9,
      deviceTime: f.clock.now().toISOString()
    })
    const moved = (c: Client) => (x: Frame[]) =>
      x.some((fr) => !fr.m.full && fr.m.teams.some((p) => p.teamId === other.id)) &&
      x.some((fr) => fr.m.teams.some((p) => p.teamId === mine.id && p.lat === (c === clients.p ? snapToGrid(34.1, -118.3).lat : 34.1)))
    for (const c of [clients.d, clients.p, clients.r]) await c.waitFor(moved(c), 'the moves')
    await sleep(1200)
    for (const c of Object.values(clients)) c.close()

    const latestOf = (c: Client, id: string) =>
      c.frames
        .filter((fr) => !fr.m.full)
        .flatMap((fr) => fr.m.teams)
        .filter((p) => p.teamId === id)
        .at(-1)
    const minute = new Date(Math.floor(f.clock.now().getTime() / 60_000) * 60_000).toISOString()
    expect(latestOf(clients.d, other.id)).toEqual({ teamId: other.id, ...at, accuracyMeters: 5, at: f.clock.now().toISOString() })
    expect(latestOf(clients.p, other.id)).toEqual({ teamId: other.id, ...snapToGrid(at.lat, at.lon), at: minute })
    expect(latestOf(clients.r, other.id)).toEqual({ teamId: other.id, ...at, at: f.clock.now().toISOString() })
    expect(latestOf(clients.r, mine.id)).toEqual({
      teamId: mine.id,
      lat: 34.1,
      lon: -118.3,
      accuracyMeters: 9,
      at: f.clock.now().toISOString()
    })
    // the planner's full message is on the grid too
    for (const p of clients.p.frames.flatMap((fr) => fr.m.teams)) expect(snapToGrid(p.lat, p.lon)).toEqual({ lat: p.lat, lon: p.lon })
    expect(clients.n.frames).toEqual([])
  })
})

describe.runIf(process.env.DATABASE_URL)('live positions across two processes on one PostgreSQL', () => {
  let a: Fixture
  let b: Fixture
  let close: (() => Promise<void>) | undefined
  beforeAll(async () => {
    ;({ a, b, close } = await setupTwoProcesses())
  })
  afterAll(async () => {
    await close?.()
  })

  it('delivers a position sent to either process to consoles on both', async () => {
    const t1 = await newTeam(a)
    const t2 = await newTeam(b)
    const onA = await connect(a, a.tokens.dispatcher)
    const onB = await connect(b, b.tokens.dispatcher)
    for (const c of [onA, onB]) await c.waitFor((x) => x.length >= 1, 'the full message')

    await api(a, 'POST', `/api/teams/${t1.id}/position`, a.tokens.dispatcher, fix(a, 34.41, -118.61))
    await api(b, 'POST', `/api/teams/${t2.id}/position`, b.tokens.dispatcher, fix(b, 34.42, -118.62))
    const got = (id: string, lat: number) => (x: Frame[]) =>
      x.some((fr) => !fr.m.full && fr.m.teams.some((p) => p.teamId === id && p.lat === lat))
    for (const c of [onA, onB]) {
      await c.waitFor(got(t1.id, 34.41), 'the fix sent to A')
      await c.waitFor(got(t2.id, 34.42), 'the fix sent to B')
    }
    onA.close()
    onB.close()
    for (const c of [onA, onB]) {
      for (let i = 1; i < c.frames.length; i++) expect(c.frames[i].at - c.frames[i - 1].at).toBeGreaterThanOrEqual(950)
    }
  })
})
