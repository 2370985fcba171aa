// The public summary (issue 23) counts follow-ups done per week and area: a view of completed follow-ups with the
// call's areas and nothing else (no id, reason, note, callback or attempt), read only by the reports module.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<any>): Promise<void> {
  await sql`create view report_follow_ups as
    select f.completed_at, f.due_at, c.areas
    from follow_ups f
    join calls c on c.id = f.call_id
    where f.completed_at is not null`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop view report_follow_ups`.execute(db)
}
