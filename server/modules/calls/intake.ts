// Intake: triage a new call, then queue it (care-team responses) or refer it (others), in one statement.
import crypto from 'node:crypto'
import type { Call, CreateCall, ReferralTarget } from '../../contracts/calls'
import type { TransferDetails } from '../../contracts/events'
import type { Answers } from '../../domain/triage/types'
import { CARE_TEAM_RESPONSES, type ResponseType } from '../../domain/types'
import { ConflictError, IdempotencyMismatchError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import { callForActor, placeOf, type CallsDeps } from './call-change'
import { findCall, findCallByUpstreamId, idempotencyClaim, insertCallWithTriage } from './calls.repository'

export const isCareResponse = (r: ResponseType): boolean => CARE_TEAM_RESPONSES.includes(r)

/** Where a non-care response hands the call. */
export function referralTarget (response: ResponseType): ReferralTarget | null {
  switch (response) {
    case 'police': return 'police'
    case 'ems': return 'ems'
    case 'fire': return 'fire'
    case 'phone_988': return 'phone_988'
    default: return null
  }
}

/** A call transferred from another centre: its incident (the dedup key) and what the transfer said beside the call. */
export interface Transfer {
  upstreamId: string
  details: TransferDetails
}

export function createIntake ({ db, bus, now, triage, areas }: CallsDeps) {
  return {
    /**
     * Intake. With an Idempotency-Key, a retried request returns the first call (replayed = true); a transfer
     * of an incident already taken returns that call (replayed = true), whoever sends it.
     */
    async create (input: CreateCall, actor: AuthUser, idempotencyKey?: string, transfer?: Transfer): Promise<{ call: Call, replayed: boolean }> {
      const t = triage({ answers: input.answers as Answers | undefined, narrative: input.narrative, callType: input.callType })
      const hash = crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex')
      const { area, areas: inAreas } = placeOf(areas, input.location.lat, input.location.lon)
      const care = isCareResponse(t.response)
      const referredTo = care ? null : referralTarget(t.response)
      const source = input.source ?? 'phone'
      const inserted = await insertCallWithTriage(db, {
        id: crypto.randomUUID(),
        at: now(),
        source,
        lat: input.location.lat,
        lon: input.location.lon,
        address: input.location.address ?? null,
        area,
        areas: inAreas,
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
        upstreamId: transfer?.upstreamId ?? null,
        events: [
          { type: 'call.received', data: { source, lat: input.location.lat, lon: input.location.lon, area, ...(transfer ? { transfer: transfer.details } : {}) } },
          { type: 'call.triaged', data: { category: t.category, response: t.response, priority: t.priority, protocolVersion: t.protocolVersion } },
          care ? { type: 'call.queued', data: { priority: t.priority } } : { type: 'call.referred', data: { to: referredTo, reason: 'triage' } }
        ]
      })
      if (inserted) {
        bus.publish(inserted.events)
        return { call: callForActor(inserted.row, actor), replayed: false }
      }
      if (transfer !== undefined) {
        const first = await findCallByUpstreamId(db, transfer.upstreamId)
        if (first !== undefined) return { call: callForActor(first, actor), replayed: true }
        if (idempotencyKey === undefined) throw new ConflictError('a transfer of this incident is still being taken')
      }
      // The key was claimed before: the same request returns the first call; another body is refused.
      const prior = await idempotencyClaim(db, actor.id, idempotencyKey!)
      if (!prior) throw new ConflictError('a request with this Idempotency-Key is still being processed')
      if (prior.request_hash !== hash) throw new IdempotencyMismatchError()
      const existing = prior.call_id ? await findCall(db, prior.call_id) : undefined
      if (!existing) throw new ConflictError('a request with this Idempotency-Key is still being processed')
      return { call: callForActor(existing, actor), replayed: true }
    }
  }
}
