// npm run bench:load: a real server process on a fresh PostgreSQL database (DATABASE_URL) under the load of a
// busy shift for BENCH_SECONDS (default 60): call intake, 300 teams sending their position once a second, calls
// worked through assignment and field statuses to close, and 200 websocket clients (dispatcher consoles) at
// once. Requests are paced open-loop (request i leaves at t0 + i/rate whatever happened before), so a slow
// answer hides nothing. Prints throughput, p50/p99 per route, event delivery latency (the event's commit
// time → arrival on each socket) and errors, event rows written per hour, and the server's memory (RSS sampled
// through the run), and the CPU each took (servers, PostgreSQL, this process). Targets: zero errors, p99 ≤ 50 ms on
// every route. The phone's requests (positions, field statuses, close) carry an Idempotency-Key, as the field app's
// outbox sends them (web/field/outbox.ts); the console's (intake, assignment) do not, as the console sends them.
//
// `npm run bench:load -- --processes 2`: two server processes on the one database, the consoles split between
// them and every request sent to either in turn; it counts, per socket, call and team events lost, repeated and
// out of order (each must reach every socket once, in order) and checks positions reach every console.
import crypto from 'node:crypto'
import http from 'node:http'
import fs from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { DISPOSITION_CODES } from '../../server/domain/lifecycle'
import { createTestDb } from '../helpers/db'
import { http as call, startServer, users, type ServerProcess } from '../helpers/server-process'

if (!process.env.DATABASE_URL) {
  console.error('bench:load needs DATABASE_URL (a PostgreSQL server; the bench creates and drops its own database)')
  process.exit(2)
}
const args = parseArgs({ args: process.argv.slice(2), options: { processes: { type: 'string', default: '1' } }, strict: false }).values
const PROCESSES = Number(args.processes ?? 1)
if (!Number.isInteger(PROCESSES) || PROCESSES < 1 || PROCESSES > 8) {
  console.error('--processes must be an integer from 1 to 8')
  process.exit(2)
}
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
/** The same load first, unmeasured: connections opened, code compiled, caches filled (its errors still count). */
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 10)
const TEAMS = Number(process.env.TEAMS ?? 300)
const SOCKETS = Number(process.env.SOCKETS ?? 200)
const INTAKE_PER_S = Number(process.env.INTAKE_PER_S ?? 4)
const log = (msg: string) => process.stderr.write(`[bench:load] ${msg}\n`)
const NARRATIVE = 'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured'

// The sockets live in a worker thread, so parsing 200 streams does not share the load generator's loop.
const SOCKET_CODE =
  `
const { parentPort, workerData } = require('node:worker_threads')
const WebSocket = require(workerData.wsPath)
const { urls, sockets } = workerData
const wall = () => performance.timeOrigin + performance.now()
const hist = new Uint32Array(100001) // 0.1 ms buckets up to 10 s
const posHist = new Uint32Array(100001) // position age on arrival (device time → console), same buckets
let received = 0, dup = 0, live = 0, errors = 0, over = 0, posOver = 0
const conns = []
const per = [] // per socket: seqs in arrival order, positions messages and fixes since the reset
for (let i = 0; i < sockets; i++) {
  // consoles split between the processes
  const ws = new WebSocket(urls[i % urls.length])
  const me = { seqs: [], posMsgs: 0, fixes: 0 }
  per.push(me)
  let last = -1
  ws.on('message', (d) => {
    const m = JSON.parse(String(d))
    if (m.type === 'stream.live') { last = m.seq; if (++live === sockets) parentPort.postMessage({ ready: true }); return }
    if (m.type === 'positions') {
      if (m.full) return
      me.posMsgs++
      me.fixes += m.teams.length
      const t = wall()
      for (const p of m.teams) {
        const b = Math.round((t - Date.parse(p.at)) * 10)
        if (b > 100000) posOver++; else posHist[Math.max(0, b)]++
      }
      return
    }
    if (typeof m.seq !== 'number' || m.type.startsWith('stream.') || m.type === 'pong') return
    me.seqs.push(m.seq)
    if (m.seq <= last) { dup++; return }
    last = m.seq
    received++
    const ms = wall() - Date.parse(m.at)
    const b = Math.round(ms * 10)
    if (b > 100000) over++; else hist[Math.max(0, b)]++
  })
  ws.on('error', () => { errors++ })
  conns.push(ws)
}
parentPort.on('message', (m) => {
  if (m === 'reset') {
    hist.fill(0); posHist.fill(0); received = 0; dup = 0; over = 0; posOver = 0
    for (const p of per) { p.seqs = []; p.posMsgs = 0; p.fixes = 0 }
    parentPort.postMessage({ reset: true })
    return
  }
  if (m.report) {
    // every event committed in the window must reach every socket once, in order
    const want = m.report.want
    const lo = want.length ? want[0] : Infinity
    const hi = want.length ? want[want.length - 1] : -Infinity
    let lost = 0, repeated = 0, outOfOrder = 0, socketsMissing = 0
    let posMin = Infinity, posMax = 0, noPositions = 0
    for (const p of per) {
      const seen = new Set()
      let prev = -1
      for (const s of p.seqs) {
        if (s < lo || s > hi) continue
        if (seen.has(s)) { repeated++; continue }
        if (s < prev) outOfOrder++
        seen.add(s)
        prev = Math.max(prev, s)
      }
      let missing = 0
      for (const s of want) if (!seen.has(s)) missing++
      lost += missing
      if (missing > 0) socketsMissing++
      posMin = Math.min(posMin, p.posMsgs)
      posMax = Math.max(posMax, p.posMsgs)
      if (p.fixes === 0) noPositions++
    }
    const fixes = per.reduce((a, p) => a + p.fixes, 0)
    parentPort.postMessage({ report: { hist: Array.from(hist), posHist: Array.from(posHist), posOver, received, dup, errors, over, open: ` +
  `conns.filter((c) => c.readyState === 1).length, lost, repeated, outOfOrder, socketsMissing, posMin, posMax, noPositions, fixes } })
    for (const c of conns) c.terminate()
  }
})`

