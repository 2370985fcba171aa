// The dispatcher's desk: notes on a call (personal data, kept apart from events), the history of edits to
// a call's details (before and after), why a call was cancelled or referred kept on the call for the
// history search, and indexes for that search.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('calls')
    .addColumn('cancel_code', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('referral_reason', 'text')
    .execute()
  await sql`alter table calls add constraint calls_cancel_code_check check (cancel_code is null or cancel_code in
    ('caller_cancelled','duplicate','resolved_before_arrival','unable_to_contact','unfounded','entered_in_error','other'))`.execute(db)

  // Calls cancelled or referred before this release: their reason was only in the event log.
  await sql`update calls set cancel_code = 'other', cancel_reason = (
      select e.data->>'reason' from events e where e.call_id = calls.id and e.type = 'call.cancelled' order by e.seq desc limit 1)
    where status = 'cancelled'`.execute(db)
  await sql`update calls set referral_reason = (
      select e.data->>'reason' from events e where e.call_id = calls.id and e.type = 'call.referred' order by e.seq desc limit 1)
    where status = 'referred'`.execute(db)

  await db.schema
    .createTable('call_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // the order notes were written in, even within one millisecond
    .addColumn('seq', 'bigserial', (c) => c.notNull())
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_role', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('call_notes_call_idx').on('call_notes').columns(['call_id', 'seq']).execute()

  await db.schema
    .createTable('call_edits')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('call_edits_call_idx').on('call_edits').column('call_id').execute()

  // The history search: by team, and ended calls newest first.
  await db.schema.createIndex('calls_team_idx').on('calls').columns(['team_id', 'received_at']).execute()
  await sql`create index calls_ended_received_idx on calls (received_at) where status in ('closed','cancelled','referred')`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop index if exists calls_ended_received_idx`.execute(db)
  await sql`drop index if exists calls_team_idx`.execute(db)
  await db.schema.dropTable('call_edits').ifExists().execute()
  await db.schema.dropTable('call_notes').ifExists().execute()
  await sql`alter table calls drop constraint if exists calls_cancel_code_check`.execute(db)
  await db.schema.alterTable('calls').dropColumn('referral_reason').dropColumn('cancel_reason').dropColumn('cancel_code').execute()
}
