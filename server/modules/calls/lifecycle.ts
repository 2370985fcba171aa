// A call's lifecycle after intake: field statuses, backup, close, cancel and refer. The team committed
// to the call follows through the dispatch module's commitments, in the same transaction.
import type { Call, CancelCode, ReferralTarget } from '../../contracts/calls'
import { fieldStatusEvent } from '../../contracts/events'
import { REFERRAL_LABELS, RESPONSE_LABELS } from '../../contracts/labels'
import { COMMITTED_CALL_STATUSES, type Disposition, type FieldStatus } from '../../domain/lifecycle'
import { checkDeviceTime } from '../../lib/device-time'
import { fieldError, InvalidTransitionError } from '../../lib/errors'
import { UNMET_REASONS, type UnmetReason } from '../../domain/outcomes'
import type { AuthUser } from '../auth/auth.service'
import { assertMayAct, assertMove, callForActor, type CallsDeps, type ChangeCall } from './call-change'
import type { CallPatch, CallRow } from './calls.tables'
import { isCareResponse } from './intake'

const FIELD_COLUMN = {
  acknowledged: 'acknowledged_at',
  en_route: 'en_route_at',
  on_scene: 'on_scene_at',
  transporting: 'transporting_at',
  at_facility: 'at_facility_at'
} as const satisfies Record<FieldStatus, keyof CallPatch>

/** The latest recorded time of a call, so a replayed device time cannot go before it. */
function lastStepAt (c: CallRow): Date {
  const ts = [
    c.received_at,
    c.dispatched_at,
    c.acknowledged_at,
    c.en_route_at,
    c.on_scene_at,
    c.transporting_at,
    c.at_facility_at
  ].filter((d): d is Date => d !== null)
  return new Date(Math.max(...ts.map((d) => d.getTime())))
}

