// Export mapper: our call detail (call, timeline, assignments, teams) → an Emergency Incident Data Object.
import type { Assignment, Call } from '../../contracts/calls'
import type { DomainEvent } from '../../contracts/events'
import {
  COMMITTED_CALL_STATUSES,
  DISPOSITIONS,
  TERMINAL_CALL_STATUSES,
  teamStatusForCall,
  type FieldStatus
} from '../../domain/lifecycle'
import { type Capability, type TeamKind, type TeamStatus } from '../../domain/types'
import { callUrn, componentId, incidentUrn, isoWithOffset } from './eido.ids'
import {
  AGENCY_ROLES,
  COMMON_DISPOSITION,
  DEFAULT_AGENCY_TYPES,
  DISPOSITION_CANCELLED,
  DISPOSITION_REFERRED,
  EIDO_VERSION,
  INCIDENT_TYPE_BY_TRIAGE,
  JSON_LD_CONTEXT,
  LOCATION_TYPE_INCIDENT,
  PRIMARY_CALL_TYPE,
  PRIMARY_UNIT_STATUS,
  RESOURCE_ATTRIBUTE,
  RESOURCE_TYPE,
  internalIncidentCode
} from './eido.registry'
import { describeEvent, eventTime, referralWords } from './eido.timeline'
import { textToHtml } from './eido.text'
import { pidfLoPoint } from './pidf-lo'
import type {
  EidoCall,
  EidoCallback,
  EidoDisposition,
  EidoDocument,
  EidoEmergencyResource,
  EidoIncident,
  EidoLocation,
  EidoNote,
  EidoPrologue,
  EidoReference
} from './eido.types'

/** The call detail the export reads: the call with its timeline and assignments (GET /api/calls/:id). */
export type EidoCallDetail = Call & { timeline: DomainEvent[]; assignments: Assignment[] }

/** What the export needs to know about a team; the `Team` wire object fits. */
export interface EidoTeam {
  id: string
  callSign: string
  status: TeamStatus
  kind?: TeamKind
  capabilities?: Capability[]
  currentCallId?: string | null
  statusChangedAt?: string
}

export interface EidoExportContext {
  /** Our agency identifier (NENA-STA-010: a domain name), e.g. 'care.lacity.gov'. */
  agencyId: string
  /** The functional element that issues the document; defaults to the agency id. */
  issuingElement?: string
  /** IANA time zone whose offset the times are written in; defaults to UTC (+00:00). */
  timeZone?: string
  /** The teams of the call's assignments (at least the assigned one), for call sign and unit status. */
  teams?: readonly EidoTeam[]
  /** Our agency's types in the IANA urn:emergency:service:responder registry; defaults to ['psap']. */
  agencyTypes?: readonly string[]
}

const PRIORITY_WORDS: Record<number, string> = { 1: 'immediate', 2: 'urgent', 3: 'routine' }

