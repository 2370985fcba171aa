// Aggregating queries over report_calls: one statement per table, grouped (and percentiles taken) in SQL, so only
// aggregates ever reach Node. Each returns plain numbers; suppression and labels are the service's business.
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'
import type { ReportSession } from './report-session'
import { histograms, percentiles } from './percentiles'
import { INTERVALS, intervalById } from '../../domain/intervals'
import type { QueuePolicy } from '../../domain/queue'
import type { Slice } from '../../contracts/reports'
import {
  CARE,
  count,
  HANDLED,
  inScope,
  intervalExpr,
  keyText,
  LEFT_QUEUE,
  lowerBound,
  NOT_PLACED,
  OUTSIDE,
  gatherByGroup,
  gathered,
  p50p90,
  p50p90Of,
  pastTarget,
  POLICE_RECORDED,
  sliceKey,
  upperBound,
  whereFilters,
  WITHOUT_POLICE,
  type Filters
} from './report-sql'

export interface Aggregate {
  key: string
  /** The row of all keys together (a grouping set). */
  total: boolean
  [column: string]: unknown
}

const RESPONSE = intervalExpr(intervalById('response'))

/** Numbers from either driver: int, numeric text, or a float8[] (postgres.js) / its text form. */
export function num (x: unknown): number | null {
  if (x === null || x === undefined) return null
  const n = Number(x)
  return Number.isFinite(n) ? n : null
}

/** Median and p90 in minutes from the SQL's seconds (a float8[] from postgres.js, or its text form). */
export function minutesPair (x: unknown): [number | null, number | null] {
  if (x === null || x === undefined) return [null, null]
  const a = Array.isArray(x) ? x : String(x).replace(/[{}]/g, '').split(',')
  const m = (v: unknown): number | null => {
    const n = num(v)
    return n === null ? null : n / 60
  }
  return [m(a[0]), m(a[1])]
}

/** The period's bounds as instants (null where open). */
export async function periodBounds (db: Executor, f: Filters): Promise<{ from: Date | null; to: Date | null }> {
  if (!f.from && !f.to) return { from: null, to: null }
  const lo = f.from ? lowerBound(f.from, f.timeZone) : sql`null::timestamptz`
  const hi = f.to ? upperBound(f.to, f.timeZone) : sql`null::timestamptz`
  const r = await sql<{ from_at: Date | null; to_at: Date | null }>`select ${lo} as from_at, ${hi} as to_at`.execute(db)
  const row = r.rows[0]
  const date = (x: unknown): Date | null => (x == null ? null : new Date(x as string))
  return { from: date(row.from_at), to: date(row.to_at) }
}

/**
 * The calls in scope (care-team eligible, or every call with responses=all): count, and per interval the measured count with
 * median and p90 (seconds). Sliced reports have no total row: it would sort every value a second time. Two statements
 * side by side (each percentile is a sort of its own, on one core: report-session.ts): by area (`areaNames`, the
 * set's names), each takes every other area, so each sorts about half the calls; otherwise each takes half the
 * intervals over the same rows, so both give the same keys.
 */
export async function intervalAggregates (
  s: ReportSession,
  f: Filters,
  by: Slice,
  areaNames: readonly string[] = []
): Promise<Aggregate[]> {
  const key = sliceKey(by, f.areaSet, f)
  const part = (ids: number[], keys: RawBuilder<boolean>) => async (db: Executor) => {
    const ref = (i: number) => sql.ref(`i${i}`)
    const inner = sql.join(ids.map((i) => sql`${intervalExpr(INTERVALS[i])} as ${ref(i)}`))
    const rows = sql`select ${key} as key, ${inner} from report_calls where ${whereFilters(f)} and ${inScope(f)}`
    const count = (i: number) => sql.ref(`${INTERVALS[i].id}Count`)
    const pct = (i: number) => sql.ref(`${INTERVALS[i].id}P`)
    if (gatherByGroup(by)) {
      const gather = sql.join(ids.map((i) => sql`count(${ref(i)})::int as ${count(i)}, ${gathered(ref(i))} as ${ref(i)}`))
      const out = sql.join(ids.map((i) => sql`${count(i)}, ${p50p90Of(ref(i))} as ${pct(i)}`))
      return (
        await sql<Aggregate>`select ${keyText(by, sql.ref('key'))} as key, false as total, calls, ${out}
        from (select key, count(*)::int as calls, ${gather} from (${rows}) s where ${keys} group by key) g`.execute(db)
      ).rows
    }
    const aggs = sql.join(ids.map((i) => sql`count(${ref(i)})::int as ${count(i)}, ${p50p90(ref(i))} as ${pct(i)}`))
    const r = await sql<Aggregate>`select ${keyText(by, sql.ref('key'))} as key, false as total, count(*)::int as calls, ${aggs}
      from (${rows}) s
      where ${keys}
      group by key`.execute(db)
    return r.rows
  }
  const all = INTERVALS.map((_, i) => i)
  if (by === 'area' && areaNames.length >= 2) {
    const some = sql<boolean>`key in (${sql.join(areaNames.filter((_, i) => i % 2 === 0).map((a) => sql`${a}`))})`
    const [a, b] = await s.all([part(all, some), part(all, sql`not ${some}`)])
    return [...a, ...b]
  }
  const half = Math.ceil(INTERVALS.length / 2)
  const [first, second] = await s.all([part(all.slice(0, half), sql`true`), part(all.slice(half), sql`true`)])
  const rest = new Map(second.map((r) => [r.key, r]))
  return first.map((r) => ({ ...rest.get(r.key), ...r }))
}

