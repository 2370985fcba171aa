// Words, not codes: how every code the desk shows is said to a person (responses, statuses, referral
// targets, reasons). Plain data with no server imports beyond types, so the web app imports it as it is.
import type { Capability, CallStatus, Category, PlaceKind, ResponseType, TeamKind, TeamStatus } from '../domain/types'
import type { CancelCode, ReferralTarget } from './calls'
import type { OutOfServiceCode } from './teams'
import type { RequeueCause } from './events'
import type { MissResolution } from './safety'
import type { FacilityKind, TurnAwayReason } from '../domain/destinations'

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  mental_health: 'Mental health',
  substance_use: 'Substance use',
  traffic_safety: 'Traffic safety',
  out_of_scope: 'Not for a care team'
}

export const RESPONSE_LABELS: Readonly<Record<ResponseType, string>> = {
  care_team: 'Care team',
  care_team_with_ems: 'Care team with EMS',
  co_response_police: 'Care team with police',
  police: 'Police',
  ems: 'EMS',
  fire: 'Fire',
  phone_988: 'The 988 line'
}

export const CALL_STATUS_LABELS: Readonly<Record<CallStatus, string>> = {
  received: 'Received',
  triaged: 'Triaged',
  queued: 'Waiting for a team',
  assigned: 'Assigned, not yet acknowledged',
  acknowledged: 'Acknowledged',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting',
  at_facility: 'At the facility',
  closed: 'Closed',
  referred: 'Referred out',
  cancelled: 'Cancelled'
}

export const TEAM_STATUS_LABELS: Readonly<Record<TeamStatus, string>> = {
  off_duty: 'Off duty',
  available: 'Available',
  dispatched: 'Dispatched',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting',
  at_facility: 'At a facility',
  out_of_service: 'Out of service',
  recovering: 'Recovering after a call'
}

export const REFERRAL_LABELS: Readonly<Record<ReferralTarget, string>> = {
  police: 'Police',
  ems: 'EMS',
  fire: 'Fire',
  phone_988: 'The 988 line',
  other: 'Another service'
}

export const CANCEL_LABELS: Readonly<Record<CancelCode, string>> = {
  caller_cancelled: 'Caller cancelled',
  duplicate: 'Duplicate of another call',
  resolved_before_arrival: 'Resolved before a team arrived',
  unable_to_contact: 'Unable to contact the caller',
  unfounded: 'Unfounded: no one needing help',
  entered_in_error: 'Entered in error',
  other: 'Other reason'
}

export const REQUEUE_CAUSE_LABELS: Readonly<Record<RequeueCause, string>> = {
  declined: 'Declined by the team',
  ack_timeout: 'Not acknowledged in time',
  unassigned: 'Team taken off the call',
  reassigned: 'Given to another team',
  referral_returned: 'Taken back from a referral'
}

export const CAPABILITY_LABELS: Readonly<Record<Capability, string>> = {
  mental_health: 'Mental health',
  substance_use: 'Substance use',
  traffic_safety: 'Traffic safety',
  medical_basic: 'EMT',
  naloxone: 'Naloxone',
  transport: 'Can transport',
  youth: 'Youth'
}

export const TEAM_KIND_LABELS: Readonly<Record<TeamKind, string>> = {
  crisis: 'Crisis (clinician and peer)',
  medic_crisis: 'Medic crisis (EMT and clinician)',
  outreach: 'Outreach',
  traffic: 'Traffic',
  youth: 'Youth (counsellor and peer)'
}

/** How a dispatcher resolved a missed check-in. */
export const MISS_RESOLUTION_LABELS: Readonly<Record<MissResolution, string>> = {
  team_ok: 'Team answered: all OK',
  reached_by_radio: 'Reached by radio or phone: all OK',
  help_sent: 'Help sent to the team',
  other: 'Other (see note)'
}

export const PLACE_KIND_LABELS: Readonly<Record<PlaceKind, string>> = {
  home: 'Home',
  street: 'Street',
  school: 'School',
  business: 'Business',
  park: 'Park',
  other: 'Other place'
}

export const OUT_OF_SERVICE_LABELS: Readonly<Record<OutOfServiceCode, string>> = {
  break: 'On a break',
  meal: 'Meal break',
  vehicle: 'Vehicle problem',
  equipment: 'Equipment problem',
  staffing: 'Short of staff',
  training: 'Training',
  other: 'Other reason'
}

export const FACILITY_KIND_LABELS: Record<FacilityKind, string> = {
  crisis_stabilisation: 'Crisis stabilisation / urgent care',
  sobering_centre: 'Sobering centre',
  detox: 'Detox',
  shelter: 'Shelter',
  respite: 'Respite',
  psychiatric_emergency: 'Psychiatric emergency',
  emergency_department: 'Emergency department'
}

export const TURN_AWAY_LABELS: Record<TurnAwayReason, string> = {
  no_capacity: 'No bed or chair free',
  not_accepting: 'Not taking admissions',
  medical_clearance: 'Needs medical clearance first',
  intoxicated: 'Too intoxicated for this facility',
  behaviour: 'Behaviour / safety concern',
  not_eligible: 'Not eligible (age, insurance, catchment)',
  other: 'Other'
}
