// The public summary's figures: care-team calls per week and per area over the last complete weeks, aggregated in SQL
// over report_calls and report_follow_ups, then suppressed at the public threshold (11, as CMS does) so that no count
// of 1 to 10 is shown or can be worked out from what is (a share's complement, a week or area against the others).
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { intervalById } from '../../domain/intervals'
import { round } from '../../domain/metrics'
import { PUBLIC_COLUMNS, PUBLIC_MIN_CELL, PUBLIC_WEEKS } from '../../contracts/public'
import { SUPPRESSED, type Cell, type ReportRow, type ReportTable } from '../../contracts/reports'
import { compareKeys, keyLabel } from './report-labels'
import {
  CARE,
  count,
  HANDLED,
  intervalExpr,
  keyText,
  lowerBound,
  p50p90,
  sliceKey,
  upperBound,
  whereFilters,
  WITHOUT_POLICE,
  type Filters
} from './report-sql'
import { minutesPair, num, type Aggregate } from './reports.repository'
import { countCell, figureCell, protectRows, type ProtectSpec } from './suppression'

const DAY_MS = 86_400_000
const RESPONSE = intervalExpr(intervalById('response'))
const MIN = PUBLIC_MIN_CELL

/** The summary's period: the PUBLIC_WEEKS complete weeks (Monday to Sunday, local) before the week of `now`. */
export function publicPeriod (now: Date, timeZone: string): { from: string; to: string; mondays: string[] } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  const t = Date.parse(`${today}T00:00:00Z`)
  const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
  const mondays = Array.from({ length: PUBLIC_WEEKS }, (_x, i) => day(monday - (PUBLIC_WEEKS - i) * 7 * DAY_MS))
  return { from: mondays[0], to: day(monday - DAY_MS), mondays }
}

type By = 'week' | 'area'

/** Care-team eligible calls, handled, response, resolved without police, per week or per area (one statement). */
async function callAggregates (db: Executor, f: Filters, by: By): Promise<Aggregate[]> {
  const r = await sql<Aggregate>`select ${keyText(by, sql.ref('key'))} as key, false as total,
      ${count()} as "careEligible",
      ${count(HANDLED)} as handled,
      count(resp)::int as "responseCount",
      ${p50p90(sql`resp`)} as "responseP",
      ${count(WITHOUT_POLICE)} as "withoutPolice"
    from (select ${sliceKey(by, f.areaSet, f)} as key, ${RESPONSE} as resp, * from report_calls where ${whereFilters(f)} and ${CARE}) s
    group by key`.execute(db)
  return r.rows
}

/** Follow-ups completed in the period, per week of completion or per area of their call. */
async function followUpCounts (db: Executor, f: Filters, by: By): Promise<Map<string, number>> {
  const key =
    by === 'week' ? sql`date_trunc('week', completed_at at time zone ${sql.lit(f.timeZone)})::date` : sliceKey('area', f.areaSet, f)
  const r = await sql<{ key: string; n: number }>`select ${keyText(by, sql.ref('key'))} as key, count(*)::int as n
    from (select ${key} as key from report_follow_ups
      where completed_at >= ${lowerBound(f.from!, f.timeZone)} and completed_at < ${upperBound(f.to!, f.timeZone)}) s
    group by key`.execute(db)
  return new Map(r.rows.map((x) => [String(x.key), Number(x.n)]))
}

interface Counts {
  key: string
  careEligible: number
  handled: number
  responseCount: number
  p50: number | null
  p90: number | null
  withoutPolice: number
  followUps: number
}

const small = (n: number): boolean => n > 0 && n < MIN

/** A share shown only when its base is at least MIN and neither its part nor the rest is a small count. */
function publicShare (part: number, whole: number): Cell {
  if (whole === 0) return null
  return whole < MIN || small(part) || small(whole - part) ? SUPPRESSED : round(part / whole, 4)
}

function values (c: Counts): Record<string, Cell> {
  return {
    careEligible: countCell(c.careEligible, MIN),
    handledByCareTeam: countCell(c.handled, MIN),
    coverage: publicShare(c.handled, c.careEligible),
    responseP50: figureCell(c.p50, c.responseCount, 1, MIN),
    responseP90: figureCell(c.p90, c.responseCount, 1, MIN),
    resolvedWithoutPolice: countCell(c.withoutPolice, MIN),
    resolvedWithoutPoliceShare: publicShare(c.withoutPolice, c.careEligible),
    followUpsDone: countCell(c.followUps, MIN)
  }
}

