// The positions store: the latest fix on the teams row (what the map and the ranking read) and the track
// (team_positions), written together; the live feed's reads; the track's review and pruning.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { TeamRow } from './teams.tables'

export interface Fix {
  lat: number
  lon: number
  accuracyMeters: number | null
  at: Date
}

/** A team's latest fix as the live feed reads it; `seq` orders the fixes taken as latest, across processes. */
export interface LatestFix {
  teamId: string
  lat: number
  lon: number
  accuracyMeters: number | null
  at: Date
  seq: number
}

/**
 * Records a fix in one statement: the track always gets it; the teams row takes it unless it is older than the
 * fix the row holds (a late fix from an outbox), and then gets the next number of team_position_seq. Answers the
 * row as updated, or undefined when the fix was late or the team does not exist (the track has it only if the
 * team exists).
 */
export async function recordFix (db: Executor, teamId: string, fix: Fix, receivedAt: Date): Promise<TeamRow | undefined> {
  const r = await sql<TeamRow>`
    with upd as (
      update teams set lat = ${fix.lat}, lon = ${fix.lon}, position_at = ${fix.at}, position_accuracy_m = ${fix.accuracyMeters},
        position_received_at = ${receivedAt}, updated_at = ${receivedAt}, position_seq = nextval('team_position_seq')
      where id = ${teamId} and (position_at is null or position_at <= ${fix.at})
      returning *
    ), ins as (
      insert into team_positions (team_id, at, received_at, lat, lon, accuracy_m, late)
      select t.id, ${fix.at}, ${receivedAt}, ${fix.lat}, ${fix.lon}, ${fix.accuracyMeters}, not exists (select 1 from upd)
      from teams t where t.id = ${teamId}
    )
    select * from upd`.execute(db)
  return r.rows[0]
}

/** Latest fixes of every team that has one, or (afterSeq) of the teams whose latest fix came after that number. */
export async function latestFixes (db: Executor, afterSeq: number | null): Promise<LatestFix[]> {
  const rows = await db
    .selectFrom('teams')
    .select(['id', 'lat', 'lon', 'position_accuracy_m', 'position_at', sql<number>`coalesce(position_seq, 0)::float8`.as('seq')])
    .where('lat', 'is not', null)
    .where('lon', 'is not', null)
    .where('position_at', 'is not', null)
    .$if(afterSeq !== null, (q) => q.where(sql<boolean>`position_seq > ${afterSeq}::bigint`))
    .execute()
  return rows.map((r) => ({
    teamId: r.id,
    lat: r.lat!,
    lon: r.lon!,
    accuracyMeters: r.position_accuracy_m ?? null,
    at: r.position_at!,
    seq: Number(r.seq)
  }))
}

export interface TrackRow {
  at: Date
  received_at: Date
  lat: number
  lon: number
  accuracy_m: number | null
  late: boolean
}

/** A team's fixes taken in [from, to), oldest first (device time), at most `limit`. */
export async function trackOf (db: Executor, teamId: string, from: Date, to: Date, limit: number): Promise<TrackRow[]> {
  return await db
    .selectFrom('team_positions')
    .select(['at', 'received_at', 'lat', 'lon', 'accuracy_m', 'late'])
    .where('team_id', '=', teamId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * Removes up to `batch` of the oldest fixes received before `cutoff`; answers how many went. It looks at the
 * first `batch` rows in insertion order only (ids grow with arrival), so a run with nothing to remove reads a
 * bounded number of rows however big the track is. Rows another process is removing are skipped.
 */
export async function pruneTrackBatch (db: Executor, cutoff: Date, batch: number): Promise<number> {
  const r = await sql`
    delete from team_positions where id in (
      select id from (select id, received_at from team_positions order by id limit ${batch} for update skip locked) oldest
      where received_at < ${cutoff})`.execute(db)
  return Number(r.numAffectedRows ?? 0)
}
