// The reports' tables: each report's cells from its aggregates, the suppression specs that protect them, and their notes.
import { INTERVALS } from '../../domain/intervals'
import {
  EQUITY_AREA_COLUMNS,
  EQUITY_GROUP_COLUMNS,
  INTERVAL_COLUMNS,
  NOT_RECORDED,
  OUTCOME_COLUMNS,
  SUPPRESSED,
  type Cell,
  type Column,
  type ReportRow,
  type ReportTable,
  type ResponseScope,
  type Slice
} from '../../contracts/reports'
import { compareKeys, isPseudoArea, keyLabel, SLICE_LABEL } from './report-labels'
import { OUTSIDE } from './report-sql'
import { minutesPair, num, type Aggregate } from './reports.repository'
import { countCell, countPair, figureCell, protectRows, shareCell, suppressRow, type ProtectSpec } from './suppression'
import type { ReportAreaSet } from './reports.service'
import { DAY_MS } from './report-period'

export function sliceLabel (by: Slice, set: ReportAreaSet | null): string {
  return by === 'area' && set ? set.label : SLICE_LABEL[by]
}

/** The slice's rows and the total, small cells suppressed and then protected against subtraction from the total. */
export function rows (
  by: Slice,
  aggs: Aggregate[],
  values: (a: Aggregate) => Record<string, Cell>,
  spec: ProtectSpec<Aggregate>
): { rows: ReportRow[]; total: ReportRow | null } {
  const cmp = compareKeys(by)
  const parts = aggs.filter((a) => !a.total).sort((a, b) => cmp(a.key, b.key))
  const out = parts.map((a) => ({ key: a.key, label: keyLabel(by, a.key), values: values(a) }))
  const t = aggs.find((a) => a.total)
  const total = t ? { key: 'all', label: 'All', values: values(t) } : null
  const items = [...parts.map((a, i) => ({ agg: a, values: out[i].values })), ...(t && total ? [{ agg: t, values: total.values }] : [])]
  protectRows(items, t && parts.length > 0 ? [{ total: parts.length, parts: parts.map((_a, i) => i) }] : [], spec)
  return { rows: out, total }
}

export const table = (
  id: string,
  title: string,
  sliceLabel: string,
  columns: readonly Column[],
  r: { rows: ReportRow[]; total: ReportRow | null }
): ReportTable => ({ id, title, sliceLabel, columns: [...columns], rows: r.rows, total: r.total })

/**
 * Resolved without police, as a count and a share of the calls whose record says whether police came; "not recorded"
 * when no call's record says (imported CAD records), never a percentage the records cannot back.
 */
function withoutPolice (a: Aggregate): { count: Cell; share: Cell } {
  const n = (k: string): number => num(a[k]) ?? 0
  if (n('calls') > 0 && n('policeRecorded') === 0) return { count: NOT_RECORDED, share: NOT_RECORDED }
  return { count: countCell(n('resolvedWithoutPolice')), share: shareCell(n('resolvedWithoutPolice'), n('policeRecorded')) }
}

export function intervalValues (a: Aggregate): Record<string, Cell> {
  const calls = num(a.calls) ?? 0
  const v: Record<string, Cell> = { calls: countCell(calls) }
  for (const d of INTERVALS) {
    const n = num(a[`${d.id}Count`]) ?? 0
    const [p50, p90] = minutesPair(a[`${d.id}P`])
    const [measured, missing] = countPair(n, calls - n)
    v[`${d.id}Count`] = measured
    v[`${d.id}Missing`] = missing
    v[`${d.id}P50`] = figureCell(p50, n)
    v[`${d.id}P90`] = figureCell(p90, n)
  }
  return suppressRow(v, calls)
}

export function outcomeValues (a: Aggregate): Record<string, Cell> {
  const n = (k: string): number => num(a[k]) ?? 0
  const v: Record<string, Cell> = {}
  for (const c of OUTCOME_COLUMNS) if (c.unit === 'calls') v[c.id] = countCell(n(c.id))
  const wp = withoutPolice(a)
  v.resolvedWithoutPolice = wp.count
  v.resolvedWithoutPoliceShare = wp.share
  v.resolvedWithoutPoliceNotRecorded = countCell(n('calls') - n('policeRecorded'))
  v.waitedPastTargetShare = shareCell(n('waitedPastTarget'), n('leftQueue'))
  return suppressRow(v, n('calls'))
}

export function trendValues (a: Aggregate): Record<string, Cell> {
  const n = (k: string): number => num(a[k]) ?? 0
  const [p50, p90] = minutesPair(a.responseP)
  return suppressRow(
    {
      calls: countCell(n('calls')),
      careEligible: countCell(n('careEligible')),
      handledByCareTeam: countCell(n('handledByCareTeam')),
      responseCount: countCell(n('responseCount')),
      responseP50: figureCell(p50, n('responseCount')),
      responseP90: figureCell(p90, n('responseCount')),
      resolvedWithoutPoliceShare: withoutPolice(a).share,
      waitedPastTargetShare: shareCell(n('waitedPastTarget'), n('leftQueue'))
    },
    n('calls')
  )
}

