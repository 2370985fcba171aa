// `npm run bench:reports`: 1,000,000 synthetic calls (BENCH_ROWS) over a year and 36 areas (live and imported, complete
// timestamp chains) in a fresh PostgreSQL database, then every report over HTTP (app.inject), unmet demand included, for a
// year and for a month, cold and warm: p95 of 20 runs (BENCH_RUNS), each beside the load average, against the targets
// (year ≤ 1 s, month ≤ 200 ms warm p95). BENCH_ONLY=<prefix> times only the reports whose path starts with it.
//
// What a year costs (issue 25, quiet 2-core machine, PostgreSQL 15 on the same machine; the figures are in the closing
// note): a percentile is an ordered-set aggregate, a sort on one core, and the intervals report has six of them per
// slice. Measured and not kept: per-value histograms in SQL (unnest of the six intervals into a hash aggregate: 3.1 s
// against 1.7 s for the exact sorts), the values shipped to Node as float8send bytea (1.0–1.2 s against 1.3 s), a
// binary COPY of them to Node (1.1 s before any percentile), integer area keys (no gain), forced parallel plans (no
// gain alone). Kept: the statements of a report side by side on their own connections in one snapshot
// (report-session.ts), the intervals as stored generated columns, 256 MB to sort in (64 MB spilled), group
// percentiles by FILTER instead of a sort by group (until the two passes below), count totals summed from the keys
// (parallel hash aggregates),
// percentiles by a key other than the week from each group's values gathered by hashing (array_agg, then one sort
// of each group's own values: no sort of every call by its group), no JIT compilation (20-70 ms, no gain), and the
// equity report's percentiles in two passes over 10-second bins (server/modules/reports/percentiles.ts: no sort at all).
import crypto from 'node:crypto'
import os from 'node:os'
import postgres from 'postgres'
import { sql, type Kysely } from 'kysely'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createDb } from '../../server/db/create-db'
import type { Database } from '../../server/db/database'
import { migrateToLatest } from '../../server/db/migrate'
import type { AreaSet, AreaSets } from '../../server/lib/area-sets'
import { insertSyntheticHistory, insertSyntheticLive } from '../helpers/synthetic-calls'
import { rebuildFacts } from '../../server/modules/reports/report-facts'

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const LIVE_SHARE = 0.6
const RUNS = Number(process.env.BENCH_RUNS ?? 20)
const log = (msg: string) => process.stderr.write(`[bench:reports] ${msg}\n`)

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
const ms = (x: number): string => `${x.toFixed(0)} ms`

