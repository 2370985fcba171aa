// Exact queueing results the simulator is validated against: Erlang B, Erlang C, the M/M/c waiting-time tail,
// and the periodic steady state of an M_t/M/∞ queue with a piecewise-constant arrival rate.

/** Erlang B blocking probability for offered load a = λ/μ on c servers (stable recursion). */
export function erlangB (a: number, c: number): number {
  let b = 1
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b)
  return b
}

export interface ErlangC {
  rho: number
  /** P(an arrival waits). */
  pWait: number
  /** Mean wait in queue, in the time unit of 1/μ. */
  meanWait: number
}

/** M/M/c: λ and μ per the same time unit (e.g. per minute). */
export function erlangC (lambda: number, mu: number, c: number): ErlangC {
  const a = lambda / mu
  const rho = a / c
  if (rho >= 1) throw new Error(`unstable: rho ${rho} >= 1`)
  const b = erlangB(a, c)
  const pWait = (c * b) / (c - a * (1 - b))
  return { rho, pWait, meanWait: pWait / (c * mu - lambda) }
}

/** P(wait > t) in M/M/c. */
export function erlangCTail (lambda: number, mu: number, c: number, t: number): number {
  return erlangC(lambda, mu, c).pWait * Math.exp(-(c * mu - lambda) * t)
}

/**
 * M_t/M/∞ with a rate constant within each period slot: the mean number in system m(t) solves m' = λ(t) − μm.
 * Within slot h, m(t) = λh/μ + (m(t_h) − λh/μ)·e^(−μ(t − t_h)); the periodic steady state is the fixed point
 * of one full cycle. Returns m at the start of each slot. `rates` per time unit, `slot` in the same unit.
 */
export function mtMInfinityMeans (rates: ArrayLike<number>, slot: number, mu: number): number[] {
  const n = rates.length
  const decay = Math.exp(-mu * slot)
  // m(end) = A·m(start) + B over one cycle, linear in m(start).
  let A = 1
  let B = 0
  for (let h = 0; h < n; h++) {
    const eq = rates[h] / mu
    A = A * decay
    B = eq + (B - eq) * decay
  }
  let m = B / (1 - A)
  const out: number[] = []
  for (let h = 0; h < n; h++) {
    out.push(m)
    const eq = rates[h] / mu
    m = eq + (m - eq) * decay
  }
  return out
}