export const SCOPE_NOTE: Record<ResponseScope, string> = {
  care: 'Calls triaged to a care-team response (alone, with EMS, or with police); minutes. Every call of the period: responses=all.',
  all:
    'Every call of the period, whatever its response (police, EMS, fire, 988 and the care responses); minutes. Rows by response set ' +
    'them side by side.'
}
export const intervalColumns = (scope: ResponseScope): Column[] =>
  INTERVAL_COLUMNS.map((c) => (c.id === 'calls' && scope === 'all' ? { ...c, description: 'Every call of the period' } : c))
/** Why a figure reads "not recorded", and what was left out of it. */
export const POLICE_NOTE =
  'Resolved without police counts only calls whose record says whether police came: live calls, and imported records whose ' +
  'source recorded it. A CAD export does not say which unit came, so its records read "not recorded" there and are left out of the share.'

const n = (a: Aggregate | undefined, k: string): number => num(a?.[k]) ?? 0
export const INTERVAL_SPEC: ProtectSpec<Aggregate> = {
  calls: (a) => n(a, 'calls'),
  measures: INTERVALS.flatMap((d) => [
    { id: `${d.id}Count`, n: (a: Aggregate | undefined) => n(a, `${d.id}Count`), cols: [`${d.id}Count`] },
    { id: `${d.id}Missing`, n: (a: Aggregate | undefined) => n(a, 'calls') - n(a, `${d.id}Count`), cols: [`${d.id}Missing`] }
  ]),
  pairs: INTERVALS.map((d) => [`${d.id}Count`, `${d.id}Missing`] as const)
}
// A median or p90 gives no count away and stays (it is suppressed on its own under 5 calls); a share or a rate per
// day gives its numerator away (share × calls, rate × days) and goes with it.
/** A share gives its numerator away (share × calls): it goes with it. */
const NOT_RECORDED_COL = 'resolvedWithoutPoliceNotRecorded'
const SHARE_OF: Record<string, string> = {
  resolvedWithoutPolice: 'resolvedWithoutPoliceShare',
  waitedPastTarget: 'waitedPastTargetShare'
}
export const OUTCOME_SPEC: ProtectSpec<Aggregate> = {
  calls: (a) => n(a, 'calls'),
  measures: [
    ...OUTCOME_COLUMNS.filter((c) => c.unit === 'calls' && c.id !== 'calls' && c.id !== NOT_RECORDED_COL).map((c) => ({
      id: c.id,
      n: (a: Aggregate | undefined) => n(a, c.id),
      cols: [c.id, ...(SHARE_OF[c.id] ? [SHARE_OF[c.id]] : [])]
    })),
    { id: NOT_RECORDED_COL, n: (a: Aggregate | undefined) => n(a, 'calls') - n(a, 'policeRecorded'), cols: [NOT_RECORDED_COL] },
    { id: 'policeRecorded', n: (a: Aggregate | undefined) => n(a, 'policeRecorded'), cols: ['resolvedWithoutPoliceShare'] },
    { id: 'leftQueue', n: (a: Aggregate | undefined) => n(a, 'leftQueue'), cols: ['waitedPastTargetShare'] }
  ],
  // recorded and not recorded add up to the calls: one small, both go
  pairs: [[NOT_RECORDED_COL, 'policeRecorded']]
}
const EQUITY_SPEC: ProtectSpec<Aggregate> = {
  calls: (a) => n(a, 'calls'),
  measures: [
    { id: 'careEligible', n: (a) => n(a, 'careEligible'), cols: ['careEligible', 'careEligiblePerDay', 'careEligiblePerAreaDay'] },
    { id: 'responseCount', n: (a) => n(a, 'responseCount'), cols: ['responseCount'] },
    { id: 'resolvedWithoutPolice', n: (a) => n(a, 'resolvedWithoutPolice'), cols: ['resolvedWithoutPoliceShare'] },
    { id: 'policeRecorded', n: (a) => n(a, 'policeRecorded'), cols: ['resolvedWithoutPoliceShare'] }
  ]
}
export function equityTables (
  set: ReportAreaSet,
  areaAggs: Array<Aggregate & { high: boolean | null }>,
  groupAggs: Array<Aggregate & { high: boolean | null }>,
  highNeed: string[],
  days: number | null
): { areas: ReportTable; groups: ReportTable } {
  const perDay = (ce: number, areas = 1): Cell => (ce === 0 ? 0 : days === null ? null : figureCell(ce / days / areas, ce, 2))
  const values = (a: Aggregate | undefined, areas?: number): Record<string, Cell> => {
    const n = (k: string): number => num(a?.[k]) ?? 0
    const [p50, p90] = minutesPair(a?.responseP)
    const v: Record<string, Cell> = {
      calls: countCell(n('calls')),
      careEligible: countCell(n('careEligible')),
      ...(areas === undefined
        ? { careEligiblePerDay: perDay(n('careEligible')) }
        : { careEligiblePerAreaDay: perDay(n('careEligible'), areas) }),
      responseCount: countCell(n('responseCount')),
      responseP50: figureCell(p50, n('responseCount')),
      responseP90: figureCell(p90, n('responseCount')),
      resolvedWithoutPoliceShare: a === undefined ? shareCell(0, 0) : withoutPolice(a).share
    }
    return suppressRow(v, n('calls'))
  }
  const byKey = new Map(areaAggs.map((a) => [a.key, a]))
  const keys = [...new Set([...set.names, ...areaAggs.map((a) => a.key)])].sort(compareKeys('area'))
  const areaRows: ReportRow[] = keys.map((key) => ({ key, label: key, values: values(byKey.get(key)) }))
  // The two group rows are sums of their areas: no area's suppressed count may be the group's minus the others'.
  const highAgg = groupAggs.find((g) => g.high === true)
  const restAgg = groupAggs.find((g) => g.high === false)
  const highVals = values(highAgg, Math.max(1, highNeed.length))
  const restVals = values(restAgg, Math.max(1, set.names.filter((a) => !highNeed.includes(a)).length))
  const items = [
    ...keys.map((key, i) => ({ agg: byKey.get(key), values: areaRows[i].values })),
    { agg: highAgg, values: highVals },
    { agg: restAgg, values: restVals }
  ]
  const member = (high: boolean): number[] =>
    keys.flatMap((key, i) => (!isPseudoArea(key) && highNeed.includes(key) === high ? [i] : []))
  protectRows(
    items,
    [
      { total: keys.length, parts: member(true) },
      { total: keys.length + 1, parts: member(false) }
    ],
    EQUITY_SPEC
  )
  rank(areaRows, 'responseP90', 'p90Rank', -1)
  rank(areaRows, 'resolvedWithoutPoliceShare', 'withoutPoliceRank', 1)
  for (const row of areaRows) {
    row.values = { ...row.values, highNeed: isPseudoArea(row.key) ? null : highNeed.includes(row.key) ? 1 : 0 }
    row.values = Object.fromEntries(EQUITY_AREA_COLUMNS.map((c) => [c.id, row.values[c.id] ?? null]))
  }
  const restCount = set.names.filter((a) => !highNeed.includes(a)).length
  const groupRows: ReportRow[] = (
    [
      { key: 'high_need', label: `High-need areas (${highNeed.length})`, values: { areas: highNeed.length, ...highVals } },
      { key: 'rest', label: `Other areas (${restCount})`, values: { areas: restCount, ...restVals } }
    ] as ReportRow[]
  ).map((g) => ({ ...g, values: Object.fromEntries(EQUITY_GROUP_COLUMNS.map((c) => [c.id, g.values[c.id] ?? null])) }))
  return {
    areas: table('equity-areas', 'Areas ranked', set.label, EQUITY_AREA_COLUMNS, { rows: areaRows, total: null }),
    groups: table('equity-groups', 'High-need areas against the rest', 'Group', EQUITY_GROUP_COLUMNS, {
      rows: groupRows,
      total: null
    })
  }
}
export type Bounds = { from: Date | null; to: Date | null }

