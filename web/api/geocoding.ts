// Geocoding for the web app: search as the dispatcher types, what is at a point, and 911 transfers held to locate.
import type { Candidate, LocateTransfer, LocationSource, ReverseResult, TransferToLocate } from '../../server/contracts/geocoding'
import { call } from './client'

export type { Candidate, LocationSource, ReverseResult, TransferToLocate }

export interface LatLon {
  lat: number
  lon: number
}

/** Candidates for what was typed, best first; `near` (the map view) ranks equal matches by distance. */
export async function geocode (
  q: string,
  opts: { near?: LatLon | null; limit?: number; signal?: AbortSignal } = {}
): Promise<Candidate[]> {
  const near = opts.near ? { near: `${opts.near.lat.toFixed(5)},${opts.near.lon.toFixed(5)}` } : {}
  const r = await call(
    'GET /api/geocode',
    { query: { q, ...near, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) } },
    { signal: opts.signal }
  )
  return Array.isArray(r?.candidates) ? r.candidates : []
}

export const reverseGeocode = async (p: LatLon, signal?: AbortSignal) =>
  await call('GET /api/geocode/reverse', { query: { lat: p.lat, lon: p.lon } }, { signal })

export const transfersToLocate = async () => (await call('GET /api/transfers/to-locate')).items
export const locateTransfer = async (id: string, location: LocateTransfer['location']) =>
  await call('POST /api/transfers/to-locate/:id/locate', { params: { id }, body: { location } })
export const dismissTransfer = async (id: string, reason: string) =>
  await call('POST /api/transfers/to-locate/:id/dismiss', { params: { id }, body: { reason } })

/** Great-circle distance in metres. */
export function distanceMeters (a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** "40 m", "1.2 km". */
export function formatDistance (m: number): string {
  return m < 1000 ? `${Math.round(m / 5) * 5} m` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} km`
}

export const SOURCE_LABEL: Record<LocationSource, string> = {
  geocoded: 'Search result',
  map_click: 'Map click',
  typed_coordinates: 'Typed coordinates',
  '911_transfer': '911 transfer'
}

export const KIND_LABEL: Record<Candidate['kind'], string> = {
  address: 'address',
  intersection: 'corner',
  place: 'place',
  area: 'area'
}

/** Where a typed address is thought to be, when the geocoder is sure and it is over 500 m from the pin (as the server checks it). */
export const MISMATCH_METERS = 500
export function mismatchOf (
  top: Candidate | undefined,
  pin: LatLon
): { label: string; lat: number; lon: number; distanceMeters: number } | null {
  if (top === undefined || top.score < 0.9 || top.precision === 'street' || top.precision === 'area') return null
  const d = distanceMeters(pin, top)
  return d > MISMATCH_METERS ? { label: top.label, lat: top.lat, lon: top.lon, distanceMeters: d } : null
}
