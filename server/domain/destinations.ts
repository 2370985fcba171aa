// Where a care team may take a person, by the call's category, and the ranking of destinations by travel time. Pure.
import { haversineMiles, travelMinutesXY, type TravelParams } from './travel'
import type { Category } from './types'

/** The kinds of facility crisis care uses. */
export const FACILITY_KINDS = [
  'crisis_stabilisation',
  'sobering_centre',
  'detox',
  'shelter',
  'respite',
  'psychiatric_emergency',
  'emergency_department'
] as const
export type FacilityKind = (typeof FACILITY_KINDS)[number]

/** Why a facility turned a person away at the door: a fixed vocabulary, so reports can count it (no free text: no personal data). */
export const TURN_AWAY_REASONS = [
  'no_capacity',
  'not_accepting',
  'medical_clearance',
  'intoxicated',
  'behaviour',
  'not_eligible',
  'other'
] as const
export type TurnAwayReason = (typeof TURN_AWAY_REASONS)[number]

/** The facility kinds offered first in the transport step, by call category (the phone can widen the list to every kind). */
export const DESTINATION_KINDS: Record<Category, readonly FacilityKind[]> = {
  mental_health: ['crisis_stabilisation', 'psychiatric_emergency', 'respite'],
  substance_use: ['sobering_centre', 'detox', 'crisis_stabilisation'],
  traffic_safety: ['shelter', 'respite'],
  out_of_scope: ['emergency_department']
}

export interface Ranked<T> {
  item: T
  distanceMiles: number
  etaMinutes: number
}

/**
 * The `limit` places nearest by estimated travel minutes from `from`, those that may take the person first: a place
 * not accepting, or saying it has no room, goes after the others (a team should not drive to a full door), yet stays in
 * the list (that the nearest is full is worth knowing).
 */
export function rankDestinations<T extends { lat: number; lon: number; open: boolean }> (
  items: readonly T[],
  from: { lat: number; lon: number },
  travel: TravelParams,
  limit = Infinity
): Array<Ranked<T>> {
  const nearest = items
    .map((item) => ({
      item,
      distanceMiles: haversineMiles(from.lat, from.lon, item.lat, item.lon),
      etaMinutes: travelMinutesXY(from.lat, from.lon, item.lat, item.lon, travel)
    }))
    .sort((a, b) => a.etaMinutes - b.etaMinutes)
    .slice(0, limit)
  return [...nearest.filter((x) => x.item.open), ...nearest.filter((x) => !x.item.open)]
}
