// Remote geocoders in their documented formats: Pelias (/v1/search, /v1/autocomplete, /v1/reverse),
// Nominatim (/search, /reverse, jsonv2), an ArcGIS geocode service (findAddressCandidates, reverseGeocode)
// and the US Census Geocoder (locations/onelineaddress; it has no reverse address lookup). The parsers are
// pure and tested against recorded answers (test/fixtures/geocode/remote).
import type { CandidateKind, GeocoderName, Precision } from '../../contracts/geocoding'
import { getJson, query, RemoteError, type HttpOptions } from './remote'

/** A candidate as a remote service gives it, before the city's boundary and distances are added. */
export interface RemoteCandidate {
  label: string
  kind: CandidateKind
  precision: Precision
  lat: number
  lon: number
  score: number
  city: string | null
}

export interface RemoteAddress {
  label: string
  lat: number
  lon: number
  city: string | null
}

export interface RemoteRequest {
  text: string
  near: { lat: number; lon: number } | null
  limit: number
  partial: boolean
  houseNumber: string | null
}

export interface RemoteGeocoder {
  name: Exclude<GeocoderName, 'local'>
  search: (r: RemoteRequest) => Promise<RemoteCandidate[]>
  /** The address at a point; absent where the service has none (Census). */
  reverse?: (lat: number, lon: number) => Promise<RemoteAddress | null>
}

type Json = Record<string, unknown>
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)
const num = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) ? n : null
}
const round3 = (n: number): number => Math.round(Math.max(0, Math.min(1, n)) * 1000) / 1000

function point (lat: number | null, lon: number | null): { lat: number; lon: number } | null {
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null
  return { lat, lon }
}

function answerError (provider: string, what: string): RemoteError {
  return new RemoteError(provider, 'answer', `answer not in the documented format: ${what}`)
}

// ---------------------------------------------------------------------------------------------- Pelias

const PELIAS_KIND: Record<string, [CandidateKind, Precision]> = {
  address: ['address', 'point'],
  street: ['address', 'street'],
  intersection: ['intersection', 'corner'],
  venue: ['place', 'point'],
  postalcode: ['area', 'area'],
  neighbourhood: ['area', 'area'],
  borough: ['area', 'area'],
  locality: ['area', 'area'],
  localadmin: ['area', 'area'],
  county: ['area', 'area'],
  region: ['area', 'area']
}

/** A Pelias FeatureCollection (search, autocomplete, reverse). */
export function parsePelias (body: unknown): RemoteCandidate[] {
  const b = obj(body)
  if (b.type !== 'FeatureCollection' || !Array.isArray(b.features)) throw answerError('pelias', 'no FeatureCollection')
  const out: RemoteCandidate[] = []
  for (const f of arr(b.features)) {
    const props = obj(obj(f).properties)
    const coords = arr(obj(obj(f).geometry).coordinates)
    const p = point(num(coords[1]), num(coords[0]))
    const label = str(props.label) ?? str(props.name)
    if (p === null || label === null) continue
    const [kind, precision0] = PELIAS_KIND[str(props.layer) ?? ''] ?? ['place', 'point']
    // An interpolated address is along a range; a "fallback" match is less than what was asked.
    const precision: Precision = kind === 'address' && props.match_type === 'interpolated' ? 'interpolated' : precision0
    const confidence = num(props.confidence) ?? 0.5
    out.push({
      label,
      kind,
      precision,
      ...p,
      score: round3(props.match_type === 'fallback' ? Math.min(confidence, 0.6) : confidence),
      city: str(props.locality) ?? str(props.localadmin)
    })
  }
  return out
}

export function createPelias (s: { url: string; apiKey: string | null }, http: HttpOptions): RemoteGeocoder {
  return {
    name: 'pelias',
    async search (r) {
      const path = r.partial ? '/v1/autocomplete' : '/v1/search'
      const url = `${s.url}${path}?${query({ text: r.text, size: r.limit, 'focus.point.lat': r.near?.lat, 'focus.point.lon': r.near?.lon, api_key: s.apiKey })}`
      return parsePelias(await getJson(url, http))
    },
    async reverse (lat, lon) {
      const url = `${s.url}/v1/reverse?${query({ 'point.lat': lat, 'point.lon': lon, size: 1, api_key: s.apiKey })}`
      const [first] = parsePelias(await getJson(url, http))
      return first ? { label: first.label, lat: first.lat, lon: first.lon, city: first.city } : null
    }
  }
}

// ---------------------------------------------------------------------------------------------- Nominatim

const NOMINATIM_HOUSE = new Set(['house', 'building', 'residential', 'apartments', 'place'])

