// `npm run bench:import`: generates a 1,000,000-row CAD export (full timestamp chain, coordinates, quoted
// newlines, HTML entities, empty cells), imports it into a fresh PostgreSQL database through the same service
// (the CLI, in its own process), and prints rows per second and its peak memory, beside a bare COPY of the same file into text columns,
// with the load average and whether the target is met (≥ 50,000 rows/s and ≤ 300 MB, or within 8× of the bare COPY).
// BENCH_ROWS changes the size; BENCH_PROFILE=1 passes --profile to the CLI and prints where the time went; BENCH_HASH=1
// prints a hash of what the import wrote (historical_calls and report_facts) to show a change writes the same.
//
// Where the time went (issue 25; 200,000 rows, CLI --profile, a 2-core machine shared with other work, load average
// 10 then 15, so the figures are inflated and only their proportions mean much; at that load the import is short
// of CPU whatever it does, and the wall times show no gain: a quiet machine's run says whether the target is met). The reader's stages run
// one after another on the JavaScript thread; the writes (3 in flight) overlap it and each other, so theirs are sums over the writes:
//
//   stage                                   before (s)   after (s)
//   read: file → records (csv-parse)           3.8          5.4
//   row: cells, times, id, coordinates         3.9          5.3
//     of which triage (15 distinct types)      0.05         0.13
//     of which area placement (grid)           0.7          0.9
//   batch: row → COPY text                     1.9          2.5
//   reader waiting for a free write slot       5.0          0.17
//   COPY into staging (sum over writes)       20.6          8.5
//   INSERT … SELECT (sum over writes)         14.6         13.4
//   commit (sum over writes)                   1.7          2.5
//   wall                                      14.6         16.6
//   load average                               ~10          ~15
//
// The batches' COPY took 20 times longer inside an import than alone (0.6 s for 100,000 rows in 3 writes at once
// when nothing else ran): the reader ran a whole 1 MB chunk (~5,000 rows) without giving the event loop a turn,
// so a write in flight could neither send its COPY data nor read its answer, and the reader then waited for the
// writes. It now yields every ROWS_PER_TURN rows. On the database side (psql, 100,000 rows in one statement, load
// about 10): the staging COPY 0.4 s; INSERT … SELECT 2.3-2.9 s, of which the three indexes take about 1.6 s
// (0.96 s with none); the random UUID primary key about 0.6 s of it (2.0 s without that index; time-ordered
// ids instead of random ones 2.4 s, within the noise at 100,000 rows); the to_timestamp conversions and the
// jsonb parse of areas 0.03 s; creating and dropping the staging table in each batch's transaction 4-9 ms a batch
// (1-2 s a million rows), now made once per connection. In the reader (CPU profile): GC 17%, csv-parse 14%,
// COPY text 7%, time parsing 7%, the rest of readRow 6%, area placement 3.5%. The reporting projection's one
// call per batch belongs inside the batch's write (import-pipeline.ts, flush), in its transaction.
//
// The reporting projection (report_facts), then kept in step by reading each batch's 5,000 new ids back through
// report_source, cost as much database time as the insert itself: 200,000 rows, load ~12, commit step (which
// held it) 14.5 s with it and 1.9 s without, wall 16.9 s against 12.5 s. It is now part of the batch's INSERT (the
// rows the INSERT returns feed report_facts in the same statement; report-facts.ts, importedFactsFrom), and each
// batch commits with synchronous_commit off (history.repository.ts says why that is safe). Alternating runs, 200,000
// rows, BENCH_PROFILE=1, load 8-9: before 16,221 and 8,153 rows/s, after 25,094 and 26,702 rows/s; the profile after
// (s): read 2.2, row 2.1, areas 0.4, batch 1.1, waitWrites 0.3, COPY 3.7, INSERT (with the projection) 9.3, commit
// 1.2 (before: INSERT 10.2, commit with the projection 10.8). BENCH_HASH=1 prints a hash of both tables without
// per-run values: the same before and after. The reader (~24 µs a row on a quiet machine) is untouched. At 1,000,000
// rows (load 5-6): 33,223 rows/s, peak RSS 246 MB, bare COPY 600,409 rows/s: not met; INSERT 49.4 s and COPY 17.6 s
// summed over the writes in a 30.1 s import, so PostgreSQL's core is the limit now, then the reader (read 8.4, row 8.9,
// batch 4.6). A fast path for unquoted CSV lines (csv-parse only for quoted records) read the same records in a
// differential test but gained nothing measurable on the busy machine, so it is not in.
//
// Then (1,000,000 rows, the CLI timed by /usr/bin/time and each PostgreSQL backend's CPU read from /proc, since the
// machine's load of 2-5 came from other work; CPU seconds are steadier than wall times there): the import's process used
// 27-28 s of CPU and its database backends 24-25 s, on 2 cores, for a 26-39 s import: both sides had to shrink.
//   database: the projection's insert no longer says ON CONFLICT (its ids are fresh: nothing to conflict with), which
//     saves a second probe of report_facts' key and a speculative insertion per row: backends 24.6 → 21.3 s, WAL records
//     9.0 → 8.0 M. Imported records get time-ordered ids (UUIDv7 layout from received_at, made in the INSERT): the two
//     primary keys are filled in order instead of on random pages, far more than 128 MB of shared buffers hold, and
//     full-page images fell from 5,000-20,000 (by how many checkpoints fell in the import) to 120-140: 21.3 → 18.0 s.
//     The received time is converted to the reports' zone once per row (in the INSERT's RETURNING), not once for each of
//     the three local columns (timestamptz_zone and its zone lookups were ~6% of the backends' profile): ~18-20 → 16.0 s.
//   reader: COPY in binary (no escaping, no numbers written in decimal, nor parsed back), then a reader of well-formed
//     CSV records straight from the bytes (csv-fast.ts; csv-parse still reads whatever it cannot vouch for, and the CSV
//     tests hold the two equal on generated input), then the two common time shapes read without regular expressions,
//     and null markers checked only on cells of 4 characters or fewer: the reader alone (no database) 18.0 → 9.6 s,
//     the import's process 27.8 → 16-17 s of CPU.
//   Result (CLI runs before the zone change) at load 2-3.5: 50,000-55,000 rows/s (18.2-19.9 s), peak RSS 250 MB; at load
//   3.5-5: 41,700-47,800 rows/s. `npm run bench:import` after it all, load 4.3-5.1: 44,723 and 43,234 rows/s, 249 MB,
//   10.9× and 11.9× the bare COPY (itself slowed to ~500,000 rows/s), import process 16.4 s of CPU; profile (s): read
//   3.7, row 7.3, batch 2.1, waitWrites 4.2 (the reader now waits for the database), COPY 10.6, INSERT 47.2, commit 2.4.
//   A quiet machine's run says whether the target is met.
//   BENCH_HASH=1 gives the same hashes as before (ids are left out of it, as they were).
//   Not kept: batches of 10,000 rows (18.5 against 19.8 s of backend CPU, 55,066 against 52,632 rows/s, one run each,
//   then 47,824: noise) and 2 writes in flight instead of 3 (50,710 rows/s): no clear gain. Not tried for want of time:
//   source and source_id in the "C" collation (their unique index compares them through strcoll: bttextcmp was a tenth
//   of the backends' time; the views over historical_calls would have to be made again), and skipping ON CONFLICT on
//   historical_calls for a NOT EXISTS probe with a retry on a unique violation (the arbiter's probe and speculative
//   insertion are about a fifth of the backends' time). The received_at index stays: callTypeCounts (the impact review
//   of a protocol change) and simulatedCount (the reports) read historical_calls by received_at.
//
// Then (2026-12-07, quiet machine): a batch of records not there yet is inserted without ON CONFLICT, in a savepoint, and
// goes back to it and ON CONFLICT DO NOTHING only when a record is already there (history.repository.ts). psql, 1,000,000
// rows into a table with only the (source, source_id) key: 3.1-3.6 s with ON CONFLICT, 1.3-1.4 s without; the key in
// the "C" collation saved 0.1-0.5 s more there and is not made (a migration for a twentieth). `npm run bench:import`,
// BENCH_PROFILE=1: before 42,445 and 46,904 rows/s (insert 48.0 s summed over the writes; one run of three met the
// target), after 54,915 and 54,615 rows/s, 8.2× and 9.2× the bare COPY, peak RSS 247-259 MB (insert 34.9-37.6 s);
// load average 2.2-3.1 with the bench's own processes. BENCH_HASH=1 (200,000 rows): the same hashes before and after.
import crypto from 'node:crypto'
import { spawn } from 'node:child_process'
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import { createDb } from '../../server/db/create-db'
import { migrateToLatest } from '../../server/db/migrate'
import { countHistorical } from '../../server/modules/history/history.repository'

