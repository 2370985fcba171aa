// Synthetic calls generated inside the database (INSERT … SELECT generate_series), for the reports bench: live calls
// and imported history with complete timestamp chains, skewed across areas so the equity figures differ by area.
// Rows go in in time order, as live calls and imports arrive, so a month's calls sit together on disk.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../server/db/database'

export interface SyntheticOptions {
  /** How many rows. */
  rows: number
  /** First instant; calls spread uniformly over `days`. */
  start: Date
  days: number
  /** Area set id and its area names; a call's area is skewed towards the first names (more demand there). */
  areaSet: string
  areas: readonly string[]
  /** 0 < seed < 1, for setseed(). */
  seed: number
}

const literalArray = (xs: readonly string[]) => sql`array[${sql.join(xs.map((x) => sql.lit(x)))}]::text[]`

/**
 * The random draws of one row, as SQL over generate_series: area index (skewed), category, response (about 70% to a
 * care team), priority, and the interval lengths in minutes (travel grows with the area index).
 */
function draws (o: SyntheticOptions) {
  return sql`select i,
      1 + floor(${o.areas.length} * power(random(), 1.6))::int as a,
      ${o.start.toISOString()}::timestamptz + random() * ${o.days} * interval '1 day' as t0,
      (array['mental_health','mental_health','substance_use','traffic_safety','out_of_scope'])[1 + floor(random() * 5)::int] as category,
      (array['care_team','care_team','care_team','care_team','care_team','care_team_with_ems','co_response_police','police','ems','phone_988'])[1 + floor(random() * 10)::int] as response,
      1 + floor(random() * 3)::int as priority,
      0.5 + random() * random() * 6 as cp,
      0.5 + random() * 2.5 as tu,
      random() as u1,
      random() as u2,
      20 + random() * 60 as os
    from generate_series(1, ${o.rows}) i`
}

/** Imported history rows (historical_calls). */
export async function insertSyntheticHistory (db: Kysely<Database>, o: SyntheticOptions): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select setseed(${o.seed})`.execute(trx)
    await sql`insert into historical_calls (source, source_id, received_at, call_type, category, response, priority, protocol_version,
      areas,
        disposition, dispatched_at, en_route_at, on_scene_at, cleared_at)
      select 'synthetic', 'syn-' || ${String(o.seed)} || '-' || i, t0, 'SYN', category, response, priority, 'synthetic',
        jsonb_build_object(${o.areaSet}::text, (${literalArray(o.areas)})[a]),
        case when u2 < 0.06 then 'handed_to_police' when u2 < 0.16 then 'transported_crisis' when u2 < 0.2 then 'transported_hospital' else
          'resolved_on_scene' end,
        t0 + cp * interval '1 minute',
        t0 + (cp + tu) * interval '1 minute',
        t0 + (cp + tu + 3 + a * 0.45 + u1 * 14) * interval '1 minute',
        t0 + (cp + tu + 3 + a * 0.45 + u1 * 14 + os) * interval '1 minute'
      from (${draws(o)}) d order by t0`.execute(trx)
  })
}

/** Live calls (calls), closed or referred, each with a team of the given ids for care-team responses. */
export async function insertSyntheticLive (db: Kysely<Database>, o: SyntheticOptions & { teamIds: readonly string[] }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select setseed(${o.seed})`.execute(trx)
    await sql`insert into calls (received_at, source, lat, lon, category, response, priority, reasons, missing, protocol_version, status,
        referred_to, referred_at, team_id, areas, disposition, dispatched_at, acknowledged_at, en_route_at, on_scene_at, transporting_at,
          cleared_at, backup_requested_at)
      select t0, 'phone', 34.05, -118.25, category, response, priority, '[]'::jsonb, '[]'::jsonb, 'synthetic',
        case when response in ('police', 'ems', 'phone_988') then 'referred' else 'closed' end,
        case when response in ('police', 'ems', 'phone_988') then response end,
        case when response in ('police', 'ems', 'phone_988') then t0 end,
        (${literalArray(o.teamIds)}::uuid[])[1 + (i % ${o.teamIds.length})],
        jsonb_build_object(${o.areaSet}::text, (${literalArray(o.areas)})[a]),
        case when u2 < 0.05 then 'handed_to_police' when u2 < 0.15 then 'transported_crisis' when u2 < 0.19 then 'transported_hospital' else
          'resolved_on_scene' end,
        t0 + cp * interval '1 minute',
        t0 + (cp + 0.3) * interval '1 minute',
        t0 + (cp + tu) * interval '1 minute',
        t0 + (cp + tu + 3 + a * 0.45 + u1 * 14) * interval '1 minute',
        case when u2 >= 0.05 and u2 < 0.19 then t0 + (cp + tu + 3 + a * 0.45 + u1 * 14 + os / 2) * interval '1 minute' end,
        t0 + (cp + tu + 3 + a * 0.45 + u1 * 14 + os) * interval '1 minute',
        case when u2 < 0.03 then t0 + (cp + tu + 3 + a * 0.45 + u1 * 14 + 2) * interval '1 minute' end
      from (${draws(o)}) d order by t0`.execute(trx)
  })
}
