// Command line of the simulator: run a scenario, compare two, site bases, or run the validation cases.
import { parseArgs } from 'node:util'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ScenarioError, type Scenario } from './scenario'
import { loadScenario, type LoadedScenario } from './scenario-file'
import { callTables, runScenario, type RunOutput, type RunSpec } from './run'
import { summarize } from './summary'
import type { Summary } from '../server/contracts/summary'
import { stableJson, writeCallsCsv, writeSummary } from './output'
import { renderReport } from './report'
import { formatValidation, runValidation } from './validate'
import { chooseSites } from './site'
import { prepare } from './prepare'

const USAGE = `usage:
  npm run simulate -- SCENARIO.json [--days D] [--replications N] [--seed S] [--out DIR] [--workers W]
                      [--calls FILE.csv [--col-time C] [--col-type C] [--col-lat C] [--col-lon C]]
  npm run simulate -- compare A.json B.json [--days D] [--replications N] [--seed S] [--out DIR]
  npm run simulate -- site SCENARIO.json --teams N [--cover-minutes M] [--days D] [--replications N] [--seed S] [--out DIR]
  npm run simulate -- validate [--json] [--quick]
`

const OPTIONS = {
  days: { type: 'string' },
  replications: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  workers: { type: 'string' },
  calls: { type: 'string' },
  'col-time': { type: 'string' },
  'col-type': { type: 'string' },
  'col-lat': { type: 'string' },
  'col-lon': { type: 'string' },
  teams: { type: 'string' },
  'cover-minutes': { type: 'string' },
  json: { type: 'boolean' },
  quick: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']

function int (v: string | undefined, name: string, min = 1): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}`)
  return n
}

class UsageError extends Error {}

const progress =
  (label: string) =>
    (done: number, total: number): void => {
      process.stderr.write(`\r${label}: replication ${done}/${total}${done === total ? '\n' : ''}`)
    }

function specOf (path: string, v: Values, extra: Partial<RunSpec> = {}): RunSpec {
  const columns: Record<string, string> = {}
  if (v['col-time'] !== undefined) columns.time = v['col-time']
  if (v['col-type'] !== undefined) columns.callType = v['col-type']
  if (v['col-lat'] !== undefined) columns.lat = v['col-lat']
  if (v['col-lon'] !== undefined) columns.lon = v['col-lon']
  return {
    scenarioPath: path,
    days: int(v.days, 'days'),
    replications: int(v.replications, 'replications'),
    seed: int(v.seed, 'seed', 0),
    workers: int(v.workers, 'workers'),
    replay: v.calls !== undefined ? { file: v.calls, columns } : undefined,
    ...extra
  }
}

function headline (s: Summary): string {
  const hw = s.halfWidth95
  const f = (x: unknown, d = 1): string => (typeof x === 'number' ? x.toFixed(d) : '–')
  const p = (x: unknown): string => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : '–')
  return (
    [
      `${s.scenario}: ${s.calls} calls, ${s.days} days × ${s.replications} replication(s), seed ${s.seed}`,
      `  response p50 ${f(s.responseMinutes.p50)} ± ${f(hw.responseP50)} min, p90 ${f(s.responseMinutes.p90)} ± ${f(hw.responseP90)} ` +
      `min, mean ${f(s.responseMinutes.mean)} ± ${f(hw.responseMean)} min`,
      `  waited ${p(s.pWait)} ± ${p(hw.pWait)}, mean wait ${f(s.waitMinutes.mean, 2)} min, within target ${p(s.withinTargetShare)} ` +
      `± ${p(hw.withinTargetShare)}, fallback to police ${p(s.fallbackShare)}`,
      `  utilization ${Object.entries(s.utilization)
        .map(([k, x]) => `${k} ${p(x)}`)
        .join(', ')}`,
      ...(s.youth !== undefined
        ? [
            `  youth calls ${s.youth.calls}: response p50 ${f(s.youth.responseMinutes.p50)} min, p90 ${f(s.youth.responseMinutes.p90)} ` +
            `min, met by a youth team ${p(s.youth.servedByYouthTeamShare)} (${s.youth.servedByYouthTeam} of ${s.youth.served} served)`
          ]
        : [])
    ].join('\n') + '\n'
  )
}

async function writeOutputs (dir: string, out: RunOutput, summary: Summary): Promise<void> {
  mkdirSync(dir, { recursive: true })
  writeSummary(dir, summary)
  if (out.firstCalls !== null) await writeCallsCsv(join(dir, 'calls.csv'), out.prep, callTables(out, progress('calls.csv')))
  writeFileSync(join(dir, 'report.html'), renderReport(summary, out.reps, out.loaded.scenario))
}

async function cmdRun (path: string, v: Values): Promise<void> {
  const spec = specOf(path, v, { keepFirstCalls: v.out !== undefined })
  const out = await runScenario(spec, progress('simulate'))
  const summary = summarize(out.prep, out.reps, { seed: out.seed, replications: out.reps.length, replay: spec.replay?.file })
  process.stdout.write(headline(summary))
  if (v.out !== undefined) {
    await writeOutputs(v.out, out, summary)
    process.stderr.write(
      `wrote ${join(v.out, 'summary.json')}, calls.csv (${out.reps.length} replication${out.reps.length === 1 ? '' : 's'}), report.html\n`
    )
  }
}

type Figure = number | null | undefined
const COMPARE_ROWS: Array<[string, (s: Summary) => Figure, (s: Summary) => Figure]> = [
  ['response p50 (min)', (s) => s.responseMinutes.p50, (s) => s.halfWidth95.responseP50],
  ['response p90 (min)', (s) => s.responseMinutes.p90, (s) => s.halfWidth95.responseP90],
  ['response mean (min)', (s) => s.responseMinutes.mean, (s) => s.halfWidth95.responseMean],
  ['mean wait (min)', (s) => s.waitMinutes.mean, (s) => s.halfWidth95.waitMean],
  ['share waited', (s) => s.pWait, (s) => s.halfWidth95.pWait],
  ['within target', (s) => s.withinTargetShare, (s) => s.halfWidth95.withinTargetShare],
  ['fallback share', (s) => s.fallbackShare, (s) => s.halfWidth95.fallbackShare]
]

const diff = (x: Figure, y: Figure): string => (typeof x === 'number' && typeof y === 'number' ? (y - x).toFixed(3) : '–')

function compareTable (a: Summary, b: Summary, labels: [string, string]): string {
  const rows = [['measure', labels[0], labels[1], 'B − A']]
  for (const [name, get, hw] of COMPARE_ROWS) {
    const x = get(a)
    const y = get(b)
    rows.push([name, `${x?.toFixed(3)} ± ${hw(a)?.toFixed(3) ?? '–'}`, `${y?.toFixed(3)} ± ${hw(b)?.toFixed(3) ?? '–'}`, diff(x, y)])
  }
  for (const k of new Set([...Object.keys(a.utilization), ...Object.keys(b.utilization)])) {
    rows.push([
      `utilization ${k}`,
      String(a.utilization[k] ?? '–'),
      String(b.utilization[k] ?? '–'),
      diff(a.utilization[k], b.utilization[k])
    ])
  }
  if (a.youth !== undefined || b.youth !== undefined) {
    const youthRows: Array<[string, (s: Summary) => Figure]> = [
      ['youth calls', (s) => s.youth?.calls],
      ['youth response p50 (min)', (s) => s.youth?.responseMinutes.p50],
      ['youth response p90 (min)', (s) => s.youth?.responseMinutes.p90],
      ['youth within target', (s) => s.youth?.withinTargetShare],
      ['youth met by a youth team', (s) => s.youth?.servedByYouthTeamShare ?? (s.youth !== undefined ? 0 : undefined)]
    ]
    for (const [name, get] of youthRows) {
      const x = get(a)
      const y = get(b)
      rows.push([name, x === undefined ? '–' : String(x), y === undefined ? '–' : String(y), diff(x, y)])
    }
  }
  rows.push(['teams', String(a.teams.total), String(b.teams.total), String(b.teams.total - a.teams.total)])
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => r.map((x, i) => (i === 0 ? x.padEnd(w[i]) : x.padStart(w[i]))).join('  ')).join('\n') + '\n'
}

/** Two scenarios on common random numbers: the same seed gives both the same calls when their demand is the same. */
async function cmdCompare (pa: string, pb: string, v: Values): Promise<void> {
  const oa = await runScenario(specOf(pa, v), progress('A'))
  const ob = await runScenario(specOf(pb, v, { seed: oa.seed }), progress('B'))
  const sa = summarize(oa.prep, oa.reps, { seed: oa.seed, replications: oa.reps.length })
  const sb = summarize(ob.prep, ob.reps, { seed: ob.seed, replications: ob.reps.length })
  const sameDemand = JSON.stringify(oa.loaded.scenario.demand) === JSON.stringify(ob.loaded.scenario.demand)
  process.stdout.write(
    `A: ${sa.scenario}\nB: ${sb.scenario}\n${sameDemand
? 'Common random numbers: both runs see the same calls.'
: 'The demand sections ' +
      'differ, so the calls differ too.'}\n\n`
  )
  process.stdout.write(compareTable(sa, sb, ['A', 'B']))
  if (v.out !== undefined) {
    mkdirSync(v.out, { recursive: true })
    writeFileSync(join(v.out, 'compare.json'), stableJson({ a: sa, b: sb, commonRandomNumbers: sameDemand }))
  }
}

async function cmdSite (path: string, v: Values): Promise<void> {
  const n = int(v.teams, 'teams')
  if (n === undefined) throw new UsageError('site needs --teams N')
  const loaded = loadScenario(path)
  const prep = prepare(loaded.scenario, loaded.sha256)
  const cover = Number(v['cover-minutes'] ?? loaded.scenario.sites?.coverMinutes ?? loaded.scenario.targets.responseMinutes['2'])
  const choice = chooseSites(prep, n, cover)
  process.stdout.write(
    `Chosen ${choice.chosen.length} bases (maximal covering within ${cover} min of turnout + travel, then p-median swaps):\n`
  )
  choice.chosen.forEach((c, i) => process.stdout.write(`  ${String(i + 1).padStart(2)}. ${c.name} (${c.lat}, ${c.lon})\n`))
  process.stdout.write(
    `Demand covered: ${(choice.coveredShare * 100).toFixed(1)}%, demand-weighted turnout + travel ${choice.meanTravelMinutes.toFixed(1)} ` +
    'min\n\n'
  )
  // Confirm: the scenario's teams moved to the chosen bases (its k-th distinct base becomes the k-th chosen site, cycling).
  const baseKeys: string[] = []
  const sited: Scenario = structuredClone(loaded.scenario)
  sited.name = `${loaded.scenario.name} — sited on ${n} bases`
  for (const t of sited.teams) {
    const key = JSON.stringify(t.base)
    if (!baseKeys.includes(key)) baseKeys.push(key)
    const c = choice.chosen[baseKeys.indexOf(key) % choice.chosen.length]
    t.base = { lat: c.lat, lon: c.lon }
  }
  const derived: LoadedScenario = { scenario: sited, path: `${path} (sited)`, sha256: loaded.sha256 }
  const oa = await runScenario(specOf(path, v, { loaded }), progress('current bases'))
  const ob = await runScenario(specOf(path, v, { loaded: derived, seed: oa.seed }), progress('chosen bases'))
  const sa = summarize(oa.prep, oa.reps, { seed: oa.seed, replications: oa.reps.length })
  const sb = summarize(ob.prep, ob.reps, { seed: ob.seed, replications: ob.reps.length })
  process.stdout.write('Confirmation by simulation (common random numbers):\n')
  process.stdout.write(compareTable(sa, sb, ['current bases', 'chosen bases']))
  if (v.out !== undefined) {
    mkdirSync(v.out, { recursive: true })
    writeFileSync(join(v.out, 'site.json'), stableJson({ teams: n, coverMinutes: cover, ...choice, current: sa, chosen: sb }))
    writeFileSync(join(v.out, 'sited-scenario.json'), stableJson(sited))
  }
}

function cmdValidate (v: Values): void {
  const r = runValidation({ scale: v.quick === true ? 0.25 : 1, progress: (name) => process.stderr.write(`validated: ${name}\n`) })
  process.stdout.write(v.json === true ? stableJson(r) : formatValidation(r))
  if (!r.passed) process.exitCode = 1
}

async function main (): Promise<void> {
  const { values: v, positionals: pos } = parseArgs({ options: OPTIONS, allowPositionals: true })
  if (v.help === true || pos.length === 0) {
    process.stdout.write(USAGE)
    return
  }
  switch (pos[0]) {
    case 'validate':
      cmdValidate(v)
      break
    case 'compare':
      if (pos.length !== 3) throw new UsageError('compare needs two scenario files')
      await cmdCompare(resolve(pos[1]), resolve(pos[2]), v)
      break
    case 'site':
      if (pos.length !== 2) throw new UsageError('site needs one scenario file')
      await cmdSite(resolve(pos[1]), v)
      break
    default:
      if (pos.length !== 1) throw new UsageError(`unexpected arguments: ${pos.slice(1).join(' ')}`)
      await cmdRun(resolve(pos[0]), v)
  }
}

main().catch((e: unknown) => {
  if (e instanceof ScenarioError || e instanceof UsageError) {
    process.stderr.write(`${e.message}\n`)
    if (e instanceof UsageError) process.stderr.write(USAGE)
    process.exitCode = 2
    return
  }
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exitCode = 1
})
