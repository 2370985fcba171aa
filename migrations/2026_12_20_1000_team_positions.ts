// Positions apart from events (issue 25, part 1). The teams row keeps the latest fix (what the map and the
// ranking read), stamped with a number from a sequence so that every server process can find the teams that
// moved since its last look; every fix, late ones from an offline outbox included, goes to the track
// (team_positions), kept POSITION_RETENTION_DAYS for review. Position events written before this are copied to
// the track (the event log is append-only, so they stay there too, and the live stream no longer sends them);
// from now on the event log grows by call and team status changes only.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`create sequence team_position_seq`.execute(db)
  // No index on these: a position update that touches no indexed column stays a HOT update (no index churn).
  await db.schema.alterTable('teams').addColumn('position_seq', 'bigint').addColumn('position_accuracy_m', 'real').execute()

  await db.schema
    .createTable('team_positions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('accuracy_m', 'real')
    // older than the fix the team held when it arrived (replayed from an outbox): in the track, not on the map
    .addColumn('late', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  await db.schema.createIndex('team_positions_team_at').on('team_positions').columns(['team_id', 'at']).execute()

  await sql`
    insert into team_positions (team_id, at, received_at, lat, lon, accuracy_m, late)
    select e.team_id, coalesce((e.data->>'deviceTime')::timestamptz, e.at), e.at, (e.data->>'lat')::float8, (e.data->>'lon')::float8,
      (e.data->>'accuracyMeters')::real, e.type = 'team.position_late'
    from events e join teams t on t.id = e.team_id
    where e.type in ('team.position', 'team.position_late') and e.data ? 'lat' and e.data ? 'lon'
    order by e.seq`.execute(db)
  await sql`update teams set position_seq = nextval('team_position_seq') where position_at is not null`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('team_positions').execute()
  await db.schema.alterTable('teams').dropColumn('position_seq').dropColumn('position_accuracy_m').execute()
  await sql`drop sequence team_position_seq`.execute(db)
}
