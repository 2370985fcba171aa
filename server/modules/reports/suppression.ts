// Small-cell suppression: a figure with fewer than MIN_CELL calls behind it is written "suppressed", never zero. Pure.
import { round } from '../../domain/metrics'
import { MIN_CELL, SUPPRESSED, type Cell } from '../../contracts/reports'

const small = (n: number): boolean => n > 0 && n < MIN_CELL

/** A count of calls: shown when 0 or at least MIN_CELL. */
export function countCell (n: number): Cell {
  return small(n) ? SUPPRESSED : n
}

/** A figure measured over `n` calls (a percentile, a rate): null when there is nothing to measure. */
export function figureCell (value: number | null, n: number, digits = 2): Cell {
  if (n === 0 || value === null) return null
  return n < MIN_CELL ? SUPPRESSED : round(value, digits)
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

/**
 * Parts that add up to a shown whole (served + not served + open = eligible): when one part is small, a second
 * (the smallest other non-zero part) is suppressed too, so neither can be recovered by subtraction; when there is
 * no second, the whole is suppressed as well.
 */
export function suppressParts (parts: Record<string, number>): { cells: Record<string, Cell>, wholeSuppressed: boolean } {
  const cells: Record<string, Cell> = Object.fromEntries(Object.entries(parts).map(([k, n]) => [k, countCell(n)]))
  const hidden = Object.keys(parts).filter((k) => cells[k] === SUPPRESSED)
  if (hidden.length !== 1) return { cells, wholeSuppressed: false }
  const next = Object.entries(parts).filter(([k, n]) => n > 0 && cells[k] !== SUPPRESSED).sort((a, b) => a[1] - b[1])[0]
  if (next === undefined) return { cells, wholeSuppressed: true }
  cells[next[0]] = SUPPRESSED
  return { cells, wholeSuppressed: false }
}
