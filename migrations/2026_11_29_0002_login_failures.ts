// Failed sign-ins per account and address, so repeated guessing locks that pair out for a while.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('login_failures_key_idx').on('login_failures').columns(['email', 'ip', 'at']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute()
}