/** The node flags of `npm run import:calls` (package.json), so the bench measures what a city runs. */
const CLI_FLAGS = (JSON.parse(readFileSync('package.json', 'utf8')).scripts['import:calls'] as string).split(' ').slice(1, -1)
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const PROFILE = process.env.BENCH_PROFILE === '1'
const TARGET = { rowsPerSecond: 50_000, peakRssMB: 300, timesCopy: 8 }
const log = (msg: string) => process.stderr.write(`[bench:import] ${msg}\n`)
const MAP =
  'id=incident_id,received=call_received,type=nature_code,priority=priority,lat=latitude,lon=longitude,address=block_address,' +
  'area=beat,disposition=disposition,dispatched=time_dispatched,enroute=time_enroute,onscene=time_onscene,cleared=time_cleared'
const HEADER = [
  'incident_id',
  'call_received',
  'nature_code',
  'priority',
  'latitude',
  'longitude',
  'block_address',
  'beat',
  'disposition',
  'time_dispatched',
  'time_enroute',
  'time_onscene',
  'time_cleared',
  'comments'
]
const CODES = ['5150', '1182', 'EDP', 'WELCK', '415', 'T', 'DISVEH', 'OD', '11-8', 'SUSPP', 'CW', '647F', 'TRESP', 'FD', '1016']
const STREETS = [
  'S MAIN ST',
  'W 6TH ST',
  'N BROADWAY',
  'E CESAR E CHAVEZ AVE',
  'S FIGUEROA ST',
  'W SUNSET BLVD',
  'VERMONT AVE & 3RD ST'
]

