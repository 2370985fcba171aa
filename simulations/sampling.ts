// Sampling for the simulator: Vose's alias tables for discrete weights, and draws from a scenario's
// distributions (with fdlibm-style exp/log, so a draw is the same bit for bit in Node and in a browser).
import { fexp, flog } from '../server/domain/fmath'
import type { Rng } from './rng'
import type { Dist } from './scenario'

export interface Alias {
  n: number
  prob: Float64Array
  alias: Int32Array
}

/** Vose's alias table: O(1) sampling from a discrete distribution. */
export function buildAlias (weights: ArrayLike<number>): Alias {
  const n = weights.length
  let total = 0
  for (let i = 0; i < n; i++) total += weights[i]
  const prob = new Float64Array(n)
  const alias = new Int32Array(n)
  const scaled = new Float64Array(n)
  const small: number[] = []
  const large: number[] = []
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] * n) / total
    if (scaled[i] < 1) small.push(i)
    else large.push(i)
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!
    const l = large.pop()!
    prob[s] = scaled[s]
    alias[s] = l
    scaled[l] = scaled[l] + scaled[s] - 1
    if (scaled[l] < 1) small.push(l)
    else large.push(l)
  }
  for (const i of large) {
    prob[i] = 1
    alias[i] = i
  }
  for (const i of small) {
    prob[i] = 1
    alias[i] = i
  }
  return { n, prob, alias }
}

export function sampleAlias (a: Alias, rng: Rng): number {
  const i = rng.int(a.n)
  return rng.next() < a.prob[i] ? i : a.alias[i]
}

export function sampleDist (d: Dist, rng: Rng): number {
  switch (d.dist) {
    case 'fixed':
      return d.value
    case 'exponential':
      return rng.exp(d.mean)
    case 'lognormal': {
      const s2 = flog(1 + (d.sd * d.sd) / (d.mean * d.mean))
      return fexp(flog(d.mean) - s2 / 2 + Math.sqrt(s2) * rng.normal())
    }
    case 'uniform':
      return d.min + (d.max - d.min) * rng.next()
    case 'empirical':
      return d.values[rng.int(d.values.length)]
  }
}
