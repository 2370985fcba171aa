// Intake: triage a new call, then queue it (care-team responses) or refer it (others), in one statement.
import crypto from 'node:crypto'
import type { Call, CreateCall, ReferralTarget } from '../../contracts/calls'
import type { TransferDetails } from '../../contracts/events'
import type { Answers } from '../../domain/triage/types'
import { CARE_TEAM_RESPONSES, type ResponseType } from '../../domain/types'
import { ConflictError } from '../../lib/errors'
import { markFirstWriteMade, pendingFirstWrite } from '../../lib/request-context'
import type { AuthUser } from '../auth/auth.service'
import { callForActor, factsOf, placeOf, type CallsDeps } from './call-change'
import { findCallByUpstreamId, insertCallWithTriage } from './calls.repository'

export const isCareResponse = (r: ResponseType): boolean => CARE_TEAM_RESPONSES.includes(r)

/** Where a non-care response hands the call. */
export function referralTarget (response: ResponseType): ReferralTarget | null {
  switch (response) {
    case 'police':
      return 'police'
    case 'ems':
      return 'ems'
    case 'fire':
      return 'fire'
    case 'phone_988':
      return 'phone_988'
    default:
      return null
  }
}

/** A call transferred from another centre: its incident (the dedup key) and what the transfer said beside the call. */
export interface Transfer {
  upstreamId: string
  details: TransferDetails
}

export function createIntake (deps: CallsDeps) {
  const { db, bus, now, triage, areas } = deps
  return {
    /**
     * Intake: triage, then the call, its triage row and events in one statement (with the request's
     * idempotency claim). A transfer of an incident already taken returns that call (replayed = true),
     * whoever sends it.
     */
    async create (input: CreateCall, actor: AuthUser, transfer?: Transfer): Promise<{ call: Call; replayed: boolean }> {
      const t = triage({
        answers: input.answers as Answers | undefined,
        narrative: input.narrative,
        callType: input.callType,
        personAge: input.personAge,
        placeKind: input.placeKind
      })
      const { area, areas: inAreas } = placeOf(areas, input.location.lat, input.location.lon)
      const address = input.location.address ?? null
      const label = input.location.label ?? null
      const locationSource = input.location.source ?? null
      const facts = factsOf(deps, input.location.lat, input.location.lon, address, label)
      const care = isCareResponse(t.response)
      const referredTo = care ? null : referralTarget(t.response)
      const source = input.source ?? 'phone'
      const first = pendingFirstWrite()
      // The call's one statement and the calls-written work (the reports' projection) commit together.
      const inserted = await db.transaction().execute(async (trx) => {
        const r = await insertCallWithTriage(trx, {
          id: crypto.randomUUID(),
          at: now(),
          source,
          lat: input.location.lat,
          lon: input.location.lon,
          address,
          area,
          areas: inAreas,
          locationSource,
          locationLabel: label,
          nearestCorner: facts.nearestCorner,
          mismatch: facts.mismatch,
          callback: input.callback ?? null,
          callerName: input.callerName ?? null,
          language: input.language ?? null,
          personAge: input.personAge ?? null,
          placeKind: input.placeKind ?? null,
          guardianCallback: input.guardianCallback ?? null,
          narrative: input.narrative ?? null,
          callType: input.callType ?? null,
          answers: (input.answers ?? {}) as Record<string, string>,
          triage: t,
          status: care ? 'queued' : 'referred',
          referredTo,
          actorId: actor.id,
          claim: first?.asCte() ?? null,
          upstreamId: transfer?.upstreamId ?? null,
          events: [
            {
              type: 'call.received',
              data: {
                source,
                lat: input.location.lat,
                lon: input.location.lon,
                area,
                locationSource,
                ...(transfer ? { transfer: transfer.details } : {})
              }
            },
            {
              type: 'call.triaged',
              data: { category: t.category, response: t.response, priority: t.priority, protocolVersion: t.protocolVersion }
            },
            care
              ? { type: 'call.queued', data: { priority: t.priority } }
              : { type: 'call.referred', data: { to: referredTo, reason: 'triage' } }
          ]
        })
        if (r) await bus.callsWritten(trx, [r.row.id])
        return r
      })
      if (inserted) {
        if (first) markFirstWriteMade()
        bus.publish(inserted.events)
        return { call: callForActor(inserted.row, actor), replayed: false }
      }
      // The insert was stopped by a transfer of the same incident, or by a request holding the same Idempotency-Key.
      if (transfer !== undefined) {
        const taken = await findCallByUpstreamId(db, transfer.upstreamId)
        if (taken !== undefined) return { call: callForActor(taken, actor), replayed: true }
      }
      if (first) throw await first.lostRace()
      throw new ConflictError('a transfer of this incident is still being taken: try again in a moment')
    }
  }
}
