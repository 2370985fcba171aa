// Dispatch: recommendations, assignment, decline, the queue, the acknowledgement sweep and auto-dispatch.
// It owns the assignments; calls and teams change through their own modules, in the same transaction.
import type { Kysely } from 'kysely'
import type { Assignment, Call } from '../../contracts/calls'
import type { DomainEvent } from '../../contracts/events'
import type { Team } from '../../contracts/teams'
import type { Database } from '../../db/database'
import { isOverdue, orderQueue, type QueuePolicy } from '../../domain/queue'
import { coversNeeds, rankTeams, requiredCapabilities, type RankingResult } from '../../domain/ranking'
import type { TravelParams } from '../../domain/travel'
import type { Capability, Priority } from '../../domain/types'
import { checkDeviceTime } from '../../lib/device-time'
import { ConflictError, InvalidTransitionError, NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import { assertMayAct } from '../calls/call-change'
import type { CallsService } from '../calls/calls.service'
import type { CallRow } from '../calls/calls.tables'
import { isCareResponse } from '../calls/intake'
import type { TeamsService } from '../teams/teams.service'
import { findAssignment, insertAssignment, overdueAssignments, rowToAssignment, teamsThatDeclined } from './assignments.repository'
import type { AssignmentRow } from './assignments.tables'
import type { Commitments } from './commitments'

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
  now?: () => Date
}

