// Parsers for the Los Angeles reference data in server/data/la, from the files' text: pure, so the server (la-data.ts
// reads the files from disk) and the planner's browser worker (the files bundled) build exactly the same rows.
// Rejected rows: no coordinates, outside the LA County bounding box, or a duplicate of an earlier row's coordinates
// where the README says the row is a defect. Flagged rows are kept but worth a look (e.g. two stations at one point).
import { parseCsvObjects } from './csv'
import { createAreaIndex, inBBox, type AreaIndex, type BBox, type GeoFeatureCollection } from '../domain/geo'

/** The files of server/data/la the loaders read, by what they hold. */
export const LA_DATA_FILES = {
  stations: 'lafd_fire_stations.csv',
  tracts: 'la_county_census_tracts_2010_points.csv',
  hospitals: 'la_county_hospitals_medical_centers_lms.csv',
  dmh: 'la_county_dmh_mental_health_providers_2016.csv',
  shelters: 'la_county_homeless_shelters_services_lms.csv',
  lapd_divisions: 'lapd_divisions.geojson',
  council_districts: 'la_city_council_districts_current.geojson'
} as const

/** LA County, including San Clemente and Santa Catalina islands, with a small margin. */
export const LA_COUNTY_BBOX: Readonly<BBox> = Object.freeze({ minLat: 32.75, maxLat: 34.85, minLon: -118.95, maxLon: -117.6 })

export interface RowIssue {
  /** Physical line in the CSV file (header is line 1). */
  line: number
  reason: string
}

export interface Loaded<T> {
  rows: T[]
  rejected: RowIssue[]
  flagged: RowIssue[]
}

export interface FireStation {
  station: string
  community: string
  address: string
  lat: number
  lon: number
  line: number
}

export interface Tract {
  geoid: string
  name: string
  landAreaM2: number
  waterAreaM2: number
  lat: number
  lon: number
  line: number
}

/** crisis: DMH crisis services and 24-hour sites (urgent-care drop-off); mental_health: DMH outpatient. */
export const FACILITY_TYPES = ['hospital', 'crisis', 'mental_health', 'shelter'] as const
export type FacilityType = (typeof FACILITY_TYPES)[number]

export interface Facility {
  /** Stable id: source file prefix and line, e.g. "hospital:12". */
  id: string
  type: FacilityType
  name: string
  address: string
  city: string
  lat: number
  lon: number
  /** Designations merged from rows at the same point (hospital cat3, DMH classification). */
  tags: string[]
  line: number
}

export type AreaLayer = 'lapd_divisions' | 'council_districts'

const GEOJSON_FILES: Record<AreaLayer, string> = {
  lapd_divisions: LA_DATA_FILES.lapd_divisions,
  council_districts: LA_DATA_FILES.council_districts
}

/** Reads one of LA_DATA_FILES as text: from disk on the server, from the bundle in the browser. */
export type LaFileReader = (file: string) => string

function readCsv (read: LaFileReader, file: string): ReturnType<typeof parseCsvObjects> {
  return parseCsvObjects(read(file))
}

/** Parses a coordinate pair; returns a reason when the row must be rejected. */
function coordinates (latText: string | undefined, lonText: string | undefined): { lat: number; lon: number } | string {
  const a = (latText ?? '').trim()
  const b = (lonText ?? '').trim()
  if (a === '' || b === '') return 'no coordinates'
  const lat = Number(a)
  const lon = Number(b)
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return `coordinates are not numbers (${a}, ${b})`
  if (!inBBox(lat, lon, LA_COUNTY_BBOX)) return `outside the LA County bounding box (${lat}, ${lon})`
  return { lat, lon }
}

const key = (lat: number, lon: number): string => `${lat},${lon}`

export function parseFireStations (read: LaFileReader): Loaded<FireStation> {
  const { rows } = readCsv(read, LA_DATA_FILES.stations)
  const out: Loaded<FireStation> = { rows: [], rejected: [], flagged: [] }
  const candidates: FireStation[] = []
  for (const r of rows) {
    const c = coordinates(r.values.lat, r.values.lon)
    if (typeof c === 'string') {
      out.rejected.push({ line: r.line, reason: c })
      continue
    }
    const v = r.values
    candidates.push({
      station: v.station_number.trim(),
      community: v.community,
      address: `${v.street}, ${v.city}`,
      lat: c.lat,
      lon: c.lon,
      line: r.line
    })
  }
  // A numbered station wins over an unnumbered row (the Special Duty office) at the same point,
  // whichever comes first in the file.
  const numbered = (s: FireStation): boolean => /^\d+$/.test(s.station)
  const byPoint = new Map<string, FireStation>()
  for (const s of [...candidates.filter(numbered), ...candidates.filter((s) => !numbered(s))]) {
    const prev = byPoint.get(key(s.lat, s.lon))
    if (prev === undefined) {
      byPoint.set(key(s.lat, s.lon), s)
      continue
    }
    if (!numbered(s)) {
      out.rejected.push({ line: s.line, reason: `duplicate coordinates of station ${prev.station} (line ${prev.line})` })
    } else {
      out.flagged.push({
        line: s.line,
        reason: `station ${s.station} has the same coordinates as station ${prev.station} (line ${prev.line})`
      })
    }
  }
  const rejectedLines = new Set(out.rejected.map((r) => r.line))
  out.rows = candidates.filter((s) => !rejectedLines.has(s.line))
  out.rejected.sort((a, b) => a.line - b.line)
  out.flagged.sort((a, b) => a.line - b.line)
  return out
}

