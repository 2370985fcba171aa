// Triage edits: details updated (the call is triaged again, history kept) and overrides by a person.
import type { Call, UpdateCall } from '../../contracts/calls'
import { RESPONSE_LABELS } from '../../contracts/labels'
import { json } from '../../db/sql-helpers'
import { COMMITTED_CALL_STATUSES, TERMINAL_CALL_STATUSES } from '../../domain/lifecycle'
import type { Answers, TriageInput, TriageResult } from '../../domain/triage/types'
import type { Category, Priority, ResponseType } from '../../domain/types'
import { ConflictError, InvalidTransitionError, fieldError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import type { TxContext } from '../events/transaction'
import { callForActor, factsOf, placeOf, type CallsDeps, type ChangeCall } from './call-change'
import { insertTriageEntry } from './calls.repository'
import { insertEdit } from './notes.repository'
import type { CallPatch, CallRow, FieldChange, TriageKind } from './calls.tables'
import { isCareResponse, referralTarget } from './intake'

function triageColumns (t: TriageResult): CallPatch {
  return {
    category: t.category,
    response: t.response,
    priority: t.priority,
    reasons: json(t.reasons),
    missing: json(t.missing),
    protocol_version: t.protocolVersion,
    ...(t.needs !== undefined ? { needs: json(t.needs) } : {}),
    ...(t.handoff !== undefined ? { handoff: json(t.handoff) } : {})
  }
}

/** The call's triage as stored. */
function rowTriage (c: CallRow): TriageResult {
  return {
    category: c.category,
    response: c.response,
    priority: c.priority,
    reasons: c.reasons,
    missing: c.missing,
    protocolVersion: c.protocol_version,
    needs: c.needs ?? [],
    handoff: c.handoff ?? []
  }
}

/**
 * What a new effective triage does to the call's status: a queued call whose response is no longer a
 * care team is referred; a call referred by triage that becomes care-eligible goes back to the queue.
 */
function statusAfterTriage (c: CallRow, response: ResponseType, at: Date, why: 're-triage' | 'override' | 'repair'): CallPatch {
  if (c.status === 'queued' && !isCareResponse(response)) {
    return { status: 'referred', referred_to: referralTarget(response), referred_at: at, referral_reason: why }
  }
  if (c.status === 'referred' && isCareResponse(response) && c.referred_to !== null && c.referred_to === referralTarget(c.response)) {
    return { status: 'queued', referred_to: null, referred_at: null, referral_reason: null, queued_at: at }
  }
  return {}
}

/** The fields an edit changes, with their values before and after (answers one question at a time). */
function changesOf (c: CallRow, patch: UpdateCall, answers: Record<string, string | undefined>): FieldChange[] {
  const out: FieldChange[] = []
  const field = (name: string, from: unknown, to: unknown): void => {
    if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) out.push({ field: name, from, to })
  }
  if (patch.location !== undefined) {
    field('location', { lat: c.lat, lon: c.lon }, { lat: patch.location.lat, lon: patch.location.lon })
    field('address', c.address, patch.location.address)
  }
  field('address', c.address, patch.address)
  field('narrative', c.narrative, patch.narrative)
  field('callType', c.call_type, patch.callType)
  field('callback', c.callback, patch.callback)
  field('callerName', c.caller_name, patch.callerName)
  field('language', c.language, patch.language)
  field('personAge', c.person_age, patch.personAge)
  field('placeKind', c.place_kind, patch.placeKind)
  field('guardianCallback', c.guardian_callback, patch.guardianCallback)
  for (const [q, a] of Object.entries(answers)) field(`answers.${q}`, c.answers[q] ?? null, a)
  return out
}

