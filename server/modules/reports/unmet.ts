// Unmet demand: every care-eligible call served (on time or late) or not served with its reason, from report_calls
// grouped by several sets (the main slice, area, hour, weekday, week, weekday × hour).
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'
import type { ReportSession } from './report-session'
import type { QueuePolicy } from '../../domain/queue'
import { COVERAGE_COLUMNS, REPORTED_REASONS, UNMET_COLUMNS } from '../../contracts/outcomes'
import type { Cell, Column, ReportRow, ReportTable, Slice } from '../../contracts/reports'
import { MIN_CELL, SUPPRESSED } from '../../contracts/reports'
import { compareKeys, keyLabel, SLICE_LABEL } from './report-labels'
import { CARE, keyText, pastTarget, sliceKey, whereFilters, type Filters } from './report-sql'
import { num } from './reports.repository'
import { countCell, shareCell, suppressParts } from './suppression'

/** The grouping sets, by the bits of grouping(k, ka, kh, kd, kw) (a 1 for each key left out). */
const SETS = { main: 0b01111, area: 0b10111, hour: 0b11011, weekday: 0b11101, week: 0b11110, heat: 0b11001, total: 0b11111 } as const
type SetName = keyof typeof SETS

export interface UnmetAggregate {
  g: number
  k: string | null
  ka: string | null
  kh: string | null
  kd: string | null
  kw: string | null
  [column: string]: unknown
}

/** A not-served call's reason: the one recorded; a caller who cancelled declined; else not recorded. */
const REASON = sql`coalesce(unmet_reason, case when cancel_code = 'caller_cancelled' then 'caller_declined' end, 'not_recorded')`

/**
 * Two statements over the same rows, side by side in the report's one snapshot (report-session.ts): the slice and area sets, grouped by
 * hashing; and the time sets, from the calls first counted per local week, weekday and hour (at most 24 a day), so that the
 * weekday, week and weekday × hour sets regroup a few thousand rows instead of sorting every call once per set (one
 * statement with all seven grouping sets sorted a year of calls five times over, spilling to disk: seconds at 1M calls).
 */
export async function unmetAggregates (s: ReportSession, f: Filters, by: Slice, queue: QueuePolicy): Promise<UnmetAggregate[]> {
  const key = (s: Slice) => keyText(s, sliceKey(s, f.areaSet, f))
  const counts = (sum: boolean) => {
    const c = (name: string, where: RawBuilder<unknown> | null) =>
      sum
        ? sql`sum(${sql.ref(name)})::int as ${sql.ref(name)}`
        : where === null
          ? sql`count(*)::int as ${sql.ref(name)}`
          : sql`(count(*) filter (where ${where}))::int as ${sql.ref(name)}`
    return sql.join([
      c('eligible', null),
      c('served', sql`served`),
      c('servedLate', sql`served and late`),
      c('notServed', sql`not served and state <> 'open'`),
      c('open', sql`not served and state = 'open'`),
      ...REPORTED_REASONS.map((r) => c(r, sql`not served and state <> 'open' and reason = ${sql.lit(r)}`))
    ])
  }
  const rows = (
    extra: RawBuilder<unknown>
  ) => sql`select ${extra}, on_scene_at is not null as served, ${pastTarget(queue)} as late, state, ${REASON} as reason
      from report_calls where ${whereFilters(f)} and ${CARE}`
  const places = async (db: Executor) =>
    await sql<UnmetAggregate>`select (grouping(k, ka) << 3) | 7 as g, k, ka, null as kh, null as kd, null as kw, ${counts(false)}
    from (${rows(sql`${key(by)} as k, ${key('area')} as ka`)}) s
    group by grouping sets ((k), (ka), ())`.execute(db)
  const times = async (db: Executor) =>
    await sql<UnmetAggregate>`select 24 | grouping(kh, kd, kw) as g, null as k, null as ka,
      ${keyText('hour', sql.ref('kh'))} as kh, ${keyText('weekday', sql.ref('kd'))} as kd, ${keyText('week', sql.ref('kw'))} as
        kw, ${counts(true)}
    from (select kw, kd, kh, ${counts(false)}
      from (${rows(sql`${sliceKey('week', null, f)} as kw, ${sliceKey('weekday', null, f)} as kd, ${sliceKey('hour', null, f)} as kh`)}) s
      group by 1, 2, 3) d
    group by grouping sets ((kh), (kd), (kw), (kd, kh))`.execute(db)
  const [p, t] = await s.all([places, times])
  return [...p.rows, ...t.rows].map((x) => ({ ...x, g: Number(x.g) }))
}