/**
 * Adds the row of all keys (total: true, key null) to rows grouped by one key: each call has exactly one key, so every
 * count of the whole is the sum of the keys' counts. Summed here rather than by a grouping set in SQL: a statement with
 * grouping sets is not run in parallel, a plain GROUP BY is.
 */
export function withTotal (rows: Aggregate[], by: Slice): Aggregate[] {
  if (by === 'none') return rows
  const total: Aggregate = { key: null as unknown as string, total: true }
  for (const r of rows) {
    for (const [k, v] of Object.entries(r)) if (k !== 'key' && k !== 'total') total[k] = (Number(total[k]) || 0) + (num(v) ?? 0)
  }
  return [...rows, total]
}

/** Outcome counts of every call. */
export async function outcomeAggregates (db: Executor, f: Filters, by: Slice, queue: QueuePolicy): Promise<Aggregate[]> {
  const r = await sql<Aggregate>`select ${keyText(by, sql.ref('key'))} as key, false as total,
      ${count()} as calls,
      ${count(CARE)} as "careEligible",
      ${count(HANDLED)} as "handledByCareTeam",
      ${count(sql`response = 'police'`)} as "referredPolice",
      ${count(sql`response = 'ems'`)} as "referredEms",
      ${count(sql`response = 'fire'`)} as "referredFire",
      ${count(sql`response = 'phone_988'`)} as "referred988",
      ${count(sql`backup_requested`)} as "backupRequested",
      ${count(sql`backup_need = 'care_team'`)} as "backupNeedCareTeam",
      ${count(sql`backup_need = 'ems'`)} as "backupNeedEms",
      ${count(sql`backup_need = 'police'`)} as "backupNeedPolice",
      ${count(sql`backup_team_kind is not null`)} as "backupCameCareTeam",
      ${count(sql`backup_requested and disposition = 'handed_to_police'`)} as "backupCamePolice",
      ${count(sql`backup_requested and disposition = 'handed_to_ems'`)} as "backupCameEms",
      ${count(WITHOUT_POLICE)} as "resolvedWithoutPolice",
      ${count(POLICE_RECORDED)} as "policeRecorded",
      ${count(sql`disposition = 'transported_crisis'`)} as "transportCrisis",
      ${count(sql`disposition = 'transported_hospital'`)} as "transportHospital",
      ${count(sql`disposition = 'transported_shelter'`)} as "transportShelter",
      ${count(sql`transported and coalesce(disposition, '') not in ('transported_crisis', 'transported_hospital', 'transported_shelter')`)}
        as "transportOther",
      ${count(pastTarget(queue))} as "waitedPastTarget",
      ${count(LEFT_QUEUE)} as "leftQueue"
    from (select ${sliceKey(by, f.areaSet, f)} as key, * from report_calls where ${whereFilters(f)}) s
    group by key`.execute(db)
  return withTotal(r.rows, by)
}

/**
 * Adds each percentile row's columns to the count row of the same key (a key with no measured value keeps count 0 and
 * no percentiles). Reports that need both count every call by hashing (in parallel) and sort only the measured values
 * of the calls in scope: one statement with both sorted every call, all its columns, to group it.
 */
const NO_RESPONSE = { responseCount: 0, responseP: null }

function withPercentiles<T extends Record<string, unknown>> (
  counts: T[],
  pcts: T[],
  keyOf: (r: T) => string,
  empty: Record<string, unknown>
): T[] {
  const byKey = new Map(pcts.map((r) => [keyOf(r), r]))
  return counts.map((r) => ({ ...r, ...empty, ...byKey.get(keyOf(r)) }))
}

