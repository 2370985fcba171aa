// Facilities and their live capacity (issue 24, part 4), and the transports to them with the hand-off at the door
// (part 5). The facility role (a facility's own staff, bound to one facility) joins the users' roles.
import { sql, type Kysely } from 'kysely'

const lits = (xs: string[]) => sql.join(xs.map((x) => sql.lit(x)))
const KINDS = [
  'crisis_stabilisation',
  'sobering_centre',
  'detox',
  'shelter',
  'respite',
  'psychiatric_emergency',
  'emergency_department'
]
const TURN_AWAY = ['no_capacity', 'not_accepting', 'medical_clearance', 'intoxicated', 'behaviour', 'not_eligible', 'other']
const ROLES_BEFORE = ['dispatcher', 'responder', 'planner', 'supervisor', 'admin', 'navigator']

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('facilities')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('hours', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('accepts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // where a seeded row came from (e.g. "dmh:12"): a second seed finds it
    .addColumn('source_ref', 'text', (c) => c.unique())
    .addColumn('available', 'integer')
    .addColumn('accepting', 'boolean')
    .addColumn('capacity_note', 'text')
    .addColumn('capacity_at', 'timestamptz')
    .addColumn('capacity_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('capacity_by_name', 'text')
    .addColumn('capacity_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await sql`alter table facilities add constraint facilities_kind_check check (kind in (${lits(KINDS)}))`.execute(db)
  await sql`alter table facilities add constraint facilities_available_check check (available is null or available >= 0)`.execute(db)
  await db.schema.createIndex('facilities_kind').on('facilities').column('kind').execute()

  await db.schema
    .createTable('transports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('call_id', 'uuid', (c) => c.notNull().references('calls.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('facility_id', 'uuid', (c) => c.notNull().references('facilities.id'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('handoff_at', 'timestamptz')
    .addColumn('accepted', 'boolean')
    .addColumn('turn_away_reason', 'text')
    .addColumn('handoff_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await sql`alter table transports add constraint transports_reason_check
    check (turn_away_reason is null or turn_away_reason in (${lits(TURN_AWAY)}))`.execute(db)
  await db.schema.createIndex('transports_call').on('transports').columns(['call_id', 'started_at']).execute()
  await db.schema.createIndex('transports_started').on('transports').column('started_at').execute()

  await db.schema
    .alterTable('users')
    .addColumn('facility_id', 'uuid', (c) => c.references('facilities.id').onDelete('set null'))
    .execute()
  await sql`alter table users drop constraint users_role_check`.execute(db)
  await sql`alter table users add constraint users_role_check check (role in (${lits([...ROLES_BEFORE, 'facility'])}))`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  // a facility's staff keep no access when the role goes: deactivated, with the least role
  await sql`update users set role = 'planner', active = false where role = 'facility'`.execute(db)
  await sql`alter table users drop constraint users_role_check`.execute(db)
  await sql`alter table users add constraint users_role_check check (role in (${lits(ROLES_BEFORE)}))`.execute(db)
  await db.schema.alterTable('users').dropColumn('facility_id').execute()
  await db.schema.dropTable('transports').execute()
  await db.schema.dropTable('facilities').execute()
}
