// Assignment rows: the open one of a call, those ending, those due for acknowledgement; mapped at this edge.
import type { Executor } from '../../db/database'
import type { Assignment } from '../../contracts/calls'
import type { AssignmentEnd, AssignmentRow } from './assignments.tables'

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

export function rowToAssignment (r: AssignmentRow): Assignment {
  return {
    id: r.id,
    callId: r.call_id,
    teamId: r.team_id,
    role: r.role,
    assignedAt: r.assigned_at.toISOString(),
    assignedBy: r.assigned_by,
    auto: r.auto,
    ackDeadline: r.ack_deadline.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    endedAt: iso(r.ended_at),
    endReason: r.end_reason
  }
}

export async function insertAssignment (
  db: Executor,
  a: { callId: string; teamId: string; at: Date; by: string | null; auto: boolean; ackDeadline: Date }
): Promise<AssignmentRow> {
  return await db
    .insertInto('assignments')
    .values({
      call_id: a.callId,
      team_id: a.teamId,
      assigned_at: a.at,
      assigned_by: a.by,
      auto: a.auto,
      ack_deadline: a.ackDeadline
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function openAssignment (db: Executor, callId: string, forUpdate = false): Promise<AssignmentRow | undefined> {
  return await db
    .selectFrom('assignments')
    .selectAll()
    .where('call_id', '=', callId)
    .where('ended_at', 'is', null)
    .where('role', '=', 'primary')
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirst()
}

export async function findAssignment (db: Executor, id: string, forUpdate = false): Promise<AssignmentRow | undefined> {
  return await db
    .selectFrom('assignments')
    .selectAll()
    .where('id', '=', id)
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirst()
}

export async function endAssignment (db: Executor, id: string, at: Date, reason: AssignmentEnd): Promise<void> {
  await db.updateTable('assignments').set({ ended_at: at, end_reason: reason }).where('id', '=', id).execute()
}

export async function acknowledgeOpen (db: Executor, callId: string, at: Date): Promise<void> {
  await db.updateTable('assignments').set({ acknowledged_at: at }).where('call_id', '=', callId).where('ended_at', 'is', null).execute()
}

export async function assignmentsOfCall (db: Executor, callId: string): Promise<AssignmentRow[]> {
  return await db.selectFrom('assignments').selectAll().where('call_id', '=', callId).orderBy('assigned_at').execute()
}

/** Teams that failed this call: declined it, or let an assignment of it time out. */
export async function teamsThatFailed (db: Executor, callId: string): Promise<{ declined: Set<string>; timedOut: Set<string> }> {
  const rows = await db
    .selectFrom('assignments')
    .select(['team_id', 'end_reason'])
    .where('call_id', '=', callId)
    .where('end_reason', 'in', ['declined', 'ack_timeout'])
    .execute()
  return {
    declined: new Set(rows.filter((r) => r.end_reason === 'declined').map((r) => r.team_id)),
    timedOut: new Set(rows.filter((r) => r.end_reason === 'ack_timeout').map((r) => r.team_id))
  }
}

export type ReturnCause = 'declined' | 'ack_timeout' | 'unassigned'

/** For each call, the assignments that ended with the call back in the queue: how many, and the last. */
export async function returnsOfCalls (
  db: Executor,
  callIds: string[]
): Promise<Map<string, { count: number; last: { cause: ReturnCause; teamId: string; at: string } }>> {
  const out = new Map<string, { count: number; last: { cause: ReturnCause; teamId: string; at: string } }>()
  if (callIds.length === 0) return out
  const rows = await db
    .selectFrom('assignments')
    .select(['call_id', 'team_id', 'end_reason', 'ended_at'])
    .where('call_id', 'in', callIds)
    .where('end_reason', 'in', ['declined', 'ack_timeout', 'unassigned'])
    .orderBy('ended_at')
    .orderBy('id')
    .execute()
  for (const r of rows) {
    const prev = out.get(r.call_id)
    out.set(r.call_id, {
      count: (prev?.count ?? 0) + 1,
      last: { cause: r.end_reason as ReturnCause, teamId: r.team_id, at: r.ended_at!.toISOString() }
    })
  }
  return out
}

/** Open, unacknowledged assignments past their deadline, oldest first. */
export async function overdueAssignments (db: Executor, now: Date, limit: number): Promise<Array<{ id: string; call_id: string }>> {
  return await db
    .selectFrom('assignments')
    .select(['id', 'call_id'])
    .where('ended_at', 'is', null)
    .where('acknowledged_at', 'is', null)
    .where('ack_deadline', '<=', now)
    .orderBy('ack_deadline')
    .limit(limit)
    .execute()
}
