// Where the reports page opens: on the data present (the last 90 days of it), not on a window that may hold none, and
// the days each source covers in words. Pure.
import type { DataRanges } from '../api/reports'

const DAY_MS = 86_400_000
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)

/** The opening period: the last 90 days of the data present (ending on its last day), or the last 90 days to today when there is none. */
export function openingWindow (ranges: DataRanges['sources'], today: string): { from: string; to: string } {
  if (ranges.length === 0) return { from: addDays(today, -89), to: today }
  const last = ranges
    .map((r) => r.last)
    .sort()
    .at(-1)!
  const first = ranges.map((r) => r.first).sort()[0]
  const from = addDays(last, -89)
  return { from: from < first ? first : from, to: last }
}

/** One source's days and calls in words: "Live calls: 2026-12-01 to 2026-12-06 (12 calls)". */
export function rangeText (r: DataRanges['sources'][number]): string {
  const who = r.source === 'live' ? 'Live calls' : `Imported “${r.name}”`
  const n =
    r.calls === 'suppressed'
      ? 'fewer than 5 calls'
      : typeof r.calls === 'number'
        ? `${r.calls.toLocaleString('en-US')} call${r.calls === 1 ? '' : 's'}`
        : 'calls'
  return `${who}: ${r.first === r.last ? r.first : `${r.first} to ${r.last}`} (${n})`
}
