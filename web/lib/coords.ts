// Typed coordinates: parse a latitude or longitude, or say what is wrong with it in words.

export type Axis = 'lat' | 'lon'

const RANGE: Record<Axis, [number, number, string]> = {
  lat: [-90, 90, 'Latitude'],
  lon: [-180, 180, 'Longitude']
}

/** The number typed, or a message naming the field. Accepts a decimal comma ("34,05"). Empty is an error. */
export function parseCoordinate (text: string, axis: Axis): number | string {
  const [min, max, name] = RANGE[axis]
  const t = text.trim().replace(',', '.')
  if (t === '') return `${name} is empty`
  const x = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : NaN
  if (!Number.isFinite(x)) return `${name} must be a number in decimal degrees, like ${axis === 'lat' ? '34.0522' : '-118.2437'}`
  if (x < min || x > max) return `${name} must be between ${min} and ${max}`
  return x
}

/** "34.0522, -118.2437" (or with a space) pasted into one field: both numbers, else null. */
export function parsePair (text: string): { lat: number; lon: number } | null {
  const m = /^\s*([+-]?[\d.]+)\s*[,;\s]\s*([+-]?[\d.]+)\s*$/.exec(text)
  if (!m) return null
  const lat = parseCoordinate(m[1], 'lat')
  const lon = parseCoordinate(m[2], 'lon')
  return typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : null
}

/** A point a map can draw: finite and within range. */
export function isValidPoint (p: { lat: number; lon: number } | null | undefined): p is { lat: number; lon: number } {
  return p != null && Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180
}
