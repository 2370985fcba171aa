// Dispatch core schema: users, sessions, teams, calls with triage history, assignments, idempotency
// keys, access audit and the append-only events table.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_sign', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('capabilities', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('languages', 'jsonb', (c) => c.notNull().defaultTo(sql`'["en"]'::jsonb`))
    .addColumn('base_name', 'text')
    .addColumn('base_lat', 'double precision')
    .addColumn('base_lon', 'double precision')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('off_duty'))
    .addColumn('on_shift', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('shift_started_at', 'timestamptz')
    .addColumn('shift_ends_at', 'timestamptz')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('position_at', 'timestamptz')
    .addColumn('position_received_at', 'timestamptz')
    .addColumn('current_call_id', 'uuid')
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`alter table teams add constraint teams_status_check check (status in
    ('off_duty','available','dispatched','en_route','on_scene','transporting','at_facility','out_of_service','recovering'))`.execute(db)
  await sql`alter table teams add constraint teams_kind_check check (kind in ('crisis','medic_crisis','outreach','traffic'))`.execute(
    db
  )

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index users_email_key on users (lower(email))`.execute(db)
  await sql`alter table users add constraint users_role_check check (role in
    ('dispatcher','responder','planner','supervisor','admin'))`.execute(
      db
    )
  await sql`alter table users add constraint users_responder_team_check check (role <> 'responder' or team_id is not null)`.execute(db)

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('calls')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('area', 'text')
    .addColumn('callback', 'text')
    .addColumn('caller_name', 'text')
    .addColumn('language', 'text')
    .addColumn('narrative', 'text')
    .addColumn('call_type', 'text')
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('priority', 'smallint', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('missing', 'jsonb', (c) => c.notNull())
    .addColumn('protocol_version', 'text', (c) => c.notNull())
    .addColumn('triage_overridden', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('referred_to', 'text')
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id'))
    .addColumn('backup_requested_at', 'timestamptz')
    .addColumn('backup_reason', 'text')
    .addColumn('disposition', 'text')
    .addColumn('disposition_notes', 'text')
    .addColumn('triaged_at', 'timestamptz')
    .addColumn('queued_at', 'timestamptz')
    .addColumn('dispatched_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('en_route_at', 'timestamptz')
    .addColumn('on_scene_at', 'timestamptz')
    .addColumn('transporting_at', 'timestamptz')
    .addColumn('at_facility_at', 'timestamptz')
    .addColumn('cleared_at', 'timestamptz')
    .addColumn('referred_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`alter table calls add constraint calls_status_check check (status in
    ('received','triaged','queued','assigned','acknowledged','en_route','on_scene','transporting','at_facility','closed','referred','cancelled'))`.execute(
      db
    )
  await sql`alter table calls add constraint calls_priority_check check (priority between 1 and 3)`.execute(db)
  await sql`alter table calls add constraint calls_lat_check check (lat between -90 and 90 and lon between -180 and 180)`.execute(db)
  await db.schema.createIndex('calls_received_idx').on('calls').column('received_at').execute()
  await sql`create index calls_open_idx on calls (status) where status not in ('closed','referred','cancelled')`.execute(db)
  await sql`alter table teams add constraint teams_current_call_fk foreign key (current_call_id) references calls(id)`.execute(db)

  await db.schema
    .createTable('call_triages')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('priority', 'smallint', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('missing', 'jsonb', (c) => c.notNull())
    .addColumn('protocol_version', 'text', (c) => c.notNull())
    .addColumn('override_reason', 'text')
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('call_triages_call_idx').on('call_triages').column('call_id').execute()

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id'))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('primary'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('assigned_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('auto', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('ack_deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('end_reason', 'text')
    .execute()
  // The database itself refuses a second open assignment of one team, or a second primary team on one call.
  await sql`create unique index assignments_team_open_key on assignments (team_id) where ended_at is null`.execute(db)
  await sql`create unique index assignments_call_primary_open_key on assignments (call_id) where ended_at is null and role =
    'primary'`.execute(
      db
    )
  await sql`create index assignments_ack_due_idx on assignments (ack_deadline) where ended_at is null and acknowledged_at is null`.execute(
    db
  )

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('call_id', 'uuid', (c) => c.references('calls.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
    .execute()

  await db.schema
    .createTable('access_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('call_id', 'uuid', (c) => c.references('calls.id').onDelete('cascade'))
    .execute()

  await db.schema
    .createTable('events')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('call_id', 'uuid')
    .addColumn('team_id', 'uuid')
    .addColumn('actor_id', 'uuid')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema.createIndex('events_call_idx').on('events').column('call_id').execute()
  // Append-only: the audit trail cannot be edited or deleted, even by the application.
  await sql`create function events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'events is append-only'; end $$`.execute(db)
  await sql`create trigger events_no_update before update or delete on events
    for each row execute function events_append_only()`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists events_no_update on events`.execute(db)
  await sql`drop function if exists events_append_only()`.execute(db)
  for (const t of ['events', 'access_log', 'idempotency_keys', 'assignments', 'call_triages']) {
    await db.schema.dropTable(t).ifExists().execute()
  }
  await sql`alter table teams drop constraint if exists teams_current_call_fk`.execute(db)
  for (const t of ['calls', 'sessions', 'users', 'teams']) await db.schema.dropTable(t).ifExists().execute()
}
