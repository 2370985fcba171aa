// Scenarios and runs have an owner: only the owner or an admin may change or delete them; others read and
// duplicate. Rows saved before this release are owned by the planner who saved them (their author); a row
// with no author is owned by nobody, and only an admin may change it.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  for (const table of ['planning_scenarios', 'planning_runs']) {
    await db.schema
      .alterTable(table)
      .addColumn('owner_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
      .execute()
    await sql`update ${sql.table(table)} set owner_id = author_id`.execute(db)
  }
}

export async function down (db: Kysely<any>): Promise<void> {
  for (const table of ['planning_scenarios', 'planning_runs']) await db.schema.alterTable(table).dropColumn('owner_id').execute()
}
