// Dispatch: recommendations, assignment, decline, the queue, the acknowledgement sweep and auto-dispatch.
// It owns the assignments; calls and teams change through their own modules, in the same transaction.
import type { Kysely } from 'kysely'
import type { Assignment, Call } from '../../contracts/calls'
import type { DomainEvent } from '../../contracts/events'
import type { Team } from '../../contracts/teams'
import type { Database } from '../../db/database'
import { canCallMove } from '../../domain/lifecycle'
import { isOverdue, orderQueue, type QueuePolicy } from '../../domain/queue'
import { coversNeeds, rankTeams, requiredCapabilities, type RankableTeam, type RankingResult } from '../../domain/ranking'
import type { TravelParams } from '../../domain/travel'
import type { CallStatus, Capability, Priority } from '../../domain/types'
import { CALL_STATUS_LABELS, RESPONSE_LABELS } from '../../contracts/labels'
import { checkDeviceTime } from '../../lib/device-time'
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import { assertMayAct } from '../calls/call-change'
import type { CallRow, CallsService } from '../calls/calls.service'
import { isCareResponse } from '../calls/intake'
import type { TxContext } from '../events/transaction'
import type { TeamRow, TeamsService } from '../teams/teams.service'
import {
  insertAssignment,
  overdueAssignments,
  returnsOfCalls,
  rowToAssignment,
  teamsThatFailed
} from './assignments.repository'
import type { AssignmentRow } from './assignments.tables'
import type { Commitments } from './commitments'
import { createOverdueSteps, waitingSince } from './overdue'
import { teamOptions } from './team-options'

export interface DispatchServiceDeps {
  db: Kysely<Database>
  calls: CallsService
  teams: TeamsService
  commitments: Commitments
  ackTimeoutMs: number
  staleAfterMs: number
  /** See Config.youthPreferenceMinutes (default: the domain's). */
  youthPreferenceMinutes?: number
  travel: TravelParams
  queue: QueuePolicy
  autoDispatchPriorities: readonly Priority[]
  /** Records a bulk read (the queue) in one audit row with the ids of the calls it returned (the audit module). */
  recordBulkRead: (userId: string, action: string, callIds: readonly string[]) => Promise<void>
  now?: () => Date
}

/** Calls whose team can still be taken off them, or replaced: not yet on scene. */
const UNASSIGNABLE: readonly CallStatus[] = ['assigned', 'acknowledged', 'en_route']

/**
 * A call as the queue shows it: the queue's screen reads priority, category, address, area and times; the caller's
 * name and number, the guardian's number and the narrative are read on the call itself (GET /api/calls/{id}, one
 * audited read per call), never in bulk with the queue.
 */
export function forQueue (c: Call): Call {
  return { ...c, callerName: null, callback: null, guardianCallback: null, narrative: null }
}

