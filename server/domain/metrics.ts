// Interval statistics shared by the simulator and the live reports: percentiles, means and 95% confidence
// half-widths (Student t over replications or batch means). Pure.

/** Percentile of an ascending array, p in [0, 100], linear interpolation between order statistics (type 7). */
export function percentileSorted (sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  if (n === 1) return sorted[0]
  const h = ((n - 1) * Math.min(100, Math.max(0, p))) / 100
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** Percentile of unsorted values (copies and sorts; NaN values are ignored). */
export function percentile (values: ArrayLike<number>, p: number): number {
  const v = Float64Array.from(values as ArrayLike<number>)
    .filter((x) => !Number.isNaN(x))
    .sort()
  return percentileSorted(v, p)
}

export function mean (values: ArrayLike<number>): number {
  let s = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (!Number.isNaN(x)) {
      s += x
      n++
    }
  }
  return n === 0 ? NaN : s / n
}

/** Sample variance (n − 1). */
export function variance (values: ArrayLike<number>): number {
  const m = mean(values)
  let s = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (!Number.isNaN(x)) {
      s += (x - m) * (x - m)
      n++
    }
  }
  return n < 2 ? NaN : s / (n - 1)
}

const T975 = [
  NaN,
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042
]

/** Two-sided 95% Student t quantile for `df` degrees of freedom. */
export function t975 (df: number): number {
  if (!(df >= 1)) return NaN
  if (df < T975.length) return T975[Math.floor(df)]
  // Cornish–Fisher expansion around z = 1.96: accurate to 1e-3 beyond 30 df.
  const z = 1.959964
  // Products, not **: Math.pow's last bits differ between JavaScript engines (see fmath.ts).
  const z3 = z * z * z
  return z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df)
}

export interface Estimate {
  mean: number
  /** Standard error of the mean. */
  stdErr: number
  /** 95% confidence half-width. */
  halfWidth: number
  n: number
}

/** Mean and 95% half-width of independent estimates (replications or batch means). */
export function meanCi (values: ArrayLike<number>): Estimate {
  const xs = Array.from(values).filter((x) => !Number.isNaN(x))
  const n = xs.length
  const m = mean(xs)
  if (n < 2) return { mean: m, stdErr: NaN, halfWidth: NaN, n }
  const se = Math.sqrt(variance(xs) / n)
  return { mean: m, stdErr: se, halfWidth: t975(n - 1) * se, n }
}

/** Exact powers of ten (literals: no engine's pow is involved). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]

/** Rounds for reports and stable JSON (NaN and infinities become null). */
export function round (x: number, digits = 3): number | null {
  if (!Number.isFinite(x)) return null
  const f = POW10[digits] ?? 10 ** digits
  return Math.round(x * f) / f
}
