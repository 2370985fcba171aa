// Aggregating queries over report_calls: one statement per table, grouped (and percentiles taken) in SQL, so only
// aggregates ever reach Node. Each returns plain numbers; suppression and labels are the service's business.
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'
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
  p50p90,
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

const groupBy = (by: Slice): RawBuilder<unknown> => (by === 'none' ? sql`group by key` : sql`group by grouping sets ((key), ())`)

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
 * The calls in scope (care-team eligible, or every call with responses=all): count, and per interval the measured count with median and p90
 * (seconds). Sliced reports have no total row: it would sort every value a second time.
 */
export async function intervalAggregates (db: Executor, f: Filters, by: Slice): Promise<Aggregate[]> {
  const ref = (i: number) => sql.ref(`i${i}`)
  const inner = sql.join(INTERVALS.map((d, i) => sql`${intervalExpr(d)} as ${ref(i)}`))
  const aggs = sql.join(
    INTERVALS.map((d, i) => sql`count(${ref(i)})::int as ${sql.ref(`${d.id}Count`)}, ${p50p90(ref(i))} as ${sql.ref(`${d.id}P`)}`)
  )
  const r =
    await sql<Aggregate>`select ${keyText(by, sql.ref('key'))} as key, grouping(key) = 1 as total, count(*)::int as calls, ${aggs}
    from (select ${sliceKey(by, f.areaSet, f)} as key, ${inner} from report_calls where ${whereFilters(f)} and ${inScope(f)}) s
    group by key`.execute(db)
  return r.rows
}

/** Outcome counts of every call. */
export async function outcomeAggregates (db: Executor, f: Filters, by: Slice, queue: QueuePolicy): Promise<Aggregate[]> {
  const r = await sql<Aggregate>`select ${keyText(by, sql.ref('key'))} as key, grouping(key) = 1 as total,
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
    ${groupBy(by)}`.execute(db)
  return r.rows
}

/**
 * Adds each percentile row's columns to the count row of the same key (a key with no measured value keeps count 0 and
 * no percentiles). Reports that need both count every call by hashing (in parallel) and sort only the measured values
 * of the calls in scope: one statement with both sorted every call, all its columns, to group it.
 */
function withPercentiles<T extends Record<string, unknown>> (
  counts: T[],
  pcts: T[],
  keyOf: (r: T) => string,
  empty: Record<string, unknown>
): T[] {
  const byKey = new Map(pcts.map((r) => [keyOf(r), r]))
  return counts.map((r) => ({ ...r, ...empty, ...byKey.get(keyOf(r)) }))
}

/** Weekly figures, one row per week and series value. */
export async function trendAggregates (
  db: Executor,
  f: Filters,
  by: Slice,
  queue: QueuePolicy
): Promise<Array<Aggregate & { week: string }>> {
  const keys = sql`${sliceKey('week', null, f)} as week, ${sliceKey(by, f.areaSet, f)} as key`
  const out = sql`${keyText('week', sql.ref('week'))} as week, ${keyText(by, sql.ref('key'))} as key, false as total`
  const counts = await sql<Aggregate & { week: string }>`select ${out},
      ${count()} as calls,
      ${count(CARE)} as "careEligible",
      ${count(HANDLED)} as "handledByCareTeam",
      ${count(WITHOUT_POLICE)} as "resolvedWithoutPolice",
      ${count(POLICE_RECORDED)} as "policeRecorded",
      ${count(pastTarget(queue))} as "waitedPastTarget",
      ${count(LEFT_QUEUE)} as "leftQueue"
    from (select ${keys}, * from report_calls where ${whereFilters(f)}) s
    group by week, key`.execute(db)
  const pcts = await sql<
    Aggregate & { week: string }
  >`select ${out}, count(*)::int as "responseCount", ${p50p90(sql`resp`)} as "responseP"
    from (select ${keys}, ${RESPONSE} as resp from report_calls where ${whereFilters(f)} and ${inScope(f)}) s
    where resp is not null
    group by week, key`.execute(db)
  return withPercentiles(counts.rows, pcts.rows, (r) => `${r.week}\u0000${r.key}`, { responseCount: 0, responseP: null })
}

/** Care-team eligible calls per area, with the first and last call (for the period's length when it is open). */
export async function needByArea (
  db: Executor,
  f: Filters
): Promise<Array<{ key: string; careEligible: number; first: Date; last: Date }>> {
  const r = await sql<{ key: string; careEligible: number; first: Date; last: Date }>`select key, ${count(CARE)} as "careEligible",
      min(received_at) as first, max(received_at) as last
    from (select ${sliceKey('area', f.areaSet, f)} as key, * from report_calls where ${whereFilters(f)}) s
    group by key`.execute(db)
  return r.rows
}

/** Per area, and per group (the high-need areas against the rest): calls, eligible, response, without police. */
export async function equityAggregates (
  db: Executor,
  f: Filters,
  highNeed: string[]
): Promise<Array<Aggregate & { high: boolean | null }>> {
  const high = highNeed.length === 0 ? sql`false` : sql`key in (${sql.join(highNeed.map((a) => sql`${a}`))})`
  const rows = (
    cols: RawBuilder<unknown>,
    where: RawBuilder<boolean>
  ) => sql`select a.*, case when key in (${OUTSIDE}, ${NOT_PLACED}) then null else ${high} end as high
      from (select ${sliceKey('area', f.areaSet, f)} as key, ${cols} from report_calls where ${whereFilters(f)} and ${where}) a`
  const counts = await sql<Aggregate & { high: boolean | null }>`select key, high, grouping(key) = 1 as total,
      ${count()} as calls,
      ${count(CARE)} as "careEligible",
      ${count(WITHOUT_POLICE)} as "resolvedWithoutPolice",
      ${count(POLICE_RECORDED)} as "policeRecorded"
    from (${rows(sql`*`, sql`true`)}) s
    group by grouping sets ((key, high), (high))`.execute(db)
  const pcts = await sql<
    Aggregate & { high: boolean | null }
  >`select key, high, grouping(key) = 1 as total, count(*)::int as "responseCount", ${p50p90(sql`resp`)} as "responseP"
    from (${rows(sql`${RESPONSE} as resp`, inScope(f))}) s
    where resp is not null
    group by grouping sets ((key, high), (high))`.execute(db)
  const keyOf = (r: Aggregate & { high: boolean | null }) => `${String(r.total)}\u0000${String(r.high)}\u0000${r.total ? '' : r.key}`
  return withPercentiles(counts.rows, pcts.rows, keyOf, { responseCount: 0, responseP: null })
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
