// Import runs (who imported which file when, with what mapping, and the counts), their rejected rows, and
// the upstream id of a call transferred from a 911 centre (NENA EIDO), unique so a second post makes no second call.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_bytes', 'bigint')
    .addColumn('mapping', 'jsonb', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('code_book_name', 'text')
    // the code book sent with an upload, read when the file arrives (a few hundred rows)
    .addColumn('code_book', 'text')
    .addColumn('header', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected_by_reason', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('responses', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('call_types', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seconds', 'double precision')
    .addColumn('error', 'text')
    .execute()
  await sql`alter table import_runs add constraint import_runs_status_check check (status in ('waiting', 'running', 'done',
    'failed'))`.execute(
      db
    )
  await db.schema.createIndex('import_runs_created_idx').on('import_runs').column('created_at').execute()

  await db.schema
    .createTable('import_rejects')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('import_runs.id').onDelete('cascade'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('fields', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_rejects_pk', ['import_id', 'line'])
    .execute()

  await db.schema.alterTable('calls').addColumn('upstream_id', 'text').execute()
  await sql`create unique index calls_upstream_id_uq on calls (upstream_id) where upstream_id is not null`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop index if exists calls_upstream_id_uq`.execute(db)
  await db.schema.alterTable('calls').dropColumn('upstream_id').execute()
  await db.schema.dropTable('import_rejects').execute()
  await db.schema.dropTable('import_runs').execute()
}
