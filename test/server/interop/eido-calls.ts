// Call details in the shapes the EIDO export meets: queued, referred, cancelled, on a team, closed, reassigned.
import type { Assignment } from '../../../server/contracts/calls'
import type { DomainEvent, EventType } from '../../../server/contracts/events'
import type { AssignmentEnd } from '../../../server/modules/dispatch/assignments.tables'
import type { EidoCallDetail, EidoExportContext, EidoTeam } from '../../../server/modules/interop/eido.export'

export const CALL_ID = '3f6c1a52-8e0b-4c7d-9a41-2b5e7d90c1aa'
export const TEAM_A = '0b9e2f61-7c3d-4a58-8e12-6f4a3b2c1d0e'
export const TEAM_B = '5d8c7b6a-1e2f-4a3b-9c8d-7e6f5a4b3c2d'
const ACTOR = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'

const T0 = Date.parse('2026-03-01T18:15:00.000Z')
/** An instant `minutes` after the call came in. */
export const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()

let seq = 0
// Payloads carry only the fields the export reads.
function event (type: EventType, minutes: number, data: Record<string, unknown> = {}, teamId: string | null = null): DomainEvent {
  seq += 1
  return { seq, at: at(minutes), type, callId: CALL_ID, teamId, actorId: ACTOR, data } as DomainEvent
}

function assignment (teamId: string, minutes: number, ended: { minutes: number; reason: AssignmentEnd } | null): Assignment {
  return {
    id: `a${teamId.slice(1)}`,
    callId: CALL_ID,
    teamId,
    role: 'primary',
    assignedAt: at(minutes),
    assignedBy: ACTOR,
    auto: false,
    ackDeadline: at(minutes + 2),
    acknowledgedAt: ended ? null : at(minutes + 1),
    endedAt: ended ? at(ended.minutes) : null,
    endReason: ended ? ended.reason : null
  }
}

const NOT_YET = {
  dispatched: null,
  acknowledged: null,
  enRoute: null,
  onScene: null,
  transporting: null,
  atFacility: null,
  cleared: null,
  referred: null,
  cancelled: null
}

function base (): EidoCallDetail {
  // Sequence numbers restart per call detail, as the same call read twice has the same events.
  seq = 100
  return {
    id: CALL_ID,
    receivedAt: at(0),
    source: '911_transfer',
    location: {
      lat: 34.04876,
      lon: -118.25194,
      address: '512 S Broadway, Los Angeles',
      areas: { lapd_divisions: 'Central', council_districts: 'CD 14' },
      outsideAreas: false,
      area: 'Central',
      source: '911_transfer',
      label: null,
      nearestCorner: null,
      mismatch: null
    },
    callback: '(213) 555-0188',
    callerName: null,
    language: 'es',
    personAge: null,
    placeKind: null,
    guardianCallback: null,
    narrative:
      'Neighbor says a man is shouting at people & "talking to himself" outside the shelter.\nNo weapons seen; he is barefoot.',
    callType: '5150',
    answers: {},
    triage: {
      category: 'mental_health',
      response: 'care_team',
      priority: 2,
      reasons: ['Mental-health distress'],
      missing: [],
      protocolVersion: 'la-2026.1',
      overridden: false
    },
    status: 'queued',
    referredTo: null,
    teamId: null,
    backupRequestedAt: null,
    backupReason: null,
    disposition: null,
    dispositionNotes: null,
    cancelCode: null,
    cancelReason: null,
    referralReason: null,
    times: { received: at(0), triaged: at(0), queued: at(0), ...NOT_YET },
    version: 1,
    updatedAt: at(0),
    timeline: [
      event('call.received', 0, { source: '911_transfer', lat: 34.04876, lon: -118.25194, area: 'Central' }),
      event('call.triaged', 0, { category: 'mental_health', response: 'care_team', priority: 2, protocolVersion: 'la-2026.1' }),
      event('call.queued', 0, { priority: 2 })
    ],
    assignments: []
  }
}

/** Waiting for a team; no address, no area, no callback, no call type. */
export function queuedCall (): EidoCallDetail {
  const c = base()
  return { ...c, location: { ...c.location, address: null, area: null }, callback: null, callType: null }
}

/** Handed to police at intake: never a team. */
export function referredCall (): EidoCallDetail {
  const c = base()
  return {
    ...c,
    triage: { ...c.triage, category: 'mental_health', response: 'police', priority: 1, reasons: ['Weapon mentioned'] },
    status: 'referred',
    referredTo: 'police',
    times: { ...c.times, queued: null, referred: at(0) },
    timeline: [c.timeline[0], c.timeline[1], event('call.referred', 0, { to: 'police', reason: 'triage' })]
  }
}

