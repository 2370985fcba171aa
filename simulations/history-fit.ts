// A scenario from a city's own history: demand per category and hour of week, where calls fall (by council
// district, spread over the district's census tracts), triage results as the mix, turnout and on-scene times
// fitted as lognormals (with 95% confidence bounds and the data's histogram beside the fitted density), and the
// roster's teams. Pure: the planner's browser worker runs it on records that carry times, areas and triage
// results only. Also the replay rows of the same records, for "replay history under this plan".
import { CATEGORIES, RESPONSES, type Category, type Priority, type ResponseType } from '../server/domain/types'
import { t975 } from '../server/domain/metrics'
import { DEMAND_CATEGORIES, type DemandCategory } from './scenario-core'
import type { Dist, Scenario, TeamSpec } from './scenario'

export interface HistoryCall {
  /** Minutes from the Monday 00:00 (local) on or before the period's first day. */
  minute: number
  category: string
  response: string
  priority: number
  councilDistrict: string | null
  lapdDivision: string | null
  turnoutMinutes: number | null
  onSceneMinutes: number | null
}

export interface RosterGroup {
  kind: string
  count: number
  capabilities: string[]
  baseName: string | null
  baseLat: number | null
  baseLon: number | null
}

export interface LognormalFit {
  n: number
  /** Mean and sd of log(minutes), each with a 95% confidence interval. */
  mu: number
  muCi: [number, number]
  sigma: number
  sigmaCi: [number, number]
  /** The same distribution as the scenario states it: mean and sd in minutes. */
  mean: number
  sd: number
  /** The data's histogram (share per bin) and the fitted density over the same bins. */
  bins: number[]
  observed: number[]
  fitted: number[]
}

const Z = 1.959963984540054

function normalCdf (x: number): number {
  // Abramowitz and Stegun 7.1.26 through erf; good to 1.5e-7, plenty for a chart.
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2)
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp((-x * x) / 2)
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2
}

/**
 * Lognormal by maximum likelihood (the mean and sd of the logs). Bounds: Student t for mu, and for sigma the
 * chi-square interval, approximated by the Wilson-Hilferty cube root so no table is needed.
 */
export function fitLognormal (values: ArrayLike<number>, binWidth = 5, bins = 24): LognormalFit | null {
  const logs: number[] = []
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && Number.isFinite(values[i])) logs.push(Math.log(values[i]))
  const n = logs.length
  if (n < 10) return null
  const mu = logs.reduce((a, x) => a + x, 0) / n
  const s2 = logs.reduce((a, x) => a + (x - mu) ** 2, 0) / (n - 1)
  const sigma = Math.sqrt(s2)
  const half = (t975(n - 1) * sigma) / Math.sqrt(n)
  const k = n - 1
  const chi = (z: number): number => k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3
  const sigmaCi: [number, number] = [sigma * Math.sqrt(k / chi(Z)), sigma * Math.sqrt(k / chi(-Z))]
  const observed = new Array(bins).fill(0)
  for (const l of logs) observed[Math.min(bins - 1, Math.floor(Math.exp(l) / binWidth))]++
  const cdf = (x: number): number => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma))
  return {
    n,
    mu,
    muCi: [mu - half, mu + half],
    sigma,
    sigmaCi,
    mean: Math.exp(mu + s2 / 2),
    sd: Math.exp(mu + s2 / 2) * Math.sqrt(Math.exp(s2) - 1),
    bins: Array.from({ length: bins }, (_, i) => i * binWidth),
    observed: observed.map((c) => c / n),
    fitted: Array.from({ length: bins }, (_, i) =>
      i === bins - 1 ? 1 - cdf(i * binWidth) : cdf((i + 1) * binWidth) - cdf(i * binWidth)
    )
  }
}

export interface HistoryFit {
  scenario: Scenario
  callsPerDay: Partial<Record<DemandCategory, number>>
  /** Relative demand per hour of week (Monday 00:00 first), mean 1. */
  hourOfWeek: number[]
  turnout: LognormalFit | null
  onScene: Partial<Record<DemandCategory, LognormalFit | null>>
  /** Calls per council district. */
  byDistrict: Record<string, number>
  notes: string[]
  calls: number
  /** Calls left out: outside the care-team categories, or not placed in a council district. */
  skipped: { category: number; unplaced: number }
}

export interface FitInput {
  calls: HistoryCall[]
  /** First and last minute of the period (from the Monday before), so partial weeks are counted right. */
  startMinute: number
  endMinute: number
  /** Census tracts per council district (geoids), for where calls fall. */
  tractsByDistrict: Map<string, string[]>
  roster: RosterGroup[]
  /** Times, targets and policy not in the records come from this scenario. */
  base: Scenario
  name: string
  periodLabel: string
}

