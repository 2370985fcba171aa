// A report table as CSV: the slice, then every column; suppressed cells read "suppressed", empty cells are empty.
// Labels that a spreadsheet would run as a formula are neutralized by csvLine, like every CSV the product writes.
import { csvLine } from '../../lib/csv'
import type { Cell, ReportRow, ReportTable } from '../../contracts/reports'

const cell = (c: Cell): string | number => (c === null ? '' : c)

export function tableCsv (t: ReportTable): string {
  const series = t.rows.some((r) => r.series !== undefined)
  const line = (r: ReportRow): string =>
    csvLine([r.label, ...(series ? [r.series ?? ''] : []), ...t.columns.map((c) => cell(r.values[c.id] ?? null))])
  let out = csvLine([t.sliceLabel, ...(series ? ['Series'] : []), ...t.columns.map((c) => c.label)])
  for (const r of t.rows) out += line(r)
  if (t.total) out += line(t.total)
  return out
}

/** A file name that says what is in it: report, slice, period. */
export function csvFileName (report: string, parts: Array<string | null | undefined>): string {
  const tail = parts.filter((p): p is string => typeof p === 'string' && p !== '').map((p) => p.replace(/[^A-Za-z0-9_-]+/g, '-'))
  return `care-dispatch-${[report, ...tail].join('-')}.csv`
}
