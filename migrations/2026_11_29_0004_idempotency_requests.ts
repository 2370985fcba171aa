// Idempotency-Key for every state-changing request: the claim is written in the same transaction as the
// change, the answer beside it, so a retried request whose answer was lost gets that answer again.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_requests')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'smallint')
    .addColumn('response', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_requests_pk', ['user_id', 'key'])
    .execute()
  await db.schema.createIndex('idempotency_requests_created_idx').on('idempotency_requests').column('created_at').execute()
  // Intake's own claims move here; the old table held only short-lived retry keys.
  await db.schema.dropTable('idempotency_keys').execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('call_id', 'uuid', (c) => c.references('calls.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
    .execute()
  await db.schema.dropTable('idempotency_requests').execute()
}
