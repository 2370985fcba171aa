// Small-cell suppression: a figure with fewer than MIN_CELL calls behind it is written "suppressed", never zero. Pure.
import { round } from '../../domain/metrics'
import { MIN_CELL, SUPPRESSED, type Cell } from '../../contracts/reports'

const small = (n: number, min = MIN_CELL): boolean => n > 0 && n < min

/** A count of calls: shown when 0 or at least MIN_CELL (or `min`: the public summary's threshold is higher). */
export function countCell (n: number, min = MIN_CELL): Cell {
  return small(n, min) ? SUPPRESSED : n
}

/** A figure measured over `n` calls (a percentile, a rate): null when there is nothing to measure. */
export function figureCell (value: number | null, n: number, digits = 2, min = MIN_CELL): Cell {
  if (n === 0 || value === null) return null
  return n < min ? SUPPRESSED : round(value, digits)
}

/** A share: suppressed when its base is small, or when its numerator is (the share times a shown base would give it away). */
export function shareCell (part: number, whole: number): Cell {
  if (whole === 0) return null
  return whole < MIN_CELL || small(part) ? SUPPRESSED : round(part / whole, 4)
}

/**
 * A measured count and its missing count add up to the row's calls: when either is small, both are suppressed,
 * so one cannot be recovered from the other.
 */
export function countPair (measured: number, missing: number): [Cell, Cell] {
  return small(measured) || small(missing) ? [SUPPRESSED, SUPPRESSED] : [measured, missing]
}

/** A row of fewer than MIN_CELL calls shows nothing at all. */
export function suppressRow (values: Record<string, Cell>, calls: number): Record<string, Cell> {
  if (!small(calls)) return values
  return Object.fromEntries(Object.keys(values).map((k) => [k, SUPPRESSED]))
}

/** An additive count of a table's rows, and the columns that would give it away (itself, its figures, its shares). */
export interface ProtectMeasure<A> {
  id: string
  n: (a: A | undefined) => number
  cols: readonly string[]
}

export interface ProtectSpec<A> {
  /** The row's calls: a row whose calls are suppressed shows nothing. */
  calls: (a: A | undefined) => number
  measures: ReadonlyArray<ProtectMeasure<A>>
  /** Pairs of measure ids that add up to the row's calls (measured and missing). */
  pairs?: ReadonlyArray<readonly [string, string]>
}

/** A row of a table with the aggregate it was computed from. */
export interface ProtectRow<A> {
  agg: A | undefined
  values: Record<string, Cell>
}

/** A shown sum of rows: a total row, or a group row over its member rows (indexes into the rows). */
export interface RowSum {
  total: number
  parts: readonly number[]
}

const CALLS = '\u0000calls'

/**
 * Complementary suppression: after the small cells are suppressed one by one, suppress more so that no suppressed
 * count can be worked out from what is shown. In each sum (a total or group row over its rows) no count is the only
 * one suppressed among the parts while the sum is shown: the smallest other non-zero part is suppressed too (or, if
 * there is none, the sum). A row whose calls are suppressed shows nothing; a measured count and its missing count are
 * suppressed together. Repeated until nothing changes. Changes `rows[i].values` in place.
 */
export function protectRows<A> (rows: Array<ProtectRow<A>>, sums: readonly RowSum[], spec: ProtectSpec<A>, min = MIN_CELL): void {
  const small = (n: number): boolean => n > 0 && n < min
  const ids = [CALLS, ...spec.measures.map((m) => m.id)]
  const count = (i: number, id: string): number =>
    id === CALLS ? spec.calls(rows[i].agg) : spec.measures.find((m) => m.id === id)!.n(rows[i].agg)
  const hidden = rows.map((r, i) => new Set(ids.filter((id) => small(count(i, id)) || (id === CALLS && small(spec.calls(r.agg))))))
  let changed = true
  const hide = (i: number, id: string): void => {
    if (!hidden[i].has(id)) {
      hidden[i].add(id)
      changed = true
    }
  }
  while (changed) {
    changed = false
    for (let i = 0; i < rows.length; i++) {
      if (hidden[i].has(CALLS)) for (const id of ids) hide(i, id)
      for (const [a, b] of spec.pairs ?? []) {
        if (hidden[i].has(a) !== hidden[i].has(b)) {
          hide(i, a)
          hide(i, b)
        }
      }
    }
    for (const s of sums) {
      for (const id of ids) {
        if (hidden[s.total].has(id)) continue
        if (s.parts.filter((p) => hidden[p].has(id)).length !== 1) continue
        const next = s.parts.filter((p) => !hidden[p].has(id) && count(p, id) > 0).sort((a, b) => count(a, id) - count(b, id))[0]
        hide(next ?? s.total, id)
      }
    }
  }
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i].values
    if (hidden[i].has(CALLS)) {
      for (const k of Object.keys(v)) v[k] = SUPPRESSED
      continue
    }
    for (const m of spec.measures) if (hidden[i].has(m.id)) for (const c of m.cols) if (c in v) v[c] = SUPPRESSED
  }
}

/**
 * Parts that add up to a shown whole (served + not served + open = eligible): when one part is small, a second
 * (the smallest other non-zero part) is suppressed too, so neither can be recovered by subtraction; when there is
 * no second, the whole is suppressed as well.
 */
export function suppressParts (parts: Record<string, number>): { cells: Record<string, Cell>; wholeSuppressed: boolean } {
  const cells: Record<string, Cell> = Object.fromEntries(Object.entries(parts).map(([k, n]) => [k, countCell(n)]))
  const hidden = Object.keys(parts).filter((k) => cells[k] === SUPPRESSED)
  if (hidden.length !== 1) return { cells, wholeSuppressed: false }
  const next = Object.entries(parts)
    .filter(([k, n]) => n > 0 && cells[k] !== SUPPRESSED)
    .sort((a, b) => a[1] - b[1])[0]
  if (next === undefined) return { cells, wholeSuppressed: true }
  cells[next[0]] = SUPPRESSED
  return { cells, wholeSuppressed: false }
}
