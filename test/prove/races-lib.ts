// Races on PostgreSQL, property-based: fast-check draws batches of assign, decline, field status, team status,
// cancel and close; each batch is fired at once from concurrent clients spread over two real server
// processes on one database. After every run: no 5xx, the invariants hold (test/prove/invariants.ts), and
// a live client on each process (one of them reconnecting mid-run with its last seq) received every event
// exactly once, in order.
import fc from 'fast-check'
import { DISPOSITION_CODES, FIELD_STATUSES } from '../../server/domain/lifecycle'
import { createTestDb, type TestDb } from '../helpers/db'
import { http, LiveClient, startServer, users, type ServerProcess } from '../helpers/server-process'
import { checkDelivery, checkInvariants } from './invariants'

export type Command =
  | { op: 'assign'; server: number; call: number; team: number }
  | { op: 'decline'; server: number; call: number }
  | { op: 'status'; server: number; call: number; status: (typeof FIELD_STATUSES)[number] }
  | { op: 'teamStatus'; server: number; team: number; status: 'available' | 'out_of_service' }
  | { op: 'cancel'; server: number; call: number }
  | { op: 'close'; server: number; call: number; teamStatus: 'available' | 'recovering' }

export const TEAMS = 3
export const CALLS = 4

const server = fc.integer({ min: 0, max: 1 })
const call = fc.integer({ min: 0, max: CALLS - 1 })
const team = fc.integer({ min: 0, max: TEAMS - 1 })
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('assign' as const), server, call, team }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('decline' as const), server, call }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('status' as const), server, call, status: fc.constantFrom(...FIELD_STATUSES) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('teamStatus' as const),
      server,
      team,
      status: fc.constantFrom('available' as const, 'out_of_service' as const)
    })
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), server, call }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('close' as const),
      server,
      call,
      teamStatus: fc.constantFrom('available' as const, 'recovering' as const)
    })
  }
)
/** Batches of commands; a batch runs concurrently, batches one after another. */
export const scheduleArb = fc.array(fc.array(commandArb, { minLength: 2, maxLength: 8 }), { minLength: 2, maxLength: 6 })

export interface RaceWorld {
  db: TestDb
  servers: ServerProcess[]
  /** A dispatcher's token on each server (sessions are shared through the database). */
  tokens: string[]
  admin: string
  supervisor: string
  statusCounts: Record<string, number>
  runs: number
  requests: number
  close: () => Promise<void>
}

export async function raceWorld (): Promise<RaceWorld> {
  const db = await createTestDb('postgres')
  const a = await startServer(db.url!)
  const b = await startServer(db.url!)
  const t = await users(a.base, ['dispatcher', 'supervisor'], 'races')
  const second = (
    await http(b.base, 'POST', '/api/auth/login', { email: 'dispatcher-races@test.care', password: 'proof-password-123' })
  ).body.token as string
  return {
    db,
    servers: [a, b],
    tokens: [t.dispatcher, second],
    admin: t.admin,
    supervisor: t.supervisor,
    statusCounts: {},
    runs: 0,
    requests: 0,
    close: async () => {
      await Promise.all([a.stop(), b.stop()])
      await db.destroy()
    }
  }
}

let seq = 0

async function freshWorld (w: RaceWorld): Promise<{ teams: string[]; calls: string[] }> {
  const base = w.servers[0].base
  const teams: string[] = []
  for (let i = 0; i < TEAMS; i++) {
    const lat = 34.05 + i * 0.01
    const t = await http(
      base,
      'POST',
      '/api/teams',
      { callSign: `R-${process.pid % 1000}-${++seq}`, kind: 'crisis', base: { name: 'B', lat, lon: -118.25 } },
      w.admin
    )
    if (t.status !== 201) throw new Error(`team: ${t.status} ${JSON.stringify(t.body)}`)
    await http(base, 'POST', `/api/teams/${t.body.id as string}/shift`, { onShift: true }, w.supervisor)
    await http(
      base,
      'POST',
      `/api/teams/${t.body.id as string}/position`,
      { lat, lon: -118.25, deviceTime: new Date().toISOString() },
      w.tokens[0]
    )
    teams.push(t.body.id as string)
  }
  const calls: string[] = []
  for (let i = 0; i < CALLS; i++) {
    const c = await http(
      base,
      'POST',
      '/api/calls',
      {
        location: { lat: 34.05 + i * 0.003, lon: -118.24 },
        narrative: 'man talking to himself at the bus stop, hears voices, no weapons, not violent, not injured'
      },
      w.tokens[0]
    )
    if (c.status !== 201) throw new Error(`call: ${c.status} ${JSON.stringify(c.body)}`)
    calls.push(c.body.id as string)
  }
  return { teams, calls }
}

