// npm run prove:crash: a real server on a fresh PostgreSQL database takes intake and status traffic and is
// killed with SIGKILL mid-load, then restarted on the same port, ten times in a row (CRASH_ROUNDS). After each
// restart: every call acknowledged with a 2xx exists; the invariants hold; assignments made before the crash
// and never acknowledged go back to the queue once ACK_TIMEOUT_SECONDS pass (timers resume in the new
// process); websocket clients reconnect with their last seq and end with every event once, in order. Teams'
// emergencies (SOS) and check-ins are sent with an Idempotency-Key, as the phone's outbox does, and every one
// is sent again after the restart: each is applied exactly once (one team.emergency / call.checked_in event per key).
import { DISPOSITION_CODES } from '../../server/domain/lifecycle'
import { createTestDb } from '../helpers/db'
import { freePort } from '../helpers/net'
import { http, LiveClient, startServer, users, type ServerProcess } from '../helpers/server-process'
import { checkDelivery, checkInvariants } from './invariants'

if (!process.env.DATABASE_URL) {
  console.error('prove:crash needs DATABASE_URL (a PostgreSQL server; the proof creates and drops its own database)')
  process.exit(2)
}

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 10)
const ACK_TIMEOUT_SECONDS = 5
const TEAMS = 24
const TIMER_TEAMS = 3
const CLIENTS = 3
const env = { ACK_TIMEOUT_SECONDS: String(ACK_TIMEOUT_SECONDS), ACK_SWEEP_MS: '200', SESSION_CACHE_SECONDS: '0' }
const sleep = async (ms: number) => {
  await new Promise((resolve) => setTimeout(resolve, ms))
}
const NARRATIVE = 'woman crying at the bus stop, says she feels hopeless, no weapons, not violent, not injured'

const db = await createTestDb('postgres')
const port = await freePort()
let server: ServerProcess = await startServer(db.url!, env, port)
const base = server.base
const tokens = await users(base, ['dispatcher', 'supervisor'], 'crash')
const dispatcher = tokens.dispatcher

const teams: string[] = []
for (let i = 0; i < TEAMS; i++) {
  const lat = 34.0 + (i % 6) * 0.02
  const lon = -118.3 + Math.floor(i / 6) * 0.02
  const t = await http(
    base,
    'POST',
    '/api/teams',
    { callSign: `K-${i}`, kind: 'crisis', base: { name: 'Base', lat, lon } },
    tokens.admin
  )
  await http(base, 'POST', `/api/teams/${t.body.id as string}/shift`, { onShift: true }, tokens.supervisor)
  await http(base, 'POST', `/api/teams/${t.body.id as string}/position`, { lat, lon, deviceTime: new Date().toISOString() }, dispatcher)
  teams.push(t.body.id as string)
}

interface Round {
  round: number
  requests: number
  acknowledged: number
  cutOff: number
  missingCalls: number
  restartMs: number
  timersRequeued: string
  invariantProblems: number
  deliveryProblems: number
  eventsChecked: number
  safetyKeys: number
  ok: boolean
  problems: string[]
}
const rounds: Round[] = []
const acked = new Set<string>()
let clientsSince = await maxSeq()

async function maxSeq (): Promise<number> {
  const r = await db.db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirstOrThrow()
  return Number(r.m ?? 0)
}

/** A team that is available, or null. */
async function freeTeams (exclude: Set<string>): Promise<string[]> {
  const rows = await db.db.selectFrom('teams').select('id').where('status', '=', 'available').where('id', 'in', teams).execute()
  return rows.map((r) => r.id).filter((id) => !exclude.has(id))
}

