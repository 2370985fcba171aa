// SQL pieces over report_calls: intervals generated from server/domain, the slices, the filters and the outcomes.
// Only trusted text is spliced in (validated set ids, the configured time zone, constants); values are parameters.
import { sql, type RawBuilder } from 'kysely'
import { intervalSql, type IntervalDef, type Stamp } from '../../domain/intervals'
import type { QueuePolicy } from '../../domain/queue'
import { CARE_TEAM_RESPONSES } from '../../domain/types'
import type { ResponseScope, Slice, SourceFilter } from '../../contracts/reports'

const STAMP_COLUMN: Record<Stamp, string> = {
  received: 'received_at',
  dispatched: 'dispatched_at',
  enRoute: 'en_route_at',
  onScene: 'on_scene_at',
  cleared: 'cleared_at'
}

/** An interval in seconds (NULL when not counted), from its one definition. */
export const intervalExpr = (d: IntervalDef): RawBuilder<number | null> => sql.raw(intervalSql(d, (s) => STAMP_COLUMN[s]))

const literals = (xs: readonly string[]): RawBuilder<unknown> => sql.join(xs.map((x) => sql.lit(x)))

export const OUTSIDE = '(outside every area)'
export const NOT_PLACED = '(not placed)'

/** A bound of the period: a calendar day in the report time zone, or an instant. */
export type Bound = { day: string } | { instant: string }

export interface Filters {
  from: Bound | null
  to: Bound | null
  source: SourceFilter
  /** Which calls the response figures cover: care-team responses, or every call. */
  responses: ResponseScope
  category: string | null
  areaSet: string | null
  area: string | null
  timeZone: string
  /** The projection's local week, hour and weekday are in timeZone (report_facts_zone): group by them. */
  localKeys: boolean
}

/** The first instant of the period. */
export function lowerBound (b: Bound, tz: string): RawBuilder<Date> {
  return 'day' in b ? sql`(${b.day}::date::timestamp at time zone ${sql.lit(tz)})` : sql`${b.instant}::timestamptz`
}

/** The first instant after the period: the end of the last day, or the instant itself. */
export function upperBound (b: Bound, tz: string): RawBuilder<Date> {
  return 'day' in b ? sql`((${b.day}::date + 1)::timestamp at time zone ${sql.lit(tz)})` : sql`${b.instant}::timestamptz`
}

export function whereFilters (f: Filters): RawBuilder<boolean> {
  const c: Array<RawBuilder<unknown>> = [sql`true`]
  if (f.from) c.push(sql`received_at >= ${lowerBound(f.from, f.timeZone)}`)
  if (f.to) c.push(sql`received_at < ${upperBound(f.to, f.timeZone)}`)
  if (f.source !== 'both') c.push(sql`source = ${f.source}`)
  if (f.category) c.push(sql`category = ${f.category}`)
  if (f.area && f.areaSet) c.push(sql`areas ->> ${sql.lit(f.areaSet)} = ${f.area}`)
  return sql`${sql.join(c, sql` and `)}`
}

/**
 * The slice key of a call, typed to group cheaply: text in the "C" collation (bytes, not the locale's rules), or an
 * integer or a date. `keyText` turns a grouped key into the text the report keys rows by.
 */
export function sliceKey (by: Slice, areaSet: string | null, f: Pick<Filters, 'timeZone' | 'localKeys'>): RawBuilder<unknown> {
  const zone = sql.lit(f.timeZone)
  switch (by) {
    case 'none':
      return sql`'all'::text collate "C"`
    case 'area': {
      const s = sql.lit(areaSet ?? '')
      return sql`(coalesce(areas ->> ${s}, case when areas -> ${s} is null then ${sql.lit(NOT_PLACED)} else ${sql.lit(OUTSIDE)} end) collate
        "C")`
    }
    case 'category':
      return sql`(category collate "C")`
    case 'response':
      return sql`(response collate "C")`
    case 'priority':
      return sql`priority`
    case 'team_kind':
      return sql`(coalesce(team_kind, 'none') collate "C")`
    case 'youth':
      return sql`(case youth when true then 'youth' when false then 'other' else 'not_recorded' end collate "C")`
    case 'place_kind':
      return sql`(coalesce(place_kind, 'not_recorded') collate "C")`
    // The projection's local columns when they are in this zone (f.localKeys); else the same converted per row (exact,
    // slower: TIME_ZONE changed and no start has recomputed them yet).
    case 'hour':
      return f.localKeys ? sql`local_hour::int` : sql`date_part('hour', received_at at time zone ${zone})::int`
    case 'weekday':
      return f.localKeys ? sql`local_dow::int` : sql`date_part('isodow', received_at at time zone ${zone})::int`
    case 'week':
      return f.localKeys ? sql`local_week` : sql`date_trunc('week', received_at at time zone ${zone})::date`
  }
}

/** A grouped slice key as the report's text: hours 00–23, weekdays 1–7, weeks YYYY-MM-DD (datestyle ISO). */
export function keyText (by: Slice, key: RawBuilder<unknown>): RawBuilder<string> {
  return by === 'hour' ? sql`lpad(${key}::text, 2, '0')` : sql`${key}::text`
}

/** Triaged to a response that sends a care team. */
export const CARE = sql<boolean>`(response in (${literals(CARE_TEAM_RESPONSES)}))`

/** Care-team eligible, and a team reached the scene. */
export const HANDLED = sql<boolean>`(${CARE} and on_scene_at is not null)`

/** The calls the response figures cover: those triaged to a care-team response, or every call (responses=all). */
export const inScope = (f: Filters): RawBuilder<boolean> => (f.responses === 'all' ? sql<boolean>`true` : CARE)

/**
 * Whether the record says if police came: a live call does (its responses, referrals, hand-offs and backup are
 * ours); an imported record only when its source recorded it (a CAD export does not say which unit came).
 */
export const POLICE_RECORDED = sql<boolean>`(source = 'live' or recorded_without_police is not null)`

/**
 * Ended (closed, or handed to EMS, fire or 988) with no police anywhere: not triaged to police or co-response,
 * not referred or handed to police, no police backup asked for. An imported record: only when its source says so.
 */
export const WITHOUT_POLICE = sql<boolean>`(case when source = 'live' then state in ('closed', 'referred') and response not in ('police',
  'co_response_police')
  and coalesce(referred_to, '') <> 'police' and coalesce(disposition, '') <> 'handed_to_police' and coalesce(backup_need, '') <> 'police'
  else coalesce(recorded_without_police, false) end)`

/** Care-team eligible calls that stopped waiting (dispatched, referred or cancelled): the base of the wait share. */
export const LEFT_QUEUE = sql<boolean>`(${CARE} and queue_left_at is not null)`

/** Waited for a team longer than the priority's target (server/domain/queue.ts, as configured). */
export function pastTarget (queue: QueuePolicy): RawBuilder<boolean> {
  const t = queue.targetMinutes
  return sql`(${LEFT_QUEUE} and queue_left_at > received_at + make_interval(mins => case priority when 1 then ${sql.lit(t[1])} when 2
    then ${sql.lit(t[2])} else ${sql.lit(t[3])} end))`
}

export const count = (where?: RawBuilder<boolean>): RawBuilder<number> =>
  where ? sql`(count(*) filter (where ${where}))::int` : sql`count(*)::int`

/** Median and 90th percentile of a column, one sort. */
export const p50p90 = (column: RawBuilder<unknown>): RawBuilder<number[] | null> =>
  sql`percentile_cont(array[0.5, 0.9]) within group (order by ${column})`
