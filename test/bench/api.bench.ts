// `npm run bench:api`: call intake (triage + persist + events) over real HTTP with autocannon against the
// server on PostgreSQL, next to a bare one-row INSERT transaction on the same database.
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import http from 'node:http'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { freePort } from '../helpers/net'

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10)
const log = (msg: string) => process.stderr.write(`[bench:api] ${msg}\n`)

function pct (sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
const r2 = (x: number) => Math.round(x * 100) / 100

/**
 * Open-loop paced load: request i is sent at t0 + i / rate whatever happened to the ones before, so a slow
 * answer delays no later request and hides nothing (no coordinated omission). Latency runs from the send.
 * autocannon's own rate limit sends each connection's quota back to back at the top of every second,
 * which measures a burst instead.
 */
async function paced (
  base: string,
  req: { path: string; headers: Record<string, string>; body: string },
  rate: number,
  seconds: number
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
  const u = new URL(base)
  const lat: number[] = []
  let non2xx = 0
  let errors = 0
  const one = async (): Promise<void> => {
    const sent = performance.now()
    await new Promise<void>((resolve) => {
      const r = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: req.path,
          method: 'POST',
          agent,
          headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) }
        },
        (res) => {
          res.resume()
          res.on('end', () => {
            if ((res.statusCode ?? 0) >= 300) non2xx++
            lat.push(performance.now() - sent)
            resolve()
          })
        }
      )
      r.on('error', () => {
        errors++
        resolve()
      })
      r.end(req.body)
    })
  }
  const n = Math.round(rate * seconds)
  const inflight: Array<Promise<void>> = []
  const t0 = performance.now() + 50
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    inflight.push(one())
  }
  await Promise.all(inflight)
  agent.destroy()
  lat.sort((a, b) => a - b)
  return { sent: n, non2xx, errors, p50Ms: r2(pct(lat, 50)), p99Ms: r2(pct(lat, 99)), maxMs: r2(lat[lat.length - 1]) }
}

async function main (): Promise<void> {
  const dbName = `cd_bench_${crypto.randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${dbName}"`)
  const u = new URL(ADMIN_URL)
  u.pathname = `/${dbName}`
  const url = u.toString()
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const email = 'bench-admin@bench.care'
  const password = 'bench-password-123'
  log(`database ${dbName}; starting the server on ${base}`)
  const server = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'server/main.ts'],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        DEMO: '1',
        LOG_LEVEL: 'warn',
        BOOTSTRAP_ADMIN_EMAIL: email,
        BOOTSTRAP_ADMIN_PASSWORD: password
      },
      stdio: ['ignore', 'ignore', 'inherit']
    }
  )
  const pg = postgres(url, { max: 20, onnotice: () => {} })
  try {
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break
      } catch {
        /* not up yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const post = async (path: string, body: unknown, token?: string) => {
      const r = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body)
      })
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
      return (await r.json()) as Record<string, unknown>
    }
    const adminToken = (await post('/api/auth/login', { email, password })).token as string
    await post('/api/users', { email: 'bench-dispatcher@bench.care', password, role: 'dispatcher' }, adminToken)
    const token = (await post('/api/auth/login', { email: 'bench-dispatcher@bench.care', password })).token as string
    const body = JSON.stringify({
      location: { lat: 34.0522, lon: -118.2437, address: '200 N Spring St' },
      narrative: 'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured',
      callType: 'EDP',
      source: 'phone'
    })
    const request = {
      method: 'POST' as const,
      path: '/api/calls',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body
    }

    log('warm-up (3 s)')
    await autocannon({ url: base, connections: 10, duration: 3, requests: [request] })

    log(`throughput: 20 connections for ${DURATION_S} s`)
    const max = await autocannon({ url: base, connections: 20, duration: DURATION_S, requests: [request] })
    log(`fixed load: 200 calls/s for ${DURATION_S} s, paced (one call every 5 ms)`)
    const fixed = await paced(base, request, 200, DURATION_S)
    log(`burst: autocannon at overallRate 200 over 10 connections for ${DURATION_S} s`)
    const burst = await autocannon({ url: base, connections: 10, overallRate: 200, duration: DURATION_S, requests: [request] })

    log('bare one-row INSERT transactions')
    await pg`create table if not exists bench_ping (id bigserial primary key, at timestamptz not null default now(), data jsonb not null)`
    const lat: number[] = []
    const n = 200 * DURATION_S
    const tick = 1000 / 200
    const t0 = performance.now()
    for (let i = 0; i < n; i++) {
      const wait = t0 + i * tick - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      const s = performance.now()
      await pg.begin(async (tx) => {
        await tx`insert into bench_ping (data) values (${tx.json({ i })})`
      })
      lat.push(performance.now() - s)
    }
    lat.sort((a, b) => a - b)
    const tp0 = performance.now()
    let done = 0
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (performance.now() - tp0 < DURATION_S * 1000) {
          await pg.begin(async (tx) => {
            await tx`insert into bench_ping (data) values (${tx.json({ done })})`
          })
          done++
        }
      })
    )
    const insertRps = done / ((performance.now() - tp0) / 1000)

    const intakeP50 = fixed.p50Ms
    const intakeP99 = fixed.p99Ms
    const insertP50 = pct(lat, 50)
    const insertP99 = pct(lat, 99)
    const out = {
      engine: 'postgres',
      durationSeconds: DURATION_S,
      intake: {
        throughputCallsPerSecond: r2(max.requests.average),
        throughputNon2xx: max.non2xx,
        throughputErrors: max.errors,
        at200PerSecond: fixed,
        // autocannon's rate limit fires each connection's 20 calls back to back at the top of each second
        at200PerSecondInBursts: {
          sent: burst.requests.sent,
          non2xx: burst.non2xx,
          p50Ms: burst.latency.p50,
          p99Ms: burst.latency.p99,
          maxMs: burst.latency.max
        }
      },
      bareInsert: { at200PerSecond: { p50Ms: r2(insertP50), p99Ms: r2(insertP99) }, throughputPerSecond: r2(insertRps) },
      ratio: { p50: r2(intakeP50 / insertP50), p99: r2(intakeP99 / insertP99) },
      targets: { throughputAtLeast: 1000, p99AtMostMs: 10, throughputMet: max.requests.average >= 1000, p99Met: intakeP99 <= 10 }
    }
    console.log(JSON.stringify(out, null, 2))
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
    await pg.end()
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
    await admin.end()
  }
}

await main()