function withDatabase (url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function load (db: Kysely<Database>, live: number, start: Date, areas: string[]): Promise<void> {
  const teamIds: string[] = []
  for (let i = 0; i < 36; i++) {
    const kind = ['crisis', 'medic_crisis', 'outreach', 'traffic'][i % 4]
    const r = await sql<{ id: string }>`insert into teams (call_sign, kind) values (${`B-${i + 1}`}, ${kind}) returning id`.execute(db)
    teamIds.push(r.rows[0].id)
  }
  // In chunks of consecutive days, so rows sit in time order as they would in a real system.
  const chunk = 200_000
  const slice = (done: number, total: number, rows: number) => ({
    start: new Date(start.getTime() + (done / total) * 365 * 86_400_000),
    days: (rows / total) * 365
  })
  for (let done = 0; done < live; done += chunk) {
    const rows = Math.min(chunk, live - done)
    await insertSyntheticLive(db, {
      rows,
      ...slice(done, live, rows),
      areaSet: 'districts',
      areas,
      seed: 0.1 + done / ROWS / 10,
      teamIds
    })
  }
  for (let done = 0; done < ROWS - live; done += chunk) {
    const rows = Math.min(chunk, ROWS - live - done)
    await insertSyntheticHistory(db, {
      rows,
      ...slice(done, ROWS - live, rows),
      areaSet: 'districts',
      areas,
      seed: 0.5 + done / ROWS / 10
    })
  }
  // The synthetic rows went in around the services (INSERT … SELECT in the database): the reports' projection is
  // built from them once, as the migration's backfill does.
  await rebuildFacts(db)
  await sql`vacuum analyze`.execute(db)
}

async function main (): Promise<void> {
  // BENCH_DB reuses a database an earlier run kept (BENCH_KEEP=1), to time the reports without loading again.
  const reuse = process.env.BENCH_DB
  const name = reuse ?? `cd_bench_reports_${crypto.randomBytes(4).toString('hex')}`
  if (!reuse) {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${name}"`)
    await admin.end()
  }
  const url = withDatabase(ADMIN_URL, name)
  const handle = await createDb({ databaseUrl: url, dataDir: null, poolSize: 10 })
  try {
    await migrateToLatest(handle.db)
    const areas = Array.from({ length: 36 }, (_, i) => `Area ${String(i + 1).padStart(2, '0')}`)
    const set = {
      id: 'districts',
      label: 'Districts',
      names: areas,
      outlines: { type: 'FeatureCollection', features: [] }
    } as unknown as AreaSet
    const areaSets: AreaSets = { sets: [set], locate: () => ({ districts: null }) }
    const start = new Date('2025-01-01T08:00:00Z')

    const t0 = performance.now()
    const live = Math.round(ROWS * LIVE_SHARE)
    if (!reuse) await load(handle.db, live, start, areas)
    const size = await sql<{
      calls: string
      hist: string
      facts: string
    }>`select pg_size_pretty(pg_total_relation_size('calls')) as calls,
      pg_size_pretty(pg_total_relation_size('historical_calls')) as hist, pg_size_pretty(pg_total_relation_size('report_facts')) as
        facts`.execute(handle.db)
    const sizes =
      `calls ${size.rows[0].calls}, historical_calls ${size.rows[0].hist}, report_facts (what reports ` + `read) ${size.rows[0].facts}`
    log(
      `${reuse ? 'reused' : 'loaded'} ${live} live calls and ${ROWS - live} imported in ${((performance.now() - t0) / 1000).toFixed(1)} ` +
        `s: ${sizes}`
    )

    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', TIME_ZONE: 'America/Los_Angeles' })
    const app = await buildApp(config, { db: handle, areas: areaSets, sweeper: false })
    await app.ready()
    const email = `planner-${crypto.randomBytes(4).toString('hex')}@bench.care`
    await app.services.auth.createUser({ email, password: 'bench-password-1', role: 'planner' })
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'bench-password-1' } })
    const headers = { authorization: `Bearer ${login.json().token as string}` }

    const only = process.env.BENCH_ONLY
    const reports = [
      'intervals',
      'intervals?by=area',
      'intervals?by=hour',
      'intervals?by=week',
      'outcomes',
      'outcomes?by=area',
      'outcomes?by=team_kind',
      'trends',
      'trends?by=category',
      'equity',
      'unmet',
      'unmet?by=area',
      'unmet?by=category',
      'intervals?by=area&format=csv'
    ]
    const periods = { year: 'from=2025-01-01&to=2025-12-31', month: 'from=2025-06-01&to=2025-06-30' }
    const rows: string[][] = []
    for (const [period, range] of Object.entries(periods)) {
      for (const r of reports.filter((x) => only === undefined || x.startsWith(only))) {
        const path = `/api/reports/${r}${r.includes('?') ? '&' : '?'}${range}&area_set=districts`
        const once = async (): Promise<number> => {
          const s = performance.now()
          const res = await app.inject({ method: 'GET', url: path, headers })
          if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`)
          return performance.now() - s
        }
        const cold = await once()
        const warm: number[] = []
        for (let i = 0; i < RUNS; i++) warm.push(await once())
        warm.sort((a, b) => a - b)
        const target = period === 'year' ? 1000 : 200
        const load = os.loadavg()[0].toFixed(1)
        rows.push([
          period,
          r,
          ms(cold),
          ms(pct(warm, 50)),
          ms(pct(warm, 95)),
          `≤ ${target} ms`,
          pct(warm, 95) <= target ? 'yes' : 'NO',
          load
        ])
        log(`${period} ${r}: cold ${ms(cold)}, warm p95 ${ms(pct(warm, 95))} (load ${load})`)
      }
    }
    await app.close()
    const widths = [6, 30, 9, 9, 9, 10, 5, 6]
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' ')
    console.log(
      `\nreports over ${ROWS.toLocaleString('en')} calls (${live.toLocaleString('en')} live, ${(ROWS - live).toLocaleString('en')} ` +
        `imported), 36 areas, one year; PostgreSQL ${
          (
            await sql<{ server_version: string }>`show
        server_version`.execute(handle.db)
          ).rows[0].server_version
        }`
    )
    console.log(
      `cold = first request of its kind after the load (same server, OS cache not dropped); warm = ${RUNS} more runs; load = 1-minute ` +
        "load average as the report's runs ended"
    )
    console.log(
      `machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} (1/5/15 min) at the end; ${sizes}`
    )
    console.log(line(['period', 'report', 'cold', 'warm p50', 'warm p95', 'target', 'met', 'load']))
    for (const r of rows) console.log(line(r))
    const missed = rows.filter((r) => r[6] !== 'yes')
    console.log(
      `targets: year ≤ 1000 ms, month ≤ 200 ms (warm p95): ${
        missed.length === 0
          ? `met by all ${rows.length}`
          : 'met ' + `by ${rows.length - missed.length} of ${rows.length}; missed: ${missed.map((r) => `${r[0]} ${r[1]}`).join(', ')}`
      }`
    )
    if (os.loadavg()[0] > 1.5) console.log('the machine was busy (load average above 1.5): figures are indicative only')
  } finally {
    await handle.close()
    if (process.env.BENCH_KEEP === '1' || reuse) log(`kept database ${name}`)
    else {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists "${name}" with (force)`)
      await a.end()
    }
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