/** The call as an EIDO. Pure: the same call detail and context always give the same document. */
export function callToEido (call: EidoCallDetail, ctx: EidoExportContext): EidoDocument {
  const tz = ctx.timeZone ?? 'UTC'
  const time = (iso: string) => isoWithOffset(iso, tz)
  const agencyRef: EidoReference = { $ref: ctx.agencyId }
  const prologue = (id: string, at: string): EidoPrologue => ({
    $id: id,
    lastUpdateTimeStamp: time(at),
    updatedByAgencyReference: agencyRef
  })
  const ref = (id: string): EidoReference => ({ $ref: id })
  const idOf = (name: string) => componentId(call.id, name)

  const teamIds = teamsOf(call)
  const callSigns = callSignsOf(call, ctx.teams ?? [])
  const callSignOf = (teamId: string | null) => (teamId ? callSigns.get(teamId) : undefined) ?? 'The team'

  const notes: EidoNote[] = []
  const addNote = (id: string, at: string, text: string): EidoReference => {
    notes.push({ ...prologue(id, at), notesActionComments: textToHtml(text) })
    return ref(id)
  }

  const narrativeRef =
    call.narrative !== null && call.narrative.trim() !== ''
      ? addNote(idOf('note:narrative'), lastChange(call, 'narrative') ?? call.times.received, call.narrative)
      : null
  const eventRefs: Array<{ event: DomainEvent | null; ref: EidoReference }> = []
  for (const e of call.timeline) {
    const text = describeEvent(e, callSignOf)
    if (text !== null) eventRefs.push({ event: e, ref: addNote(idOf(`note:event:${e.seq}`), eventTime(e), text) })
  }
  if (call.triage.reasons.length > 0) {
    const why = `Triage reasons${call.triage.overridden ? ' (overridden by the dispatcher)' : ''}: ${call.triage.reasons.join('; ')}`
    eventRefs.push({ event: null, ref: addNote(idOf('note:triage'), call.times.triaged ?? call.times.received, why) })
  }
  const dispositionNoteRef =
    call.dispositionNotes !== null && call.dispositionNotes.trim() !== ''
      ? addNote(idOf('note:disposition'), call.times.cleared ?? call.updatedAt, call.dispositionNotes)
      : null

  const location: EidoLocation = {
    ...prologue(idOf('location:incident'), lastChange(call, 'location') ?? call.times.received),
    locationTypeDescriptionRegistryText: LOCATION_TYPE_INCIDENT,
    locationByValue: pidfLoPoint({
      lat: call.location.lat,
      lon: call.location.lon,
      at: time(lastChange(call, 'location') ?? call.times.received),
      entity: `pres:${call.id}@${ctx.agencyId}`,
      deviceId: 'incident-location'
    }),
    ...(call.location.address ? { locationDescriptionText: call.location.address } : {})
  }

  const callback: EidoCallback | null = call.callback
    ? {
        ...prologue(idOf('callback'), lastChange(call, 'callback') ?? call.times.received),
        callBackInformationUri: [telUri(call.callback)]
      }
    : null

  const callComponent: EidoCall = {
    ...prologue(callUrn(call.id, ctx.agencyId), call.times.received),
    standardPrimaryCallType: PRIMARY_CALL_TYPE,
    localCallType: call.source,
    direction: call.source === 'field' ? 'internal' : 'incoming',
    callStartTimestamp: time(call.times.received),
    // A referral ends our handling of the call, though a re-triage may bring it back.
    callStateRegistryText: TERMINAL_CALL_STATUSES.includes(call.status) || call.status === 'referred' ? 'callEnd' : 'callAnswered',
    locationReference: [ref(location.$id)],
    ...(narrativeRef ? { notesReference: [narrativeRef] } : {}),
    ...(callback ? { callBackReference: ref(callback.$id) } : {})
  }

  const resources: EidoEmergencyResource[] = teamIds.map((teamId) => {
    const team = (ctx.teams ?? []).find((t) => t.id === teamId)
    const unit = unitStatusOnCall(call, teamId, team)
    const own = eventRefs.filter((r) => r.event?.teamId === teamId).map((r) => r.ref)
    return {
      ...prologue(idOf(`resource:${teamId}`), unit.at),
      emergencyResourceTypeCommonRegistryText: RESOURCE_TYPE,
      emergencyResourceTypeInternalText: team?.kind ? `care_team.${team.kind}` : 'care_team',
      resourceAttributeRegistryText: [RESOURCE_ATTRIBUTE],
      resourceAttributeInternalText: team?.capabilities && team.capabilities.length > 0 ? [...team.capabilities] : ['care_team'],
      emergencyResourceName: callSignOf(teamId),
      primaryUnitStatusRegistryText: PRIMARY_UNIT_STATUS[unit.status],
      secondaryUnitStatusRegistryText: [],
      unitStatusInternal: [unit.status],
      agentReference: [],
      ...(own.length > 0 ? { notesReference: own } : {})
    }
  })

  const disposition = dispositionOf(call, eventRefs, dispositionNoteRef)
  const incident: EidoIncident = {
    ...prologue(idOf('incident'), call.updatedAt),
    incidentTypeCommonRegistryText: INCIDENT_TYPE_BY_TRIAGE[call.triage.category][call.triage.response],
    incidentTypeInternalCode: internalIncidentCode(call.triage.category, call.triage.response),
    ...(call.callType && call.callType.trim() !== '' ? { incidentTypeInternalText: call.callType } : {}),
    incidentStatusInternalText: [call.status],
    internalIncidentId: call.id,
    incidentPriorityInternalText: `${call.triage.priority} ${PRIORITY_WORDS[call.triage.priority]}`,
    ...(call.location.area ? { beatOrDispatchGroupText: call.location.area } : {}),
    locationReference: [ref(location.$id)],
    ...(disposition ? { dispositionComponent: [{ ...prologue(idOf('disposition'), disposition.at), ...disposition.body }] } : {})
  }

  const lastEventAt = call.timeline.length > 0 ? call.timeline[call.timeline.length - 1].at : call.updatedAt
  return {
    ...prologue(incidentUrn(call.id, ctx.agencyId), call.updatedAt),
    eidoVersion: EIDO_VERSION,
    issuingElementIdentification: ctx.issuingElement ?? ctx.agencyId,
    incidentComponent: incident,
    callComponent: [callComponent],
    ...(callback ? { callbackComponent: [callback] } : {}),
    dispatchComponent: [
      {
        ...prologue(idOf('dispatch'), lastEventAt),
        agencyReference: agencyRef,
        ...(resources.length > 0 ? { emergencyResourceReference: resources.map((r) => ref(r.$id)) } : {}),
        ...(eventRefs.length > 0 ? { notesReference: eventRefs.map((r) => r.ref) } : {})
      }
    ],
    notesComponent: notes,
    ...(resources.length > 0 ? { emergencyResourceComponent: resources } : {}),
    agencyComponent: [
      {
        ...prologue(ctx.agencyId, call.updatedAt),
        agencyRoleDescriptionRegistryText: [...AGENCY_ROLES],
        agencyType: [...(ctx.agencyTypes ?? DEFAULT_AGENCY_TYPES)],
        incidentOwningAgencyIndicator: true
      }
    ],
    locationComponent: [location],
    '@context': { ...JSON_LD_CONTEXT }
  }
}

