// Call and team state machines: which status may follow which. Pure; services reject anything else (409).
import type { CallStatus, TeamStatus } from './types'

export const CALL_TRANSITIONS: Readonly<Record<CallStatus, readonly CallStatus[]>> = {
  received: ['triaged', 'cancelled'],
  triaged: ['queued', 'referred', 'cancelled'],
  queued: ['assigned', 'referred', 'cancelled'],
  assigned: ['acknowledged', 'queued', 'referred', 'cancelled'],
  acknowledged: ['en_route', 'queued', 'referred', 'cancelled'],
  // back to the queue when the dispatcher takes the team off the call (or gives it to another) before it arrives
  en_route: ['on_scene', 'queued', 'referred', 'cancelled'],
  on_scene: ['transporting', 'closed', 'referred'],
  transporting: ['at_facility'],
  at_facility: ['closed'],
  closed: [],
  // A referral can be taken back when a re-triage or an override makes the call care-team eligible.
  referred: ['queued'],
  cancelled: []
}

export const TEAM_TRANSITIONS: Readonly<Record<TeamStatus, readonly TeamStatus[]>> = {
  off_duty: ['available', 'out_of_service'],
  available: ['dispatched', 'out_of_service', 'off_duty', 'recovering'],
  dispatched: ['en_route', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['transporting', 'available', 'recovering'],
  transporting: ['at_facility'],
  at_facility: ['available', 'recovering'],
  out_of_service: ['available', 'off_duty'],
  recovering: ['available', 'off_duty', 'out_of_service']
}

/** Statuses a call never leaves. A referred call is not one of them: a re-triage or an override can take it back. */
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['closed', 'cancelled']
/** Statuses in which a team is committed to the call. */
export const COMMITTED_CALL_STATUSES: readonly CallStatus[] = [
  'assigned',
  'acknowledged',
  'en_route',
  'on_scene',
  'transporting',
  'at_facility'
]
/** Field statuses a responder reports, in the only order they may come. */
export const FIELD_STATUSES = ['acknowledged', 'en_route', 'on_scene', 'transporting', 'at_facility'] as const
export type FieldStatus = (typeof FIELD_STATUSES)[number]

export function canCallMove (from: CallStatus, to: CallStatus): boolean {
  return CALL_TRANSITIONS[from].includes(to)
}

export function canTeamMove (from: TeamStatus, to: TeamStatus): boolean {
  return from === to || TEAM_TRANSITIONS[from].includes(to)
}

/** The team status that goes with a call's field status. */
export function teamStatusForCall (status: FieldStatus): TeamStatus {
  switch (status) {
    case 'acknowledged':
      return 'dispatched'
    case 'en_route':
      return 'en_route'
    case 'on_scene':
      return 'on_scene'
    case 'transporting':
      return 'transporting'
    case 'at_facility':
      return 'at_facility'
  }
}

/** Next legal field statuses for a committed call (what a responder's buttons offer). */
export function nextFieldStatuses (status: CallStatus): Array<FieldStatus | 'closed'> {
  return CALL_TRANSITIONS[status].filter(
    (s): s is FieldStatus | 'closed' => (FIELD_STATUSES as readonly string[]).includes(s) || s === 'closed'
  )
}

/** Dispositions: a controlled vocabulary, each aligned with the APCO-style common disposition it maps to. */
export const DISPOSITIONS = {
  resolved_on_scene: 'Assistance rendered / resolved on scene',
  referred_services: 'Referred to community services',
  transported_crisis: 'Transported to crisis or urgent-care center',
  transported_hospital: 'Transported to hospital',
  transported_shelter: 'Transported to shelter or navigation center',
  handed_to_police: 'Handed off to law enforcement',
  handed_to_ems: 'Handed off to EMS / fire',
  refused_services: 'Services refused',
  unable_to_locate: 'Gone on arrival / unable to locate',
  no_service_needed: 'No service needed / unfounded',
  duplicate: 'Duplicate call'
} as const
export type Disposition = keyof typeof DISPOSITIONS
export const DISPOSITION_CODES = Object.keys(DISPOSITIONS) as Disposition[]