// A count and its complement (handled and not handled, without police and not) add up to the row's eligible calls:
// either small hides both, with the figures that give them away.
const SPEC: ProtectSpec<Counts> = {
  calls: (c) => c?.careEligible ?? 0,
  measures: [
    { id: 'handled', n: (c) => c?.handled ?? 0, cols: ['handledByCareTeam', 'coverage'] },
    { id: 'notHandled', n: (c) => (c === undefined ? 0 : c.careEligible - c.handled), cols: ['handledByCareTeam', 'coverage'] },
    { id: 'withoutPolice', n: (c) => c?.withoutPolice ?? 0, cols: ['resolvedWithoutPolice', 'resolvedWithoutPoliceShare'] },
    {
      id: 'notWithoutPolice',
      n: (c) => (c === undefined ? 0 : c.careEligible - c.withoutPolice),
      cols: ['resolvedWithoutPolice', 'resolvedWithoutPoliceShare']
    },
    { id: 'followUps', n: (c) => c?.followUps ?? 0, cols: ['followUpsDone'] }
  ],
  pairs: [
    ['handled', 'notHandled'],
    ['withoutPolice', 'notWithoutPolice']
  ]
}

function sumOf (rows: Counts[]): Counts {
  const s = (k: 'careEligible' | 'handled' | 'responseCount' | 'withoutPolice' | 'followUps'): number =>
    rows.reduce((a, r) => a + r[k], 0)
  return {
    key: 'all',
    careEligible: s('careEligible'),
    handled: s('handled'),
    responseCount: s('responseCount'),
    p50: null,
    p90: null,
    withoutPolice: s('withoutPolice'),
    followUps: s('followUps')
  }
}

/**
 * The rows of one table, suppressed. The weeks and the areas are two splits of the same calls, so their sums are the
 * same total, shown by neither but found by adding up the other: each table is protected against it as if it were
 * shown. Returns the columns that total had to hide to protect a part (not those hidden because the total itself is small).
 */
function protect (rows: Counts[]): { values: Array<Record<string, Cell>>; totalHidden: string[] } {
  const items = rows.map((c) => ({ agg: c, values: values(c) }))
  const total = sumOf(rows)
  const totalValues = values(total)
  protectRows([...items, { agg: total, values: totalValues }], [{ total: rows.length, parts: rows.map((_r, i) => i) }], SPEC, MIN)
  const own = new Set(
    small(total.careEligible) ? Object.keys(totalValues) : SPEC.measures.filter((m) => small(m.n(total))).flatMap((m) => m.cols)
  )
  return {
    values: items.map((i) => i.values),
    totalHidden: Object.keys(totalValues).filter((k) => totalValues[k] === SUPPRESSED && !own.has(k))
  }
}

function counts (aggs: Aggregate[], follow: Map<string, number>, keys: string[]): Counts[] {
  const byKey = new Map(aggs.map((a) => [String(a.key), a]))
  return keys.map((key) => {
    const a = byKey.get(key)
    const [p50, p90] = minutesPair(a?.responseP)
    const n = (k: string): number => num(a?.[k]) ?? 0
    return {
      key,
      careEligible: n('careEligible'),
      handled: n('handled'),
      responseCount: n('responseCount'),
      p50,
      p90,
      withoutPolice: n('withoutPolice'),
      followUps: follow.get(key) ?? 0
    }
  })
}

const table = (id: string, title: string, sliceLabel: string, rows: ReportRow[]): ReportTable & { total: null } => ({
  id,
  title,
  sliceLabel,
  columns: [...PUBLIC_COLUMNS],
  rows,
  total: null
})

/** Both tables of the summary for the period `f` (whole days), the areas of `set` (every area listed, and calls placed in none). */
export async function publicTables (
  db: Executor,
  f: Filters,
  mondays: string[],
  set: { label: string; names: readonly string[] } | null
): Promise<{ weeks: ReportTable & { total: null }; areas: ReportTable & { total: null } }> {
  const weekCounts = counts(await callAggregates(db, f, 'week'), await followUpCounts(db, f, 'week'), mondays)
  let areaCounts: Counts[] = []
  if (set && f.areaSet) {
    const aggs = await callAggregates(db, f, 'area')
    const follow = await followUpCounts(db, f, 'area')
    const keys = [...new Set([...set.names, ...aggs.map((a) => String(a.key)), ...follow.keys()])].sort(compareKeys('area'))
    areaCounts = counts(aggs, follow, keys)
  }
  const w = protect(weekCounts)
  const a = protect(areaCounts)
  // a column the hidden total had to hide in either split is hidden in both
  const hide = new Set([...w.totalHidden, ...(areaCounts.length > 0 ? a.totalHidden : [])])
  for (const v of [...w.values, ...a.values]) for (const k of hide) v[k] = SUPPRESSED
  return {
    weeks: table(
      'public-weeks',
      'By week',
      'Week (from Monday)',
      weekCounts.map((c, i) => ({ key: c.key, label: keyLabel('week', c.key), values: w.values[i] }))
    ),
    areas: table(
      'public-areas',
      'By area',
      set?.label ?? 'Area',
      areaCounts.map((c, i) => ({ key: c.key, label: c.key, values: a.values[i] }))
    )
  }
}
