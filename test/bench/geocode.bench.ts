// npm run bench:geocode: the geocoding index's build time and memory for the LA demo and for a million generated
// address points (OpenAddresses CSV), then search and reverse p50/p99 in process and over HTTP.
// Targets (issue 21): build ≤ 2 s for the demo, ≤ 30 s and ≤ 300 MB for a million points; p99 ≤ 20 ms.
// BENCH_POINTS changes the size (default 1,000,000); BENCH_QUERIES the number of timed requests (default 2,000).
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createDb } from '../../server/db/create-db'
import { migrateToLatest } from '../../server/db/migrate'
import { LA_AREA_SETS, loadAreaSets } from '../../server/lib/area-sets'
import { parseCsvObjects } from '../../server/lib/csv'
import { LA_GEOCODER_FILES } from '../../server/modules/geocoding/geocoding.config'
import type { LocalIndex } from '../../server/modules/geocoding/local-index'
import { buildLocalIndex } from '../../server/modules/geocoding/local-sources'

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000)
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2000)
const LA_CITY = { name: 'Los Angeles', state: 'ca', center: { lat: 34.0537, lon: -118.2427 } }
const gc = (globalThis as { gc?: () => void }).gc

const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`
const ms = (x: number): string => `${x.toFixed(2)} ms`

/** Heap and buffers (typed arrays live outside the heap), after a full collection when --expose-gc is on. */
function memory (): { heap: number; buffers: number; rss: number } {
  gc?.()
  const m = process.memoryUsage()
  return { heap: m.heapUsed, buffers: m.arrayBuffers + m.external, rss: m.rss }
}

function percentiles (xs: number[]): { p50: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] }
}

/** A deterministic pseudo-random sequence (no Math.random). */
function lcg (seed: number): () => number {
  let x = seed
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
}

async function timeBuild (label: string, build: () => Promise<LocalIndex>): Promise<LocalIndex> {
  const before = memory()
  const t0 = performance.now()
  const idx = await build()
  const seconds = (performance.now() - t0) / 1000
  const after = memory()
  console.log(
    `${label}: built in ${seconds.toFixed(2)} s; memory +${mb(after.heap - before.heap)} heap, +${mb(after.buffers - before.buffers)} ` +
    `typed arrays, +${mb(after.rss - before.rss)} RSS (${gc ? 'after GC' : 'no --expose-gc: upper bound'})`
  )
  console.log(`  ${JSON.stringify(idx.stats)}`)
  return idx
}

/** A grid city of POINTS address points on streets "N 1st St"…, OpenAddresses columns, written to a temp file. */
async function writeAddresses (file: string, n: number): Promise<void> {
  const out = createWriteStream(file)
  out.write('LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH\n')
  const streets = Math.max(10, Math.round(Math.sqrt(n / 4)))
  const perStreet = Math.ceil(n / streets)
  const dirs = ['N', 'S', 'E', 'W']
  let written = 0
  for (let s = 0; s < streets && written < n; s++) {
    const name = `${dirs[s % 4]} ${s % 3 === 0 ? `${s + 1}${['th', 'st', 'nd', 'rd'][(s + 1) % 10 < 4 && ![11, 12, 13].includes((s + 1) % 100) ? (s + 1) % 10 : 0]} St` : `Street${s} ${['Ave', 'Blvd', 'Pl'][s % 3]}`}`
    let chunk = ''
    for (let k = 0; k < perStreet && written < n; k++, written++) {
      const lat = 33.75 + (s / streets) * 0.55
      const lon = -118.6 + (k / perStreet) * 0.6
      chunk += `${lon.toFixed(7)},${lat.toFixed(7)},${100 + k * 2},${name},,BENCH CITY,,CA,90000,,\n`
      if (chunk.length > 1 << 16) {
        if (!out.write(chunk)) await once(out, 'drain')
        chunk = ''
      }
    }
    if (chunk !== '' && !out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

function timeIt (n: number, f: (i: number) => void): number[] {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    f(i)
    times.push(performance.now() - t)
  }
  return times
}

async function main (): Promise<void> {
  console.log(
    `bench:geocode on Node ${process.version}, ${POINTS.toLocaleString('en-US')} generated address points, ${QUERIES} timed requests per ` +
    'kind'
  )
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')} (1 / 5 / 15 min) at the start`
  )
  const areas = loadAreaSets(LA_AREA_SETS)
  const la = await timeBuild(
    'LA demo (bus-stop corners, facilities, areas)',
    async () => await buildLocalIndex({ files: LA_GEOCODER_FILES, city: LA_CITY }, areas)
  )

  const dir = mkdtempSync(join(tmpdir(), 'bench-geocode-'))
  try {
    const file = join(dir, 'addresses.csv')
    const tw = performance.now()
    await writeAddresses(file, POINTS)
    console.log(`  (generated ${POINTS.toLocaleString('en-US')} address points in ${((performance.now() - tw) / 1000).toFixed(1)} s)`)
    const big = await timeBuild(
      `${POINTS.toLocaleString('en-US')} address points (OpenAddresses CSV)`,
      async () => await buildLocalIndex({ files: [{ type: 'addresses', file }], city: LA_CITY }, undefined)
    )

    // In process: typed corners, addresses on the big index, places, and reverse lookups.
    const typed = parseCsvObjects(readFileSync(new URL('../fixtures/geocode/typed-corners.csv', import.meta.url), 'utf8')).rows.map(
      (r) => r.values.query
    )
    const rand = lcg(7)
    for (let i = 0; i < 300; i++) la.search(typed[i % typed.length], { limit: 8 })
    const corners = percentiles(timeIt(QUERIES, (i) => la.search(typed[i % typed.length], { limit: 8 })))
    const streets = Math.max(10, Math.round(Math.sqrt(POINTS / 4)))
    const addr = percentiles(
      timeIt(QUERIES, () => {
        const s = Math.floor(rand() * streets)
        const q =
          s % 3 === 0
            ? `${100 + 2 * Math.floor(rand() * 50)} ${['N', 'S', 'E', 'W'][s % 4]} ${s + 1} St`
            : `${100 + 2 * Math.floor(rand() * 50)} Street${s}`
        big.search(q, { limit: 8, partial: false })
      })
    )
    const reverse = percentiles(timeIt(QUERIES, () => la.reverse(33.8 + rand() * 0.5, -118.6 + rand() * 0.5)))
    const reverseBig = percentiles(timeIt(QUERIES, () => big.reverse(33.75 + rand() * 0.55, -118.6 + rand() * 0.6)))
    console.log('in process (p50 / p99 / max):')
    console.log(`  search, typed corners (LA demo): ${ms(corners.p50)} / ${ms(corners.p99)} / ${ms(corners.max)}`)
    console.log(
      `  search, house numbers (${POINTS.toLocaleString('en-US')} points): ${ms(addr.p50)} / ${ms(addr.p99)} / ${ms(addr.max)}`
    )
    console.log(`  reverse (LA demo): ${ms(reverse.p50)} / ${ms(reverse.p99)} / ${ms(reverse.max)}`)
    console.log(
      `  reverse (${POINTS.toLocaleString('en-US')} points): ${ms(reverseBig.p50)} / ${ms(reverseBig.p99)} / ${ms(reverseBig.max)}`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  // Over HTTP: the real app on an in-memory embedded database, one request at a time.
  const config = loadConfig({ DATA_DIR: ':memory:', LOG_LEVEL: 'silent', DEMO: '0', LOGIN_RATE_PER_MINUTE: '100000' })
  const db = await createDb(config)
  await migrateToLatest(db.db)
  const app = await buildApp(config, { db, areas, sweeper: false })
  await app.services.auth.createUser({ email: 'dispatcher@bench.invalid', password: 'correct-horse-staple-48', role: 'dispatcher' })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  try {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dispatcher@bench.invalid', password: 'correct-horse-staple-48' })
    })
    const { token } = (await login.json()) as { token: string }
    const headers = { authorization: `Bearer ${token}` }
    const typed = parseCsvObjects(readFileSync(new URL('../fixtures/geocode/typed-corners.csv', import.meta.url), 'utf8')).rows.map(
      (r) => r.values.query
    )
    const rand = lcg(11)
    const http = async (path: (i: number) => string): Promise<number[]> => {
      const times: number[] = []
      for (let i = 0; i < 200; i++) await (await fetch(`${url}${path(i)}`, { headers })).arrayBuffer()
      for (let i = 0; i < QUERIES; i++) {
        const t = performance.now()
        const r = await fetch(`${url}${path(i)}`, { headers })
        await r.arrayBuffer()
        if (r.status !== 200) throw new Error(`HTTP ${r.status} for ${path(i)}`)
        times.push(performance.now() - t)
      }
      return times
    }
    const search = percentiles(await http((i) => `/api/geocode?q=${encodeURIComponent(typed[i % typed.length])}&near=34.05,-118.25`))
    const reverse = percentiles(
      await http(() => `/api/geocode/reverse?lat=${(33.8 + rand() * 0.5).toFixed(5)}&lon=${(-118.6 + rand() * 0.5).toFixed(5)}`)
    )
    console.log('over HTTP, one request at a time (p50 / p99 / max):')
    console.log(`  GET /api/geocode (typed corners): ${ms(search.p50)} / ${ms(search.p99)} / ${ms(search.max)}`)
    console.log(`  GET /api/geocode/reverse: ${ms(reverse.p50)} / ${ms(reverse.p99)} / ${ms(reverse.max)}`)
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' / ')} (1 / 5 / 15 min) at the end`
    )
  } finally {
    await app.close()
    await db.close()
  }
}

await main()