/** Whether a week (its Monday, a local date) runs past either end of the period. */
export function partialWeek (b: Bounds, timeZone: string): (monday: string) => boolean {
  const localDay = (d: Date): string =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
  const first = b.from ? localDay(b.from) : null
  const last = b.to ? localDay(new Date(b.to.getTime() - 1)) : null
  const sunday = (monday: string): string => new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10)
  return (monday) => (first !== null && monday < first) || (last !== null && sunday(monday) > last)
}

/** Ranks rows by a shown figure (direction −1: largest first); rows without one get no rank. */
function rank (rows: ReportRow[], by: string, into: string, direction: 1 | -1): void {
  const ranked = rows
    .filter((r) => typeof r.values[by] === 'number' && !isPseudoArea(r.key))
    .sort((a, b) => direction * ((a.values[by] as number) - (b.values[by] as number)) || a.key.localeCompare(b.key))
  for (const r of rows) r.values[into] = null
  ranked.forEach((r, i) => {
    r.values[into] = i + 1
  })
}

/** Calls placed in no area of the set are counted in the table under their own names and said apart: the map has no place for them. */
export function unplacedNotes (areaAggs: Aggregate[], setLabel: string): string[] {
  const notes: string[] = []
  for (const a of areaAggs) {
    if (!isPseudoArea(a.key)) continue
    const calls = countCell(num(a.calls) ?? 0)
    if (calls === 0) continue
    const what = a.key === OUTSIDE ? `lie outside every area of ${setLabel}` : 'have no location to place them by'
    notes.push(
      `${calls === SUPPRESSED ? 'Fewer than 5' : calls} calls ${what}: they are counted in the table as "${a.key}", and are not on the map.`
    )
  }
  return notes
}
