// The reports service: checks the query, runs the aggregating statements in one transaction, and shapes the
// aggregates into tables with small cells suppressed. It never sees a call row.
import { sql, type Kysely } from 'kysely'
import type { Database, Executor } from '../../db/database'
import { INTERVALS, NOT_COUNTED_RULE } from '../../domain/intervals'
import type { QueuePolicy } from '../../domain/queue'
import {
  EQUITY_AREA_COLUMNS, EQUITY_GROUP_COLUMNS, INTERVAL_COLUMNS, MIN_CELL, NOT_RECORDED, OUTCOME_COLUMNS, SUPPRESSED, TREND_COLUMNS,
  type AreaSetList, type Cell, type Column, type DataRanges, type EquityQuery, type EquityReport, type IntervalsReport, type OutcomesReport,
  type ReportMeta, type ReportQuery, type ReportRow, type ReportTable, type ResponseScope, type Slice, type TrendsReport
} from '../../contracts/reports'
import { fieldError } from '../../lib/errors'
import { compareKeys, isPseudoArea, keyLabel, SLICE_LABEL } from './report-labels'
import { OUTSIDE, type Bound, type Filters } from './report-sql'
import {
  dataRanges, equityAggregates, intervalAggregates, minutesPair, needByArea, num, outcomeAggregates, periodBounds, planningRecords, trendAggregates,
  type Aggregate, type PlanningRecord
} from './reports.repository'
import { REPORTED_REASONS, UNMET_REASON_LABELS, type UnmetQuery, type UnmetReport } from '../../contracts/outcomes'
import { unmetAggregates, unmetTables } from './unmet'
import { countCell, countPair, figureCell, protectRows, shareCell, suppressRow, type ProtectSpec } from './suppression'

export interface ReportAreaSet { id: string, label: string, names: readonly string[] }

export interface ReportsServiceDeps {
  db: Kysely<Database>
  areaSets: readonly ReportAreaSet[]
  timeZone: string
  queue: QueuePolicy
}

type Query = Omit<ReportQuery, 'by' | 'format'> & { by?: string }

const DAY_MS = 86_400_000

function parseBound (field: string, value: string): Bound {
  const year = Number(value.slice(0, 4))
  if (year < 1900 || year > 2999) throw fieldError(`querystring/${field}`, `must be in the years 1900 to 2999: ${value}`)
  const day = value.slice(0, 10)
  const d = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) throw fieldError(`querystring/${field}`, `is not a calendar day: ${value}`)
  if (value.length === 10) return { day: value }
  // the pattern allows 24:00 (PostgreSQL reads it as the next midnight) but not 25:00 or 12:60
  if (Number.isNaN(Date.parse(value)) || Number(value.slice(11, 13)) > 24 || Number(value.slice(14, 16)) > 59) throw fieldError(`querystring/${field}`, `is not a valid instant: ${value}`)
  return { instant: value }
}

/** Rough instants, only to refuse a period that ends before it starts. */
const roughStart = (b: Bound): number => 'day' in b ? Date.parse(`${b.day}T00:00:00Z`) : Date.parse(b.instant)
const roughEnd = (b: Bound): number => 'day' in b ? Date.parse(`${b.day}T00:00:00Z`) + DAY_MS : Date.parse(b.instant)

const iso = (d: Date | null): string | null => d === null ? null : d.toISOString()

const HOUR_MS = 3_600_000

/**
 * Whose report it is: the operational roles (supervisors, admins) may cut a period at whole hours; everyone else
 * (planners) at whole days. A window given to the millisecond is widened to whole units, so two windows a
 * millisecond apart give the same cells and a call cannot be isolated by differencing them.
 */
export type ReportGrain = 'day' | 'hour'
export const grainOf = (role: string): ReportGrain => role === 'supervisor' || role === 'admin' ? 'hour' : 'day'

