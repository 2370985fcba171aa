// Bulk reads in the audit trail: a list or queue read records the calls it returned in one row (call_ids), and a
// GIN index finds the reads that returned a given call (GET /api/audit?callId=) without one row per call.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('access_log')
    .addColumn('call_ids', sql`uuid[]`)
    .execute()
  await sql`create index access_log_call_ids_gin on access_log using gin (call_ids) where call_ids is not null`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('access_log_call_ids_gin').execute()
  await db.schema.alterTable('access_log').dropColumn('call_ids').execute()
}