function unmetValues (a: UnmetAggregate | undefined): Record<string, Cell> {
  const n = (k: string): number => num(a?.[k]) ?? 0
  const eligible = n('eligible')
  if (eligible > 0 && eligible < MIN_CELL) return Object.fromEntries(UNMET_COLUMNS.map((c) => [c.id, SUPPRESSED]))
  const top = suppressParts({ served: n('served'), notServed: n('notServed'), open: n('open') })
  const timely = suppressParts({ servedOnTime: n('served') - n('servedLate'), servedLate: n('servedLate') })
  const why = suppressParts(Object.fromEntries(REPORTED_REASONS.map((r) => [r, n(r)])))
  const v: Record<string, Cell> = {
    eligible: top.wholeSuppressed ? SUPPRESSED : countCell(eligible),
    ...top.cells,
    ...timely.cells,
    ...why.cells,
    coverage: shareCell(n('served'), eligible)
  }
  if (timely.wholeSuppressed) v.served = SUPPRESSED
  if (why.wholeSuppressed) v.notServed = SUPPRESSED
  // a share of a shown whole gives its part away
  if (v.served === SUPPRESSED || v.eligible === SUPPRESSED) v.coverage = SUPPRESSED
  return Object.fromEntries(UNMET_COLUMNS.map((c) => [c.id, v[c.id] ?? null]))
}

function coverageValues (a: UnmetAggregate | undefined): Record<string, Cell> {
  const n = (k: string): number => num(a?.[k]) ?? 0
  const eligible = n('eligible')
  if (eligible > 0 && eligible < MIN_CELL) return Object.fromEntries(COVERAGE_COLUMNS.map((c) => [c.id, SUPPRESSED]))
  // open calls are the third part: served + not served + open = eligible
  const top = suppressParts({ served: n('served'), notServed: n('notServed'), open: n('open') })
  return {
    eligible: top.wholeSuppressed ? SUPPRESSED : countCell(eligible),
    served: top.cells.served,
    notServed: top.cells.notServed,
    coverage: top.cells.served === SUPPRESSED || top.wholeSuppressed ? SUPPRESSED : shareCell(n('served'), eligible)
  }
}

const WEEKDAY = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** The report's tables from the grouped rows. */
export function unmetTables (
  aggs: UnmetAggregate[],
  by: Slice,
  areaLabel: string | null,
  areaNames: readonly string[]
): {
    table: ReportTable
    coverage: { area: ReportTable | null; hour: ReportTable; weekday: ReportTable; week: ReportTable }
    heat: ReportTable
  } {
  const of = (s: SetName) => aggs.filter((a) => a.g === SETS[s])
  const total = of('total')[0]
  const sliced = (
    s: SetName,
    slice: Slice,
    keyOf: (a: UnmetAggregate) => string,
    columns: readonly Column[],
    values: (a: UnmetAggregate | undefined) => Record<string, Cell>,
    all: readonly string[] = []
  ): ReportRow[] => {
    const got = new Map(of(s).map((a) => [keyOf(a), a]))
    const keys = [...new Set([...all, ...got.keys()])].sort(compareKeys(slice))
    return keys.map((k) => ({ key: k, label: keyLabel(slice, k), values: values(got.get(k)) }))
  }
  const mk = (
    id: string,
    title: string,
    sliceLabel: string,
    columns: readonly Column[],
    rows: ReportRow[],
    t: ReportRow | null
  ): ReportTable => ({ id, title, sliceLabel, columns: [...columns], rows, total: t })
  const cov = (s: 'hour' | 'weekday' | 'week', keyOf: (a: UnmetAggregate) => string, all: readonly string[] = []) =>
    mk(
      `unmet-${s}`,
      `Coverage by ${SLICE_LABEL[s].toLowerCase()}`,
      SLICE_LABEL[s],
      COVERAGE_COLUMNS,
      sliced(s, s, keyOf, COVERAGE_COLUMNS, coverageValues, all),
      null
    )
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))
  const heatRows = of('heat')
    .map((a) => ({ key: `${a.kd!}-${a.kh!}`, label: `${WEEKDAY[Number(a.kd) - 1] ?? a.kd!} ${a.kh!}:00`, values: coverageValues(a) }))
    .sort((x, y) => x.key.localeCompare(y.key))
  return {
    table: mk(
      'unmet',
      'Unmet demand',
      SLICE_LABEL[by],
      UNMET_COLUMNS,
      by === 'none'
        ? [{ key: 'all', label: keyLabel('none', 'all'), values: unmetValues(total) }]
        : sliced('main', by, (a) => a.k!, UNMET_COLUMNS, unmetValues),
      by === 'none' ? null : { key: 'all', label: 'All', values: unmetValues(total) }
    ),
    coverage: {
      area:
        areaLabel === null
          ? null
          : mk(
            'unmet-area',
            'Coverage by area',
            areaLabel,
            COVERAGE_COLUMNS,
            sliced('area', 'area', (a) => a.ka!, COVERAGE_COLUMNS, coverageValues, areaNames),
            null
          ),
      hour: cov('hour', (a) => a.kh!, hours),
      weekday: cov('weekday', (a) => a.kd!, ['1', '2', '3', '4', '5', '6', '7']),
      week: cov('week', (a) => a.kw!)
    },
    heat: mk('unmet-heat', 'Coverage by weekday and hour', 'Weekday and hour', COVERAGE_COLUMNS, heatRows, null)
  }
}
