// Base siting: choose N bases from candidate sites by greedy maximal covering (demand within the cover time),
// ties and leftovers broken by demand-weighted travel (p-median), then improved by one-for-one swaps.
import { travelMinutesXY } from '../server/domain/travel'
import type { Prepared } from './prepare'
import { laData } from './prepare'

export interface Candidate {
  name: string
  lat: number
  lon: number
}

export interface SiteChoice {
  chosen: Candidate[]
  coveredShare: number
  meanTravelMinutes: number
}

export function candidatesOf (prep: Prepared): Candidate[] {
  const c = prep.scenario.sites?.candidates ?? 'fire_stations'
  if (c === 'fire_stations') {
    return laData().stations.rows.map((s) => ({ name: `Station ${s.station} (${s.community})`, lat: s.lat, lon: s.lon }))
  }
  return c
}

/** Demand weight per site: the alias table's implied probabilities. */
function siteWeights (prep: Prepared): Float64Array {
  const a = prep.siteAlias
  const w = new Float64Array(a.n)
  for (let i = 0; i < a.n; i++) {
    w[i] += a.prob[i] / a.n
    w[a.alias[i]] += (1 - a.prob[i]) / a.n
  }
  return w
}

export function chooseSites (prep: Prepared, n: number, coverMinutes: number): SiteChoice {
  const cands = candidatesOf(prep)
  const w = siteWeights(prep)
  const m = prep.sites.n
  const turnout = 3
  // Travel from each candidate to each demand point, with the shared travel model.
  const tt = new Float64Array(cands.length * m)
  cands.forEach((c, i) => {
    for (let j = 0; j < m; j++) {
      tt[i * m + j] = turnout + travelMinutesXY(c.lat, c.lon, prep.sites.lat[j], prep.sites.lon[j], prep.travel)
    }
  })
  const evaluate = (set: number[]): [number, number] => {
    let cov = 0
    let sum = 0
    for (let j = 0; j < m; j++) {
      let best = Infinity
      for (const i of set) if (tt[i * m + j] < best) best = tt[i * m + j]
      if (best <= coverMinutes) cov += w[j]
      sum += w[j] * best
    }
    return [cov, sum]
  }
  const better = (a: [number, number], b: [number, number]): boolean =>
    a[0] > b[0] + 1e-12 || (Math.abs(a[0] - b[0]) <= 1e-12 && a[1] < b[1])
  const set: number[] = []
  for (let k = 0; k < Math.min(n, cands.length); k++) {
    let bestI = -1
    let bestV: [number, number] = [-1, Infinity]
    for (let i = 0; i < cands.length; i++) {
      if (set.includes(i)) continue
      const v = evaluate([...set, i])
      if (better(v, bestV)) {
        bestV = v
        bestI = i
      }
    }
    set.push(bestI)
  }
  // One pass of swaps (Teitz–Bart style) to escape greedy's early choices.
  let cur = evaluate(set)
  for (let s = 0; s < set.length; s++) {
    for (let i = 0; i < cands.length; i++) {
      if (set.includes(i)) continue
      const trial = [...set]
      trial[s] = i
      const v = evaluate(trial)
      if (better(v, cur)) {
        cur = v
        set[s] = i
      }
    }
  }
  return { chosen: set.map((i) => cands[i]), coveredShare: cur[0], meanTravelMinutes: cur[1] }
}
