// Queries of follow-ups, attempts and referrals. Rows map to wire types in the service (it adds the call's facts).
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'
import type { FollowUpAttemptOutcome, ReferralStatus } from '../../domain/outcomes'
import type { AttemptRow, FollowUpRow, ReferralRow } from './followups.tables'

export async function insertFollowUp (
  db: Executor,
  f: { callId: string; dueAt: Date; reason: string; at: Date; by: string }
): Promise<FollowUpRow> {
  return await db
    .insertInto('follow_ups')
    .values({ call_id: f.callId, due_at: f.dueAt, reason: f.reason, created_at: f.at, created_by: f.by })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findFollowUp (db: Executor, id: string, lock = false): Promise<FollowUpRow | undefined> {
  return await db
    .selectFrom('follow_ups')
    .selectAll()
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst()
}

/** Open follow-ups due at or before `before` (overdue) or after it (due), soonest first; or completed, newest first. */
export async function listFollowUps (
  db: Executor,
  status: 'due' | 'overdue' | 'done',
  now: Date,
  limit: number
): Promise<FollowUpRow[]> {
  const q = db.selectFrom('follow_ups').selectAll()
  if (status === 'done') return await q.where('completed_at', 'is not', null).orderBy('completed_at', 'desc').limit(limit).execute()
  return await q
    .where('completed_at', 'is', null)
    .where('due_at', status === 'overdue' ? '<' : '>=', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function insertAttempt (
  db: Executor,
  a: { followUpId: string; at: Date; by: string; outcome: FollowUpAttemptOutcome; note: string }
): Promise<void> {
  await db
    .insertInto('follow_up_attempts')
    .values({ follow_up_id: a.followUpId, at: a.at, by_user: a.by, outcome: a.outcome, note: a.note })
    .execute()
}

export async function attemptsOf (db: Executor, ids: string[]): Promise<AttemptRow[]> {
  if (ids.length === 0) return []
  return await db.selectFrom('follow_up_attempts').selectAll().where('follow_up_id', 'in', ids).orderBy('seq').execute()
}

export async function completeFollowUp (db: Executor, id: string, at: Date, by: string, note: string | null): Promise<void> {
  await db.updateTable('follow_ups').set({ completed_at: at, completed_by: by, completion_note: note }).where('id', '=', id).execute()
}

export async function insertReferral (
  db: Executor,
  r: { callId: string; service: string; facilityId: string | null; note: string; at: Date; by: string }
): Promise<ReferralRow> {
  return await db
    .insertInto('referrals')
    .values({ call_id: r.callId, service: r.service, facility_id: r.facilityId, note: r.note, created_by: r.by, sent_at: r.at })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findReferral (db: Executor, id: string, lock = false): Promise<ReferralRow | undefined> {
  return await db
    .selectFrom('referrals')
    .selectAll()
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst()
}

export async function referralsOfCalls (db: Executor, callIds: string[]): Promise<ReferralRow[]> {
  if (callIds.length === 0) return []
  return await db.selectFrom('referrals').selectAll().where('call_id', 'in', callIds).orderBy('sent_at').orderBy('id').execute()
}

const STAMP: Record<Exclude<ReferralStatus, 'sent'>, 'accepted_at' | 'declined_at' | 'completed_at'> = {
  accepted: 'accepted_at',
  declined: 'declined_at',
  completed: 'completed_at'
}

export async function moveReferral (db: Executor, r: ReferralRow, to: Exclude<ReferralStatus, 'sent'>, at: Date): Promise<ReferralRow> {
  return await db
    .updateTable('referrals')
    .set({ status: to, [STAMP[to]]: at, version: r.version + 1 })
    .where('id', '=', r.id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Days of the report time zone as a half-open range of instants (either end open). */
function dayRange (column: string, period: { from: string | null; to: string | null; timeZone: string }): RawBuilder<boolean> {
  const c = sql.ref(column)
  const zone = sql.lit(period.timeZone)
  const lo = period.from === null ? sql`true` : sql`${c} >= (${period.from}::date::timestamp at time zone ${zone})`
  const hi = period.to === null ? sql`true` : sql`${c} < ((${period.to}::date + 1)::timestamp at time zone ${zone})`
  return sql<boolean>`(${lo} and ${hi})`
}

/** Counts only: follow-ups due in the period by how they stand at `now`, referrals sent in it by status. */
export async function followUpFigures (
  db: Executor,
  period: { from: string | null; to: string | null; timeZone: string },
  now: Date
): Promise<Record<string, number>> {
  const f = await sql<Record<string, number>>`select
      count(*)::int as due,
      (count(*) filter (where completed_at is not null and completed_at <= due_at))::int as "doneOnTime",
      (count(*) filter (where completed_at is not null and completed_at > due_at))::int as "doneLate",
      (count(*) filter (where completed_at is null and due_at < ${now}))::int as "openOverdue",
      (count(*) filter (where completed_at is null and due_at >= ${now}))::int as "openNotYetDue"
    from follow_ups where ${dayRange('due_at', period)}`.execute(db)
  const r = await sql<Record<string, number>>`select
      count(*)::int as sent,
      (count(*) filter (where status = 'accepted'))::int as accepted,
      (count(*) filter (where status = 'declined'))::int as declined,
      (count(*) filter (where status = 'completed'))::int as completed,
      (count(*) filter (where status = 'sent'))::int as waiting
    from referrals where ${dayRange('sent_at', period)}`.execute(db)
  const n = (x: Record<string, unknown>): Record<string, number> =>
    Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Number(v)]))
  return { ...n(f.rows[0]), ...n(r.rows[0]) }
}