function pct (sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
function histPct (hist: number[], over: number, p: number): number {
  const total = hist.reduce((a, b) => a + b, 0) + over
  let seen = 0
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i]
    if (seen >= (p / 100) * total) return i / 10
  }
  return Infinity
}
const r1 = (x: number) => Math.round(x * 10) / 10

const db = await createTestDb('postgres')
// PROFILE_DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools)
const profile = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []
// one at a time: the first applies the migrations and creates the bootstrap admin
const servers: ServerProcess[] = []
for (let i = 0; i < PROCESSES; i++) servers.push(await startServer(db.url!, { LOG_LEVEL: 'warn' }, undefined, profile))
const base = servers[0].base
const targets = servers.map((s) => new URL(s.base))
const t = await users(base, ['dispatcher', 'supervisor'], 'load')
log(`${PROCESSES} server process${PROCESSES > 1 ? 'es' : ''} on ${servers.map((s) => s.base).join(', ')}; creating ${TEAMS} teams`)

// the servers' resident memory, sampled once a second through the run (Linux: /proc)
const rss = servers.map(() => ({ min: Infinity, max: 0, samples: 0 }))
const sampleRss = (): void => {
  servers.forEach((s, i) => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${s.child.pid}/status`, 'utf8'))?.[1])
      if (Number.isFinite(kb) && kb > 0) {
        rss[i].min = Math.min(rss[i].min, kb)
        rss[i].max = Math.max(rss[i].max, kb)
        rss[i].samples++
      }
    } catch {
      /* not Linux, or the process is gone */
    }
  })
}
let rssTimer: NodeJS.Timeout | null = null

// CPU seconds through the measured run, by whom: the servers, this process (load generator and clients), every
// PostgreSQL process, and the machine (/proc/stat: busy, and stolen by the host, which no code here can give back)
const TICK = 100
const procTicks = (pid: number | string): number => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return Number(f[11]) + Number(f[12])
  } catch {
    return 0
  }
}
const postgresTicks = (): number =>
  fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .reduce((sum, d) => {
      try {
        return fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres' ? sum + procTicks(d) : sum
      } catch {
        return sum
      }
    }, 0)
const cpuNow = () => {
  const m = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number)
  const own = process.cpuUsage()
  return {
    servers: servers.map((sv) => procTicks(sv.child.pid!)),
    self: (own.user + own.system) / 1e6,
    postgres: postgresTicks(),
    busy: m[0] + m[1] + m[2] + m[5] + m[6],
    steal: m[7] ?? 0,
    all: m.slice(0, 8).reduce((a, b) => a + b, 0)
  }
}

const teams: string[] = []
for (let i = 0; i < TEAMS; i += 20) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(20, TEAMS - i) }, async (_, j) => {
      const k = i + j
      const lat = 33.95 + (k % 20) * 0.015
      const lon = -118.45 + Math.floor(k / 20) * 0.015
      const team = await call(
        base,
        'POST',
        '/api/teams',
        { callSign: `L-${k}`, kind: 'crisis', base: { name: 'Base', lat, lon } },
        t.admin
      )
      await call(base, 'POST', `/api/teams/${team.body.id as string}/shift`, { onShift: true }, t.supervisor)
      return team.body.id as string
    })
  )
  teams.push(...batch)
}

const worker = new Worker(SOCKET_CODE, {
  eval: true,
  workerData: {
    urls: targets.map((u) => `ws://127.0.0.1:${u.port}/api/live?token=${t.dispatcher}`),
    sockets: SOCKETS,
    wsPath: createRequire(import.meta.url).resolve('ws')
  }
})
await new Promise<void>((resolve, reject) => {
  worker.on('message', (m: { ready?: boolean }) => {
    if (m.ready) resolve()
  })
  worker.on('error', reject)
})
log(`${SOCKETS} websocket clients live; load for ${SECONDS} s`)

