// Follow-ups and referrals (issue 23): what came after a call. Follow-ups due at a time, attempts to reach the person,
// completion; referrals sent to a service, accepted or declined, completed. Personal health data: kept here, never in
// events or report_calls. The navigator role (staff who call people back) joins the users' roles.
import { sql, type Kysely } from 'kysely'

const lits = (xs: string[]) => sql.join(xs.map((x) => sql.lit(x)))

export async function up (db: Kysely<any>): Promise<void> {
  await sql`alter table users drop constraint users_role_check`.execute(db)
  await sql`alter table users add constraint users_role_check check (role in
    ('dispatcher','responder','planner','supervisor','admin','navigator'))`.execute(
      db
    )

  await db.schema
    .createTable('follow_ups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('completed_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('completion_note', 'text')
    .execute()
  await db.schema
    .createIndex('follow_ups_open_due')
    .on('follow_ups')
    .column('due_at')
    .where(sql.ref('completed_at'), 'is', null)
    .execute()
  await db.schema.createIndex('follow_ups_completed').on('follow_ups').column('completed_at').execute()
  await db.schema.createIndex('follow_ups_call').on('follow_ups').column('call_id').execute()

  await db.schema
    .createTable('follow_up_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('follow_up_id', 'uuid', (c) => c.notNull().references('follow_ups.id').onDelete('cascade'))
    // the order attempts were recorded in (two can share a millisecond)
    .addColumn('seq', 'bigserial', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('by_user', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await sql`alter table follow_up_attempts add constraint follow_up_attempts_outcome_check check (outcome in
    (${lits(['reached', 'no_answer', 'declined', 'wrong_number'])}))`.execute(
    db
  )
  await db.schema.createIndex('follow_up_attempts_follow_up').on('follow_up_attempts').columns(['follow_up_id', 'seq']).execute()

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('facility_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('sent'))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('declined_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await sql`alter table referrals add constraint referrals_status_check check (status in
    (${lits(['sent', 'accepted', 'declined', 'completed'])}))`.execute(
    db
  )
  await db.schema.createIndex('referrals_call').on('referrals').column('call_id').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('referrals').execute()
  await db.schema.dropTable('follow_up_attempts').execute()
  await db.schema.dropTable('follow_ups').execute()
  await sql`update users set role = 'supervisor' where role = 'navigator'`.execute(db)
  await sql`alter table users drop constraint users_role_check`.execute(db)
  await sql`alter table users add constraint users_role_check check (role in
    ('dispatcher','responder','planner','supervisor','admin'))`.execute(
      db
    )
}
