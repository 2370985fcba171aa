// Built-in validation cases: simulated figures against exact queueing results computed in code (Erlang C, Erlang B,
// Little's law, M_t/M/∞), each passing when within 4 standard errors (batch means or replications).
import { meanCi } from '../server/domain/metrics'
import { runMmc } from './mmc'
import { erlangB, erlangC, erlangCTail, mtMInfinityMeans } from './queueing'
import { generateCalls, OUTCOME } from './call-table'
import { MINUTES_PER_DAY, prepare } from './prepare'
import { simulate } from './engine'
import { validateScenario, type Scenario } from './scenario'
import { compact } from './rep-result'

export interface Metric {
  simulated: number
  exact: number
  stdErr: number
  zScore: number
  pass: boolean
}
export interface ValidationCase {
  name: string
  model: string
  engine: string
  arrivalRatePerHour: number
  meanServiceMinutes: number
  servers: number | null
  rho: number | null
  calls: number
  metrics: Record<string, Metric>
  pass: boolean
}

const Z_TOLERANCE = 4

function metric (sim: number, exact: number, se: number): Metric {
  // A zero standard error (e.g. no waits at all) would make any difference infinitely many SEs; floor it.
  const s = Math.max(se, 1e-9)
  const z = (sim - exact) / s
  return { simulated: sim, exact, stdErr: se, zScore: z, pass: Math.abs(z) <= Z_TOLERANCE }
}

const se = (xs: number[]): number => meanCi(xs).stdErr

function mmcCase (lam: number, svc: number, c: number, calls: number, seed: number): ValidationCase {
  const t = 10
  const r = runMmc({ lambdaPerHour: lam, meanServiceMinutes: svc, servers: c, calls, seed, waitThresholds: [t], batches: 30 })
  const l = lam / 60
  const mu = 1 / svc
  const e = erlangC(l, mu, c)
  const metrics = {
    pWait: metric(r.pWait, e.pWait, se(r.batches.pWait)),
    meanWaitMinutes: metric(r.meanWaitMinutes, e.meanWait, se(r.batches.meanWait)),
    pWaitGt10Min: metric(r.pWaitGt[0], erlangCTail(l, mu, c, t), se(r.batches.pWaitGt[0]))
  }
  return {
    name: `M/M/c (Erlang C), c=${c}, rho=${e.rho.toFixed(2)}`,
    model: 'M/M/c',
    engine: 'event heap + PRNG (simulations/mmc.ts)',
    arrivalRatePerHour: lam,
    meanServiceMinutes: svc,
    servers: c,
    rho: e.rho,
    calls: r.calls,
    metrics,
    pass: Object.values(metrics).every((m) => m.pass)
  }
}

function lossCase (lam: number, svc: number, c: number, calls: number, seed: number): ValidationCase {
  const r = runMmc({ lambdaPerHour: lam, meanServiceMinutes: svc, servers: c, calls, seed, mode: 'loss', batches: 30 })
  const a = (lam / 60) * svc
  const metrics = { fallbackShare: metric(r.pBlocked, erlangB(a, c), se(r.batches.pBlocked)) }
  return {
    name: `Erlang B loss variant (no free team: fall back), c=${c}`,
    model: 'M/M/c/c loss',
    engine: 'event heap + PRNG (simulations/mmc.ts)',
    arrivalRatePerHour: lam,
    meanServiceMinutes: svc,
    servers: c,
    rho: a / c,
    calls: r.calls,
    metrics,
    pass: metrics.fallbackShare.pass
  }
}

function littleCase (lam: number, svc: number, c: number, calls: number, seed: number): ValidationCase {
  const r = runMmc({ lambdaPerHour: lam, meanServiceMinutes: svc, servers: c, calls, seed, batches: 30 })
  const d = r.little.batchesL.map((x, i) => x - r.little.batchesLambdaW[i])
  const metrics = { numberInSystemL: metric(r.little.L, r.little.lambdaW, se(d)) }
  return {
    name: `Little's law L = lambda W, c=${c}`,
    model: 'Little',
    engine: 'event heap + PRNG (simulations/mmc.ts)',
    arrivalRatePerHour: lam,
    meanServiceMinutes: svc,
    servers: c,
    rho: ((lam / 60) * svc) / c,
    calls: r.calls,
    metrics,
    pass: metrics.numberInSystemL.pass
  }
}

const AT_BASE = { lat: 34.05, lon: -118.25 }

