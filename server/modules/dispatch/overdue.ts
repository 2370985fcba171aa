// Calls past their deadline, for the sweep: unacknowledged assignments back to the queue, unmet reasons the system records.
import { isOverdue } from '../../domain/queue'
import { requiredCapabilities } from '../../domain/ranking'
import { systemUnmetReason } from '../../domain/outcomes'
import type { CallRow } from '../calls/calls.service'
import { isCareResponse } from '../calls/intake'
import { findAssignment } from './assignments.repository'
import type { DispatchServiceDeps } from './dispatch.service'

/** When a waiting call started to wait: when it was first received, however often it came back to the queue. */
export const waitingSince = (c: CallRow): Date => c.received_at

/** The sweep's steps on overdue calls, over the dispatch service's dependencies. */
export function createOverdueSteps (deps: DispatchServiceDeps, now: () => Date) {
  const { calls, teams, commitments } = deps

  /** Returns one overdue, unacknowledged assignment's call to the queue (if it still is overdue under lock). */
  async function requeueOverdue (assignmentId: string, callId: string): Promise<boolean> {
    let requeued = false
    await calls.change(callId, async (c, ctx) => {
      const a = await findAssignment(ctx.trx, assignmentId, true)
      if (!a || a.ended_at !== null || a.acknowledged_at !== null || c.status !== 'assigned') return null
      const at = now()
      const callSign = await commitments.release(ctx, c, 'ack_timeout', 'available', at, null)
      ctx.emit({
        type: 'call.requeued',
        callId: c.id,
        teamId: a.team_id,
        data: {
          cause: 'ack_timeout',
          reason: `did not acknowledge within ${Math.round(deps.ackTimeoutMs / 1000)} s`,
          ...(callSign ? { callSign } : {})
        }
      })
      requeued = true
      return { status: 'queued', team_id: null, queued_at: at }
    })
    return requeued
  }

  /**
   * Care-eligible calls waiting past their priority's target with no team to send get the reason recorded by the
   * system (no team on shift, or every capable team busy), once, at the moment it is true: the dispatcher need not
   * type it, and it stands unless a person refers the call out with another.
   */
  async function recordUnmet (): Promise<number> {
    const t = now()
    const overdue = (await calls.queued()).filter(
      (c) =>
        c.unmet_reason === null &&
        isCareResponse(c.response) &&
        isOverdue(c.priority, t.getTime() - waitingSince(c).getTime(), deps.queue)
    )
    if (overdue.length === 0) return 0
    const candidates = await teams.rankable()
    let n = 0
    for (const c of overdue) {
      const reason = systemUnmetReason(candidates, requiredCapabilities(c.category, c.response, { extra: c.needs }))
      if (reason !== null && (await calls.recordSystemUnmetReason(c.id, reason, t))) n++
    }
    return n
  }

  return { requeueOverdue, recordUnmet }
}
