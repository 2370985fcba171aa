// Calls: intake with triage, details and re-triage, overrides, the lifecycle, queue, recommendations and
// assignments. Every state change is one transaction that appends its events; events publish after commit.
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import { json } from '../../db/sql-helpers'
import { inTransaction, type TxContext } from '../../db/transaction'
import type { Assignment, Call, CreateCall, UpdateCall } from '../../contracts/calls'
import type { Team } from '../../contracts/teams'
import type { DomainEvent } from '../../contracts/events'
import { triage } from '../../domain/triage'
import type { Answers, TriageInput, TriageResult } from '../../domain/triage/types'
import { canCallMove, COMMITTED_CALL_STATUSES, type Disposition, type FieldStatus, teamStatusForCall, TERMINAL_CALL_STATUSES } from '../../domain/lifecycle'
import { isOverdue, orderQueue, type QueuePolicy } from '../../domain/queue'
import { coversNeeds, rankTeams, requiredCapabilities, type RankingResult } from '../../domain/ranking'
import type { TravelParams } from '../../domain/travel'
import { CARE_TEAM_RESPONSES, type CallStatus, type Capability, type Category, type Priority, type ResponseType } from '../../domain/types'
import { checkDeviceTime } from '../../lib/device-time'
import { ConflictError, ForbiddenError, IdempotencyMismatchError, InvalidTransitionError, NotFoundError, fieldError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import type { EventBus } from '../events/event-bus'
import { eventsForCall } from '../events/events.repository'
import { findTeam, listTeamRows, rowToRankable, rowToTeam } from '../teams/teams.repository'
import type { CallRow } from './calls.tables'
import { findCall, insertCallWithTriage, openAssignment, rowToAssignment, rowToCall, rowToTriageEntry } from './calls.repository'

export interface CallsServiceDeps {
  db: Kysely<Database>
  bus: EventBus
  ackTimeoutMs: number
  staleAfterMs: number
  travel: TravelParams
  queue: QueuePolicy
  autoDispatchPriorities: readonly Priority[]
  /** Names the area (e.g. LAPD division) of a point, or null. */
  areaOf?: (lat: number, lon: number) => string | null
  now?: () => Date
  log?: { warn: (obj: unknown, msg: string) => void }
}

const PII_ROLES = new Set(['dispatcher', 'supervisor', 'responder'])
const isCare = (r: string): boolean => (CARE_TEAM_RESPONSES as readonly string[]).includes(r)

/** Where a non-care response hands the call. */
function referralTarget (response: ResponseType): string | null {
  switch (response) {
    case 'police': return 'police'
    case 'ems': return 'ems'
    case 'fire': return 'fire'
    case 'phone_988': return 'phone_988'
    default: return null
  }
}

function triageColumns (t: TriageResult) {
  return {
    category: t.category,
    response: t.response,
    priority: t.priority,
    reasons: json(t.reasons),
    missing: json(t.missing),
    protocol_version: t.protocolVersion
  }
}

function needsOf (category: string, response: string): Capability[] {
  return requiredCapabilities(category as Category, response as ResponseType)
}

/** The latest recorded time of a call, so a replayed device time cannot go before it. */
function lastStepAt (c: CallRow): Date {
  const ts = [c.received_at, c.dispatched_at, c.acknowledged_at, c.en_route_at, c.on_scene_at, c.transporting_at, c.at_facility_at].filter((d): d is Date => d !== null)
  return new Date(Math.max(...ts.map((d) => d.getTime())))
}

export function createCallsService (deps: CallsServiceDeps) {
  const { db, bus } = deps
  const now = deps.now ?? (() => new Date())
  const wire = (r: CallRow, actor: AuthUser | null): Call => rowToCall(r, { pii: actor !== null && PII_ROLES.has(actor.role) })

  async function lockCall (ctx: TxContext, id: string): Promise<CallRow> {
    const c = await findCall(ctx.trx, id, true)
    if (!c) throw new NotFoundError('Call')
    return c
  }

  function assertMayAct (actor: AuthUser, c: CallRow): void {
    if (actor.role === 'responder' && (actor.teamId === null || c.team_id !== actor.teamId)) {
      throw new ForbiddenError('a responder may act only on their own team\'s call')
    }
  }

  function assertMove (c: CallRow, to: CallStatus, action: string): void {
    if (!canCallMove(c.status as CallStatus, to)) throw new InvalidTransitionError(`Call ${c.id}`, c.status, action)
  }

  /** Frees the committed team of a call and ends its assignment. */
  async function releaseTeam (ctx: TxContext, c: CallRow, endReason: string, teamStatus: 'available' | 'recovering', at: Date, actorId: string | null): Promise<void> {
    if (!c.team_id) return
    const a = await openAssignment(ctx.trx, c.id, true)
    if (a) await ctx.trx.updateTable('assignments').set({ ended_at: at, end_reason: endReason }).where('id', '=', a.id).execute()
    const team = await findTeam(ctx.trx, c.team_id, true)
    if (team && team.current_call_id === c.id) {
      const status = team.on_shift ? teamStatus : 'off_duty'
      await ctx.trx.updateTable('teams').set({ status, current_call_id: null, status_changed_at: at, version: team.version + 1, updated_at: now() })
        .where('id', '=', team.id).execute()
      ctx.emit({ type: 'team.status_changed', teamId: team.id, callId: c.id, actorId, data: { from: team.status, to: status, reason: endReason } })
    }
  }

  /**
   * Applies a new effective triage to the call's status: a queued call whose response is no longer a
   * care team is referred; a call referred by triage that becomes care-eligible goes back to the queue.
   */
  function statusAfterTriage (c: CallRow, response: ResponseType, at: Date): Partial<Record<string, unknown>> {
    const target = referralTarget(response)
    if (c.status === 'queued' && !isCare(response)) return { status: 'referred', referred_to: target, referred_at: at }
    if (c.status === 'referred' && isCare(response) && c.referred_to !== null && c.referred_to === referralTarget(c.response as ResponseType)) {
      return { status: 'queued', referred_to: null, referred_at: null, queued_at: at }
    }
    return {}
  }

  /** Records a re-triage or override: its history row, and the events for any status it changed. */
  async function recordTriage (ctx: TxContext, callId: string, actorId: string, t: TriageResult, entry: { kind: 'retriage' | 'override', reason: string | null, input: unknown }, statusChange: Partial<Record<string, unknown>>): Promise<void> {
    await ctx.trx.insertInto('call_triages').values({
      call_id: callId,
      at: now(),
      kind: entry.kind,
      actor_id: actorId,
      ...triageColumns(t),
      override_reason: entry.reason,
      input: json(entry.input)
    }).execute()
    const why = entry.kind === 'override' ? 'override' : 're-triage'
    if (statusChange.status === 'referred') ctx.emit({ type: 'call.referred', callId, actorId, data: { to: statusChange.referred_to, reason: why } })
    if (statusChange.status === 'queued') ctx.emit({ type: 'call.queued', callId, actorId, data: { priority: t.priority, reason: why } })
  }

  async function callDetail (id: string, actor: AuthUser) {
    const c = await findCall(db, id)
    if (!c) throw new NotFoundError('Call')
    assertMayAct(actor, c)
    const [timeline, history, assignments] = await Promise.all([
      eventsForCall(db, id),
      db.selectFrom('call_triages').selectAll().where('call_id', '=', id).orderBy('id').execute(),
      db.selectFrom('assignments').selectAll().where('call_id', '=', id).orderBy('assigned_at').execute()
    ])
    await db.insertInto('access_log').values({ user_id: actor.id, action: 'call.read', call_id: id }).execute()
    return { ...wire(c, actor), timeline, triageHistory: history.map(rowToTriageEntry), assignments: assignments.map(rowToAssignment) }
  }

  async function assign (callId: string, teamId: string, actor: AuthUser | null, opts: { auto?: boolean, override?: boolean } = {}): Promise<{ assignment: Assignment, call: Call, team: Team, events: DomainEvent[] }> {
    const { result, events } = await inTransaction(db, bus, async (ctx) => {
      // Lock order everywhere: call, then team. Concurrent assignments of one team serialize on the team row.
      const c = await lockCall(ctx, callId)
      if (c.status !== 'queued') throw new ConflictError(`Call ${c.id} is ${c.status}: it is no longer waiting for a team`)
      const team = await findTeam(ctx.trx, teamId, true)
      if (!team) throw new NotFoundError('Team')
      if (!team.on_shift || team.status !== 'available' || team.current_call_id !== null) {
        throw new ConflictError(`Team ${team.call_sign} is ${team.on_shift ? team.status : 'off shift'}: it is no longer free`)
      }
      const needs = needsOf(c.category, c.response)
      if (!opts.override && !coversNeeds(team.capabilities as Capability[], needs)) {
        throw new ConflictError(`Team ${team.call_sign} lacks ${needs.filter((n) => !team.capabilities.includes(n)).join(', ')} for this call (send override: true to assign anyway)`)
      }
      const at = now()
      const a = await ctx.trx.insertInto('assignments').values({
        call_id: c.id,
        team_id: team.id,
        assigned_at: at,
        assigned_by: actor?.id ?? null,
        auto: opts.auto === true,
        ack_deadline: new Date(at.getTime() + deps.ackTimeoutMs)
      }).returningAll().executeTakeFirstOrThrow()
      const call = await ctx.trx.updateTable('calls').set({ status: 'assigned', team_id: team.id, dispatched_at: at, version: c.version + 1, updated_at: at })
        .where('id', '=', c.id).returningAll().executeTakeFirstOrThrow()
      const t = await ctx.trx.updateTable('teams').set({ status: 'dispatched', current_call_id: c.id, status_changed_at: at, version: team.version + 1, updated_at: at })
        .where('id', '=', team.id).returningAll().executeTakeFirstOrThrow()
      ctx.emit({ type: 'call.assigned', callId: c.id, teamId: team.id, actorId: actor?.id ?? null, data: { assignmentId: a.id, callSign: team.call_sign, auto: opts.auto === true, override: opts.override === true, ackDeadline: a.ack_deadline.toISOString() } })
      ctx.emit({ type: 'team.status_changed', teamId: team.id, callId: c.id, actorId: actor?.id ?? null, data: { from: team.status, to: 'dispatched' } })
      return { a, call, t }
    })
    return { assignment: rowToAssignment(result.a), call: wire(result.call, actor), team: rowToTeam(result.t, now().getTime(), deps.staleAfterMs), events }
  }

  async function recommend (c: CallRow): Promise<RankingResult & { needs: Capability[] }> {
    const needs = needsOf(c.category, c.response)
    if (!isCare(c.response)) {
      return { needs, recommendations: [], shortfalls: [`triage sends this call to ${c.response.replace(/_/g, ' ')}: no care team needed`] }
    }
    const [teams, declines] = await Promise.all([
      listTeamRows(db),
      db.selectFrom('assignments').select('team_id').where('call_id', '=', c.id).where('end_reason', '=', 'declined').execute()
    ])
    const declinedBy = new Set(declines.map((d) => d.team_id))
    const r = rankTeams({ location: { lat: c.lat, lon: c.lon }, needs, language: c.language, declinedBy }, teams.map(rowToRankable), now().getTime(), {
      travel: deps.travel, staleAfterMs: deps.staleAfterMs
    })
    return { ...r, needs }
  }

  /** Assigns the best team when auto-dispatch is on for the call's priority. Failure leaves it queued. */
  async function tryAutoDispatch (callId: string): Promise<boolean> {
    const c = await findCall(db, callId)
    if (!c || c.status !== 'queued' || !deps.autoDispatchPriorities.includes(c.priority as Priority)) return false
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

  return {
    preview (input: TriageInput): TriageResult {
      return triage(input)
    },

    /** Intake. With an Idempotency-Key, a retried request returns the first call (replayed = true). */
    async create (input: CreateCall, actor: AuthUser, idempotencyKey?: string): Promise<{ call: Call, replayed: boolean }> {
      const t = triage({ answers: input.answers as Answers | undefined, narrative: input.narrative, callType: input.callType })
      const hash = crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex')
      const area = deps.areaOf ? deps.areaOf(input.location.lat, input.location.lon) : null
      const at = now()
      const care = isCare(t.response)
      const id = crypto.randomUUID()
      const referredTo = care ? null : referralTarget(t.response)
      const inserted = await insertCallWithTriage(db, {
        id,
        at,
        source: input.source ?? 'phone',
        lat: input.location.lat,
        lon: input.location.lon,
        address: input.location.address ?? null,
        area,
        callback: input.callback ?? null,
        callerName: input.callerName ?? null,
        language: input.language ?? null,
        narrative: input.narrative ?? null,
        callType: input.callType ?? null,
        answers: (input.answers ?? {}) as Record<string, string>,
        triage: t,
        status: care ? 'queued' : 'referred',
        referredTo,
        actorId: actor.id,
        idempotency: idempotencyKey !== undefined ? { key: idempotencyKey, hash } : null,
        events: [
          { type: 'call.received', data: { source: input.source ?? 'phone', lat: input.location.lat, lon: input.location.lon, area } },
          { type: 'call.triaged', data: { category: t.category, response: t.response, priority: t.priority, protocolVersion: t.protocolVersion } },
          care ? { type: 'call.queued', data: { priority: t.priority } } : { type: 'call.referred', data: { to: referredTo, reason: 'triage' } }
        ]
      })
      let result: { row: CallRow, replayed: boolean }
      if (inserted) {
        bus.publish(inserted.events)
        result = { row: inserted.row, replayed: false }
      } else {
        // The key was claimed before: the same request returns the first call; another body is refused.
        const prior = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', actor.id).where('key', '=', idempotencyKey!).executeTakeFirstOrThrow()
        if (prior.request_hash !== hash) throw new IdempotencyMismatchError()
        const existing = prior.call_id ? await findCall(db, prior.call_id) : undefined
        if (!existing) throw new ConflictError('a request with this Idempotency-Key is still being processed')
        result = { row: existing, replayed: true }
      }
      let row = result.row
      if (!result.replayed && deps.autoDispatchPriorities.length > 0 && await tryAutoDispatch(row.id)) {
        row = (await findCall(db, row.id)) ?? row
      }
      return { call: wire(row, actor), replayed: result.replayed }
    },

    async list (q: { status?: string, category?: string, priority?: number, from?: string, to?: string, teamId?: string, limit?: number, offset?: number }, actor: AuthUser) {
      const statuses = q.status ? q.status.split(',').map((s) => s.trim()).filter(Boolean) : []
      const limit = q.limit ?? 50
      const offset = q.offset ?? 0
      const base = db.selectFrom('calls')
        .$if(statuses.length > 0, (qb) => qb.where('status', 'in', statuses))
        .$if(q.category !== undefined, (qb) => qb.where('category', '=', q.category!))
        .$if(q.priority !== undefined, (qb) => qb.where('priority', '=', q.priority!))
        .$if(q.from !== undefined, (qb) => qb.where('received_at', '>=', new Date(q.from!)))
        .$if(q.to !== undefined, (qb) => qb.where('received_at', '<', new Date(q.to!)))
        .$if(q.teamId !== undefined, (qb) => qb.where('team_id', '=', q.teamId!))
      const [rows, total] = await Promise.all([
        base.selectAll().orderBy('received_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
        base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      ])
      return { items: rows.map((r) => wire(r, actor)), total: Number(total.n), limit, offset }
    },

    get: callDetail,

    async update (id: string, patch: UpdateCall, actor: AuthUser): Promise<Call> {
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        if ((TERMINAL_CALL_STATUSES as readonly string[]).includes(c.status)) throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'update details')
        if (patch.version !== undefined && patch.version !== c.version) throw new ConflictError(`Call ${c.id} changed since version ${patch.version} (now ${c.version}): reload and try again`)
        const answers = patch.answers !== undefined ? { ...c.answers, ...patch.answers } : c.answers
        const narrative = patch.narrative !== undefined ? patch.narrative : c.narrative
        const callType = patch.callType !== undefined ? patch.callType : c.call_type
        const t = triage({ answers: answers as Answers, narrative, callType })
        const at = now()
        // An override by a person stays in force; the protocol's new view is kept in the history.
        const effective = c.triage_overridden ? null : t
        const statusChange = effective ? statusAfterTriage(c, effective.response, at) : {}
        const row = await ctx.trx.updateTable('calls').set({
          ...(patch.location ? { lat: patch.location.lat, lon: patch.location.lon, address: patch.location.address ?? c.address, area: deps.areaOf ? deps.areaOf(patch.location.lat, patch.location.lon) : c.area } : {}),
          narrative,
          call_type: callType,
          answers: json(answers),
          ...(patch.callback !== undefined ? { callback: patch.callback } : {}),
          ...(patch.callerName !== undefined ? { caller_name: patch.callerName } : {}),
          ...(patch.language !== undefined ? { language: patch.language } : {}),
          ...(effective ? triageColumns(effective) : {}),
          ...statusChange,
          triaged_at: at,
          version: c.version + 1,
          updated_at: at
        }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        const changed = Object.keys(patch).filter((k) => k !== 'version')
        ctx.emit({ type: 'call.updated', callId: id, actorId: actor.id, data: { changed } })
        const responseChanged = t.response !== c.response
        ctx.emit({
          type: 'call.retriaged',
          callId: id,
          actorId: actor.id,
          data: {
            category: t.category,
            response: t.response,
            priority: t.priority,
            applied: effective !== null,
            responseChanged,
            ...(responseChanged && (COMMITTED_CALL_STATUSES as readonly string[]).includes(c.status) ? { alert: `triage now says ${t.response} while a team is committed: review the call` } : {})
          }
        })
        await recordTriage(ctx, id, actor.id, t, { kind: 'retriage', reason: null, input: { answers, narrative, callType } }, statusChange)
        return row
      })
      return wire(result, actor)
    },

    async override (id: string, body: { category?: Category, response?: ResponseType, priority?: Priority, reason: string }, actor: AuthUser): Promise<Call> {
      if (body.category === undefined && body.response === undefined && body.priority === undefined) {
        throw fieldError('body', 'must change at least one of category, response, priority')
      }
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        if ((TERMINAL_CALL_STATUSES as readonly string[]).includes(c.status) && c.status !== 'referred') throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'override triage')
        const at = now()
        const t: TriageResult = {
          category: body.category ?? c.category as Category,
          response: body.response ?? c.response as ResponseType,
          priority: body.priority ?? c.priority as Priority,
          reasons: [...c.reasons, `Overridden by ${actor.role} ${actor.email}: ${body.reason}`],
          missing: c.missing as TriageResult['missing'],
          protocolVersion: c.protocol_version
        }
        let statusChange = statusAfterTriage(c, t.response, at)
        // An override to a care response takes any referred call back into the queue: the person overriding decides.
        if (c.status === 'referred' && isCare(t.response)) statusChange = { status: 'queued', referred_to: null, referred_at: null, queued_at: at }
        const row = await ctx.trx.updateTable('calls').set({ ...triageColumns(t), ...statusChange, triage_overridden: true, version: c.version + 1, updated_at: at })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        ctx.emit({ type: 'call.triage_overridden', callId: id, actorId: actor.id, data: { from: { category: c.category, response: c.response, priority: c.priority }, to: { category: t.category, response: t.response, priority: t.priority }, reason: body.reason } })
        await recordTriage(ctx, id, actor.id, t, { kind: 'override', reason: body.reason, input: { before: { category: c.category, response: c.response, priority: c.priority } } }, statusChange)
        return row
      })
      return wire(result, actor)
    },

    async cancel (id: string, reason: string, actor: AuthUser): Promise<Call> {
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        assertMove(c, 'cancelled', 'cancel')
        const at = now()
        await releaseTeam(ctx, c, 'cancelled', 'available', at, actor.id)
        const row = await ctx.trx.updateTable('calls').set({ status: 'cancelled', cancelled_at: at, version: c.version + 1, updated_at: at })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        ctx.emit({ type: 'call.cancelled', callId: id, teamId: c.team_id, actorId: actor.id, data: { reason, from: c.status } })
        return row
      })
      return wire(result, actor)
    },

    async refer (id: string, to: string, reason: string, actor: AuthUser): Promise<Call> {
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        assertMayAct(actor, c)
        assertMove(c, 'referred', `refer to ${to}`)
        const at = now()
        await releaseTeam(ctx, c, 'referred', 'available', at, actor.id)
        const row = await ctx.trx.updateTable('calls').set({ status: 'referred', referred_to: to, referred_at: at, version: c.version + 1, updated_at: at })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        ctx.emit({ type: 'call.referred', callId: id, teamId: c.team_id, actorId: actor.id, data: { to, reason, from: c.status } })
        return row
      })
      return wire(result, actor)
    },

    async requestBackup (id: string, body: { reason: string, need?: string, deviceTime?: string }, actor: AuthUser): Promise<Call> {
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        assertMayAct(actor, c)
        if (!(COMMITTED_CALL_STATUSES as readonly string[]).includes(c.status)) throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'request backup (no team is committed)')
        const at = checkDeviceTime(body.deviceTime, now(), null)
        const row = await ctx.trx.updateTable('calls').set({ backup_requested_at: at, backup_reason: body.reason, version: c.version + 1, updated_at: now() })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        ctx.emit({ type: 'call.backup_requested', callId: id, teamId: c.team_id, actorId: actor.id, data: { reason: body.reason, need: body.need ?? 'care_team', deviceTime: at.toISOString(), lat: c.lat, lon: c.lon } })
        return row
      })
      return wire(result, actor)
    },

    async fieldStatus (id: string, status: FieldStatus, deviceTime: string | undefined, actor: AuthUser): Promise<Call> {
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        assertMayAct(actor, c)
        assertMove(c, status, `move to ${status}`)
        const at = checkDeviceTime(deviceTime, now(), lastStepAt(c))
        const column = ({ acknowledged: 'acknowledged_at', en_route: 'en_route_at', on_scene: 'on_scene_at', transporting: 'transporting_at', at_facility: 'at_facility_at' } as const)[status]
        const row = await ctx.trx.updateTable('calls').set({ status, [column]: at, version: c.version + 1, updated_at: now() })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        if (c.team_id) {
          const team = await findTeam(ctx.trx, c.team_id, true)
          const ts = teamStatusForCall(status)
          if (team && team.status !== ts) {
            await ctx.trx.updateTable('teams').set({ status: ts, status_changed_at: at, version: team.version + 1, updated_at: now() }).where('id', '=', team.id).execute()
            ctx.emit({ type: 'team.status_changed', teamId: team.id, callId: id, actorId: actor.id, data: { from: team.status, to: ts } })
          }
          if (status === 'acknowledged') {
            await ctx.trx.updateTable('assignments').set({ acknowledged_at: at }).where('call_id', '=', id).where('ended_at', 'is', null).execute()
          }
        }
        ctx.emit({ type: `call.${status}`, callId: id, teamId: c.team_id, actorId: actor.id, data: { deviceTime: at.toISOString(), from: c.status } })
        return row
      })
      return wire(result, actor)
    },

    async decline (id: string, reason: string, actor: AuthUser, deviceTime?: string): Promise<Call> {
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        assertMayAct(actor, c)
        if (c.status !== 'assigned' && c.status !== 'acknowledged') throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'decline the assignment')
        const declinedAt = checkDeviceTime(deviceTime, now(), c.dispatched_at)
        const at = now()
        await releaseTeam(ctx, c, 'declined', 'available', at, actor.id)
        const row = await ctx.trx.updateTable('calls').set({ status: 'queued', team_id: null, queued_at: at, version: c.version + 1, updated_at: at })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        ctx.emit({ type: 'call.requeued', callId: id, teamId: c.team_id, actorId: actor.id, data: { reason: `declined: ${reason}`, deviceTime: declinedAt.toISOString() } })
        return row
      })
      return wire(result, actor)
    },

    async close (id: string, body: { disposition: Disposition, notes?: string, teamStatus?: 'available' | 'recovering', deviceTime?: string }, actor: AuthUser): Promise<Call> {
      const { result } = await inTransaction(db, bus, async (ctx) => {
        const c = await lockCall(ctx, id)
        assertMayAct(actor, c)
        assertMove(c, 'closed', 'close')
        const at = checkDeviceTime(body.deviceTime, now(), lastStepAt(c))
        await releaseTeam(ctx, c, 'cleared', body.teamStatus ?? 'available', at, actor.id)
        const row = await ctx.trx.updateTable('calls').set({ status: 'closed', cleared_at: at, disposition: body.disposition, disposition_notes: body.notes ?? null, version: c.version + 1, updated_at: now() })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        ctx.emit({ type: 'call.closed', callId: id, teamId: c.team_id, actorId: actor.id, data: { disposition: body.disposition, deviceTime: at.toISOString() } })
        return row
      })
      return wire(result, actor)
    },

    async queue (actor: AuthUser) {
      const rows = await db.selectFrom('calls').selectAll().where('status', '=', 'queued').execute()
      const t = now().getTime()
      const items = rows.map((r) => ({ row: r, id: r.id, priority: r.priority as Priority, waitingSinceMs: (r.queued_at ?? r.received_at).getTime() }))
      return orderQueue(items, t, deps.queue).map((it, i) => ({
        call: wire(it.row, actor),
        position: i + 1,
        waitingMinutes: Math.round((t - it.waitingSinceMs) / 6000) / 10,
        overdue: isOverdue(it.priority, t - it.waitingSinceMs, deps.queue),
        targetMinutes: deps.queue.targetMinutes[it.priority]
      }))
    },

    async recommendations (id: string) {
      const c = await findCall(db, id)
      if (!c) throw new NotFoundError('Call')
      const r = await recommend(c)
      if (c.status !== 'queued') r.shortfalls.unshift(`call is ${c.status}: recommendations are for reference only`)
      return { callId: id, ...r }
    },

    assign: async (callId: string, teamId: string, actor: AuthUser, override?: boolean) => await assign(callId, teamId, actor, { override }),

    /**
     * Periodic work, safe to run in several processes at once: returns unacknowledged assignments past
     * their deadline to the queue, then auto-dispatches waiting calls where that is switched on.
     */
    async sweep (): Promise<{ requeued: number, autoAssigned: number }> {
      const due = await db.selectFrom('assignments').select(['id', 'call_id']).where('ended_at', 'is', null).where('acknowledged_at', 'is', null)
        .where('ack_deadline', '<=', now()).orderBy('ack_deadline').limit(50).execute()
      let requeued = 0
      for (const d of due) {
        await inTransaction(db, bus, async (ctx) => {
          const c = await lockCall(ctx, d.call_id)
          const a = await ctx.trx.selectFrom('assignments').selectAll().where('id', '=', d.id).forUpdate().executeTakeFirst()
          if (!a || a.ended_at !== null || a.acknowledged_at !== null || c.status !== 'assigned') return
          const at = now()
          await releaseTeam(ctx, c, 'ack_timeout', 'available', at, null)
          await ctx.trx.updateTable('calls').set({ status: 'queued', team_id: null, queued_at: at, version: c.version + 1, updated_at: at }).where('id', '=', c.id).execute()
          ctx.emit({ type: 'call.requeued', callId: c.id, teamId: a.team_id, data: { reason: `assignment not acknowledged within ${Math.round(deps.ackTimeoutMs / 1000)} s`, alert: 'ack_timeout' } })
          requeued++
        })
      }
      let autoAssigned = 0
      if (deps.autoDispatchPriorities.length > 0) {
        const waiting = await db.selectFrom('calls').select(['id', 'priority', 'queued_at', 'received_at']).where('status', '=', 'queued')
          .where('priority', 'in', [...deps.autoDispatchPriorities]).execute()
        const ordered = orderQueue(waiting.map((w) => ({ id: w.id, priority: w.priority as Priority, waitingSinceMs: (w.queued_at ?? w.received_at).getTime() })), now().getTime(), deps.queue)
        for (const w of ordered) if (await tryAutoDispatch(w.id)) autoAssigned++
      }
      return { requeued, autoAssigned }
    }
  }
}

export type CallsService = ReturnType<typeof createCallsService>
