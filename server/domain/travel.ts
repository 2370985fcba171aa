// Travel-time model shared by live ranking and the simulator: straight-line distance × circuity
// through a Kolesar-style acceleration curve, scaled for driving without lights and sirens.
import type { LatLon } from './types'
import { fasin, fcos, fsin } from './fmath'

export interface TravelParams {
  /** Road distance ÷ straight-line distance. */
  circuity: number
  /** Minutes for the first short stretch: T = a·√D for D ≤ crossoverMiles. */
  a: number
  /** Intercept and slope (minutes, minutes per mile) beyond the crossover: T = b + c·D. */
  b: number
  c: number
  crossoverMiles: number
  /** Multiplier on the emergency-driving time, for care teams that drive with traffic (≥ 1). */
  speedFactor: number
}

/** Kolesar (1975) fit for New York fire engines, 1971; care teams do not run lights and sirens. */
export const DEFAULT_TRAVEL: Readonly<TravelParams> = Object.freeze({
  circuity: 1.3,
  a: 2.1,
  b: 0.65,
  c: 1.7,
  crossoverMiles: 0.38,
  speedFactor: 1.25
})

const EARTH_RADIUS_MILES = 3958.7613
const RAD = Math.PI / 180

/** Great-circle distance in miles. */
export function haversineMiles (lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD
  const dLon = (lon2 - lon1) * RAD
  // fmath, not Math: the same bits in every JavaScript engine, so the simulator gives the same results in a browser.
  const a = fsin(dLat / 2)
  const b = fsin(dLon / 2)
  const s = a * a + fcos(lat1 * RAD) * fcos(lat2 * RAD) * b * b
  return 2 * EARTH_RADIUS_MILES * fasin(Math.min(1, Math.sqrt(s)))
}

/** Minutes to drive a road distance of `miles`. */
export function minutesForRoadMiles (miles: number, p: TravelParams = DEFAULT_TRAVEL): number {
  if (!(miles > 0)) return 0
  const t = miles <= p.crossoverMiles ? p.a * Math.sqrt(miles) : p.b + p.c * miles
  return t * p.speedFactor
}

/** Estimated minutes from one point to another (scalar form, allocation-free, for hot loops). */
export function travelMinutesXY (lat1: number, lon1: number, lat2: number, lon2: number, p: TravelParams = DEFAULT_TRAVEL): number {
  return minutesForRoadMiles(haversineMiles(lat1, lon1, lat2, lon2) * p.circuity, p)
}

export function travelMinutes (from: LatLon, to: LatLon, p: TravelParams = DEFAULT_TRAVEL): number {
  return travelMinutesXY(from.lat, from.lon, to.lat, to.lon, p)
}

/** Validates travel parameters; returns the name of the first bad field, or null. */
export function invalidTravelField (p: TravelParams): keyof TravelParams | null {
  for (const k of ['circuity', 'a', 'b', 'c', 'crossoverMiles', 'speedFactor'] as const) {
    if (!Number.isFinite(p[k]) || p[k] < 0) return k
  }
  if (p.circuity < 1) return 'circuity'
  if (p.speedFactor <= 0) return 'speedFactor'
  return null
}
