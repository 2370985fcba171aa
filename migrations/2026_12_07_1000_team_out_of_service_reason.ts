// Why a team is out of service (a break, a meal, a fault), in a code and in words, and when it is expected
// back: set with the status from the console or the team's phone, cleared when the team leaves the status.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('teams')
    .addColumn('out_of_service_code', 'text')
    .addColumn('out_of_service_reason', 'text')
    .addColumn('expected_back_at', 'timestamptz')
    .execute()
  await sql`alter table teams add constraint teams_out_of_service_code_check check (out_of_service_code is null or out_of_service_code in
    ('break','meal','vehicle','equipment','staffing','training','other'))`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`alter table teams drop constraint if exists teams_out_of_service_code_check`.execute(db)
  await db.schema
    .alterTable('teams')
    .dropColumn('expected_back_at')
    .dropColumn('out_of_service_reason')
    .dropColumn('out_of_service_code')
    .execute()
}
