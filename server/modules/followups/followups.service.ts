// Follow-ups and referrals: what came after a call. A follow-up is scheduled at close (or later) with a due time, the
// staff who call people back record attempts and complete it; a referral moves sent → accepted / declined → completed.
// Personal health data: no event is emitted and nothing reaches the live stream or reports; every read and change is
// written to the audit trail with the call it concerns.
import type { Kysely } from 'kysely'
import type { Attempt, FollowUp, FollowUpReport, Referral } from '../../contracts/followups'
import { MIN_CELL } from '../../contracts/reports'
import { countCell, shareCell, suppressParts } from '../reports/suppression'
import type { Database } from '../../db/database'
import { canReferralMove, followUpState, type FollowUpAttemptOutcome, type ReferralStatus } from '../../domain/outcomes'
import { ConflictError, fieldError, ForbiddenError, NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import type { CallRow } from '../calls/calls.service'
import {
  attemptsOf,
  completeFollowUp,
  findFollowUp,
  followUpFigures,
  findReferral,
  insertAttempt,
  insertFollowUp,
  insertReferral,
  listFollowUps,
  moveReferral,
  referralsOfCalls
} from './followups.repository'
import type { AttemptRow, FollowUpRow, ReferralRow } from './followups.tables'

export interface FollowUpsServiceDeps {
  db: Kysely<Database>
  now: () => Date
  /** A call (the calls module answers). */
  findCall: (id: string) => Promise<CallRow | undefined>
  /** One entry of the audit trail (the audit module answers). */
  audit: (userId: string, action: string, callId: string, subject: string) => Promise<void>
  /** Emails of users by id, to say who made an attempt. */
  emailsOf: (ids: string[]) => Promise<Map<string, string>>
  /** The reports' time zone (TIME_ZONE): the days of the follow-up report. */
  timeZone?: string
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString())

export function rowToReferral (r: ReferralRow): Referral {
  return {
    id: r.id,
    callId: r.call_id,
    service: r.service,
    facilityId: r.facility_id,
    note: r.note,
    status: r.status,
    sentAt: r.sent_at.toISOString(),
    acceptedAt: iso(r.accepted_at),
    declinedAt: iso(r.declined_at),
    completedAt: iso(r.completed_at)
  }
}

/** A responder schedules follow-ups and records referrals only for their own team's calls. */
function assertMayWrite (actor: AuthUser, c: CallRow): void {
  if (actor.role === 'responder' && (actor.teamId === null || c.team_id !== actor.teamId)) {
    throw new ForbiddenError("a responder may act only on their own team's call")
  }
}

export function createFollowUpsService ({ db, now, findCall, audit, emailsOf, timeZone = 'UTC' }: FollowUpsServiceDeps) {
  async function callOf (id: string): Promise<CallRow> {
    const c = await findCall(id)
    if (!c) throw new NotFoundError('Call')
    return c
  }

  async function wire (rows: FollowUpRow[], t: Date): Promise<FollowUp[]> {
    const attempts = await attemptsOf(
      db,
      rows.map((r) => r.id)
    )
    const referrals = await referralsOfCalls(db, [...new Set(rows.map((r) => r.call_id))])
    const calls = new Map<string, CallRow | undefined>()
    for (const id of new Set(rows.map((r) => r.call_id))) calls.set(id, await findCall(id))
    const emails = await emailsOf([...new Set(attempts.flatMap((a) => (a.by_user ? [a.by_user] : [])))])
    const attempt = (a: AttemptRow): Attempt => ({
      id: a.id,
      at: a.at.toISOString(),
      outcome: a.outcome,
      note: a.note,
      by: a.by_user ? (emails.get(a.by_user) ?? null) : null
    })
    return rows.map((r) => {
      const c = calls.get(r.call_id)
      return {
        id: r.id,
        callId: r.call_id,
        callReceivedAt: (c?.received_at ?? r.created_at).toISOString(),
        callback: c?.callback ?? null,
        area: c?.area ?? null,
        dueAt: r.due_at.toISOString(),
        reason: r.reason,
        state: followUpState({ dueAtMs: r.due_at.getTime(), completed: r.completed_at !== null }, t.getTime()),
        createdAt: r.created_at.toISOString(),
        completedAt: iso(r.completed_at),
        completionNote: r.completion_note,
        attempts: attempts.filter((a) => a.follow_up_id === r.id).map(attempt),
        referrals: referrals.filter((x) => x.call_id === r.call_id).map(rowToReferral)
      }
    })
  }

  /** The follow-up after a change, audited as a read too (its answer carries the person's data). */
  async function one (id: string, actor: AuthUser, action: string): Promise<FollowUp> {
    const row = await findFollowUp(db, id)
    if (!row) throw new NotFoundError('Follow-up')
    await audit(actor.id, action, row.call_id, id)
    return (await wire([row], now()))[0]
  }

  async function openFollowUp (id: string): Promise<FollowUpRow> {
    const row = await findFollowUp(db, id)
    if (!row) throw new NotFoundError('Follow-up')
    if (row.completed_at !== null) throw new ConflictError(`Follow-up ${id} is already completed`)
    return row
  }

  return {
    async schedule (callId: string, body: { dueAt: string; reason: string }, actor: AuthUser): Promise<FollowUp> {
      const dueAt = new Date(body.dueAt)
      if (Number.isNaN(dueAt.getTime())) throw fieldError('body/dueAt', `is not a valid instant: ${body.dueAt}`)
      const c = await callOf(callId)
      assertMayWrite(actor, c)
      if (dueAt.getTime() < c.received_at.getTime()) throw fieldError('body/dueAt', 'must not be before the call was received')
      const row = await insertFollowUp(db, { callId, dueAt, reason: body.reason.trim(), at: now(), by: actor.id })
      return (await wire([row], now()))[0]
    },

    /**
     * Follow-ups done on time and referrals completed, as counts (issue 23, part 3): nothing personal, cells under 5
     * suppressed, and where one part of a sum is suppressed a second is too.
     */
    async report (q: { from?: string; to?: string }): Promise<FollowUpReport> {
      for (const k of ['from', 'to'] as const) {
        const v = q[k]
        if (v === undefined) continue
        const year = Number(v.slice(0, 4))
        if (year < 1900 || year > 2999) throw fieldError(`querystring/${k}`, `must be in the years 1900 to 2999: ${v}`)
        const d = new Date(`${v}T00:00:00Z`)
        if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
          throw fieldError(`querystring/${k}`, `is not a calendar day: ${v}`)
        }
      }
      if (q.from !== undefined && q.to !== undefined && q.to < q.from) throw fieldError('querystring/to', 'must not be before from')
      const x = await followUpFigures(db, { from: q.from ?? null, to: q.to ?? null, timeZone }, now())
      const fu = suppressParts({
        doneOnTime: x.doneOnTime,
        doneLate: x.doneLate,
        openOverdue: x.openOverdue,
        openNotYetDue: x.openNotYetDue
      })
      const ref = suppressParts({ accepted: x.accepted, declined: x.declined, completed: x.completed, waiting: x.waiting })
      const done = x.doneOnTime + x.doneLate
      return {
        from: q.from ?? null,
        to: q.to ?? null,
        timeZone,
        minCell: MIN_CELL,
        followUps: {
          due: fu.wholeSuppressed ? 'suppressed' : countCell(x.due),
          ...(fu.cells as Pick<FollowUpReport['followUps'], 'doneOnTime' | 'doneLate' | 'openOverdue' | 'openNotYetDue'>),
          onTimeShare:
            fu.cells.doneOnTime === 'suppressed' || fu.cells.doneLate === 'suppressed' ? 'suppressed' : shareCell(x.doneOnTime, done)
        },
        referrals: {
          sent: ref.wholeSuppressed ? 'suppressed' : countCell(x.sent),
          ...(ref.cells as Pick<FollowUpReport['referrals'], 'accepted' | 'declined' | 'completed' | 'waiting'>),
          completedShare: ref.cells.completed === 'suppressed' || ref.wholeSuppressed ? 'suppressed' : shareCell(x.completed, x.sent)
        },
        notes: [
          'Follow-ups due in the period: done on time (completed by their due time), done late, still open past their due time, still ' +
          'open and not yet due. ' +
            'On time: done on time ÷ done.',
          'Referrals sent in the period, by where they stand now: accepted (not yet completed), declined, completed, still waiting for ' +
          'an answer. ' +
            'Completed: completed ÷ sent.',
          `Days are in ${timeZone}. Counts of 1 to ${MIN_CELL - 1} are "suppressed", and where one part of a sum is suppressed a second ` +
          'is too. ' +
            'No note, reason, person or service is reported.'
        ]
      }
    },

    async list (status: 'due' | 'overdue' | 'done', limit: number, actor: AuthUser): Promise<{ items: FollowUp[] }> {
      const t = now()
      const rows = await listFollowUps(db, status, t, limit)
      for (const r of rows) await audit(actor.id, 'follow_up.read', r.call_id, r.id)
      return { items: await wire(rows, t) }
    },

    async attempt (id: string, body: { outcome: FollowUpAttemptOutcome; note?: string }, actor: AuthUser): Promise<FollowUp> {
      await openFollowUp(id)
      await insertAttempt(db, { followUpId: id, at: now(), by: actor.id, outcome: body.outcome, note: body.note?.trim() ?? '' })
      return await one(id, actor, 'follow_up.attempt')
    },

    async complete (id: string, body: { note?: string }, actor: AuthUser): Promise<FollowUp> {
      await db.transaction().execute(async (trx) => {
        const row = await findFollowUp(trx, id, true)
        if (!row) throw new NotFoundError('Follow-up')
        if (row.completed_at !== null) throw new ConflictError(`Follow-up ${id} is already completed`)
        await completeFollowUp(trx, id, now(), actor.id, body.note?.trim() || null)
      })
      return await one(id, actor, 'follow_up.complete')
    },

    async refer (callId: string, body: { service: string; facilityId?: string; note?: string }, actor: AuthUser): Promise<Referral> {
      const c = await callOf(callId)
      assertMayWrite(actor, c)
      const service = body.service.trim()
      if (service.length < 2) throw fieldError('body/service', 'must name the service')
      return rowToReferral(
        await insertReferral(db, {
          callId,
          service,
          facilityId: body.facilityId ?? null,
          note: body.note?.trim() ?? '',
          at: now(),
          by: actor.id
        })
      )
    },

    async moveReferral (id: string, to: ReferralStatus, actor: AuthUser): Promise<Referral> {
      const moved = await db.transaction().execute(async (trx) => {
        const r = await findReferral(trx, id, true)
        if (!r) throw new NotFoundError('Referral')
        if (to === 'sent' || !canReferralMove(r.status, to)) {
          throw new ConflictError(
            `Referral ${id} is ${r.status}: it cannot become ${to} (sent → accepted or declined; accepted → completed)`
          )
        }
        return await moveReferral(trx, r, to, now())
      })
      await audit(actor.id, `referral.${to}`, moved.call_id, id)
      return rowToReferral(moved)
    }
  }
}

export type FollowUpsService = ReturnType<typeof createFollowUpsService>