function pointScenario (name: string, callsPerDay: number, svc: number, servers: number, extra: Partial<Scenario> = {}): Scenario {
  return validateScenario({
    name,
    seed: 1,
    demand: {
      callsPerDay: { mental_health: callsPerDay },
      mix: { mental_health: [{ response: 'care_team', priority: 2, weight: 1 }] },
      spatial: { model: 'points', points: [AT_BASE] }
    },
    teams: [{ kind: 'crisis', count: servers, base: AT_BASE }],
    times: { turnoutMinutes: { dist: 'fixed', value: 0 }, onSceneMinutes: { mental_health: { dist: 'exponential', mean: svc } } },
    targets: { responseMinutes: { 1: 10, 2: 10, 3: 10 } },
    ...extra
  })
}

/** The full dispatch model with zero travel reduces to M/M/c: the same numbers must come out of it. */
function fullModelCase (lam: number, svc: number, c: number, days: number, reps: number, seed: number, loss: boolean): ValidationCase {
  const sc = pointScenario('full-model validation', lam * 24, svc, c, loss ? { dispatch: { fallback: { maxMinutes: 1e9 } } } : {})
  const prep = prepare(sc, '', { days })
  prep.warmupDays = 2
  // Replications of moderate length keep memory flat; each is cut into time batches for the standard error.
  const perRep = 5
  const span = (days * MINUTES_PER_DAY) / perRep
  const waited: number[] = []
  const wait: number[] = []
  const fb: number[] = []
  const n: number[] = []
  let calls = 0
  for (let r = 0; r < reps; r++) {
    const table = generateCalls(prep, seed, r)
    const rep = compact(prep, table, simulate(prep, table), r)
    calls += rep.calls
    const base = n.length
    for (let b = 0; b < perRep; b++) {
      waited.push(0)
      wait.push(0)
      fb.push(0)
      n.push(0)
    }
    for (let k = 0; k < rep.calls; k++) {
      const b = base + Math.min(perRep - 1, Math.floor(rep.t[k] / span))
      n[b]++
      if (rep.outcome[k] === OUTCOME.fallbackToPolice) {
        fb[b]++
        continue
      }
      if (rep.wait[k] > 0) waited[b]++
      wait[b] += rep.wait[k]
    }
  }
  const a = (lam / 60) * svc
  const frac = (xs: number[]): number[] => xs.map((x, i) => x / n[i])
  const total = (xs: number[]): number => xs.reduce((s, x) => s + x, 0)
  let metrics: Record<string, Metric>
  if (loss) {
    metrics = { fallbackShare: metric(total(fb) / calls, erlangB(a, c), se(frac(fb))) }
  } else {
    const e = erlangC(lam / 60, 1 / svc, c)
    metrics = {
      pWait: metric(total(waited) / calls, e.pWait, se(frac(waited))),
      meanWaitMinutes: metric(total(wait) / calls, e.meanWait, se(frac(wait)))
    }
  }
  return {
    name: loss
      ? `Erlang B through the full dispatch model (fallback when no team is free), c=${c}`
      : `M/M/c (Erlang C) through the full dispatch model, c=${c}`,
    model: loss ? 'M/M/c/c loss, full model' : 'M/M/c, full model',
    engine: 'dispatch model (simulations/model.ts): shared ranking, queue order, travel',
    arrivalRatePerHour: lam,
    meanServiceMinutes: svc,
    servers: c,
    rho: a / c,
    calls,
    metrics,
    pass: Object.values(metrics).every((m) => m.pass)
  }
}