export function createTriageEdits (deps: CallsDeps, changeCall: ChangeCall) {
  const { now, triage, areas } = deps
  /** Records a re-triage or override: its history row, and the events for any status it changed. */
  async function recordTriage (
    ctx: TxContext,
    callId: string,
    actorId: string | null,
    t: TriageResult,
    entry: { kind: TriageKind; reason: string | null; input: unknown },
    statusChange: CallPatch
  ): Promise<void> {
    await insertTriageEntry(ctx.trx, {
      callId,
      at: now(),
      kind: entry.kind,
      actorId,
      triage: t,
      overrideReason: entry.reason,
      input: entry.input
    })
    const why = entry.kind === 'override' ? 'override' : 're-triage'
    if (statusChange.status === 'referred') {
      ctx.emit({ type: 'call.referred', callId, actorId, data: { to: statusChange.referred_to ?? null, reason: why } })
    }
    if (statusChange.status === 'queued') {
      ctx.emit({ type: 'call.queued', callId, actorId, data: { priority: t.priority, reason: why } })
    }
  }

  function emitRetriaged (ctx: TxContext, c: CallRow, t: TriageResult, applied: boolean, actorId: string | null): void {
    const responseChanged = t.response !== c.response
    ctx.emit({
      type: 'call.retriaged',
      callId: c.id,
      actorId,
      data: {
        category: t.category,
        response: t.response,
        priority: t.priority,
        applied,
        responseChanged,
        ...(responseChanged && COMMITTED_CALL_STATUSES.includes(c.status)
          ? { alert: `Triage now says ${RESPONSE_LABELS[t.response]} while a team is on the call: review it` }
          : {})
      }
    })
  }

  /** A new point: its areas, where it came from, its label, the nearest corner and the typed address's check. */
  const placeColumns = (loc: NonNullable<UpdateCall['location']>, c: CallRow): CallPatch => {
    const p = placeOf(areas, loc.lat, loc.lon)
    const address = loc.address ?? c.address
    const label = loc.label ?? null
    const facts = factsOf(deps, loc.lat, loc.lon, address, label)
    return {
      lat: loc.lat,
      lon: loc.lon,
      address,
      area: p.area,
      areas: json(p.areas),
      // A moved point's old source and label no longer apply: unsaid is null.
      location_source: loc.source ?? null,
      location_label: label,
      nearest_corner: facts.nearestCorner === null ? null : json(facts.nearestCorner),
      location_mismatch: facts.mismatch === null ? null : json(facts.mismatch)
    }
  }

  return {
    async update (id: string, patch: UpdateCall, actor: AuthUser): Promise<Call> {
      if (patch.location !== undefined && patch.address !== undefined) {
        throw fieldError('body/address', 'must not be sent with location (send location.address)')
      }
      const { row } = await changeCall(id, async (c, ctx) => {
        if (TERMINAL_CALL_STATUSES.includes(c.status)) throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'update details')
        if (patch.version !== undefined && patch.version !== c.version) {
          throw new ConflictError(`Call ${c.id} changed since version ${patch.version} (now ${c.version}): reload and try again`)
        }
        const answers = patch.answers !== undefined ? { ...c.answers, ...patch.answers } : c.answers
        const narrative = patch.narrative !== undefined ? patch.narrative : c.narrative
        const callType = patch.callType !== undefined ? patch.callType : c.call_type
        const personAge = patch.personAge !== undefined ? patch.personAge : c.person_age
        const placeKind = patch.placeKind !== undefined ? patch.placeKind : c.place_kind
        const t = triage({ answers: answers as Answers, narrative, callType, personAge, placeKind })
        const at = now()
        // An override by a person stays in force; the protocol's new view is kept in the history.
        const effective = c.triage_overridden ? null : t
        const statusChange = effective ? statusAfterTriage(c, effective.response, at, 're-triage') : {}
        const details: CallPatch = {
          ...(patch.location ? placeColumns(patch.location, c) : {}),
          ...(patch.address !== undefined ? { address: patch.address } : {}),
          narrative,
          call_type: callType,
          answers: json(answers),
          ...(patch.callback !== undefined ? { callback: patch.callback } : {}),
          ...(patch.callerName !== undefined ? { caller_name: patch.callerName } : {}),
          ...(patch.language !== undefined ? { language: patch.language } : {}),
          person_age: personAge,
          place_kind: placeKind,
          ...(patch.guardianCallback !== undefined ? { guardian_callback: patch.guardianCallback } : {})
        }
        const changes = changesOf(c, patch, answers)
        // The old and new values are personal data: they are kept with the call, and the event names the fields only.
        if (changes.length > 0) await insertEdit(ctx.trx, { callId: id, at, actorId: actor.id, changes })
        ctx.emit({
          type: 'call.updated',
          callId: id,
          teamId: c.team_id,
          actorId: actor.id,
          data: { changed: [...new Set(changes.map((x) => x.field.replace(/^answers\..*/, 'answers')))] }
        })
        emitRetriaged(ctx, c, t, effective !== null, actor.id)
        await recordTriage(
          ctx,
          id,
          actor.id,
          t,
          { kind: 'retriage', reason: null, input: { answers, narrative, callType, personAge, placeKind } },
          statusChange
        )
        return { ...details, ...(effective ? triageColumns(effective) : {}), ...statusChange, triaged_at: at }
      })
      return callForActor(row, actor)
    },

    /**
     * A data repair run by an administrator's command, not a person at the desk: the call's age is set to
     * unknown and the call triaged again with its own protocol version (`triageAs`), the history entry saying
     * why. Closed and cancelled calls are repaired too (their record is what reports read); their status stays.
     * Answers null when the call no longer has age 0 (edited meanwhile): nothing is written.
     */
    async repairBlankAge (
      id: string,
      triageAs: (input: TriageInput) => TriageResult,
      why: string
    ): Promise<{ before: TriageResult; after: TriageResult } | null> {
      let out: { before: TriageResult; after: TriageResult } | null = null
      await changeCall(id, async (c, ctx) => {
        if (c.person_age !== 0) return null
        const input = {
          answers: c.answers as Answers,
          narrative: c.narrative,
          callType: c.call_type,
          personAge: null,
          placeKind: c.place_kind
        }
        const t = triageAs(input)
        const effective = c.triage_overridden ? null : t
        const statusChange =
          effective && !TERMINAL_CALL_STATUSES.includes(c.status) ? statusAfterTriage(c, effective.response, now(), 'repair') : {}
        ctx.emit({ type: 'call.updated', callId: id, actorId: null, data: { changed: ['personAge'] } })
        emitRetriaged(ctx, c, t, effective !== null, null)
        await recordTriage(ctx, id, null, t, { kind: 'repair', reason: why, input }, statusChange)
        out = { before: rowTriage(c), after: t }
        return { person_age: null, ...(effective ? triageColumns(effective) : {}), ...statusChange }
      })
      return out
    },

    async override (
      id: string,
      body: { category?: Category; response?: ResponseType; priority?: Priority; reason: string },
      actor: AuthUser
    ): Promise<Call> {
      if (body.category === undefined && body.response === undefined && body.priority === undefined) {
        throw fieldError('body', 'must change at least one of category, response, priority')
      }
      const { row } = await changeCall(id, async (c, ctx) => {
        if (TERMINAL_CALL_STATUSES.includes(c.status)) throw new InvalidTransitionError(`Call ${c.id}`, c.status, 'override triage')
        const at = now()
        const t: TriageResult = {
          category: body.category ?? c.category,
          response: body.response ?? c.response,
          priority: body.priority ?? c.priority,
          reasons: [...c.reasons, `Overridden by ${actor.role} ${actor.email}: ${body.reason}`],
          missing: c.missing,
          protocolVersion: c.protocol_version
        }
        // An override to a care response takes any referred call back into the queue: the person overriding decides.
        const statusChange =
          c.status === 'referred' && isCareResponse(t.response)
            ? { status: 'queued' as const, referred_to: null, referred_at: null, referral_reason: null, queued_at: at }
            : statusAfterTriage(c, t.response, at, 'override')
        const before = { category: c.category, response: c.response, priority: c.priority }
        ctx.emit({
          type: 'call.triage_overridden',
          callId: id,
          actorId: actor.id,
          data: { from: before, to: { category: t.category, response: t.response, priority: t.priority }, reason: body.reason }
        })
        await recordTriage(ctx, id, actor.id, t, { kind: 'override', reason: body.reason, input: { before } }, statusChange)
        return { ...triageColumns(t), ...statusChange, triage_overridden: true }
      })
      return callForActor(row, actor)
    }
  }
}