const isDemand = (c: string): c is DemandCategory => (DEMAND_CATEGORIES as readonly string[]).includes(c)

export function fitHistory (input: FitInput): HistoryFit {
  const { calls, startMinute, endMinute, base } = input
  const days = (endMinute - startMinute) / 1440
  const notes: string[] = []
  const skipped = { category: 0, unplaced: 0 }
  const counts: Partial<Record<DemandCategory, number>> = {}
  const how: number[] = new Array(168).fill(0)
  const mix = new Map<string, { cat: DemandCategory; response: ResponseType; priority: Priority; n: number }>()
  const byDistrict: Record<string, number> = {}
  const turnout: number[] = []
  const onScene: Record<string, number[]> = {}
  let used = 0
  for (const c of calls) {
    if (!isDemand(c.category)) {
      skipped.category++
      continue
    }
    used++
    counts[c.category] = (counts[c.category] ?? 0) + 1
    how[Math.floor((((c.minute % 10080) + 10080) % 10080) / 60)]++
    const response = (RESPONSES as readonly string[]).includes(c.response) ? (c.response as ResponseType) : 'care_team'
    const priority = ([1, 2, 3].includes(c.priority) ? c.priority : 2) as Priority
    const key = `${c.category}|${response}|${priority}`
    const m = mix.get(key)
    if (m) m.n++
    else mix.set(key, { cat: c.category, response, priority, n: 1 })
    if (c.councilDistrict !== null && input.tractsByDistrict.has(c.councilDistrict)) {
      byDistrict[c.councilDistrict] = (byDistrict[c.councilDistrict] ?? 0) + 1
    } else skipped.unplaced++
    if (c.turnoutMinutes !== null) turnout.push(c.turnoutMinutes)
    if (c.onSceneMinutes !== null) (onScene[c.category] ??= []).push(c.onSceneMinutes)
  }
  // Hour-of-week weights: calls per occurrence of that hour in the period, so a period of 10 days counts right.
  const occurrences: number[] = new Array(168).fill(0)
  for (let h = Math.floor(startMinute / 60); h < Math.ceil(endMinute / 60); h++) occurrences[h % 168]++
  const rate = how.map((x, h) => (occurrences[h] > 0 ? x / occurrences[h] : 0))
  const meanRate = rate.reduce((a, x) => a + x, 0) / 168
  const hourOfWeek = rate.map((x) => (meanRate > 0 ? Math.round((x / meanRate) * 1000) / 1000 : 1))
  if (!hourOfWeek.some((x) => x > 0)) hourOfWeek.fill(1)
  if (occurrences.some((o) => o === 0)) {
    notes.push('The period is shorter than a week: hours of the week it does not cover get no demand.')
  }

  const callsPerDay: Partial<Record<DemandCategory, number>> = {}
  for (const c of DEMAND_CATEGORIES) if (counts[c] !== undefined) callsPerDay[c] = Math.round((counts[c]! / days) * 100) / 100

  const scenario: Scenario = structuredClone(base)
  scenario.name = input.name
  scenario.description = `Built from ${used} care-team category calls of ${input.periodLabel} (times, areas and triage results only).`
  delete scenario.$schema
  scenario.sources = [
    `Calls of ${input.periodLabel} in this deployment (live and/or imported CAD records), through the live triage protocol`
  ]
  scenario.demand = {
    callsPerDay: Object.keys(callsPerDay).length > 0 ? callsPerDay : { mental_health: 0 },
    hourOfWeek,
    mix: {},
    spatial: base.demand.spatial
  }
  for (const m of [...mix.values()].sort((a, b) => b.n - a.n)) {
    ;(scenario.demand.mix[m.cat] ??= []).push({ response: m.response, priority: m.priority, weight: m.n })
  }
  if (Object.keys(byDistrict).length > 0) {
    const weights: Record<string, number> = {}
    for (const [d, n] of Object.entries(byDistrict).sort()) {
      const tracts = input.tractsByDistrict.get(d)!
      for (const g of tracts) weights[g] = Math.round((n / tracts.length) * 1e6) / 1e6
    }
    scenario.demand.spatial = { model: 'custom', weights, defaultWeight: 0 }
  } else notes.push('No call was placed in a council district: where calls fall is kept from the base scenario.')

  const tFit = fitLognormal(turnout)
  if (tFit) scenario.times.turnoutMinutes = { dist: 'lognormal', mean: round2(tFit.mean), sd: round2(Math.max(tFit.sd, 0.01)) }
  else notes.push(`Turnout: ${turnout.length} measured (fewer than 10); kept from the base scenario.`)
  const oFits: Partial<Record<DemandCategory, LognormalFit | null>> = {}
  for (const c of DEMAND_CATEGORIES) {
    if (counts[c] === undefined) continue
    const f = fitLognormal(onScene[c] ?? [])
    oFits[c] = f
    if (f) {
      scenario.times.onSceneMinutes[c] = { dist: 'lognormal', mean: round2(f.mean), sd: round2(Math.max(f.sd, 0.01)) } satisfies Dist
    } else {
      notes.push(
        `On scene, ${c.replace('_', ' ')}: ${(onScene[c] ?? []).length} measured (fewer than 10); kept from the base scenario.`
      )
      scenario.times.onSceneMinutes[c] ??= { dist: 'lognormal', mean: 40, sd: 25 }
    }
  }

  const teams: TeamSpec[] = []
  let unbased = 0
  for (const g of input.roster) {
    if (g.baseLat === null || g.baseLon === null) {
      unbased += g.count
      continue
    }
    teams.push({
      name: `${g.kind} at ${g.baseName ?? 'base'}`,
      kind: g.kind as TeamSpec['kind'],
      count: g.count,
      capabilities: g.capabilities as TeamSpec['capabilities'],
      base: { lat: g.baseLat, lon: g.baseLon, ...(g.baseName ? { name: g.baseName } : {}) }
    })
  }
  if (teams.length > 0) scenario.teams = teams
  else notes.push('The roster has no team with a base: teams are kept from the base scenario.')
  if (unbased > 0) notes.push(`${unbased} team(s) of the roster have no base and are left out.`)
  notes.push('Shifts: the roster records who is on shift now, not a rota; teams are on around the clock unless you set shifts.')
  if (skipped.unplaced > 0) {
    notes.push(`${skipped.unplaced} call(s) have no council district: they count in demand but not in where calls fall.`)
  }
  scenario.assumptions = [
    `Demand, hour-of-week profile, triage mix and where calls fall: from ${used} calls of ${input.periodLabel}.`,
    tFit ? `Turnout: lognormal fitted to ${tFit.n} measured turnouts.` : 'Turnout: from the base scenario.',
    `Transport, backup, recovery, travel, dispatch policy and targets: from "${base.name}".`,
    ...notes
  ]
  return { scenario, callsPerDay, hourOfWeek, turnout: tFit, onScene: oFits, byDistrict, notes, calls: used, skipped }
}