function nominatimOne (p: Json, index: number, houseNumber: string | null): RemoteCandidate | null {
  const at = point(num(p.lat), num(p.lon))
  const label = str(p.display_name)
  if (at === null || label === null) return null
  const address = obj(p.address)
  const cls = str(p.category) ?? str(p.class) ?? ''
  const type = str(p.type) ?? ''
  const addresstype = str(p.addresstype) ?? ''
  const rank = num(p.place_rank)
  let kind: CandidateKind = 'place'
  let precision: Precision = 'point'
  if (
    cls === 'boundary' ||
    cls === 'place' ||
    addresstype === 'city' ||
    addresstype === 'suburb' ||
    addresstype === 'postcode' ||
    (rank !== null && rank < 26)
  ) {
    kind = 'area'
    precision = 'area'
  }
  if (cls === 'highway') {
    kind = 'address'
    precision = 'street'
  }
  if (str(address.house_number) !== null || NOMINATIM_HOUSE.has(addresstype) || (cls === 'place' && type === 'house')) {
    kind = 'address'
    precision = 'point'
  }
  // Nominatim ranks but gives no match score: the first answer is its best; an asked house number it did not find is not a match.
  let score = 0.9 - index * 0.05
  if (houseNumber !== null && str(address.house_number) !== houseNumber) {
    precision = kind === 'address' ? 'street' : precision
    score = Math.min(score, 0.5)
  }
  return {
    label,
    kind,
    precision,
    ...at,
    score: round3(score),
    city: str(address.city) ?? str(address.town) ?? str(address.village) ?? str(address.hamlet)
  }
}

/** Nominatim /search: a list of places (json or jsonv2). */
export function parseNominatimSearch (body: unknown, houseNumber: string | null = null): RemoteCandidate[] {
  if (!Array.isArray(body)) throw answerError('nominatim', 'search answers a list')
  return body.map((p, i) => nominatimOne(obj(p), i, houseNumber)).filter((c): c is RemoteCandidate => c !== null)
}

/** Nominatim /reverse: one place, or {error}. */
export function parseNominatimReverse (body: unknown): RemoteAddress | null {
  const p = obj(body)
  if (str(p.error) !== null) return null
  const at = point(num(p.lat), num(p.lon))
  if (at === null) throw answerError('nominatim', 'no lat/lon')
  const a = obj(p.address)
  const street = [str(a.house_number), str(a.road)].filter(Boolean).join(' ')
  const label = street !== '' ? street : (str(p.display_name) ?? '').split(',').slice(0, 2).join(',').trim()
  return { label, ...at, city: str(a.city) ?? str(a.town) ?? str(a.village) }
}

export function createNominatim (s: { url: string; email: string | null }, http: HttpOptions, countryCodes = 'us'): RemoteGeocoder {
  return {
    name: 'nominatim',
    async search (r) {
      // Nominatim's usage policy forbids autocomplete on its public servers: point NOMINATIM_URL at your own.
      const url = `${s.url}/search?${query({ q: r.text, format: 'jsonv2', addressdetails: 1, limit: r.limit, countrycodes: countryCodes, email: s.email })}`
      return parseNominatimSearch(await getJson(url, http), r.houseNumber)
    },
    async reverse (lat, lon) {
      const url = `${s.url}/reverse?${query({ lat, lon, format: 'jsonv2', addressdetails: 1, zoom: 18, email: s.email })}`
      return parseNominatimReverse(await getJson(url, http))
    }
  }
}

// ---------------------------------------------------------------------------------------------- ArcGIS

const ARCGIS_KIND: Record<string, [CandidateKind, Precision]> = {
  PointAddress: ['address', 'point'],
  Subaddress: ['address', 'point'],
  Parcel: ['address', 'point'],
  StreetAddress: ['address', 'interpolated'],
  StreetAddressExt: ['address', 'interpolated'],
  StreetInt: ['intersection', 'corner'],
  StreetBetween: ['address', 'street'],
  StreetName: ['address', 'street'],
  StreetMidBlock: ['address', 'street'],
  POI: ['place', 'point'],
  DistanceMarker: ['place', 'point'],
  Locality: ['area', 'area'],
  Postal: ['area', 'area'],
  PostalLoc: ['area', 'area'],
  PostalExt: ['area', 'area']
}

function wgs84 (sr: unknown): boolean {
  const s = obj(sr)
  const id = num(s.latestWkid) ?? num(s.wkid)
  return id === null || id === 4326
}

