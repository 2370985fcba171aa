// The triage protocol's versions in the database: uploaded by an admin, activated in a separate step, at
// most one active; every triage keeps the version it used (calls.protocol_version), old versions stay readable.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('triage_protocols')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('file', 'upload')`))
    .addColumn('uploaded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('activated_at', 'timestamptz')
    .addColumn('activated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  // At most one version in force.
  await sql`create unique index triage_protocols_one_active on triage_protocols (active) where active`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('triage_protocols').execute()
}