export function parseTracts (read: LaFileReader): Loaded<Tract> {
  const { rows } = readCsv(read, LA_DATA_FILES.tracts)
  const out: Loaded<Tract> = { rows: [], rejected: [], flagged: [] }
  const seen = new Map<string, number>()
  for (const r of rows) {
    const c = coordinates(r.values.lat, r.values.lon)
    if (typeof c === 'string') {
      out.rejected.push({ line: r.line, reason: c })
      continue
    }
    const prev = seen.get(key(c.lat, c.lon))
    if (prev !== undefined) {
      out.rejected.push({ line: r.line, reason: `duplicate coordinates of line ${prev}` })
      continue
    }
    seen.set(key(c.lat, c.lon), r.line)
    const v = r.values
    out.rows.push({
      geoid: v.geoid,
      name: v.tract_name,
      landAreaM2: Number(v.land_area_m2) || 0,
      waterAreaM2: Number(v.water_area_m2) || 0,
      lat: c.lat,
      lon: c.lon,
      line: r.line
    })
  }
  return out
}

interface RawFacility {
  type: FacilityType
  name: string
  address: string
  city: string
  lat: string
  lon: string
  tag: string
  line: number
  source: string
}

function dmhType (classification: string): FacilityType {
  const c = classification.toUpperCase()
  return c.includes('CRISIS') || c.includes('24 HOUR') ? 'crisis' : 'mental_health'
}

/**
 * Hospitals, DMH providers and shelters as one list. Rows of the same type at the same point are one
 * destination (Cedars-Sinai is listed once per designation): they merge into the first row's tags and are flagged.
 */
export function parseFacilities (read: LaFileReader): Loaded<Facility> {
  const raw: RawFacility[] = []
  for (const r of readCsv(read, LA_DATA_FILES.hospitals).rows) {
    const v = r.values
    raw.push({
      type: 'hospital',
      name: v.Name,
      address: [v.addrln1, v.addrln2].filter(Boolean).join(' '),
      city: v.city,
      lat: v.latitude,
      lon: v.longitude,
      tag: v.cat3,
      line: r.line,
      source: 'hospital'
    })
  }
  for (const r of readCsv(read, LA_DATA_FILES.dmh).rows) {
    const v = r.values
    const cls = v['Provider Classification'] ?? ''
    raw.push({
      type: dmhType(cls),
      name: v['Provider Name'],
      address: v.Address,
      city: v.City,
      lat: v.lat,
      lon: v.lon,
      tag: cls,
      line: r.line,
      source: 'dmh'
    })
  }
  for (const r of readCsv(read, LA_DATA_FILES.shelters).rows) {
    const v = r.values
    raw.push({
      type: 'shelter',
      name: v.Name,
      address: [v.addrln1, v.addrln2].filter(Boolean).join(' '),
      city: v.city,
      lat: v.latitude,
      lon: v.longitude,
      tag: v.cat2,
      line: r.line,
      source: 'shelter'
    })
  }
  const out: Loaded<Facility> = { rows: [], rejected: [], flagged: [] }
  const byPoint = new Map<string, Facility>()
  for (const f of raw) {
    const c = coordinates(f.lat, f.lon)
    // Lines are per file, so the reason names the file.
    if (typeof c === 'string') {
      out.rejected.push({ line: f.line, reason: `${f.source}: ${c}` })
      continue
    }
    const k = `${f.type}:${key(c.lat, c.lon)}`
    const prev = byPoint.get(k)
    if (prev !== undefined) {
      if (f.tag && !prev.tags.includes(f.tag)) prev.tags.push(f.tag)
      out.flagged.push({ line: f.line, reason: `${f.source}: duplicate coordinates of ${prev.id} (${prev.name}); merged` })
      continue
    }
    const fac: Facility = {
      id: `${f.source}:${f.line}`,
      type: f.type,
      name: f.name,
      address: f.address,
      city: f.city,
      lat: c.lat,
      lon: c.lon,
      tags: f.tag ? [f.tag] : [],
      line: f.line
    }
    byPoint.set(k, fac)
    out.rows.push(fac)
  }
  return out
}

/** Every LA reference table the simulator reads, as parsed rows (what the browser worker bundles). */
export interface LaRows {
  tracts: Loaded<Tract>
  stations: Loaded<FireStation>
  facilities: Loaded<Facility>
  council_districts: GeoFeatureCollection
  lapd_divisions: GeoFeatureCollection
}

export function parseGeoJson (name: AreaLayer, read: LaFileReader): GeoFeatureCollection {
  const file = GEOJSON_FILES[name]
  if (file === undefined) throw new Error(`unknown area layer: ${String(name)}`)
  return JSON.parse(read(file)) as GeoFeatureCollection
}

/** Display name of an area feature: "CD 4" for council districts, the division name for LAPD. */
export function areaName (layer: AreaLayer, props: Record<string, unknown>, i: number): string {
  if (layer === 'council_districts') return `CD ${String(props.District ?? i + 1)}`
  return String(props.name ?? `Division ${i + 1}`)
}

export function parseAreas (name: AreaLayer, read: LaFileReader): AreaIndex {
  return createAreaIndex(parseGeoJson(name, read), (p, i) => areaName(name, p, i))
}