function request (w: RaceWorld, ids: { teams: string[]; calls: string[] }, c: Command): Promise<{ status: number }> {
  const base = w.servers[c.server].base
  const token = w.tokens[c.server]
  const now = new Date().toISOString()
  switch (c.op) {
    case 'assign':
      return http(base, 'POST', `/api/calls/${ids.calls[c.call]}/assignments`, { teamId: ids.teams[c.team] }, token)
    case 'decline':
      return http(base, 'POST', `/api/calls/${ids.calls[c.call]}/decline`, { reason: 'another call nearby', deviceTime: now }, token)
    case 'status':
      return http(base, 'POST', `/api/calls/${ids.calls[c.call]}/status`, { status: c.status, deviceTime: now }, token)
    case 'teamStatus':
      return http(base, 'POST', `/api/teams/${ids.teams[c.team]}/status`, { status: c.status, deviceTime: now }, token)
    case 'cancel':
      return http(base, 'POST', `/api/calls/${ids.calls[c.call]}/cancel`, { reason: 'caller says all is fine' }, token)
    case 'close':
      return http(
        base,
        'POST',
        `/api/calls/${ids.calls[c.call]}/close`,
        { disposition: DISPOSITION_CODES[0], teamStatus: c.teamStatus, deviceTime: now },
        token
      )
  }
}

async function maxSeq (w: RaceWorld): Promise<number> {
  const r = await w.db.db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirstOrThrow()
  return Number(r.m ?? 0)
}

async function until (ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!ok() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 25))
}

/** One run of a schedule; returns what went wrong (empty when all holds). */
export async function runSchedule (w: RaceWorld, schedule: Command[][]): Promise<string[]> {
  const ids = await freshWorld(w)
  const from = await maxSeq(w)
  const steady = new LiveClient(w.servers[0].base, w.tokens[0], from)
  let moving = new LiveClient(w.servers[1].base, w.tokens[1], from)
  await Promise.all([steady.live, moving.live])
  const movingSeen = [...moving.events()]
  const problems: string[] = []
  for (const [i, batch] of schedule.entries()) {
    const answers = await Promise.all(batch.map(async (c) => await request(w, ids, c)))
    for (const [j, a] of answers.entries()) {
      w.requests++
      w.statusCounts[a.status] = (w.statusCounts[a.status] ?? 0) + 1
      if (a.status >= 500) problems.push(`${JSON.stringify(batch[j])} answered ${a.status}`)
    }
    if (i === 0) {
      // the second process's client drops and comes back with the last seq it had
      moving.close()
      movingSeen.push(...moving.events().slice(movingSeen.length))
      moving = new LiveClient(
        w.servers[1].base,
        w.tokens[1],
        movingSeen.reduce((m, e) => Math.max(m, e.seq), from)
      )
      await moving.live
    }
  }
  const to = await maxSeq(w)
  await until(() => steady.lastSeq() >= to && moving.lastSeq() >= to, 8000)
  steady.close()
  moving.close()
  const inv = await checkInvariants(w.db.db, { callIds: ids.calls, teamIds: ids.teams })
  problems.push(...inv.problems)
  for (const p of await checkDelivery(w.db.db, steady.events(), from, to)) problems.push(`client on process A: ${p}`)
  for (const p of await checkDelivery(w.db.db, [...movingSeen, ...moving.events()], from, to)) {
    problems.push(`client on process B (reconnected): ${p}`)
  }
  w.runs++
  return problems
}

/** fast-check over schedules; throws (with the shrunk counterexample) on the first broken run. */
export async function proveRaces (w: RaceWorld, numRuns: number, seed?: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(scheduleArb, async (schedule) => {
      const problems = await runSchedule(w, schedule)
      if (problems.length > 0) throw new Error(problems.join('\n'))
    }),
    { numRuns, seed, endOnFailure: false, interruptAfterTimeLimit: undefined }
  )
}