/** findAddressCandidates: {spatialReference, candidates: [{address, location: {x, y}, score, attributes}]}. */
export function parseArcgisCandidates (body: unknown): RemoteCandidate[] {
  const b = obj(body)
  if (b.error !== undefined) {
    throw new RemoteError('arcgis', 'answer', `error ${num(obj(b.error).code) ?? ''}: ${str(obj(b.error).message) ?? 'unknown'}`)
  }
  if (!Array.isArray(b.candidates)) throw answerError('arcgis', 'no candidates list')
  // Asked with outSR=4326; a service that ignores it answers in its own projection, which we cannot read.
  if (!wgs84(b.spatialReference)) {
    throw answerError('arcgis', `coordinates in spatial reference ${JSON.stringify(b.spatialReference)}, not WGS 84`)
  }
  const out: RemoteCandidate[] = []
  for (const c of arr(b.candidates)) {
    const o = obj(c)
    const loc = obj(o.location)
    const at = point(num(loc.y), num(loc.x))
    const attrs = obj(o.attributes)
    const label = str(attrs.LongLabel) ?? str(o.address)
    if (at === null || label === null) continue
    const [kind, precision] = ARCGIS_KIND[str(attrs.Addr_type) ?? ''] ?? ['place', 'point']
    out.push({ label, kind, precision, ...at, score: round3((num(o.score) ?? num(attrs.Score) ?? 50) / 100), city: str(attrs.City) })
  }
  return out
}

/** reverseGeocode: {address: {Match_addr, LongLabel, City…}, location: {x, y, spatialReference}}. */
export function parseArcgisReverse (body: unknown): RemoteAddress | null {
  const b = obj(body)
  if (b.error !== undefined) {
    // 400 "Unable to find address for the specified location." is an empty answer, not a failure.
    return null
  }
  const a = obj(b.address)
  const loc = obj(b.location)
  if (!wgs84(loc.spatialReference)) throw answerError('arcgis', 'reverse location not in WGS 84')
  const at = point(num(loc.y), num(loc.x))
  const label = str(a.ShortLabel) ?? str(a.Match_addr) ?? str(a.LongLabel) ?? str(a.Address)
  if (at === null || label === null) throw answerError('arcgis', 'no address or location')
  return { label, ...at, city: str(a.City) }
}

export function createArcgis (s: { url: string; token: string | null }, http: HttpOptions): RemoteGeocoder {
  return {
    name: 'arcgis',
    async search (r) {
      const url = `${s.url}/findAddressCandidates?${query({ SingleLine: r.text, f: 'json', outSR: 4326, outFields: 'Addr_type,LongLabel,City,Score', maxLocations: r.limit, location: r.near ? `${r.near.lon},${r.near.lat}` : null, token: s.token })}`
      return parseArcgisCandidates(await getJson(url, http))
    },
    async reverse (lat, lon) {
      const url = `${s.url}/reverseGeocode?${query({ location: `${lon},${lat}`, f: 'json', outSR: 4326, token: s.token })}`
      return parseArcgisReverse(await getJson(url, http))
    }
  }
}

// ---------------------------------------------------------------------------------------------- US Census

/** locations/onelineaddress: {result: {input, addressMatches: [{matchedAddress, coordinates: {x, y}, tigerLine, addressComponents}]}}. */
export function parseCensus (body: unknown): RemoteCandidate[] {
  const b = obj(body)
  if (Array.isArray(b.errors) && b.errors.length > 0) throw new RemoteError('census', 'answer', String(b.errors[0]))
  const result = obj(b.result)
  if (!Array.isArray(result.addressMatches)) throw answerError('census', 'no result.addressMatches')
  const matches = arr(result.addressMatches)
  const out: RemoteCandidate[] = []
  matches.forEach((m, i) => {
    const o = obj(m)
    const c = obj(o.coordinates)
    const at = point(num(c.y), num(c.x))
    const label = str(o.matchedAddress)
    if (at === null || label === null) return
    // The Census Geocoder matches house numbers against TIGER address ranges: interpolated points; several matches are an ambiguity.
    out.push({
      label,
      kind: 'address',
      precision: 'interpolated',
      ...at,
      score: round3((matches.length === 1 ? 0.95 : 0.85) - i * 0.01),
      city: str(obj(o.addressComponents).city)
    })
  })
  return out
}

export function createCensus (s: { url: string; benchmark: string }, http: HttpOptions): RemoteGeocoder {
  return {
    name: 'census',
    async search (r) {
      // It places street addresses only: a corner or a place name is not worth a request.
      if (r.houseNumber === null) return []
      const url = `${s.url}/locations/onelineaddress?${query({ address: r.text, benchmark: s.benchmark, format: 'json' })}`
      return parseCensus(await getJson(url, http))
    }
  }
}