/** Cancelled while waiting. */
export function cancelledCall (): EidoCallDetail {
  const c = base()
  return {
    ...c,
    status: 'cancelled',
    times: { ...c.times, cancelled: at(6) },
    updatedAt: at(6),
    timeline: [...c.timeline, event('call.cancelled', 6, { reason: 'Caller called back: he went inside', from: 'queued' })]
  }
}

/** A team on its way. */
export function enRouteCall (): EidoCallDetail {
  const c = base()
  return {
    ...c,
    status: 'en_route',
    teamId: TEAM_A,
    times: { ...c.times, dispatched: at(2), acknowledged: at(3), enRoute: at(4) },
    updatedAt: at(4),
    version: 4,
    timeline: [
      ...c.timeline,
      event('call.assigned', 2, { assignmentId: 'x', callSign: 'CT-3', auto: false, override: false, ackDeadline: at(4) }, TEAM_A),
      event('team.status_changed', 2, { from: 'available', to: 'dispatched' }, TEAM_A),
      event('call.acknowledged', 3, { deviceTime: at(3), from: 'assigned' }, TEAM_A),
      event('team.status_changed', 4, { from: 'dispatched', to: 'en_route' }, TEAM_A),
      event('call.en_route', 4, { deviceTime: at(4), from: 'acknowledged' }, TEAM_A)
    ],
    assignments: [assignment(TEAM_A, 2, null)]
  }
}

/** Declined by one team, then worked and closed by another, with disposition notes. */
export function closedCall (): EidoCallDetail {
  const c = base()
  return {
    ...c,
    status: 'closed',
    teamId: TEAM_B,
    disposition: 'transported_crisis',
    dispositionNotes: 'Went voluntarily to the crisis stabilization unit <Hope St>.',
    times: { ...c.times, dispatched: at(5), acknowledged: at(6), enRoute: at(6), onScene: at(14), cleared: at(52) },
    updatedAt: at(52),
    version: 9,
    timeline: [
      ...c.timeline,
      event('call.assigned', 1, { assignmentId: 'y', callSign: 'CT-3', auto: true, override: false, ackDeadline: at(3) }, TEAM_A),
      event('team.status_changed', 1, { from: 'available', to: 'dispatched' }, TEAM_A),
      event('team.status_changed', 3, { from: 'dispatched', to: 'available', reason: 'declined' }, TEAM_A),
      event('call.requeued', 3, { reason: 'declined: out of naloxone', deviceTime: at(3) }, TEAM_A),
      event('call.assigned', 5, { assignmentId: 'z', callSign: 'CT-7', auto: false, override: false, ackDeadline: at(7) }, TEAM_B),
      event('call.acknowledged', 6, { deviceTime: at(6), from: 'assigned' }, TEAM_B),
      event('call.en_route', 6, { deviceTime: at(6), from: 'acknowledged' }, TEAM_B),
      event('call.on_scene', 14, { deviceTime: at(14), from: 'en_route' }, TEAM_B),
      event('team.status_changed', 52, { from: 'on_scene', to: 'recovering', reason: 'cleared' }, TEAM_B),
      event('call.closed', 52, { disposition: 'transported_crisis', deviceTime: at(52) }, TEAM_B)
    ],
    assignments: [assignment(TEAM_A, 1, { minutes: 3, reason: 'declined' }), assignment(TEAM_B, 5, { minutes: 52, reason: 'cleared' })]
  }
}

export const TEAMS: EidoTeam[] = [
  {
    id: TEAM_A,
    callSign: 'CT-3',
    status: 'en_route',
    kind: 'crisis',
    capabilities: ['mental_health', 'substance_use', 'naloxone', 'transport'],
    currentCallId: CALL_ID,
    statusChangedAt: at(4)
  },
  { id: TEAM_B, callSign: 'CT-7', status: 'available', kind: 'medic_crisis', currentCallId: null, statusChangedAt: at(70) }
]

export const CTX: EidoExportContext = {
  agencyId: 'care.lacity.example.gov',
  issuingElement: 'cad.care.lacity.example.gov',
  timeZone: 'America/Los_Angeles',
  teams: TEAMS
}

/** Every shape, by name, for table-driven tests. */
export const SHAPES: Record<string, () => EidoCallDetail> = {
  queued: queuedCall,
  referred: referredCall,
  cancelled: cancelledCall,
  'en route': enRouteCall,
  closed: closedCall,
  'queued with address': base
}