/** Weekly figures, one row per week and series value: the counts and the response percentiles side by side. */
export async function trendAggregates (
  s: ReportSession,
  f: Filters,
  by: Slice,
  queue: QueuePolicy
): Promise<Array<Aggregate & { week: string }>> {
  const keys = sql`${sliceKey('week', null, f)} as week, ${sliceKey(by, f.areaSet, f)} as key`
  const out = sql`${keyText('week', sql.ref('week'))} as week, ${keyText(by, sql.ref('key'))} as key, false as total`
  type Row = Aggregate & { week: string }
  const [counts, pcts] = await s.all([
    async (db: Executor) =>
      await sql<Row>`select ${out},
      ${count()} as calls,
      ${count(CARE)} as "careEligible",
      ${count(HANDLED)} as "handledByCareTeam",
      ${count(WITHOUT_POLICE)} as "resolvedWithoutPolice",
      ${count(POLICE_RECORDED)} as "policeRecorded",
      ${count(pastTarget(queue))} as "waitedPastTarget",
      ${count(LEFT_QUEUE)} as "leftQueue"
    from (select ${keys}, * from report_calls where ${whereFilters(f)}) s
    group by week, key`.execute(db),
    async (db: Executor) => {
      const rows = sql`select ${keys}, ${RESPONSE} as resp from report_calls where ${whereFilters(f)} and ${inScope(f)}`
      // by week alone the rows come in week order (cheap to group sorted); by week and another key, gathered by hashing
      if (gatherByGroup(by)) {
        return await sql<Row>`select ${out}, n as "responseCount", ${p50p90Of(sql`v`)} as "responseP"
          from (select week, key, count(*)::int as n, array_agg(resp) as v from (${rows}) s where resp is not null group by week, key) g`.execute(
          db
        )
      }
      return await sql<Row>`select ${out}, count(*)::int as "responseCount", ${p50p90(sql`resp`)} as "responseP"
        from (${rows}) s
        where resp is not null
        group by week, key`.execute(db)
    }
  ])
  return withPercentiles(counts.rows, pcts.rows, (r) => `${r.week}\u0000${r.key}`, NO_RESPONSE)
}

/** An area's care-team eligible calls, with its first and last call (for the period's length when it is open). */
export interface AreaNeed {
  key: string
  careEligible: number
  first: Date
  last: Date
}

export type EquityAggregate = Aggregate & { high: boolean | null }

/**
 * Per area, and per group (the high-need areas, which `highNeedOf` picks from every area's need, against the rest):
 * calls, eligible, response, without police. Side by side: each area's counts, and the response times' bins by area
 * (percentiles.ts); then, once the groups are known, the areas' and the groups' percentiles from the bins that hold
 * them. A group's counts are its areas' sums.
 */
export async function equityAggregates (
  s: ReportSession,
  f: Filters,
  highNeedOf: (need: AreaNeed[]) => string[]
): Promise<{ need: AreaNeed[]; highNeed: string[]; aggs: EquityAggregate[] }> {
  const responses = sql`select ${sliceKey('area', f.areaSet, f)} as key, ${RESPONSE} as v
    from report_calls where ${whereFilters(f)} and ${inScope(f)}`
  const placed = (key: string): boolean => key !== OUTSIDE && key !== NOT_PLACED
  const [counts, bins] = await s.all([
    async (db: Executor) =>
      (
        await sql<EquityAggregate & AreaNeed>`select key, false as total,
          ${count()} as calls,
          ${count(CARE)} as "careEligible",
          ${count(WITHOUT_POLICE)} as "resolvedWithoutPolice",
          ${count(POLICE_RECORDED)} as "policeRecorded",
          min(received_at) as first, max(received_at) as last
        from (select ${sliceKey('area', f.areaSet, f)} as key, * from report_calls where ${whereFilters(f)}) s
        group by key`.execute(db)
      ).rows,
    async (db: Executor) => await histograms(db, responses)
  ])
  const highNeed = highNeedOf(counts)
  const keys = [...bins.keys()]
  const groupKeys = (high: boolean): string[] => keys.filter((k) => placed(k) && highNeed.includes(k) === high)
  const HIGH = '\u0000high'
  const REST = '\u0000rest'
  const pcts = await percentiles(s.db, responses, bins, [
    ...keys.map((k) => ({ id: k, keys: [k] })),
    { id: HIGH, keys: groupKeys(true) },
    { id: REST, keys: groupKeys(false) }
  ])
  const measured = (id: string) => {
    const x = pcts.get(id)
    return x ? { responseCount: x.n, responseP: x.p } : NO_RESPONSE
  }
  const areas: EquityAggregate[] = counts.map((r) => ({
    key: r.key,
    total: false,
    high: placed(r.key) ? highNeed.includes(r.key) : null,
    calls: r.calls,
    careEligible: r.careEligible,
    resolvedWithoutPolice: r.resolvedWithoutPolice,
    policeRecorded: r.policeRecorded
  }))
  const groups = new Map<boolean, EquityAggregate>()
  for (const a of areas) {
    if (a.high === null) continue
    const g = groups.get(a.high) ?? {
      key: '',
      total: true,
      high: a.high,
      calls: 0,
      careEligible: 0,
      resolvedWithoutPolice: 0,
      policeRecorded: 0
    }
    for (const c of ['calls', 'careEligible', 'resolvedWithoutPolice', 'policeRecorded']) g[c] = Number(g[c]) + (num(a[c]) ?? 0)
    groups.set(a.high, g)
  }
  return {
    need: counts.map((r) => ({ key: r.key, careEligible: Number(r.careEligible), first: r.first, last: r.last })),
    highNeed,
    aggs: [
      ...areas.map((a) => ({ ...a, ...measured(a.key) })),
      ...[...groups.values()].map((g) => ({ ...g, ...measured(g.high === true ? HIGH : REST) }))
    ]
  }
}