/** Time-of-day arrivals from the demand generator, infinitely many teams: mean number busy at each hour vs closed form. */
function mtCase (days: number, seed: number): ValidationCase {
  const hourOfDay = Array.from({ length: 24 }, (_, h) => 1 + 0.6 * Math.sin((2 * Math.PI * (h - 9)) / 24))
  const perDay = 240
  const svc = 45
  const sc = pointScenario('M_t/M/inf validation', perDay, svc, 1, {
    demand: {
      callsPerDay: { mental_health: perDay },
      hourOfDay,
      mix: { mental_health: [{ response: 'care_team', priority: 2, weight: 1 }] },
      spatial: { model: 'points', points: [AT_BASE] }
    }
  })
  const prep = prepare(sc, '', { days })
  const calls = generateCalls(prep, seed, 0)
  // Number in system at each hour boundary: calls with arrival ≤ s < arrival + service (no queue with ∞ servers).
  const counts = new Float64Array(days * 24)
  for (let j = 0; j < calls.n; j++) {
    const a = calls.time[j]
    const end = a + calls.onScene[j]
    for (let h = Math.ceil(a / 60); h * 60 < end && h < counts.length; h++) counts[h]++
  }
  const w = hourOfDay.reduce((s, x) => s + x, 0)
  const rates = hourOfDay.map((x) => (((x * 24) / w) * perDay) / MINUTES_PER_DAY)
  const exact = mtMInfinityMeans(rates, 60, 1 / svc)
  let worst: Metric | null = null
  const metrics: Record<string, Metric> = {}
  for (let h = 0; h < 24; h++) {
    // Skip the first day: the system starts empty.
    const xs: number[] = []
    for (let d = 1; d < days; d++) xs.push(counts[d * 24 + h])
    const m = metric(meanCi(xs).mean, exact[h], se(xs))
    if (worst === null || Math.abs(m.zScore) > Math.abs(worst.zScore)) worst = m
    if (h % 6 === 0) metrics[`busyTeamsAt${String(h).padStart(2, '0')}h`] = m
  }
  metrics.worstHour = worst!
  return {
    name: 'M_t/M/inf: time-of-day arrivals (demand generator) against the closed form',
    model: 'M_t/M/inf',
    engine: 'demand generator (NHPP by thinning) + service draws (simulations/model.ts)',
    arrivalRatePerHour: perDay / 24,
    meanServiceMinutes: svc,
    servers: null,
    rho: null,
    calls: calls.n,
    metrics,
    pass: Object.values(metrics).every((m) => m.pass)
  }
}

export interface ValidationOptions {
  scale?: number
  seed?: number
  progress?: (name: string) => void
}

export function runValidation (o: ValidationOptions = {}): { passed: boolean; tolerance: string; cases: ValidationCase[] } {
  const k = o.scale ?? 1
  const seed = o.seed ?? 20260
  const p = o.progress ?? (() => {})
  const cases: ValidationCase[] = []
  const add = (c: ValidationCase): void => {
    p(c.name)
    cases.push(c)
  }
  add(mmcCase(1.2, 25, 1, Math.round(2_000_000 * k), seed))
  add(mmcCase(4, 30, 3, Math.round(2_000_000 * k), seed + 1))
  add(mmcCase(6, 40, 5, Math.round(3_000_000 * k), seed + 2))
  add(mmcCase(20, 45, 18, Math.round(4_000_000 * k), seed + 3))
  add(mmcCase(51, 40, 40, Math.round(4_000_000 * k), seed + 4))
  add(lossCase(20, 45, 18, Math.round(1_000_000 * k), seed + 5))
  add(littleCase(6, 40, 5, Math.round(1_000_000 * k), seed + 6))
  add(mtCase(Math.round(1500 * k), seed + 7))
  add(fullModelCase(20, 45, 18, Math.round(1000 * k), 6, seed + 8, false))
  add(fullModelCase(20, 45, 18, Math.round(400 * k), 2, seed + 9, true))
  return {
    passed: cases.every((c) => c.pass),
    tolerance: `|simulated - exact| <= ${Z_TOLERANCE} standard errors (30 batch means)`,
    cases
  }
}

export function formatValidation (r: ReturnType<typeof runValidation>): string {
  const rows: string[][] = [['case', 'arrivals/h', 'service min', 'servers', 'metric', 'simulated', 'exact', 'std err', 'z', 'result']]
  for (const c of r.cases) {
    for (const [name, m] of Object.entries(c.metrics)) {
      rows.push([
        c.name,
        String(c.arrivalRatePerHour),
        String(c.meanServiceMinutes),
        c.servers === null ? '∞' : String(c.servers),
        name,
        m.simulated.toFixed(4),
        m.exact.toFixed(4),
        m.stdErr.toFixed(4),
        m.zScore.toFixed(2),
        m.pass ? 'pass' : 'FAIL'
      ])
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  const line = (r: string[]): string => r.map((x, i) => (i === 0 || i === 4 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')
  return (
    [
      line(rows[0]),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...rows.slice(1).map(line),
      '',
      `${r.cases.filter((c) => c.pass).length}/${r.cases.length} cases pass (${r.tolerance})`
    ].join('\n') + '\n'
  )
}