const agent = new http.Agent({ keepAlive: true, maxSockets: 128 })
// requests go to the processes in turn
let turn = 0
const lat = new Map<string, number[]>()
/** Every answer of the call routes (not positions) as [sent, ms], for the p99 by window of the run. */
const callSamples: Array<[number, number]> = []
const failures = new Map<string, number>()
let errorSamples: string[] = []
function send (route: string, method: string, path: string, body: unknown, key?: string): Promise<{ status: number; body: any }> {
  const data = body === undefined ? '' : JSON.stringify(body)
  const sent = performance.now()
  return new Promise((resolve) => {
    const u = targets[turn++ % targets.length]
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method,
        agent,
        headers: {
          authorization: `Bearer ${t.dispatcher}`,
          ...(key ? { 'idempotency-key': key } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {})
        }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const ms = performance.now() - sent
          if (!lat.has(route)) lat.set(route, [])
          lat.get(route)!.push(ms)
          if (!route.includes('/position')) callSamples.push([sent, ms])
          const text = Buffer.concat(chunks).toString()
          const status = res.statusCode ?? 0
          if (status >= 300) {
            failures.set(route, (failures.get(route) ?? 0) + 1)
            if (errorSamples.length < 10) errorSamples.push(`${route}: ${status} ${text.slice(0, 160)}`)
          }
          let json: unknown = null
          try {
            json = JSON.parse(text)
          } catch {
            json = null
          }
          resolve({ status, body: json })
        })
      }
    )
    req.on('error', (e) => {
      failures.set(route, (failures.get(route) ?? 0) + 1)
      if (errorSamples.length < 10) errorSamples.push(`${route}: ${e.message}`)
      resolve({ status: 0, body: null })
    })
    req.end(data)
  })
}

/** Calls `fn` rate times a second, open-loop, until the end; resolves when every request has answered. */
async function paced (rate: number, seconds: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  const t0 = performance.now()
  const total = Math.floor(rate * seconds)
  const inflight: Array<Promise<unknown>> = []
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    inflight.push(fn(i))
  }
  await Promise.all(inflight)
}

// calls taken at intake wait here for a free team; each is worked to close by its own little flow
const waiting: string[] = []
const free = [...teams.slice(0, Math.min(40, teams.length))]
const flows: Array<Promise<void>> = []
const sleep = async (ms: number) => {
  await new Promise((resolve) => setTimeout(resolve, ms))
}
async function work (callId: string, team: string): Promise<void> {
  const a = await send('POST /api/calls/:id/assignments', 'POST', `/api/calls/${callId}/assignments`, { teamId: team })
  if (a.status === 201) {
    for (const status of ['acknowledged', 'en_route', 'on_scene'] as const) {
      await sleep(500)
      await send(
        'POST /api/calls/:id/status',
        'POST',
        `/api/calls/${callId}/status`,
        { status, deviceTime: new Date().toISOString() },
        crypto.randomUUID()
      )
    }
    await sleep(500)
    await send(
      'POST /api/calls/:id/close',
      'POST',
      `/api/calls/${callId}/close`,
      { disposition: DISPOSITION_CODES[0], teamStatus: 'available', deviceTime: new Date().toISOString() },
      crypto.randomUUID()
    )
  }
  free.push(team)
}
/** One phase of the load: intake, the dispatcher working calls to close, and every team's position once a second. */
async function phase (seconds: number): Promise<void> {
  const run = { ending: false }
  const dispatcherLoop = (async () => {
    while (!run.ending) {
      while (waiting.length > 0 && free.length > 0) flows.push(work(waiting.shift()!, free.shift()!))
      await sleep(50)
    }
  })()
  await Promise.all([
    paced(INTAKE_PER_S, seconds, async (i) => {
      const r = await send('POST /api/calls', 'POST', '/api/calls', {
        location: { lat: 33.95 + (i % 40) * 0.01, lon: -118.45 + (i % 37) * 0.01, address: `${100 + i} Main St` },
        narrative: NARRATIVE
      })
      if (r.status === 201) waiting.push(r.body.id as string)
    }),
    // every team once a second, spread evenly over the second
    paced(TEAMS, seconds, async (i) => {
      const team = teams[i % teams.length]
      const k = i % teams.length
      await send(
        'POST /api/teams/:id/position',
        'POST',
        `/api/teams/${team}/position`,
        {
          lat: 33.95 + (k % 20) * 0.015 + (i / teams.length) * 1e-5,
          lon: -118.45 + Math.floor(k / 20) * 0.015,
          accuracyMeters: 8,
          deviceTime: new Date().toISOString()
        },
        crypto.randomUUID()
      )
    })
  ])
  run.ending = true
  await dispatcherLoop
  await Promise.all(flows.splice(0))
}

