// Shared vocabulary of the dispatch domain: categories, responses, statuses, capabilities.

export const CATEGORIES = ['mental_health', 'substance_use', 'traffic_safety', 'out_of_scope'] as const
export type Category = (typeof CATEGORIES)[number]

export const RESPONSES = ['care_team', 'care_team_with_ems', 'co_response_police', 'police', 'ems', 'fire', 'phone_988'] as const
export type ResponseType = (typeof RESPONSES)[number]

/** Responses that send a care team (alone or alongside another service). */
export const CARE_TEAM_RESPONSES: readonly ResponseType[] = ['care_team', 'care_team_with_ems', 'co_response_police']

export type Priority = 1 | 2 | 3

export const CAPABILITIES = [
  'mental_health',
  'substance_use',
  'traffic_safety',
  'medical_basic',
  'naloxone',
  'transport',
  'youth'
] as const
export type Capability = (typeof CAPABILITIES)[number]

/**
 * Capabilities a call may prefer rather than require: teams with them are ranked first, and teams
 * without them stay eligible after them (a student in crisis at 2 a.m. still gets the nearest crisis
 * team when no youth team is on shift).
 */
export const PREFERRED_CAPABILITIES: readonly Capability[] = ['youth']

export const TEAM_KINDS = ['crisis', 'medic_crisis', 'outreach', 'traffic', 'youth'] as const
export type TeamKind = (typeof TEAM_KINDS)[number]

/** Default capabilities of each team kind; a roster entry may add or remove some. */
export const KIND_CAPABILITIES: Record<TeamKind, Capability[]> = {
  crisis: ['mental_health', 'substance_use', 'naloxone', 'transport'],
  medic_crisis: ['mental_health', 'substance_use', 'medical_basic', 'naloxone', 'transport'],
  outreach: ['substance_use', 'naloxone', 'transport'],
  traffic: ['traffic_safety'],
  // a psychiatric social worker or school counsellor with a peer
  youth: ['mental_health', 'youth', 'transport']
}

/** The kind of place a call is about, as the call-taker records it at intake. */
export const PLACE_KINDS = ['home', 'street', 'school', 'business', 'park', 'other'] as const
export type PlaceKind = (typeof PLACE_KINDS)[number]

/** The oldest age the intake accepts for the person the call is about. */
export const MAX_PERSON_AGE = 120

export const TEAM_STATUSES = [
  'off_duty',
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_facility',
  'out_of_service',
  'recovering'
] as const
export type TeamStatus = (typeof TEAM_STATUSES)[number]

export const CALL_STATUSES = [
  'received',
  'triaged',
  'queued',
  'assigned',
  'acknowledged',
  'en_route',
  'on_scene',
  'transporting',
  'at_facility',
  'closed',
  'referred',
  'cancelled'
] as const
export type CallStatus = (typeof CALL_STATUSES)[number]

export interface LatLon {
  lat: number
  lon: number
}