/** An instant bound widened to the grain: the start of its day or hour (from), or the end of the day or hour it falls in (to). */
function snapBound (b: Bound | null, side: 'from' | 'to', grain: ReportGrain, timeZone: string): Bound | null {
  if (b === null || 'day' in b) return b
  const t = Date.parse(b.instant)
  if (grain === 'hour') return { instant: new Date((side === 'from' ? Math.floor(t / HOUR_MS) : Math.ceil(t / HOUR_MS)) * HOUR_MS).toISOString() }
  // the last day a `to` instant reaches is the day of its last millisecond (an instant at midnight ends the day before)
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(side === 'from' ? t : t - 1))
  return { day }
}

export function createReportsService (deps: ReportsServiceDeps) {
  const { db, areaSets, timeZone, queue } = deps

  function areaSetOf (id: string | undefined, needed: boolean): ReportAreaSet | null {
    if (id === undefined) {
      if (needed && areaSets.length === 0) throw fieldError('querystring/area_set', 'cannot be chosen: no area sets are configured')
      return areaSets[0] ?? null
    }
    const set = areaSets.find((s) => s.id === id)
    if (!set) throw fieldError('querystring/area_set', `must be one of the configured area sets (${areaSets.map((s) => s.id).join(', ') || 'none'}), got "${id}"`)
    return set
  }

  function resolve (q: Query, needsArea = false, grain: ReportGrain = 'day'): { f: Filters, by: Slice, set: ReportAreaSet | null } {
    const by = (q.by ?? 'none') as Slice
    const set = areaSetOf(q.area_set, needsArea || by === 'area' || q.area !== undefined)
    if (q.area !== undefined && set && !set.names.includes(q.area)) throw fieldError('querystring/area', `is not an area of ${set.id}: "${q.area}"`)
    const from = snapBound(q.from === undefined ? null : parseBound('from', q.from), 'from', grain, timeZone)
    const to = snapBound(q.to === undefined ? null : parseBound('to', q.to), 'to', grain, timeZone)
    if (from && to && roughEnd(to) <= roughStart(from)) throw fieldError('querystring/to', 'must not be before from')
    const f: Filters = {
      from,
      to,
      source: q.source ?? 'both',
      responses: q.responses ?? 'care',
      category: q.category ?? null,
      areaSet: set?.id ?? null,
      area: q.area ?? null,
      timeZone
    }
    return { f, by, set }
  }

  /** One transaction per report: one snapshot for all its statements, and settings of its own. */
  async function inReport<T> (fn: (trx: Executor) => Promise<T>): Promise<T> {
    return await db.transaction().execute(async (trx) => {
      // Room to sort a year of intervals in memory; a date's text form YYYY-MM-DD whatever the server's default.
      await sql`select set_config('work_mem', '64MB', true), set_config('datestyle', 'ISO, YMD', true)`.execute(trx)
      return await fn(trx)
    })
  }

  async function meta (trx: Executor, report: string, r: { f: Filters, by: Slice }, notes: string[], bounds?: Bounds): Promise<ReportMeta> {
    const b = bounds ?? await periodBounds(trx, r.f)
    return {
      report,
      by: r.by,
      areaSet: r.f.areaSet,
      from: iso(b.from),
      to: iso(b.to),
      source: r.f.source,
      responses: r.f.responses,
      category: r.f.category,
      area: r.f.area,
      timeZone,
      minCell: MIN_CELL,
      notes: [
        ...notes,
        `Cells with fewer than ${MIN_CELL} calls are shown as "${SUPPRESSED}", never as zero; a row of fewer than ${MIN_CELL} calls shows nothing.`,
        `Days, hours, weekdays and weeks are in ${timeZone}.`,
        ...(r.f.source !== 'live' ? ['Imported records do not say which unit arrived: a care-team eligible record with an on-scene time counts as handled by a care team.'] : []),
        ...(r.by === 'youth' ? ['A youth call is one triage sent to a care team with the youth need (a young person, or a student at school); imported records do not say, and are counted as not recorded. The person\'s age is never reported.'] : []),
        ...(r.by === 'place_kind' ? ['The kind of place is what the call-taker recorded at intake; calls without one, and imported records, are counted as not recorded.'] : [])
      ]
    }
  }

  function sliceLabel (by: Slice, set: ReportAreaSet | null): string {
    return by === 'area' && set ? set.label : SLICE_LABEL[by]
  }

  /** The slice's rows and the total, small cells suppressed and then protected against subtraction from the total. */
  function rows (by: Slice, aggs: Aggregate[], values: (a: Aggregate) => Record<string, Cell>, spec: ProtectSpec<Aggregate>): { rows: ReportRow[], total: ReportRow | null } {
    const cmp = compareKeys(by)
    const parts = aggs.filter((a) => !a.total).sort((a, b) => cmp(a.key, b.key))
    const out = parts.map((a) => ({ key: a.key, label: keyLabel(by, a.key), values: values(a) }))
    const t = aggs.find((a) => a.total)
    const total = t ? { key: 'all', label: 'All', values: values(t) } : null
    const items = [...parts.map((a, i) => ({ agg: a, values: out[i].values })), ...(t && total ? [{ agg: t, values: total.values }] : [])]
    protectRows(items, t && parts.length > 0 ? [{ total: parts.length, parts: parts.map((_a, i) => i) }] : [], spec)
    return { rows: out, total }
  }

  const table = (id: string, title: string, sliceLabel: string, columns: readonly Column[], r: { rows: ReportRow[], total: ReportRow | null }): ReportTable =>
    ({ id, title, sliceLabel, columns: [...columns], rows: r.rows, total: r.total })

  /**
   * Resolved without police, as a count and a share of the calls whose record says whether police came; "not recorded"
   * when no call's record says (imported CAD records), never a percentage the records cannot back.
   */
  function withoutPolice (a: Aggregate): { count: Cell, share: Cell } {
    const n = (k: string): number => num(a[k]) ?? 0
    if (n('calls') > 0 && n('policeRecorded') === 0) return { count: NOT_RECORDED, share: NOT_RECORDED }
    return { count: countCell(n('resolvedWithoutPolice')), share: shareCell(n('resolvedWithoutPolice'), n('policeRecorded')) }
  }

  function intervalValues (a: Aggregate): Record<string, Cell> {
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

  function outcomeValues (a: Aggregate): Record<string, Cell> {
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

  function trendValues (a: Aggregate): Record<string, Cell> {
    const n = (k: string): number => num(a[k]) ?? 0
    const [p50, p90] = minutesPair(a.responseP)
    return suppressRow({
      calls: countCell(n('calls')),
      careEligible: countCell(n('careEligible')),
      handledByCareTeam: countCell(n('handledByCareTeam')),
      responseCount: countCell(n('responseCount')),
      responseP50: figureCell(p50, n('responseCount')),
      responseP90: figureCell(p90, n('responseCount')),
      resolvedWithoutPoliceShare: withoutPolice(a).share,
      waitedPastTargetShare: shareCell(n('waitedPastTarget'), n('leftQueue'))
    }, n('calls'))
  }

  const SCOPE_NOTE: Record<ResponseScope, string> = {
    care: 'Calls triaged to a care-team response (alone, with EMS, or with police); minutes. Every call of the period: responses=all.',
    all: 'Every call of the period, whatever its response (police, EMS, fire, 988 and the care responses); minutes. Rows by response set them side by side.'
  }
  const intervalColumns = (scope: ResponseScope): Column[] =>
    INTERVAL_COLUMNS.map((c) => c.id === 'calls' && scope === 'all' ? { ...c, description: 'Every call of the period' } : c)
  /** Why a figure reads "not recorded", and what was left out of it. */
  const POLICE_NOTE = 'Resolved without police counts only calls whose record says whether police came: live calls, and imported records whose ' +
    'source recorded it. A CAD export does not say which unit came, so its records read "not recorded" there and are left out of the share.'

  const n = (a: Aggregate | undefined, k: string): number => num(a?.[k]) ?? 0
  const INTERVAL_SPEC: ProtectSpec<Aggregate> = {
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
  const SHARE_OF: Record<string, string> = { resolvedWithoutPolice: 'resolvedWithoutPoliceShare', waitedPastTarget: 'waitedPastTargetShare' }
  const OUTCOME_SPEC: ProtectSpec<Aggregate> = {
    calls: (a) => n(a, 'calls'),
    measures: [
      ...OUTCOME_COLUMNS.filter((c) => c.unit === 'calls' && c.id !== 'calls' && c.id !== NOT_RECORDED_COL)
        .map((c) => ({ id: c.id, n: (a: Aggregate | undefined) => n(a, c.id), cols: [c.id, ...(SHARE_OF[c.id] ? [SHARE_OF[c.id]] : [])] })),
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

  return {
    /** The configured area sets, with the names reports key them by. */
    areaSetList (): AreaSetList {
      return areaSets.map((s) => ({ id: s.id, label: s.label, areas: [...s.names] }))
    },

    async intervals (q: Query, grain: ReportGrain = 'day'): Promise<IntervalsReport> {
      const r = resolve(q, false, grain)
      return await inReport(async (trx) => {
        const aggs = await intervalAggregates(trx, r.f, r.by)
        return {
          ...await meta(trx, 'intervals', r, [SCOPE_NOTE[r.f.responses], NOT_COUNTED_RULE]),
          definitions: INTERVALS.map((d) => ({ ...d })),
          table: table('intervals', 'Response intervals', sliceLabel(r.by, r.set), intervalColumns(r.f.responses),
            rows(r.by, aggs, intervalValues, INTERVAL_SPEC))
        }
      })
    },

    async outcomes (q: Query, grain: ReportGrain = 'day'): Promise<OutcomesReport> {
      const r = resolve(q, false, grain)
      return await inReport(async (trx) => {
        const aggs = await outcomeAggregates(trx, r.f, r.by, queue)
        return {
          ...await meta(trx, 'outcomes', r, [
            'Every call (with responses=care as with all); referrals are by triage (the protocol sent the call elsewhere at intake).', POLICE_NOTE
          ]),
          table: table('outcomes', 'Outcomes', sliceLabel(r.by, r.set), OUTCOME_COLUMNS, rows(r.by, aggs, outcomeValues, OUTCOME_SPEC))
        }
      })
    },

    async trends (q: Query, grain: ReportGrain = 'day'): Promise<TrendsReport> {
      const r = resolve(q, false, grain)
      return await inReport(async (trx) => {
        const aggs = await trendAggregates(trx, r.f, r.by, queue)
        const bounds = await periodBounds(trx, r.f)
        const partial = partialWeek(bounds, timeZone)
        const cmp = compareKeys(r.by)
        const weekRows = aggs.sort((a, b) => a.week.localeCompare(b.week) || cmp(a.key, b.key)).map((a) => ({
          key: a.week,
          label: keyLabel('week', a.week) + (partial(a.week) ? ' (partial)' : ''),
          ...(r.by === 'none' ? {} : { series: keyLabel(r.by, a.key) }),
          values: trendValues(a)
        }))
        return {
          ...await meta(trx, 'trends', r, [
            'One row per week (Monday to Sunday)' + (r.by === 'none' ? '' : `, one series per ${SLICE_LABEL[r.by].toLowerCase()}`) +
              '; a week cut by the period is marked partial.',
            `Response: ${r.f.responses === 'all' ? 'every call' : 'care-team eligible calls'}, on scene − received.`,
            POLICE_NOTE
          ], bounds),
          table: table('trends', 'Weekly trends', SLICE_LABEL.week, TREND_COLUMNS, { rows: weekRows, total: null })
        }
      })
    },

    async equity (q: Omit<EquityQuery, 'format' | 'table'>, grain: ReportGrain = 'day'): Promise<EquityReport> {
      const r = resolve({ ...q, by: 'area' }, true, grain)
      const set = r.set!
      return await inReport(async (trx) => {
        const need = await needByArea(trx, r.f)
        const places = need.filter((n) => !isPseudoArea(n.key) && n.careEligible > 0).sort((a, b) => b.careEligible - a.careEligible || a.key.localeCompare(b.key))
        const highNeed = places.slice(0, Math.ceil(set.names.length / 4)).map((n) => n.key)
        const bounds = await periodBounds(trx, r.f)
        const firstMs = Math.min(...need.map((n) => new Date(n.first).getTime()))
        const lastMs = Math.max(...need.map((n) => new Date(n.last).getTime()))
        const span = need.length === 0 ? null : ((bounds.to?.getTime() ?? lastMs) - (bounds.from?.getTime() ?? firstMs)) / DAY_MS
        const days = span === null ? null : Math.max(1, Math.round(span * 100) / 100)
        const aggs = await equityAggregates(trx, r.f, highNeed)
        return {
          ...await meta(trx, 'equity', r, [`Response: ${r.f.responses === 'all' ? 'every call' : 'care-team eligible calls'}, on scene − received.`,
            `High need: the ${Math.ceil(set.names.length / 4)} areas (a quarter of ${set.names.length}) with the most care-team eligible calls per day.`,
            ...unplacedNotes(aggs.filter((a) => !a.total), set.label), POLICE_NOTE]),
          days,
          ...equityTables(set, aggs.filter((a) => !a.total), aggs.filter((a) => a.total && a.high !== null), highNeed, days)
        }
      })
    },

    /** Unmet demand: every care-eligible call served (on time, late) or not, by reason; coverage by area, hour, weekday, week. */
    async unmet (q: Omit<UnmetQuery, 'format' | 'table'>, grain: ReportGrain = 'day'): Promise<UnmetReport> {
      const r = resolve(q, false, grain)
      return await inReport(async (trx) => {
        const aggs = await unmetAggregates(trx, r.f, r.by, queue)
        const t = queue.targetMinutes
        return {
          ...await meta(trx, 'unmet', r, [
            'Care-team eligible calls: triaged to a care-team response (alone, with EMS, or with police).' +
              (r.f.responses === 'all' ? ' Unmet demand is about those calls whatever responses= says; every call is in the outcomes and intervals.' : ''),
            'Served: a care team reached the scene. Late: it waited for a team longer than its priority\'s target ' +
              `(priority 1: ${t[1]} min, 2: ${t[2]} min, 3: ${t[3]} min). Still open: no outcome yet.`,
            'Not served, by reason: the dispatcher\'s choice when referring the call out, or the system\'s when the call waited past its target ' +
              'with no team on shift or every team busy; a caller who cancelled declined. Imported history records no reason: "not recorded".',
            'Where one part of a sum is suppressed, a second is too, so it cannot be found by subtraction.'
          ]),
          reasons: REPORTED_REASONS.map((id) => ({ id, label: UNMET_REASON_LABELS[id] })),
          ...unmetTables(aggs, r.by, r.set ? r.set.label : null, r.set?.names ?? [])
        }
      })
    },

    /** The days each source covers (live calls, each imported source), for opening the reports on the data present. */
    async dataRanges (): Promise<DataRanges> {
      const rows = await inReport(async (trx) => await dataRanges(trx, timeZone))
      return { timeZone, sources: rows.map((x) => ({ ...x, calls: countCell(x.calls) })) }
    },

    /**
     * The calls of a bounded period for the planner's workspace (a scenario built from history, a replay), as
     * times, triage results and areas: the report_calls view carries nothing more. Period bounds as in reports.
     */
    async planningRecords (q: { from: string, to: string, source?: 'live' | 'imported' | 'both' }, limit: number): Promise<{ from: Date, to: Date, timeZone: string, records: PlanningRecord[] }> {
      const r = resolve({ from: q.from, to: q.to, source: q.source })
      return await inReport(async (trx) => {
        const b = await periodBounds(trx, r.f)
        return { from: b.from!, to: b.to!, timeZone, records: await planningRecords(trx, r.f, limit) }
      })
    }
  }

  function equityTables (set: ReportAreaSet, areaAggs: Array<Aggregate & { high: boolean | null }>, groupAggs: Array<Aggregate & { high: boolean | null }>,
    highNeed: string[], days: number | null): { areas: ReportTable, groups: ReportTable } {
    const perDay = (ce: number, areas = 1): Cell => ce === 0 ? 0 : days === null ? null : figureCell(ce / days / areas, ce, 2)
    const values = (a: Aggregate | undefined, areas?: number): Record<string, Cell> => {
      const n = (k: string): number => num(a?.[k]) ?? 0
      const [p50, p90] = minutesPair(a?.responseP)
      const v: Record<string, Cell> = {
        calls: countCell(n('calls')),
        careEligible: countCell(n('careEligible')),
        ...(areas === undefined ? { careEligiblePerDay: perDay(n('careEligible')) } : { careEligiblePerAreaDay: perDay(n('careEligible'), areas) }),
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
    const items = [...keys.map((key, i) => ({ agg: byKey.get(key), values: areaRows[i].values })), { agg: highAgg, values: highVals }, { agg: restAgg, values: restVals }]
    const member = (high: boolean): number[] => keys.flatMap((key, i) => !isPseudoArea(key) && highNeed.includes(key) === high ? [i] : [])
    protectRows(items, [{ total: keys.length, parts: member(true) }, { total: keys.length + 1, parts: member(false) }], EQUITY_SPEC)
    rank(areaRows, 'responseP90', 'p90Rank', -1)
    rank(areaRows, 'resolvedWithoutPoliceShare', 'withoutPoliceRank', 1)
    for (const row of areaRows) {
      row.values = { ...row.values, highNeed: isPseudoArea(row.key) ? null : highNeed.includes(row.key) ? 1 : 0 }
      row.values = Object.fromEntries(EQUITY_AREA_COLUMNS.map((c) => [c.id, row.values[c.id] ?? null]))
    }
    const restCount = set.names.filter((a) => !highNeed.includes(a)).length
    const groupRows: ReportRow[] = ([
      { key: 'high_need', label: `High-need areas (${highNeed.length})`, values: { areas: highNeed.length, ...highVals } },
      { key: 'rest', label: `Other areas (${restCount})`, values: { areas: restCount, ...restVals } }
    ] as ReportRow[]).map((g) => ({ ...g, values: Object.fromEntries(EQUITY_GROUP_COLUMNS.map((c) => [c.id, g.values[c.id] ?? null])) }))
    return {
      areas: table('equity-areas', 'Areas ranked', set.label, EQUITY_AREA_COLUMNS, { rows: areaRows, total: null }),
      groups: table('equity-groups', 'High-need areas against the rest', 'Group', EQUITY_GROUP_COLUMNS, { rows: groupRows, total: null })
    }
  }
}

type Bounds = { from: Date | null, to: Date | null }

/** Whether a week (its Monday, a local date) runs past either end of the period. */
function partialWeek (b: Bounds, timeZone: string): (monday: string) => boolean {
  const localDay = (d: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
  const first = b.from ? localDay(b.from) : null
  const last = b.to ? localDay(new Date(b.to.getTime() - 1)) : null
  const sunday = (monday: string): string => new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10)
  return (monday) => (first !== null && monday < first) || (last !== null && sunday(monday) > last)
}

/** Ranks rows by a shown figure (direction −1: largest first); rows without one get no rank. */
function rank (rows: ReportRow[], by: string, into: string, direction: 1 | -1): void {
  const ranked = rows.filter((r) => typeof r.values[by] === 'number' && !isPseudoArea(r.key))
    .sort((a, b) => direction * ((a.values[by] as number) - (b.values[by] as number)) || a.key.localeCompare(b.key))
  for (const r of rows) r.values[into] = null
  ranked.forEach((r, i) => { r.values[into] = i + 1 })
}

export type ReportsService = ReturnType<typeof createReportsService>

/** Calls placed in no area of the set are counted in the table under their own names and said apart: the map has no place for them. */
function unplacedNotes (areaAggs: Aggregate[], setLabel: string): string[] {
  const notes: string[] = []
  for (const a of areaAggs) {
    if (!isPseudoArea(a.key)) continue
    const calls = countCell(num(a.calls) ?? 0)
    if (calls === 0) continue
    const what = a.key === OUTSIDE ? `lie outside every area of ${setLabel}` : 'have no location to place them by'
    notes.push(`${calls === SUPPRESSED ? 'Fewer than 5' : calls} calls ${what}: they are counted in the table as "${a.key}", and are not on the map.`)
  }
  return notes
}
