// Where a call's point came from (geocoded, map click, typed coordinates, 911 transfer), its label, the nearest
// corner for the care team's phone and a typed address far from the pin (issue 21); and 911 transfers whose
// address could not be placed, held with their address until a person confirms the location.
import { sql, type Kysely } from 'kysely'

// Frozen here, as migrations never import app code (server/contracts/geocoding.ts).
const LOCATION_SOURCES = ['geocoded', 'map_click', 'typed_coordinates', '911_transfer']
const HELD_REASONS = ['not_found', 'ambiguous', 'approximate', 'outside', 'unavailable']

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('calls')
    .addColumn('location_source', 'text')
    .addColumn('location_label', 'text')
    .addColumn('nearest_corner', 'jsonb')
    .addColumn('location_mismatch', 'jsonb')
    .execute()
  await sql`alter table calls add constraint calls_location_source_check check (location_source in
    (${sql.join(LOCATION_SOURCES.map((s) => sql.lit(s)))}))`.execute(
    db
  )

  await db.schema
    .createTable('calls_to_locate')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('upstream_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reason_text', 'text', (c) => c.notNull())
    .addColumn('candidates', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // The intake input without its location (narrative, call type, callback…) and what the transfer said beside it.
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('transfer', 'jsonb', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('priority', 'smallint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('waiting'))
    .addColumn('call_id', 'uuid', (c) => c.references('calls.id'))
    .addColumn('dismiss_reason', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('resolved_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'timestamptz')
    .execute()
  await sql`alter table calls_to_locate add constraint calls_to_locate_status_check check (status in ('waiting', 'located',
    'dismissed'))`.execute(
      db
    )
  await sql`alter table calls_to_locate add constraint calls_to_locate_reason_check check (reason in
    (${sql.join(HELD_REASONS.map((s) => sql.lit(s)))}))`.execute(
    db
  )
  await sql`alter table calls_to_locate add constraint calls_to_locate_priority_check check (priority between 1 and 3)`.execute(db)
  // One held transfer per upstream incident: a second post of it holds nothing new.
  await sql`create unique index calls_to_locate_upstream_uq on calls_to_locate (upstream_id)`.execute(db)
  await sql`create index calls_to_locate_waiting_idx on calls_to_locate (received_at) where status = 'waiting'`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calls_to_locate').execute()
  await sql`alter table calls drop constraint calls_location_source_check`.execute(db)
  await db.schema
    .alterTable('calls')
    .dropColumn('location_source')
    .dropColumn('location_label')
    .dropColumn('nearest_corner')
    .dropColumn('location_mismatch')
    .execute()
}
