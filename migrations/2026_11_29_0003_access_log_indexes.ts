// Indexes for the audit trail's questions: reads of one call, reads by one user, reads in a period.
import type { Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('access_log_call_idx').on('access_log').columns(['call_id', 'at']).execute()
  await db.schema.createIndex('access_log_user_idx').on('access_log').columns(['user_id', 'at']).execute()
  await db.schema.createIndex('access_log_at_idx').on('access_log').column('at').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const i of ['access_log_call_idx', 'access_log_user_idx', 'access_log_at_idx']) await db.schema.dropIndex(i).execute()
}