const round2 = (x: number): number => Math.round(x * 100) / 100

export const REPLAY_HEADER = [
  'received_minute',
  'call_type',
  'lat',
  'lon',
  'category',
  'response',
  'priority',
  'turnout_minutes',
  'on_scene_minutes'
] as const

/**
 * The records as replay rows: each call placed on a demand point of its council district (spread evenly over the
 * district's points), its measured turnout and on-scene time kept (the simulator draws those not measured).
 */
export function replayRows (
  calls: HistoryCall[],
  points: { lat: ArrayLike<number>; lon: ArrayLike<number>; district: ArrayLike<number>; n: number },
  districtNames: string[]
): { header: string[]; rows: Array<{ line: number; values: Record<string, string> }>; unplaced: number } {
  const byDistrict = new Map<number, number[]>()
  for (let i = 0; i < points.n; i++) {
    const d = points.district[i]
    if (d < 0) continue
    let l = byDistrict.get(d)
    if (!l) {
      l = []
      byDistrict.set(d, l)
    }
    l.push(i)
  }
  const all = Array.from({ length: points.n }, (_, i) => i)
  const seen = new Map<number, number>()
  let unplaced = 0
  const rows: Array<{ line: number; values: Record<string, string> }> = []
  calls.forEach((c, k) => {
    if (!(CATEGORIES as readonly string[]).includes(c.category)) return
    const d = c.councilDistrict === null ? -1 : districtNames.indexOf(c.councilDistrict)
    const list = byDistrict.get(d) ?? all
    if (!byDistrict.has(d)) unplaced++
    const j = seen.get(d) ?? 0
    seen.set(d, j + 1)
    // A stride coprime with most list lengths spreads consecutive calls over the district.
    const p = list[(j * 7919) % list.length]
    rows.push({
      line: k + 2,
      values: {
        received_minute: String(c.minute),
        call_type: '',
        lat: String(points.lat[p]),
        lon: String(points.lon[p]),
        category: c.category as Category,
        response: c.response,
        priority: String(c.priority),
        turnout_minutes: c.turnoutMinutes === null ? '' : String(c.turnoutMinutes),
        on_scene_minutes: c.onSceneMinutes === null ? '' : String(c.onSceneMinutes)
      }
    })
  })
  return { header: [...REPLAY_HEADER], rows, unplaced }
}
