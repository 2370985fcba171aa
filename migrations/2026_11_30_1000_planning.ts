// The planner's workspace: stored scenarios (the simulator's JSON file as text, with its hash and author) and the
// runs made of them (scenario hash, seed, replications, code version and summary.json).
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('planning_scenarios')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createTable('planning_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('scenario_id', 'uuid', (c) => c.references('planning_scenarios.id').onDelete('set null'))
    .addColumn('scenario_ref', 'text', (c) => c.notNull())
    .addColumn('scenario_name', 'text', (c) => c.notNull())
    .addColumn('scenario_sha256', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('simulation', 'replay')`))
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('replications', 'integer', (c) => c.notNull())
    .addColumn('days', 'double precision', (c) => c.notNull())
    .addColumn('code_version', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('elapsed_ms', 'integer')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('planning_runs_ref_idx').on('planning_runs').columns(['scenario_ref', 'created_at']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('planning_runs').execute()
  await db.schema.dropTable('planning_scenarios').execute()
}