export function createLifecycle ({ now, commitments, startTransport }: CallsDeps, changeCall: ChangeCall) {
  /** Runs a change and maps the result for the actor. */
  const act = async (id: string, actor: AuthUser, step: Parameters<ChangeCall>[1]): Promise<Call> =>
    callForActor((await changeCall(id, step)).row, actor)

  return {
    /** `facilityId`: with `transporting`, the destination chosen (recorded as a transport by the facilities module). */
    async fieldStatus (
      id: string,
      status: FieldStatus,
      deviceTime: string | undefined,
      actor: AuthUser,
      facilityId?: string
    ): Promise<Call> {
      if (facilityId !== undefined && status !== 'transporting') {
        throw fieldError('body/facilityId', 'is only for the transporting status')
      }
      return await act(id, actor, async (c, ctx) => {
        assertMayAct(actor, c)
        assertMove(c, status, `move to ${status}`)
        const at = checkDeviceTime(deviceTime, now(), lastStepAt(c))
        await commitments.follow(ctx, c, status, at, actor.id)
        let destination: { facilityId?: string; facilityName?: string } = {}
        if (facilityId !== undefined) {
          if (!startTransport) throw fieldError('body/facilityId', 'cannot be recorded: no facilities here')
          destination = {
            facilityId,
            facilityName: (await startTransport(ctx.trx, { callId: id, teamId: c.team_id, facilityId, at })).name
          }
        }
        const data = { deviceTime: at.toISOString(), from: c.status, ...destination }
        ctx.emit({ type: fieldStatusEvent(status), callId: id, teamId: c.team_id, actorId: actor.id, data })
        return { status, [FIELD_COLUMN[status]]: at }
      })
    },

    async requestBackup (id: string, body: { reason: string; need?: string; deviceTime?: string }, actor: AuthUser): Promise<Call> {
      return await act(id, actor, async (c, ctx) => {
        assertMayAct(actor, c)
        if (!COMMITTED_CALL_STATUSES.includes(c.status)) {
          throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'request backup (no team is committed)')
        }
        const at = checkDeviceTime(body.deviceTime, now(), null)
        ctx.emit({
          type: 'call.backup_requested',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: { reason: body.reason, need: body.need ?? 'care_team', deviceTime: at.toISOString(), lat: c.lat, lon: c.lon }
        })
        return { backup_requested_at: at, backup_reason: body.reason }
      })
    },

    async close (
      id: string,
      body: { disposition: Disposition; notes?: string; teamStatus?: 'available' | 'recovering'; deviceTime?: string },
      actor: AuthUser
    ): Promise<Call> {
      return await act(id, actor, async (c, ctx) => {
        assertMayAct(actor, c)
        assertMove(c, 'closed', 'close')
        const at = checkDeviceTime(body.deviceTime, now(), lastStepAt(c))
        await commitments.release(ctx, c, 'cleared', body.teamStatus ?? 'available', at, actor.id)
        ctx.emit({
          type: 'call.closed',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: { disposition: body.disposition, deviceTime: at.toISOString() }
        })
        return { status: 'closed', cleared_at: at, disposition: body.disposition, disposition_notes: body.notes ?? null }
      })
    },

    async cancel (id: string, body: { reason: string; code?: CancelCode }, actor: AuthUser): Promise<Call> {
      return await act(id, actor, async (c, ctx) => {
        assertMove(c, 'cancelled', 'cancel')
        const at = now()
        const code = body.code ?? 'other'
        await commitments.release(ctx, c, 'cancelled', 'available', at, actor.id)
        ctx.emit({
          type: 'call.cancelled',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: { reason: body.reason, from: c.status, code }
        })
        return { status: 'cancelled', cancelled_at: at, cancel_code: code, cancel_reason: body.reason }
      })
    },

    /**
     * Takes a call referred out back into the queue (the service it went to handed it back, or it was
     * referred by mistake). Its wait still counts from when it was first received. A call whose triage sends
     * it elsewhere must have its triage overridden instead, with a reason: that takes it back too.
     */
    async requeue (id: string, reason: string, actor: AuthUser): Promise<Call> {
      return await act(id, actor, async (c, ctx) => {
        if (c.status !== 'referred') {
          throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'take back into the queue (only a call referred out can be)')
        }
        if (!isCareResponse(c.response)) {
          throw new InvalidTransitionError(
            `Call ${c.id}`,
            `referred, and triage sends it to ${RESPONSE_LABELS[c.response]}`,
            'take back into the queue (override the triage to a care-team response, with a reason: that queues it)'
          )
        }
        const at = now()
        const from = c.referred_to !== null ? REFERRAL_LABELS[c.referred_to] : 'the referral'
        ctx.emit({
          type: 'call.requeued',
          callId: id,
          actorId: actor.id,
          data: { cause: 'referral_returned', reason: `taken back from ${from}: ${reason}` }
        })
        return {
          status: 'queued',
          referred_to: null,
          referred_at: null,
          referral_reason: null,
          team_id: null,
          queued_at: at,
          ...(c.unmet_reason_source === 'dispatcher' ? { unmet_reason: null, unmet_reason_source: null, unmet_reason_at: null } : {})
        }
      })
    },

    /**
     * Refers a call out. A care-eligible call no team has reached is unmet demand: the person referring it must say
     * why (`unmetReason`, 400 naming the field otherwise); a call that is not care-eligible, or was served, takes none.
     */
    async refer (id: string, to: ReferralTarget, reason: string, actor: AuthUser, unmetReason?: UnmetReason): Promise<Call> {
      return await act(id, actor, async (c, ctx) => {
        assertMayAct(actor, c)
        assertMove(c, 'referred', `refer to ${to}`)
        const unmet = isCareResponse(c.response) && c.on_scene_at === null
        if (unmet && unmetReason === undefined) {
          throw fieldError(
            'body/unmetReason',
            `is required: the call is care-team eligible and no team reached it (one of ${UNMET_REASONS.join(', ')})`
          )
        }
        if (!unmet && unmetReason !== undefined) {
          throw fieldError(
            'body/unmetReason',
            isCareResponse(c.response)
              ? 'is only for a call no care team reached: a team was on scene'
              : 'is only for a care-team eligible call'
          )
        }
        const at = now()
        await commitments.release(ctx, c, 'referred', 'available', at, actor.id)
        ctx.emit({
          type: 'call.referred',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: { to, reason, from: c.status, ...(unmetReason ? { unmetReason } : {}) }
        })
        return {
          status: 'referred',
          referred_to: to,
          referred_at: at,
          referral_reason: reason,
          ...(unmetReason ? { unmet_reason: unmetReason, unmet_reason_source: 'dispatcher' as const, unmet_reason_at: at } : {})
        }
      })
    }
  }
}