for (let round = 1; round <= ROUNDS; round++) {
  const problems: string[] = []
  let requests = 0
  let cutOff = 0
  const roundAcked: string[] = []
  const roundStartSeq = await maxSeq()
  // what an outbox would resend: path, body and key of every SOS and check-in sent this round
  const safetySent: Array<{ path: string; body: unknown; key: string; type: 'team.emergency' | 'call.checked_in' }> = []
  // live clients (as dispatchers), resuming from where the previous round left them
  const clients = Array.from({ length: CLIENTS }, () => new LiveClient(base, dispatcher, clientsSince))
  await Promise.all(clients.map(async (c) => await c.live))

  // timers: calls assigned to teams that never acknowledge, just before the load starts
  const timerTeams = (await freeTeams(new Set())).slice(0, TIMER_TEAMS)
  const timerCalls: string[] = []
  for (const team of timerTeams) {
    const c = await http(base, 'POST', '/api/calls', { location: { lat: 34.05, lon: -118.25 }, narrative: NARRATIVE }, dispatcher)
    const a = await http(base, 'POST', `/api/calls/${c.body.id as string}/assignments`, { teamId: team }, dispatcher)
    if (a.status === 201) timerCalls.push(c.body.id as string)
    acked.add(c.body.id as string)
  }

  const run = { stop: false }
  const guard = async (f: () => Promise<{ status: number }>): Promise<{ status: number; body?: any } | null> => {
    requests++
    // a request that fails without an answer was in flight at the kill (or sent after it): the client stops
    try {
      return await f()
    } catch {
      cutOff++
      return null
    }
  }
  const intake = async () => {
    for (let i = 0; !run.stop; i++) {
      const r = await guard(
        async () =>
          await http(
            base,
            'POST',
            '/api/calls',
            { location: { lat: 34.0 + (i % 50) * 0.003, lon: -118.3 }, narrative: NARRATIVE },
            dispatcher
          )
      )
      if (r === null) return
      if (r.status >= 200 && r.status < 300) {
        acked.add(r.body.id as string)
        roundAcked.push(r.body.id as string)
      } else if (r.status >= 500) problems.push(`intake answered ${r.status}`)
    }
  }
  const positions = async () => {
    for (let i = 0; !run.stop; i++) {
      const team = teams[i % teams.length]
      const r = await guard(
        async () =>
          await http(
            base,
            'POST',
            `/api/teams/${team}/position`,
            { lat: 34.05 + (i % 7) * 0.001, lon: -118.25, deviceTime: new Date().toISOString() },
            dispatcher
          )
      )
      if (r === null) return
      if (r.status >= 500) problems.push(`position answered ${r.status}`)
    }
  }
  const fieldWork = async () => {
    while (!run.stop) {
      const free = await freeTeams(new Set(timerTeams)).catch(() => [] as string[])
      const call = roundAcked.shift()
      if (!call || free.length === 0) {
        await sleep(20)
        continue
      }
      const a = await guard(
        async () =>
          await http(
            base,
            'POST',
            `/api/calls/${call}/assignments`,
            { teamId: free[Math.floor(Math.random() * free.length)] },
            dispatcher
          )
      )
      if (a === null) return
      if (a.status !== 201) continue
      for (const status of ['acknowledged', 'en_route', 'on_scene']) {
        const s = await guard(
          async () =>
            await http(base, 'POST', `/api/calls/${call}/status`, { status, deviceTime: new Date().toISOString() }, dispatcher)
        )
        if (s === null) return
        if (s.status >= 500) problems.push(`status answered ${s.status}`)
      }
      const ci = {
        path: `/api/calls/${call}/check-ins`,
        body: { deviceTime: new Date().toISOString() },
        key: `ci-${round}-${safetySent.length}`,
        type: 'call.checked_in' as const
      }
      safetySent.push(ci)
      const k = await guard(async () => await http(base, 'POST', ci.path, ci.body, dispatcher, { 'idempotency-key': ci.key }))
      if (k === null) return
      if (k.status >= 500) problems.push(`check-in answered ${k.status}`)
      const c = await guard(
        async () =>
          await http(
            base,
            'POST',
            `/api/calls/${call}/close`,
            { disposition: DISPOSITION_CODES[0], teamStatus: 'available', deviceTime: new Date().toISOString() },
            dispatcher
          )
      )
      if (c === null) return
      if (c.status >= 500) problems.push(`close answered ${c.status}`)
    }
  }
  const emergencies = async () => {
    for (let i = 0; !run.stop; i++) {
      const sos = {
        path: `/api/teams/${teams[i % teams.length]}/emergency`,
        body: { lat: 34.05, lon: -118.25, deviceTime: new Date().toISOString() },
        key: `sos-${round}-${i}`,
        type: 'team.emergency' as const
      }
      safetySent.push(sos)
      const r = await guard(async () => await http(base, 'POST', sos.path, sos.body, dispatcher, { 'idempotency-key': sos.key }))
      if (r === null) return
      if (r.status >= 300) problems.push(`emergency answered ${r.status}`)
      await sleep(25)
    }
  }
  const load = Promise.all([intake(), intake(), positions(), positions(), fieldWork(), fieldWork(), emergencies()])

  // killed between 1 and 3.5 s into the load, before the timers' deadline (ACK_TIMEOUT_SECONDS)
  await sleep(1000 + Math.floor(Math.random() * 2500))
  await server.stop('SIGKILL')
  const killedAt = Date.now()
  run.stop = true
  await load
  const beforeCrash = clients.map((c) => [...c.events()])
  for (const c of clients) c.close()

  const t0 = Date.now()
  server = await startServer(db.url!, env, port)
  const restartMs = Date.now() - t0

  // every acknowledged call exists
  const ids = [...acked]
  const found = new Set((await db.db.selectFrom('calls').select('id').where('id', 'in', ids).execute()).map((r) => r.id))
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length > 0) problems.push(`${missing.length} acknowledged calls missing after restart`)

  // clients resume from their last seq
  const resumed = clients.map((c) => new LiveClient(base, dispatcher, c.lastSeq()))
  await Promise.all(resumed.map(async (c) => await c.live))

  // acknowledgement timers resume: the timer calls are requeued by the new process
  const deadline = Date.now() + (ACK_TIMEOUT_SECONDS + 5) * 1000
  let requeued: Array<{ call_id: string | null; at: Date }> = []
  while (Date.now() < deadline) {
    requeued =
      timerCalls.length === 0
        ? []
        : await db.db
          .selectFrom('events')
          .select(['call_id', 'at'])
          .where('type', '=', 'call.requeued')
          .where('call_id', 'in', timerCalls)
          .execute()
    if (requeued.length >= timerCalls.length) break
    await sleep(200)
  }
  const afterRestart = requeued.filter((e) => e.at.getTime() >= killedAt).length
  if (requeued.length < timerCalls.length) {
    problems.push(
      `${timerCalls.length - requeued.length} of ${timerCalls.length} unacknowledged assignments never returned to the queue`
    )
  } else if (afterRestart < timerCalls.length) problems.push('a timer fired before the crash: the round did not test resumption')

  // every SOS and check-in sent again, as an outbox does after a lost answer: each applied exactly once
  for (const x of safetySent) {
    const r = await http(base, 'POST', x.path, x.body, dispatcher, { 'idempotency-key': x.key })
    // a check-in whose close went through first is refused (409) when it never reached the server: not applied
    // (a 409 "applied, but its answer was lost" is the kill between commit and answer: the count below decides)
    if (r.status >= 500) problems.push(`${x.type} resent: answered ${r.status}`)
  }
  for (const type of ['team.emergency', 'call.checked_in'] as const) {
    const sent = safetySent.filter((x) => x.type === type).length
    const applied = Number(
      (
        await db.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('type', '=', type)
          .where('seq', '>', String(roundStartSeq))
          .executeTakeFirstOrThrow()
      ).n
    )
    // check-ins: at most once each (one sent after its call was closed is refused, never applied)
    if (type === 'team.emergency' ? applied !== sent : applied > sent) {
      problems.push(`${type}: ${sent} sent (each with its key, sent again after the restart), ${applied} applied`)
    }
  }
  // the round's emergencies acknowledged, so the next round's presses start afresh
  for (const t of teams) await http(base, 'POST', `/api/teams/${t}/emergency/acknowledge`, {}, tokens.supervisor)

  // invariants and delivery
  const inv = await checkInvariants(db.db)
  problems.push(...inv.problems)
  const to = await maxSeq()
  const end = Date.now() + 10_000
  while (Date.now() < end && resumed.some((c) => c.lastSeq() < to)) await sleep(50)
  let deliveryProblems = 0
  for (const [i, c] of resumed.entries()) {
    const ps = await checkDelivery(db.db, [...beforeCrash[i], ...c.events()], clientsSince, to)
    deliveryProblems += ps.length
    for (const p of ps) problems.push(`client ${i + 1}: ${p}`)
  }
  for (const c of resumed) c.close()
  const eventsChecked = to - clientsSince
  clientsSince = to

  const r: Round = {
    round,
    requests,
    acknowledged: acked.size,
    cutOff,
    missingCalls: missing.length,
    restartMs,
    timersRequeued: `${afterRestart}/${timerCalls.length}`,
    invariantProblems: inv.problems.length,
    deliveryProblems,
    eventsChecked,
    safetyKeys: safetySent.length,
    ok: problems.length === 0,
    problems
  }
  rounds.push(r)
  console.log(
    `round ${round}: ${requests} requests (${cutOff} in flight at the kill, unanswered), ${acked.size} acknowledged calls in ` +
    `all, ${missing.length} missing; restart ${restartMs} ms; ` +
      `timers requeued after restart ${r.timersRequeued}; ${safetySent.length} SOS and check-ins sent with their keys, and again after ` +
      `the restart; invariant problems ${inv.problems.length}; ${CLIENTS} clients resumed over ${eventsChecked} seqs ` +
      `with ${deliveryProblems} delivery problems — ${r.ok ? 'OK' : 'FAILED'}`
  )
  for (const p of problems.slice(0, 10)) console.log(`  ${p}`)
}

await server.stop()
await db.destroy()
const failed = rounds.filter((r) => !r.ok)
console.log(
  `\nprove:crash (${new Date().toISOString()}): ${rounds.length} rounds, ${rounds.length - failed.length} passed, ${failed.length} ` +
  'failed; ' +
    `${rounds.reduce((a, r) => a + r.requests, 0)} requests, ${acked.size} calls acknowledged and ` +
    `all ${rounds.every((r) => r.missingCalls === 0) ? 'present' : 'NOT present'}; ` +
    `restart median ${[...rounds].map((r) => r.restartMs).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]} ms`
)
process.exitCode = failed.length > 0 ? 1 : 0
