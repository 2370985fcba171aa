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
 * What recording a fix did: the teams row as updated (undefined when the fix was late: older than the one held), a
 * repeat of a fix already in the track (same team, device time and place: a phone's outbox sent it again), or no team.
 */
export type FixOutcome = { kind: 'recorded'; row: TeamRow | undefined } | { kind: 'repeat' } | { kind: 'no_team' }

/**
 * Records a fix in one statement, no explicit transaction (a phone's fix, hundreds a second at city scale, costs one
 * round trip): the track gets it unless it holds that fix already (the team at that place at that device time: a
 * unique index says so, concurrent repeats included); then the teams row takes it unless it is older than the fix the row holds, and gets
 * the next number of team_position_seq. A fix is flagged late when the row held a newer one in the statement's
 * snapshot (two fixes of one team in the same milliseconds may both be flagged on time; the row keeps the newer).
 */
export async function recordFix (db: Executor, teamId: string, fix: Fix, receivedAt: Date): Promise<FixOutcome> {
  const r = await sql<TeamRow & { team_exists: boolean; recorded: boolean }>`
    with ins as (
      insert into team_positions (team_id, at, received_at, lat, lon, accuracy_m, late)
      select t.id, ${fix.at}, ${receivedAt}, ${fix.lat}, ${fix.lon}, ${fix.accuracyMeters}, coalesce(t.position_at > ${fix.at}, false)
      from teams t where t.id = ${teamId}
      on conflict (team_id, at, lat, lon) do nothing
      returning id
    ), upd as (
      update teams set lat = ${fix.lat}, lon = ${fix.lon}, position_at = ${fix.at}, position_accuracy_m = ${fix.accuracyMeters},
        position_received_at = ${receivedAt}, updated_at = ${receivedAt}, position_seq = nextval('team_position_seq')
      where id = ${teamId} and (position_at is null or position_at <= ${fix.at}) and exists (select 1 from ins)
      returning *
    )
    select exists (select 1 from teams where id = ${teamId}) as team_exists, exists (select 1 from ins) as recorded, upd.*
    from (select 1) one left join upd on true`.execute(db)
  const { team_exists: exists, recorded, ...row } = r.rows[0]
  if (!exists) return { kind: 'no_team' }
  if (!recorded) return { kind: 'repeat' }
  return { kind: 'recorded', row: row.id == null ? undefined : (row as TeamRow) }
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