/** A seeded PRNG (mulberry32) so every run generates the same file. */
function rng (seed: number): () => number {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pad = (n: number) => String(n).padStart(2, '0')
function usTime (d: Date): string {
  const h = d.getUTCHours()
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(h % 12 === 0 ? 12 : h % 12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}
const isoLocal = (d: Date) => d.toISOString().slice(0, 19)

async function generate (file: string): Promise<void> {
  const out = createWriteStream(file)
  const r = rng(42)
  out.write('\ufeff' + HEADER.join(',') + '\r\n')
  let t = Date.UTC(2024, 0, 1)
  let buf = ''
  for (let i = 1; i <= ROWS; i++) {
    t += Math.floor(r() * 60_000)
    const received = new Date(t)
    const chain = [60, 120, 600, 2400].map((s) => new Date(t + Math.floor(s * 1000 * (0.5 + r()))))
    const located = r() > 0.05
    const lat = located ? (33.75 + r() * 0.55).toFixed(6) : ''
    const lon = located ? (-118.65 + r() * 0.5).toFixed(6) : ''
    const comment = i % 50 === 0 ? '"CALLER SAYS ""HELP""\r\nSECOND LINE &amp; MORE"' : i % 7 === 0 ? 'RP ON SCENE &amp; WAITING' : ''
    buf +=
      [
        `C${String(i).padStart(9, '0')}`,
        usTime(received),
        CODES[Math.floor(r() * CODES.length)],
        String(1 + Math.floor(r() * 4)),
        lat,
        lon,
        `${Math.floor(r() * 90) * 100} BLOCK ${STREETS[Math.floor(r() * STREETS.length)]}`,
        String(100 + Math.floor(r() * 40)),
        r() > 0.5 ? 'RPT' : 'ADV',
        isoLocal(chain[0]),
        r() > 0.1 ? isoLocal(chain[1]) : '',
        r() > 0.2 ? isoLocal(chain[2]) : '',
        isoLocal(chain[3]),
        comment
      ].join(',') + '\r\n'
    if (i % 10_000 === 0) {
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  out.end(buf)
  await once(out, 'finish')
}

function withDatabase (url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function main (): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'))
  const file = path.join(dir, 'cad-export.csv')
  const name = `cd_bench_import_${crypto.randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  try {
    log(`generating ${ROWS.toLocaleString('en-US')} rows`)
    await generate(file)
    const bytes = statSync(file).size
    log(`${(bytes / 1e6).toFixed(0)} MB; fresh database ${name}`)
    await admin.unsafe(`create database "${name}"`)
    const url = withDatabase(ADMIN_URL, name)
    const handle = await createDb({ databaseUrl: url, dataDir: null })
    await migrateToLatest(handle.db)

    // The import runs as a city runs it: the CLI in its own process, whose peak memory is read from /proc.
    const t0 = performance.now()
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
        ...CLI_FLAGS,
        'server/modules/history/import-cli.ts',
        file,
        '--map',
        MAP,
        '--source',
        'bench',
        '--tz',
        'America/Los_Angeles',
        ...(PROFILE ? ['--profile'] : [])
      ],
      {
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'inherit']
      }
    )
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += String(d)
    })
    let peakKb = 0
    let cpuTicks = 0
    const sampler = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peakKb = Math.max(peakKb, Number(m[1]))
        // utime + stime (fields 14 and 15), in clock ticks of 1/100 s
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
          .slice(readFileSync(`/proc/${child.pid}/stat`, 'utf8').lastIndexOf(')') + 2)
          .split(' ')
        cpuTicks = Math.max(cpuTicks, Number(stat[11]) + Number(stat[12]))
      } catch {
        /* exited */
      }
    }, 50)
    const [code] = (await once(child, 'exit')) as [number]
    clearInterval(sampler)
    const seconds = (performance.now() - t0) / 1000
    if (code !== 0) throw new Error(`import:calls exited ${code}`)
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!)
    const stored = await countHistorical(handle.db, 'bench')
    await handle.close()
    // BENCH_HASH=1: a hash of what the import wrote, without what differs from run to run (ids, the run's id, the time
    // of import), so that a change to the import can show it writes the same records and the same report rows.
    let hashes: { historicalCalls: string; reportFacts: string } | undefined
    if (process.env.BENCH_HASH === '1') {
      const h = postgres(url, { max: 1, onnotice: () => {} })
      const [row] = await h.unsafe(
        `select
        (select md5(string_agg(t, E'\\n' order by t)) from (select (to_jsonb(c) - 'id' - 'import_id' - 'imported_at')::text t from ` +
          `historical_calls c) s) as calls,
        (select md5(string_agg(t, E'\\n' order by t)) from (select (to_jsonb(f) - 'call_id' || jsonb_build_object('source_id', ` +
          `c.source_id))::text t
          from report_facts f left join historical_calls c on c.id = f.call_id) s) as facts`
      )
      hashes = { historicalCalls: row.calls, reportFacts: row.facts }
      await h.end()
      log(`hashes: historical_calls ${hashes.historicalCalls}, report_facts ${hashes.reportFacts}`)
    }

    const pg = postgres(url, { max: 1, onnotice: () => {} })
    await pg.unsafe(`create table bare_copy (${HEADER.map((h) => `${h} text`).join(', ')})`)
    const c0 = performance.now()
    const writable = await pg.unsafe('copy bare_copy from stdin with (format csv, header true)').writable()
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20, start: 3 }), writable)
    const copySeconds = (performance.now() - c0) / 1000
    const copied = Number((await pg.unsafe('select count(*) as n from bare_copy'))[0].n)
    await pg.end()

    const figures = {
      rows: ROWS,
      fileMB: Math.round(bytes / 1e6),
      import: {
        seconds: summary.seconds,
        rowsPerSecond: Math.round(ROWS / summary.seconds),
        processSeconds: Math.round(seconds * 100) / 100,
        // under a shared machine's load, wall time says little: the CPU the import process itself used
        processCpuSeconds: cpuTicks / 100,
        rowsPerCpuSecond: Math.round(ROWS / (cpuTicks / 100)),
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
        peakRssMB: Math.round(peakKb / 1024),
        imported: summary.imported,
        rejected: summary.rejected.total,
        stored
      },
      bareCopy: { seconds: Math.round(copySeconds * 100) / 100, rowsPerSecond: Math.round(copied / copySeconds), rows: copied },
      importVsCopy: Math.round((seconds / copySeconds) * 10) / 10,
      // the import's own time (summary.seconds, without the process's start) against the bare COPY's
      importTimesCopy: Math.round((summary.seconds / copySeconds) * 10) / 10,
      target: {
        ...TARGET,
        met:
          (ROWS / summary.seconds >= TARGET.rowsPerSecond && peakKb / 1024 <= TARGET.peakRssMB) ||
          summary.seconds / copySeconds <= TARGET.timesCopy
      },
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      ...(summary.profile !== undefined ? { profile: summary.profile } : {}),
      ...(hashes !== undefined ? { hashes } : {})
    }
    log(
      `import: ${figures.import.rowsPerSecond.toLocaleString('en-US')} rows/s (${figures.import.seconds} s), peak ` +
        `RSS ${figures.import.peakRssMB} MB; bare COPY: ${figures.bareCopy.rowsPerSecond.toLocaleString('en-US')} rows/s ` +
        `(${figures.bareCopy.seconds} s), ${figures.importTimesCopy}× slower`
    )
    log(
      `target: ≥ ${TARGET.rowsPerSecond.toLocaleString('en-US')} rows/s and ≤ ${TARGET.peakRssMB} MB, or within ${TARGET.timesCopy}× of ` +
        `the bare COPY: ${figures.target.met ? 'met' : 'NOT met'}`
    )
    log(`load average: ${figures.loadAverage.join(', ')} (figures are indicative unless the machine is quiet)`)
    if (summary.profile !== undefined) {
      log(
        `profile (s; the writes overlap the reading and each other): ${Object.entries(summary.profile as Record<string, number>)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`
      )
    }
    process.stdout.write(JSON.stringify(figures, null, 2) + '\n')
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {})
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