export function createDispatchService (deps: DispatchServiceDeps) {
  const { db, calls, teams, commitments } = deps
  const now = deps.now ?? (() => new Date())

  /** Locks a free team and checks it can take the call (409 otherwise): the first half of an assignment. */
  async function lockForCall (ctx: TxContext, c: CallRow, teamId: string, override: boolean): Promise<TeamRow> {
    const needs = requiredCapabilities(c.category, c.response, { extra: c.needs })
    const free = await teams.lockFree(ctx, teamId)
    if (!override && !coversNeeds(free.capabilities, needs)) {
      throw new ConflictError(
        `Team ${free.call_sign} lacks ${needs.filter((n) => !free.capabilities.includes(n)).join(', ')} for this call (send override: ` +
        'true to assign anyway)'
      )
    }
    return free
  }

  /** Commits a team locked by lockForCall to the call: the assignment, its event, the team's status. */
  async function commit (
    ctx: TxContext,
    c: CallRow,
    free: TeamRow,
    actor: AuthUser | null,
    at: Date,
    opts: { auto?: boolean; override?: boolean; reassignedFrom?: string | null }
  ): Promise<{ a: AssignmentRow; team: Team }> {
    const a = await insertAssignment(ctx.trx, {
      callId: c.id,
      teamId: free.id,
      at,
      by: actor?.id ?? null,
      auto: opts.auto === true,
      ackDeadline: new Date(at.getTime() + deps.ackTimeoutMs)
    })
    ctx.emit({
      type: 'call.assigned',
      callId: c.id,
      teamId: free.id,
      actorId: actor?.id ?? null,
      data: {
        assignmentId: a.id,
        callSign: free.call_sign,
        auto: opts.auto === true,
        override: opts.override === true,
        ackDeadline: a.ack_deadline.toISOString(),
        ...(opts.reassignedFrom ? { reassignedFrom: opts.reassignedFrom } : {})
      }
    })
    return { a, team: teams.toWire(await teams.commitToCall(ctx, free, c.id, at, actor?.id ?? null)) }
  }

  async function assign (
    callId: string,
    teamId: string,
    actor: AuthUser | null,
    opts: { auto?: boolean; override?: boolean } = {}
  ): Promise<{ assignment: Assignment; call: Call; team: Team; events: DomainEvent[] }> {
    let done: { a: AssignmentRow; team: Team } | undefined
    const { row, events } = await calls.change(callId, async (c, ctx) => {
      if (c.status !== 'queued') throw new ConflictError(`Call ${c.id} is ${c.status}: it is no longer waiting for a team`)
      const at = now()
      const free = await lockForCall(ctx, c, teamId, opts.override === true)
      done = await commit(ctx, c, free, actor, at, opts)
      return { status: 'assigned', team_id: free.id, dispatched_at: at }
    })
    return { assignment: rowToAssignment(done!.a), call: calls.forActor(row, actor), team: done!.team, events }
  }

  /** A team can be taken off a call, or the call given to another, until it is on scene. */
  function assertUnassignable (c: CallRow, version: number | undefined, action: string): void {
    if (!UNASSIGNABLE.includes(c.status) || c.team_id === null || !canCallMove(c.status, 'queued')) {
      throw new InvalidTransitionError(`Call ${c.id}`, c.status, `${action} (only while a team is assigned, acknowledged or en route)`)
    }
    if (version !== undefined && version !== c.version) {
      throw new ConflictError(`Call ${c.id} changed since version ${version} (now ${c.version}): reload and try again`)
    }
  }

  async function recommend (
    c: CallRow
  ): Promise<
    RankingResult & { needs: Capability[]; candidates: RankableTeam[]; failed: { declined: Set<string>; timedOut: Set<string> } }
  > {
    const needs = requiredCapabilities(c.category, c.response, { extra: c.needs })
    const [candidates, failed] = await Promise.all([teams.rankable(), teamsThatFailed(db, c.id)])
    if (!isCareResponse(c.response)) {
      return {
        needs,
        candidates,
        failed,
        recommendations: [],
        shortfalls: [`triage sends this call to ${RESPONSE_LABELS[c.response]}: no care team needed`]
      }
    }
    const r = rankTeams(
      { location: { lat: c.lat, lon: c.lon }, needs, language: c.language, declinedBy: failed.declined, timedOutBy: failed.timedOut },
      candidates,
      now().getTime(),
      {
        travel: deps.travel,
        staleAfterMs: deps.staleAfterMs,
        preferredBonusMinutes: deps.youthPreferenceMinutes
      }
    )
    return { ...r, needs, candidates, failed }
  }

  /**
   * Assigns the best team when auto-dispatch is on for the call's priority. Failure leaves it queued. A team
   * that declined the call or let it time out is never sent it again automatically (a team with no phone
   * would get it back every timeout): a person may still choose it.
   */
  async function tryAutoDispatch (callId: string): Promise<boolean> {
    const c = await calls.find(callId)
    if (!c || c.status !== 'queued' || !deps.autoDispatchPriorities.includes(c.priority)) return false
    const { recommendations, failed } = await recommend(c)
    const fresh = recommendations.filter((r) => !failed.declined.has(r.teamId) && !failed.timedOut.has(r.teamId))
    for (const r of fresh.slice(0, 3)) {
      try {
        await assign(c.id, r.teamId, null, { auto: true })
        return true
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err
      }
    }
    return false
  }

  const { requeueOverdue, recordUnmet } = createOverdueSteps(deps, now)

  return {
    /** Every call a team was ever assigned (what a responder's live stream may show in full). */
    assign: async (callId: string, teamId: string, actor: AuthUser, override?: boolean) =>
      await assign(callId, teamId, actor, { override }),

    /** After intake: auto-dispatch when it is on for the call's priority; the call as it then stands. */
    async afterIntake (call: Call, actor: AuthUser): Promise<Call> {
      if (deps.autoDispatchPriorities.length === 0 || !(await tryAutoDispatch(call.id))) return call
      const row = await calls.find(call.id)
      return row ? calls.forActor(row, actor) : call
    },

    async decline (id: string, reason: string, actor: AuthUser, deviceTime?: string): Promise<Call> {
      const { row } = await calls.change(id, async (c, ctx) => {
        assertMayAct(actor, c)
        if (c.status !== 'assigned' && c.status !== 'acknowledged') {
          throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'decline the assignment')
        }
        const declinedAt = checkDeviceTime(deviceTime, now(), c.dispatched_at)
        const at = now()
        const callSign = await commitments.release(ctx, c, 'declined', 'available', at, actor.id)
        ctx.emit({
          type: 'call.requeued',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: {
            cause: 'declined',
            reason: `declined: ${reason}`,
            deviceTime: declinedAt.toISOString(),
            ...(callSign ? { callSign } : {})
          }
        })
        return { status: 'queued', team_id: null, queued_at: at }
      })
      return calls.forActor(row, actor)
    },

    /**
     * The waiting calls in dispatch order. A call's wait counts from when it was first received, however
     * often it came back (declined, not acknowledged, taken off a team, taken back from a referral): the
     * caller has waited all that time, and the aging order and the overdue flag say so.
     */
    async queue (actor: AuthUser) {
      const rows = await calls.queued()
      const t = now().getTime()
      const returns = await returnsOfCalls(
        db,
        rows.map((r) => r.id)
      )
      const items = rows.map((r) => ({ row: r, id: r.id, priority: r.priority, waitingSinceMs: waitingSince(r).getTime() }))
      // the read is audited: one row with the ids of every call in the queue
      await deps.recordBulkRead(
        actor.id,
        'queue.read',
        rows.map((r) => r.id)
      )
      return orderQueue(items, t, deps.queue).map((it, i) => {
        const back = returns.get(it.id)
        return {
          call: forQueue(calls.forActor(it.row, actor)),
          position: i + 1,
          waitingSince: new Date(it.waitingSinceMs).toISOString(),
          waitingMinutes: Math.round((t - it.waitingSinceMs) / 6000) / 10,
          returns: { count: back?.count ?? 0, last: back?.last ?? null },
          overdue: isOverdue(it.priority, t - it.waitingSinceMs, deps.queue),
          targetMinutes: deps.queue.targetMinutes[it.priority]
        }
      })
    },

    /** The ranking with its shortfalls, and every team beside it (ETA, distance, why it is or is not recommended). */
    async recommendations (id: string) {
      const c = await calls.find(id)
      if (!c) throw new NotFoundError('Call')
      const { candidates, failed, ...r } = await recommend(c)
      if (c.status !== 'queued') {
        r.shortfalls.unshift(`call is ${CALL_STATUS_LABELS[c.status].toLowerCase()}: recommendations are for reference only`)
      }
      const kinds = new Map((await teams.list()).map((t) => [t.id, t.kind]))
      const all = teamOptions(
        candidates.map((t) => ({ ...t, kind: kinds.get(t.id) ?? 'crisis' })),
        {
          location: { lat: c.lat, lon: c.lon },
          needs: r.needs,
          ranking: r,
          declinedBy: failed.declined,
          timedOutBy: failed.timedOut,
          travel: deps.travel,
          staleAfterMs: deps.staleAfterMs,
          nowMs: now().getTime()
        }
      )
      return { callId: id, ...r, teams: all }
    },

    /**
     * Takes the team off a call that is assigned, acknowledged or en route: its assignment ends, the team is
     * released through its state machine (available), and the call goes back to the queue with its wait
     * still counted from when it was received.
     */
    async unassign (id: string, body: { reason: string; version?: number }, actor: AuthUser): Promise<Call> {
      const { row } = await calls.change(id, async (c, ctx) => {
        assertUnassignable(c, body.version, 'take the team off the call')
        const at = now()
        const callSign = await commitments.release(ctx, c, 'unassigned', 'available', at, actor.id)
        ctx.emit({
          type: 'call.requeued',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: { cause: 'unassigned', reason: `taken off the call: ${body.reason}`, ...(callSign ? { callSign } : {}) }
        })
        return { status: 'queued', team_id: null, queued_at: at, acknowledged_at: null, en_route_at: null }
      })
      return calls.forActor(row, actor)
    },

    /**
     * Gives a call that is assigned, acknowledged or en route to another free team, in one transaction: the
     * first team's assignment ends and it is released (available), the new team is assigned (its own
     * acknowledgement clock starts). Fails as a whole (409) when the new team is not free or lacks a needed
     * capability without override.
     */
    async reassign (
      id: string,
      body: { teamId: string; reason: string; override?: boolean; version?: number },
      actor: AuthUser
    ): Promise<{ assignment: Assignment; call: Call; team: Team }> {
      let done: { a: AssignmentRow; team: Team } | undefined
      const { row } = await calls.change(id, async (c, ctx) => {
        assertUnassignable(c, body.version, 'give the call to another team')
        if (c.team_id === body.teamId) throw new ConflictError(`Call ${c.id} is already with that team`)
        await teams.lockInOrder(ctx, [c.team_id!, body.teamId])
        const at = now()
        const free = await lockForCall(ctx, c, body.teamId, body.override === true)
        const from = await commitments.release(ctx, c, 'reassigned', 'available', at, actor.id)
        ctx.emit({
          type: 'call.requeued',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: { cause: 'reassigned', reason: `reassigned to ${free.call_sign}: ${body.reason}`, ...(from ? { callSign: from } : {}) }
        })
        done = await commit(ctx, c, free, actor, at, { override: body.override, reassignedFrom: from })
        return { status: 'assigned', team_id: free.id, dispatched_at: at, acknowledged_at: null, en_route_at: null }
      })
      return { assignment: rowToAssignment(done!.a), call: calls.forActor(row, actor), team: done!.team }
    },

    /**
     * Periodic work, safe to run in several processes at once: returns unacknowledged assignments past
     * their deadline to the queue, then auto-dispatches waiting calls where that is switched on.
     */
    async sweep (): Promise<{ requeued: number; autoAssigned: number; unmetRecorded: number }> {
      const unmetRecorded = await recordUnmet()
      let requeued = 0
      for (const d of await overdueAssignments(db, now(), 50)) if (await requeueOverdue(d.id, d.call_id)) requeued++
      let autoAssigned = 0
      if (deps.autoDispatchPriorities.length > 0) {
        const waiting = await calls.queued(deps.autoDispatchPriorities)
        const ordered = orderQueue(
          waiting.map((w) => ({ id: w.id, priority: w.priority, waitingSinceMs: waitingSince(w).getTime() })),
          now().getTime(),
          deps.queue
        )
        for (const w of ordered) if (await tryAutoDispatch(w.id)) autoAssigned++
      }
      return { requeued, autoAssigned, unmetRecorded }
    }
  }
}

export type DispatchService = ReturnType<typeof createDispatchService>