export function createDispatchService (deps: DispatchServiceDeps) {
  const { db, calls, teams, commitments } = deps
  const now = deps.now ?? (() => new Date())

  async function assign (callId: string, teamId: string, actor: AuthUser | null, opts: { auto?: boolean, override?: boolean } = {}): Promise<{ assignment: Assignment, call: Call, team: Team, events: DomainEvent[] }> {
    let a: AssignmentRow | undefined
    let team: Team | undefined
    const { row, events } = await calls.change(callId, async (c, ctx) => {
      if (c.status !== 'queued') throw new ConflictError(`Call ${c.id} is ${c.status}: it is no longer waiting for a team`)
      const at = now()
      const needs = requiredCapabilities(c.category, c.response, { extra: c.needs })
      const free = await teams.lockFree(ctx, teamId)
      if (!opts.override && !coversNeeds(free.capabilities, needs)) {
        throw new ConflictError(`Team ${free.call_sign} lacks ${needs.filter((n) => !free.capabilities.includes(n)).join(', ')} for this call (send override: true to assign anyway)`)
      }
      a = await insertAssignment(ctx.trx, { callId: c.id, teamId: free.id, at, by: actor?.id ?? null, auto: opts.auto === true, ackDeadline: new Date(at.getTime() + deps.ackTimeoutMs) })
      ctx.emit({ type: 'call.assigned', callId: c.id, teamId: free.id, actorId: actor?.id ?? null, data: { assignmentId: a.id, callSign: free.call_sign, auto: opts.auto === true, override: opts.override === true, ackDeadline: a.ack_deadline.toISOString() } })
      const t = await teams.commitToCall(ctx, free, c.id, at, actor?.id ?? null)
      team = teams.toWire(t)
      return { status: 'assigned', team_id: t.id, dispatched_at: at }
    })
    return { assignment: rowToAssignment(a!), call: calls.forActor(row, actor), team: team!, events }
  }

  async function recommend (c: CallRow): Promise<RankingResult & { needs: Capability[] }> {
    const needs = requiredCapabilities(c.category, c.response, { extra: c.needs })
    if (!isCareResponse(c.response)) {
      return { needs, recommendations: [], shortfalls: [`triage sends this call to ${c.response.replace(/_/g, ' ')}: no care team needed`] }
    }
    const [candidates, declined] = await Promise.all([teams.rankable(), teamsThatDeclined(db, c.id)])
    const r = rankTeams({ location: { lat: c.lat, lon: c.lon }, needs, language: c.language, declinedBy: new Set(declined) }, candidates, now().getTime(), {
      travel: deps.travel, staleAfterMs: deps.staleAfterMs, preferredBonusMinutes: deps.youthPreferenceMinutes
    })
    return { ...r, needs }
  }

  /** Assigns the best team when auto-dispatch is on for the call's priority. Failure leaves it queued. */
  async function tryAutoDispatch (callId: string): Promise<boolean> {
    const c = await calls.find(callId)
    if (!c || c.status !== 'queued' || !deps.autoDispatchPriorities.includes(c.priority)) return false
    const { recommendations } = await recommend(c)
    for (const r of recommendations.slice(0, 3)) {
      try {
        await assign(c.id, r.teamId, null, { auto: true })
        return true
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err
      }
    }
    return false
  }

  /** Returns one overdue, unacknowledged assignment's call to the queue (if it still is overdue under lock). */
  async function requeueOverdue (assignmentId: string, callId: string): Promise<boolean> {
    let requeued = false
    await calls.change(callId, async (c, ctx) => {
      const a = await findAssignment(ctx.trx, assignmentId, true)
      if (!a || a.ended_at !== null || a.acknowledged_at !== null || c.status !== 'assigned') return null
      const at = now()
      await commitments.release(ctx, c, 'ack_timeout', 'available', at, null)
      ctx.emit({ type: 'call.requeued', callId: c.id, teamId: a.team_id, data: { cause: 'ack_timeout', reason: `assignment not acknowledged within ${Math.round(deps.ackTimeoutMs / 1000)} s` } })
      requeued = true
      return { status: 'queued', team_id: null, queued_at: at }
    })
    return requeued
  }

  return {
    /** Every call a team was ever assigned (what a responder's live stream may show in full). */
    callIdsOfTeam: commitments.callIdsOfTeam,

    assign: async (callId: string, teamId: string, actor: AuthUser, override?: boolean) => await assign(callId, teamId, actor, { override }),

    /** After intake: auto-dispatch when it is on for the call's priority; the call as it then stands. */
    async afterIntake (call: Call, actor: AuthUser): Promise<Call> {
      if (deps.autoDispatchPriorities.length === 0 || !(await tryAutoDispatch(call.id))) return call
      const row = await calls.find(call.id)
      return row ? calls.forActor(row, actor) : call
    },

    async decline (id: string, reason: string, actor: AuthUser, deviceTime?: string): Promise<Call> {
      const { row } = await calls.change(id, async (c, ctx) => {
        assertMayAct(actor, c)
        if (c.status !== 'assigned' && c.status !== 'acknowledged') throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'decline the assignment')
        const declinedAt = checkDeviceTime(deviceTime, now(), c.dispatched_at)
        const at = now()
        await commitments.release(ctx, c, 'declined', 'available', at, actor.id)
        ctx.emit({ type: 'call.requeued', callId: id, teamId: c.team_id, actorId: actor.id, data: { cause: 'declined', reason: `declined: ${reason}`, deviceTime: declinedAt.toISOString() } })
        return { status: 'queued', team_id: null, queued_at: at }
      })
      return calls.forActor(row, actor)
    },

    async queue (actor: AuthUser) {
      const rows = await calls.queued()
      const t = now().getTime()
      const items = rows.map((r) => ({ row: r, id: r.id, priority: r.priority, waitingSinceMs: (r.queued_at ?? r.received_at).getTime() }))
      return orderQueue(items, t, deps.queue).map((it, i) => ({
        call: calls.forActor(it.row, actor),
        position: i + 1,
        waitingMinutes: Math.round((t - it.waitingSinceMs) / 6000) / 10,
        overdue: isOverdue(it.priority, t - it.waitingSinceMs, deps.queue),
        targetMinutes: deps.queue.targetMinutes[it.priority]
      }))
    },

    async recommendations (id: string) {
      const c = await calls.find(id)
      if (!c) throw new NotFoundError('Call')
      const r = await recommend(c)
      if (c.status !== 'queued') r.shortfalls.unshift(`call is ${c.status}: recommendations are for reference only`)
      return { callId: id, ...r }
    },

    /**
     * Periodic work, safe to run in several processes at once: returns unacknowledged assignments past
     * their deadline to the queue, then auto-dispatches waiting calls where that is switched on.
     */
    async sweep (): Promise<{ requeued: number, autoAssigned: number }> {
      let requeued = 0
      for (const d of await overdueAssignments(db, now(), 50)) if (await requeueOverdue(d.id, d.call_id)) requeued++
      let autoAssigned = 0
      if (deps.autoDispatchPriorities.length > 0) {
        const waiting = await calls.queued(deps.autoDispatchPriorities)
        const ordered = orderQueue(waiting.map((w) => ({ id: w.id, priority: w.priority, waitingSinceMs: (w.queued_at ?? w.received_at).getTime() })), now().getTime(), deps.queue)
        for (const w of ordered) if (await tryAutoDispatch(w.id)) autoAssigned++
      }
      return { requeued, autoAssigned }
    }
  }
}

export type DispatchService = ReturnType<typeof createDispatchService>
