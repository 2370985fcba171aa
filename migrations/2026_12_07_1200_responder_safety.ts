// Responder safety: emergencies (SOS) raised by a team until a person acknowledges them, timed check-ins on
// scene, and the check-ins missed (one row per missed due time: the key makes the alert happen once, whatever
// the number of server processes).
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('team_emergencies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('call_id', 'uuid', (c) => c.references('calls.id').onDelete('set null'))
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('device_time', 'timestamptz', (c) => c.notNull())
    .addColumn('raised_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('position_at', 'timestamptz')
    .addColumn('presses', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_pressed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('acknowledged_by_name', 'text')
    .execute()
  // One open emergency per team: a second press (or a resend) adds to it instead of raising another.
  await sql`create unique index team_emergencies_open_idx on team_emergencies (team_id) where acknowledged_at is null`.execute(db)
  await db.schema.createIndex('team_emergencies_raised_idx').on('team_emergencies').column('raised_at').execute()

  await db.schema
    .createTable('check_ins')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('check_ins_call_idx').on('check_ins').columns(['call_id', 'at']).execute()

  await db.schema
    .createTable('check_in_misses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('position_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('resolved_by_name', 'text')
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addUniqueConstraint('check_in_misses_once', ['call_id', 'due_at'])
    .execute()
  await sql`alter table check_in_misses add constraint check_in_misses_resolution_check check (resolution is null or resolution in
    ('team_ok', 'reached_by_radio', 'help_sent', 'other'))`.execute(db)
  await sql`create index check_in_misses_open_idx on check_in_misses (raised_at) where resolved_at is null`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('check_in_misses').ifExists().execute()
  await db.schema.dropTable('check_ins').ifExists().execute()
  await db.schema.dropTable('team_emergencies').ifExists().execute()
}
