// A fix is kept once (issue 25): a team's track holds one row per fix (team, device time, latitude, longitude). A
// phone's outbox sends a fix again when its first answer was lost; the position route recognises the repeat by what
// it writes (by this unique index, concurrent repeats included) instead of keeping an idempotency claim and answer per
// fix, which cost two more statements and two more commits per fix and a row per fix for a week. Repeats already in
// the track (the earliest arrival of each is kept) go first. The index serves the track's reads by team and time too.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`delete from team_positions p using team_positions q
    where p.team_id = q.team_id and p.at = q.at and p.lat = q.lat and p.lon = q.lon and p.id > q.id`.execute(db)
  await sql`create unique index team_positions_fix on team_positions (team_id, at, lat, lon)`.execute(db)
  await sql`drop index team_positions_team_at`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`create index team_positions_team_at on team_positions (team_id, at)`.execute(db)
  await sql`drop index team_positions_fix`.execute(db)
}