/** The days each source covers (live calls, each imported source by name), whatever the report's filters. */
export interface DataRange {
  source: 'live' | 'imported'
  name: string
  first: string
  last: string
  calls: number
}
export async function dataRanges (db: Executor, timeZone: string): Promise<DataRange[]> {
  const zone = sql.lit(timeZone)
  const r = await sql<DataRange>`select source, origin as name,
      (min(received_at) at time zone ${zone})::date::text as first, (max(received_at) at time zone ${zone})::date::text as last,
        count(*)::int as calls
    from report_calls group by source, origin order by source desc, origin`.execute(db)
  return r.rows.map((x) => ({ ...x, calls: Number(x.calls) }))
}

/** One call for the planner's workspace: times, triage results and areas only (the view holds nothing more). */
export interface PlanningRecord {
  source: 'live' | 'imported'
  /** Wall-clock seconds of the report time zone, as if UTC (for hour of week and replay times). */
  localSeconds: number
  category: string
  response: string
  priority: number
  councilDistrict: string | null
  lapdDivision: string | null
  /** Where the call lies against the council districts: in one, outside all, or never placed (no location). */
  placed: 'in' | 'outside' | 'not_placed'
  /** Care-team eligible and ended with no care team on scene (the unmet report's "not served"). */
  unmet: boolean
  turnoutMinutes: number | null
  onSceneMinutes: number | null
  responseMinutes: number | null
}

/** Calls of a period in received order, for building a scenario from history or replaying it; at most `limit`. */
export async function planningRecords (db: Executor, f: Filters, limit: number): Promise<PlanningRecord[]> {
  const response = intervalExpr(INTERVALS.find((d) => d.id === 'response')!)
  const r = await sql<{
    source: 'live' | 'imported'
    local_s: number
    category: string
    response: string
    priority: number
    cd: string | null
    lapd: string | null
    placed: 'in' | 'outside' | 'not_placed'
    unmet: boolean
    turnout_s: number | null
    on_scene_s: number | null
    response_s: number | null
  }>`
    select source, extract(epoch from (received_at at time zone ${sql.lit(f.timeZone)}))::float8 as local_s, category, response, priority,
      areas ->> 'council_districts' as cd, areas ->> 'lapd_divisions' as lapd,
      case when areas -> 'council_districts' is null then 'not_placed' when areas ->> 'council_districts' is null then 'outside' else 'in'
        end as placed,
      (${CARE} and state <> 'open' and on_scene_at is null) as unmet,
      case when en_route_at >= dispatched_at then extract(epoch from en_route_at - dispatched_at)::float8 end as turnout_s,
      case when cleared_at >= on_scene_at then extract(epoch from cleared_at - on_scene_at)::float8 end as on_scene_s,
      ${response}::float8 as response_s
    from report_calls where ${whereFilters(f)} order by received_at limit ${limit}`.execute(db)
  const min = (s: number | null): number | null => (s === null ? null : Number(s) / 60)
  return r.rows.map((x) => ({
    source: x.source,
    localSeconds: Number(x.local_s),
    category: x.category,
    response: x.response,
    priority: Number(x.priority),
    councilDistrict: x.cd,
    lapdDivision: x.lapd,
    placed: x.placed,
    unmet: x.unmet === true || String(x.unmet) === 'true',
    turnoutMinutes: min(x.turnout_s),
    onSceneMinutes: min(x.on_scene_s),
    responseMinutes: min(x.response_s)
  }))
}