let warmupRequests = 0
let warmupErrors = 0
if (WARMUP_SECONDS > 0) {
  log(`warming up for ${WARMUP_SECONDS} s (same load, not measured)`)
  await phase(WARMUP_SECONDS)
  warmupRequests = [...lat.values()].reduce((a, xs) => a + xs.length, 0)
  warmupErrors = [...failures.values()].reduce((a, b) => a + b, 0)
  lat.clear()
  callSamples.length = 0
  failures.clear()
  worker.postMessage('reset')
  await new Promise<void>((resolve) => {
    const on = (m: { reset?: boolean }) => {
      if (m.reset) {
        worker.off('message', on)
        resolve()
      }
    }
    worker.on('message', on)
  })
  log(`measuring for ${SECONDS} s`)
}
const maxSeq = async (): Promise<number> =>
  Number(
    (
      await db.db
        .selectFrom('events')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirstOrThrow()
    ).m ?? 0
  )
const countEvents = async (): Promise<number> =>
  Number(
    (
      await db.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
  )
const eventsBefore = await countEvents()
const seqBefore = await maxSeq()
const trackBefore = Number(
  (
    await db.db
      .selectFrom('team_positions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n
)
sampleRss()
rssTimer = setInterval(sampleRss, 1000)
const cpuBefore = cpuNow()
const started = performance.now()
const startedAt = Date.now()
await phase(SECONDS)
const elapsed = (performance.now() - started) / 1000
const cpuAfter = cpuNow()
const seqAfter = await maxSeq()
await sleep(1500)
clearInterval(rssTimer)
sampleRss()

const want = (
  await db.db
    .selectFrom('events')
    .select('seq')
    .where('seq', '>', seqBefore as never)
    .where('seq', '<=', seqAfter as never)
    .orderBy('seq')
    .execute()
).map((r) => Number(r.seq))
worker.postMessage({ report: { want } })
const rep = await new Promise<{
  hist: number[]
  posHist: number[]
  posOver: number
  received: number
  dup: number
  errors: number
  over: number
  open: number
  lost: number
  repeated: number
  outOfOrder: number
  socketsMissing: number
  posMin: number
  posMax: number
  noPositions: number
  fixes: number
}>((resolve) => {
  worker.on('message', (m: { report?: any }) => {
    if (m.report) resolve(m.report)
  })
})
await worker.terminate()
const events = (await countEvents()) - eventsBefore
const trackRows =
  Number(
    (
      await db.db
        .selectFrom('team_positions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
  ) - trackBefore
for (const s of servers) await s.stop()
await db.destroy()

const lines: string[] = []
lines.push(
  `bench:load (${new Date().toISOString()}), processes: ${PROCESSES}, ${r1(elapsed)} s on PostgreSQL; ` +
    `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map(r1).join(' ')}`
)
lines.push(
  `load: ${INTAKE_PER_S} calls/s intake (each worked to close), ${TEAMS} teams × 1 position/s, ${SOCKETS} websocket clients; ` +
    `after ${WARMUP_SECONDS} s of the same load unmeasured (${warmupRequests} requests, ${warmupErrors} errors)`
)
lines.push('route                              requests   req/s   p50 ms   p99 ms   max ms   errors')
let allOk = true
let errors = 0
for (const [route, xs] of [...lat.entries()].sort()) {
  const s = [...xs].sort((a, b) => a - b)
  const e = failures.get(route) ?? 0
  errors += e
  const p99 = pct(s, 99)
  if (p99 > 50 || e > 0) allOk = false
  if (warmupErrors > 0) allOk = false
  lines.push(
    `${route.padEnd(34)} ${String(s.length).padStart(8)} ${String(r1(s.length / elapsed)).padStart(7)} ${String(r1(pct(s, 50))).padStart(8)} ${String(r1(p99)).padStart(8)} ${String(r1(s[s.length - 1])).padStart(8)} ${String(e).padStart(8)}`
  )
}
for (const [route, e] of failures) {
  if (!lat.has(route)) {
    errors += e
    allOk = false
    lines.push(`${route}: ${e} errors without an answer`)
  }
}
const total = [...lat.values()].reduce((a, xs) => a + xs.length, 0)
lines.push(`throughput: ${total} requests in ${r1(elapsed)} s = ${r1(total / elapsed)} req/s; errors: ${errors}`)
lines.push(
  `events: ${events} committed (${Math.round((events / elapsed) * 3600)} event rows an hour at this load; track: ${trackRows} position ` +
    `rows, ${Math.round((trackRows / elapsed) * 3600)} an hour); delivered ${rep.received} times to ${SOCKETS} sockets ` +
    `(${r1(rep.received / SOCKETS)} per socket), ${rep.dup} repeated, ${rep.errors} socket errors, ${rep.open} sockets open at the end`
)
lines.push(
  `every event to every socket once, in order: ${want.length} events × ${SOCKETS} sockets; lost ${rep.lost} (on ${rep.socketsMissing} ` +
    `sockets), repeated ${rep.repeated}, out of order ${rep.outOfOrder}`
)
lines.push(
  `event delivery (commit → arrival on a socket): p50 ${histPct(rep.hist, rep.over, 50)} ms, p99 ${histPct(rep.hist, rep.over, 99)} ` +
    `ms, ${rep.over} over 10 s`
)
lines.push(
  `positions: ${rep.fixes} fixes in ${SOCKETS} sockets' batches, ${rep.posMin}–${rep.posMax} messages per socket (at most one a ` +
    `second), ${rep.noPositions} sockets without any; age on arrival (device time → console, batching included) ` +
    `p50 ${histPct(rep.posHist, rep.posOver, 50)} ms, p99 ${histPct(rep.posHist, rep.posOver, 99)} ms`
)
lines.push(
  'server RSS (sampled each second through the measured ' +
    `run): ${rss
      .map(
        (r, i) =>
          `process ${i + 1} ${
            r.samples ? `${Math.round(r.min / 1024)}–${Math.round(r.max / 1024)} MB (${r.samples} ` + 'samples)' : 'not sampled'
          }`
      )
      .join(', ')}`
)
{
  const sec = (ticks: number): string => `${(ticks / TICK).toFixed(1)} s`
  const machine = cpuAfter.all - cpuBefore.all
  lines.push(
    `CPU in the measured run (${elapsed.toFixed(1)} s): ${cpuAfter.servers.map((t, i) => `server ${i + 1} ${sec(t - cpuBefore.servers[i])}`).join(', ')}, ` +
      `PostgreSQL ${sec(cpuAfter.postgres - cpuBefore.postgres)}, load generator and clients ${(cpuAfter.self - cpuBefore.self).toFixed(1)} s; ` +
      `machine busy ${((100 * (cpuAfter.busy - cpuBefore.busy)) / machine).toFixed(0)} %, stolen by the host ` +
      `${((100 * (cpuAfter.steal - cpuBefore.steal)) / machine).toFixed(1)} %`
  )
}
{
  // the call routes' p99 by window, with the window's clock time (UTC), to set beside PostgreSQL's log (checkpoints,
  // autovacuum) and the server's: a stall of the whole process shows in every route of one window
  const width = Math.max(10, Math.round(SECONDS / 12))
  const windows = new Map<number, number[]>()
  for (const [sent, ms] of callSamples) {
    const w = Math.floor((sent - started) / 1000 / width)
    const xs = windows.get(w) ?? []
    xs.push(ms)
    windows.set(w, xs)
  }
  const parts = [...windows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([w, xs]) => {
      const at = new Date(startedAt + w * width * 1000).toISOString().slice(11, 19)
      const sorted = xs.sort((a, b) => a - b)
      return `${at} ${r1(pct(sorted, 99))}/${r1(sorted[sorted.length - 1])}`
    })
  lines.push(`call routes by ${width} s window (start UTC, p99/max ms): ${parts.join(', ')}`)
}
if (rep.lost > 0 || rep.repeated > 0 || rep.outOfOrder > 0 || rep.noPositions > 0) allOk = false
lines.push(
  'targets (zero errors, p99 ≤ 50 ms on every route, every event to every socket once in order, positions at every ' +
    `console): ${allOk ? 'met' : 'NOT met'}`
)
for (const e of errorSamples) lines.push(`  e.g. ${e}`)
errorSamples = []
console.log(lines.join('\n'))
