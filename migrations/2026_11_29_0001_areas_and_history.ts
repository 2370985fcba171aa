// Areas stored on each call (every configured area set), and historical call records imported from a
// city's old CAD system: apart from live operations, read by reports and the simulator only.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  // set id → area name (null: outside every area of that set). Found once, at intake; reports group by it.
  await db.schema
    .alterTable('calls')
    .addColumn('areas', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()

  await db.schema
    .createTable('historical_calls')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('source', 'text', (c) => c.notNull())
    // The record's id in the source system, or "row:<sha256 of the row>" when the file has none.
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'uuid')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('call_type', 'text', (c) => c.notNull())
    .addColumn('call_type_text', 'text')
    .addColumn('upstream_priority', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('priority', 'smallint', (c) => c.notNull())
    .addColumn('protocol_version', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('address', 'text')
    .addColumn('areas', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('upstream_area', 'text')
    .addColumn('disposition', 'text')
    .addColumn('dispatched_at', 'timestamptz')
    .addColumn('en_route_at', 'timestamptz')
    .addColumn('on_scene_at', 'timestamptz')
    .addColumn('cleared_at', 'timestamptz')
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`alter table historical_calls add constraint historical_calls_source_uq unique (source, source_id)`.execute(db)
  await sql`alter table historical_calls add constraint historical_calls_priority_check check (priority between 1 and 3)`.execute(db)
  await sql`alter table historical_calls add constraint historical_calls_lat_check check ((lat is null) = (lon is null) and (lat is null or
    (lat between -90 and 90 and lon between -180 and 180)))`.execute(
      db
    )
  await db.schema.createIndex('historical_calls_received_idx').on('historical_calls').column('received_at').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('historical_calls').execute()
  await db.schema.alterTable('calls').dropColumn('areas').execute()
}
