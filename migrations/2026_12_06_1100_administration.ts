// Administration (issue 20): users' sign-in state (a password to set, last sign-in), two-step sign-in
// (TOTP secrets, hashed single-use recovery codes, pending sign-ins), teams' staff slots and retirement,
// weekly rotas with dated exceptions and the boundaries the scheduler has applied (once, whatever the
// number of processes), and the audit trail's client address, subject and detail.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_sign_in_at', 'timestamptz')
    .execute()

  // One TOTP secret per user: confirmed_at is null while enrolment waits for the first code.
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    // RFC 6238 §5.2: a code is accepted once; later codes must come from a later time step.
    .addColumn('last_time_step', 'bigint')
    .execute()

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('used_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').columns(['user_id', 'code_hash']).execute()

  // A sign-in that passed the password and waits for its next step (a new password, a TOTP code, an enrolment).
  await db.schema
    .createTable('sign_in_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull().check(sql`step in ('password', 'totp', 'enrol')`))
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('sign_in_challenges_user_idx').on('sign_in_challenges').column('user_id').execute()

  // Which step failed: the password (per account and address) or the second step (also per account).
  await db.schema
    .alterTable('login_failures')
    .addColumn('step', 'text', (c) => c.notNull().defaultTo('password'))
    .execute()
  await db.schema.createIndex('login_failures_step_idx').on('login_failures').columns(['email', 'step', 'at']).execute()

  await db.schema
    .alterTable('teams')
    .addColumn('staff_slots', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('retired_at', 'timestamptz')
    // 'rota' when the scheduler started the shift in progress, 'manual' when a person did.
    .addColumn('shift_source', 'text')
    .execute()

  await db.schema
    .createTable('team_rotas')
    .addColumn('team_id', 'uuid', (c) => c.primaryKey().references('teams.id').onDelete('cascade'))
    .addColumn('weekly', 'jsonb', (c) => c.notNull())
    .addColumn('exceptions', 'jsonb', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // Boundaries before this instant are history: saving a rota never ends a shift someone started by hand.
    .addColumn('effective_from', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  // Every rota boundary applied, once: the primary key is what keeps two processes from applying it twice.
  await db.schema
    .createTable('rota_transitions')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('start', 'end')`))
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rota_transitions_pkey', ['team_id', 'at', 'kind'])
    .execute()

  await db.schema.alterTable('access_log').addColumn('ip', 'text').addColumn('subject', 'text').addColumn('detail', 'jsonb').execute()
  await db.schema.createIndex('access_log_subject_idx').on('access_log').columns(['subject', 'at']).execute()
}

export async function down (db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('access_log_subject_idx').execute()
  await db.schema.alterTable('access_log').dropColumn('detail').dropColumn('subject').dropColumn('ip').execute()
  await db.schema.dropTable('rota_transitions').execute()
  await db.schema.dropTable('team_rotas').execute()
  await db.schema.alterTable('teams').dropColumn('shift_source').dropColumn('retired_at').dropColumn('staff_slots').execute()
  await db.schema.dropIndex('login_failures_step_idx').execute()
  await db.schema.alterTable('login_failures').dropColumn('step').execute()
  await db.schema.dropTable('sign_in_challenges').execute()
  await db.schema.dropTable('recovery_codes').execute()
  await db.schema.dropTable('user_totp').execute()
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').dropColumn('must_change_password').execute()
}