/** Teams that were ever assigned to the call, first assignment first, and the current one. */
function teamsOf (call: EidoCallDetail): string[] {
  const ids = [...call.assignments].sort((a, b) => a.assignedAt.localeCompare(b.assignedAt)).map((a) => a.teamId)
  if (call.teamId) ids.push(call.teamId)
  return [...new Set(ids)]
}

function callSignsOf (call: EidoCallDetail, teams: readonly EidoTeam[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of call.timeline) {
    if (e.type === 'call.assigned' && e.teamId && typeof e.data.callSign === 'string') out.set(e.teamId, e.data.callSign)
  }
  for (const t of teams) out.set(t.id, t.callSign)
  return out
}

/** When a detail was last edited (a call.updated event naming it), or null if never. */
function lastChange (call: EidoCallDetail, field: string): string | null {
  let at: string | null = null
  for (const e of call.timeline) {
    if (e.type === 'call.updated' && Array.isArray(e.data.changed) && e.data.changed.includes(field)) at = e.at
  }
  return at
}

const CALL_TO_TEAM: Partial<Record<Call['status'], TeamStatus>> = { assigned: 'dispatched' }

/**
 * The team's status as far as this call is concerned: its live status while it works the call, else
 * the status it went to when it left the call (the last team.status_changed of this call's timeline).
 */
function unitStatusOnCall (call: EidoCallDetail, teamId: string, team: EidoTeam | undefined): { status: TeamStatus; at: string } {
  const events = call.timeline.filter((e) => e.type === 'team.status_changed' && e.teamId === teamId)
  const last = events[events.length - 1]
  const onCall = call.teamId === teamId && (COMMITTED_CALL_STATUSES as readonly string[]).includes(call.status)
  if (onCall) {
    if (team && (team.currentCallId === undefined || team.currentCallId === null || team.currentCallId === call.id)) {
      return { status: team.status, at: team.statusChangedAt ?? last?.at ?? call.updatedAt }
    }
    const status = CALL_TO_TEAM[call.status] ?? teamStatusForCall(call.status as FieldStatus)
    return { status, at: last?.at ?? call.updatedAt }
  }
  const status: TeamStatus = last?.type === 'team.status_changed' ? last.data.to : 'available'
  return { status, at: last?.at ?? call.updatedAt }
}

type DispositionBody = Omit<EidoDisposition, keyof EidoPrologue>

function dispositionOf (
  call: EidoCallDetail,
  eventRefs: Array<{ event: DomainEvent | null; ref: EidoReference }>,
  noteRef: EidoReference | null
): { at: string; body: DispositionBody } | null {
  const lastRef = (type: string) => eventRefs.filter((r) => r.event?.type === type).pop()?.ref
  if (call.status === 'closed' && call.disposition) {
    return {
      at: call.times.cleared ?? call.updatedAt,
      body: {
        dispositionCommonRegistryCode: COMMON_DISPOSITION[call.disposition],
        dispositionPrimaryIndicator: true,
        dispositionCategoryText: call.disposition,
        dispositionDescriptionText: DISPOSITIONS[call.disposition],
        ...(noteRef ? { notesReference: [noteRef] } : {})
      }
    }
  }
  if (call.status === 'referred') {
    const note = lastRef('call.referred')
    return {
      at: call.times.referred ?? call.updatedAt,
      body: {
        dispositionCommonRegistryCode: DISPOSITION_REFERRED,
        dispositionPrimaryIndicator: true,
        dispositionCategoryText: `referred.${call.referredTo ?? 'other'}`,
        dispositionDescriptionText: `Referred to ${referralWords(call.referredTo)}`,
        ...(note ? { notesReference: [note] } : {})
      }
    }
  }
  if (call.status === 'cancelled') {
    const note = lastRef('call.cancelled')
    return {
      at: call.times.cancelled ?? call.updatedAt,
      body: {
        dispositionCommonRegistryCode: DISPOSITION_CANCELLED,
        dispositionPrimaryIndicator: true,
        dispositionCategoryText: 'cancelled',
        dispositionDescriptionText: 'Call cancelled before a team arrived',
        ...(note ? { notesReference: [note] } : {})
      }
    }
  }
  return null
}

/** A callback number as a tel: URI (RFC 3966): visual separators dropped, a leading + kept. */
export function telUri (callback: string): string {
  const trimmed = callback.trim()
  if (/^(tel|sip|sips):/i.test(trimmed)) return trimmed
  const digits = trimmed.replace(/[^\d+*#]/g, '')
  return `tel:${digits.startsWith('+') ? '+' + digits.slice(1).replace(/\+/g, '') : digits.replace(/\+/g, '')}`
}
