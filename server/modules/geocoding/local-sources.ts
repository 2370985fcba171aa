// Builds the in-process index from a city's files (GEOCODER_FILES): corner lists, named places, address points
// (OpenAddresses CSV, streamed) and centrelines with address ranges (TIGER ADDRFEAT GeoJSON). Rows without
// usable coordinates or far outside the city's region are counted and left out, never guessed.
import { createReadStream, readFileSync } from 'node:fs'
import { parseCsv, parseCsvObjects } from '../../lib/csv'
import type { AreaSets } from '../../lib/area-sets'
import { loadFacilities, loadFireStations } from '../../lib/la-data'
import type { GeocoderFile, GeocodingConfig } from './geocoding.config'
import { distanceMeters } from './geo-math'
import { LocalIndexBuilder, type CityInfo } from './index-builder'
import type { LocalIndex } from './local-index'

/** Rows farther than this from the city's centre are taken for errors (one LA provider is geocoded to Florida). */
const REGION_KM = 150

export function cityInfo (cfg: GeocodingConfig['city'], areas: AreaSets | undefined): CityInfo {
  const sets = areas?.sets ?? []
  return {
    name: cfg.name,
    state: cfg.state,
    center: cfg.center,
    contains: sets.length === 0 ? null : (lat, lon) => sets.some((s) => s.index.areaOf(lat, lon) >= 0),
    areasAt: (lat, lon) => areas?.locate(lat, lon) ?? {}
  }
}

function coordinate (
  b: LocalIndexBuilder,
  latText: string | undefined,
  lonText: string | undefined
): { lat: number; lon: number } | null {
  const lat = Number((latText ?? '').trim())
  const lon = Number((lonText ?? '').trim())
  if (
    (latText ?? '').trim() === '' ||
    (lonText ?? '').trim() === '' ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lon) ||
    Math.abs(lat) > 90 ||
    Math.abs(lon) > 180 ||
    (lat === 0 && lon === 0)
  ) {
    b.reject('no usable coordinates')
    return null
  }
  if (distanceMeters(lat, lon, b.city.center.lat, b.city.center.lon) > REGION_KM * 1000) {
    b.reject(`more than ${REGION_KM} km from the city centre`)
    return null
  }
  return { lat, lon }
}

/** Rows of a CSV file by header name; files without quotes (most corner and address lists) skip the full parser. */
function csvRows (file: string): Array<{ values: Record<string, string> }> {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  if (text.includes('"')) return parseCsvObjects(text).rows
  const all = text.split(/\r?\n/)
  const header = (all[0] ?? '').split(',').map((h) => h.trim())
  const rows: Array<{ values: Record<string, string> }> = []
  for (let i = 1; i < all.length; i++) {
    if (all[i] === '') continue
    const f = all[i].split(',')
    const values: Record<string, string> = {}
    for (let k = 0; k < header.length; k++) values[header[k]] = f[k] ?? ''
    rows.push({ values })
  }
  return rows
}

function loadCorners (b: LocalIndexBuilder, f: Extract<GeocoderFile, { type: 'corners' }>): void {
  const c = { streetA: 'street_a', streetB: 'street_b', lat: 'lat', lon: 'lon', ...f.columns }
  for (const r of csvRows(f.file)) {
    const v = r.values
    const a = (v[c.streetA] ?? '').trim()
    const bName = (v[c.streetB] ?? '').trim()
    // A stop named by an address or a landmark has no second street: it is not a corner.
    if (a === '' || bName === '') {
      b.reject('corner without two streets')
      continue
    }
    const p = coordinate(b, v[c.lat], v[c.lon])
    if (p) b.addCorner(a, bName, p.lat, p.lon)
  }
}

function loadPlaces (b: LocalIndexBuilder, f: Extract<GeocoderFile, { type: 'places' }>): void {
  const c = { name: 'name', kind: 'kind', address: 'address', city: 'city', lat: 'lat', lon: 'lon', ...f.columns }
  for (const r of csvRows(f.file)) {
    const v = r.values
    const p = coordinate(b, v[c.lat], v[c.lon])
    if (p) {
      b.addPlace({
        name: v[c.name] ?? '',
        kind: v[c.kind]?.trim() || f.kind || 'place',
        address: v[c.address] ?? null,
        city: v[c.city] ?? null,
        ...p
      })
    }
  }
}

function loadLaFacilities (b: LocalIndexBuilder, f: Extract<GeocoderFile, { type: 'la_facilities' }>): void {
  const facilities = loadFacilities(f.dir)
  b.reject('facility rejected by its loader (see server/data/la/README.md)', facilities.rejected.length)
  for (const x of facilities.rows) {
    if (distanceMeters(x.lat, x.lon, b.city.center.lat, b.city.center.lon) > REGION_KM * 1000) {
      b.reject(`more than ${REGION_KM} km from the city centre`)
      continue
    }
    b.addPlace({ name: x.name, kind: x.type, address: x.address, city: x.city, lat: x.lat, lon: x.lon })
  }
  const stations = loadFireStations(f.dir)
  b.reject('fire station rejected by its loader (see server/data/la/README.md)', stations.rejected.length)
  for (const s of stations.rows) {
    const [street, city] = s.address.split(',').map((x) => x.trim())
    b.addPlace({
      name: `LAFD Station ${Number(s.station)} (${s.community})`,
      kind: 'fire_station',
      address: street,
      city: city ?? null,
      lat: s.lat,
      lon: s.lon
    })
  }
}

/** Lines of a text file, streamed: address files run to millions of rows. */
async function * lines (file: string): AsyncGenerator<string> {
  let rest = ''
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string)
    const parts = text.split('\n')
    rest = parts.pop() ?? ''
    for (const p of parts) yield p
  }
  if (rest !== '') yield rest
}

function splitCsvLine (line: string): string[] {
  const l = line.endsWith('\r') ? line.slice(0, -1) : line
  if (!l.includes('"')) return l.split(',')
  return parseCsv(l)[0]?.fields ?? []
}

async function loadAddresses (b: LocalIndexBuilder, f: Extract<GeocoderFile, { type: 'addresses' }>): Promise<void> {
  const c = { number: 'NUMBER', street: 'STREET', lat: 'LAT', lon: 'LON', ...f.columns }
  let header: string[] | null = null
  let idx = { number: -1, street: -1, lat: -1, lon: -1 }
  for await (const line of lines(f.file)) {
    if (line.trim() === '') continue
    const fields = splitCsvLine(line)
    if (header === null) {
      header = fields.map((h) => h.trim().replace(/^\uFEFF/, ''))
      idx = {
        number: header.indexOf(c.number),
        street: header.indexOf(c.street),
        lat: header.indexOf(c.lat),
        lon: header.indexOf(c.lon)
      }
      const missing = Object.entries(idx)
        .filter(([, i]) => i < 0)
        .map(([k]) => c[k as keyof typeof c])
      if (missing.length > 0) {
        throw new Error(`GEOCODER_FILES ${f.file}: no column ${missing.join(', ')} (header: ${header.join(', ')})`)
      }
      continue
    }
    const p = coordinate(b, fields[idx.lat], fields[idx.lon])
    if (p) b.addAddressPoint(fields[idx.number] ?? '', fields[idx.street] ?? '', p.lat, p.lon)
  }
}

interface LineFeature {
  properties?: Record<string, unknown> | null
  geometry?: { type: string; coordinates: unknown } | null
}

async function loadCentrelines (b: LocalIndexBuilder, f: Extract<GeocoderFile, { type: 'centrelines' }>): Promise<void> {
  const c = {
    name: 'FULLNAME',
    leftFrom: 'LFROMHN',
    leftTo: 'LTOHN',
    rightFrom: 'RFROMHN',
    rightTo: 'RTOHN',
    leftParity: 'PARITYL',
    rightParity: 'PARITYR',
    ...f.fields
  }
  const num = (v: unknown): number | null => {
    if (v === null || v === undefined || String(v).trim() === '') return null
    const n = parseInt(String(v), 10)
    return Number.isFinite(n) ? n : null
  }
  const add = (feat: LineFeature): void => {
    const p = feat.properties ?? {}
    const g = feat.geometry
    const lines =
      g?.type === 'LineString' ? [g.coordinates as number[][]] : g?.type === 'MultiLineString' ? (g.coordinates as number[][][]) : []
    if (lines.length === 0) {
      b.reject('centreline without a line')
      return
    }
    const first = lines[0][0]
    if (!first || distanceMeters(first[1], first[0], b.city.center.lat, b.city.center.lon) > REGION_KM * 1000) {
      b.reject(`more than ${REGION_KM} km from the city centre`)
      return
    }
    for (const line of lines) {
      b.addSegment(String(p[c.name] ?? ''), line, {
        lFrom: num(p[c.leftFrom]),
        lTo: num(p[c.leftTo]),
        rFrom: num(p[c.rightFrom]),
        rTo: num(p[c.rightTo]),
        lParity: p[c.leftParity] === undefined || p[c.leftParity] === null ? null : String(p[c.leftParity]),
        rParity: p[c.rightParity] === undefined || p[c.rightParity] === null ? null : String(p[c.rightParity])
      })
    }
  }
  const head = readFileSync(f.file, { encoding: 'utf8', flag: 'r' }).slice(0, 200)
  if (/"type"\s*:\s*"FeatureCollection"/.test(head) || !/^\s*\{[^\n]*"type"\s*:\s*"Feature"/.test(head)) {
    const fc = JSON.parse(readFileSync(f.file, 'utf8')) as { features?: LineFeature[] }
    for (const feat of fc.features ?? []) add(feat)
    return
  }
  // One Feature per line (GeoJSONSeq): streamed.
  for await (const line of lines(f.file)) {
    // GeoJSON text sequences (RFC 8142) start each record with the record separator, U+001E.
    const trimmed = line.trim()
    const t = (trimmed.charCodeAt(0) === 0x1e ? trimmed.slice(1) : trimmed).replace(/,$/, '')
    if (t !== '') add(JSON.parse(t) as LineFeature)
  }
}

/** Centres of the areas: a search for "Hollywood" or "CD 13" finds the area. */
function addAreas (b: LocalIndexBuilder, areas: AreaSets | undefined): void {
  for (const set of areas?.sets ?? []) {
    set.outlines.features.forEach((f) => {
      const c = labelPoint(f.geometry, (lat, lon) => set.index.areaOf(lat, lon) >= 0)
      if (c) b.addArea({ name: f.properties.name, setLabel: set.label, ...c })
    })
  }
}

/**
 * A point inside a polygon: the centroid of its largest ring when inside, else the middle of the widest inside run of a horizontal line
 * through it.
 */
function labelPoint (
  g: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | null,
  inside: (lat: number, lon: number) => boolean
): { lat: number; lon: number } | null {
  if (g === null) return null
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]
  let best: number[][] | null = null
  let bestArea = 0
  for (const poly of polys) {
    const ring = poly[0]
    let a = 0
    for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a)
      best = ring
    }
  }
  if (best === null) return null
  let cx = 0
  let cy = 0
  let a2 = 0
  for (let i = 0; i + 1 < best.length; i++) {
    const f = best[i][0] * best[i + 1][1] - best[i + 1][0] * best[i][1]
    a2 += f
    cx += (best[i][0] + best[i + 1][0]) * f
    cy += (best[i][1] + best[i + 1][1]) * f
  }
  if (a2 !== 0) {
    const lon = cx / (3 * a2)
    const lat = cy / (3 * a2)
    if (inside(lat, lon)) return { lat, lon }
  }
  const lats = best.map((p) => p[1])
  const lat = (Math.min(...lats) + Math.max(...lats)) / 2
  const lons = best.map((p) => p[0])
  const lo = Math.min(...lons)
  const hi = Math.max(...lons)
  let run: [number, number] | null = null
  let start: number | null = null
  for (let k = 0; k <= 200; k++) {
    const lon = lo + (hi - lo) * (k / 200)
    const isIn = inside(lat, lon)
    if (isIn && start === null) start = lon
    if ((!isIn || k === 200) && start !== null) {
      if (run === null || lon - start > run[1] - run[0]) run = [start, lon]
      start = null
    }
  }
  return run === null ? null : { lat, lon: (run[0] + run[1]) / 2 }
}

export async function buildLocalIndex (cfg: Pick<GeocodingConfig, 'files' | 'city'>, areas: AreaSets | undefined): Promise<LocalIndex> {
  const b = new LocalIndexBuilder(cityInfo(cfg.city, areas))
  for (const f of cfg.files) {
    switch (f.type) {
      case 'corners':
        loadCorners(b, f)
        break
      case 'places':
        loadPlaces(b, f)
        break
      case 'la_facilities':
        loadLaFacilities(b, f)
        break
      case 'addresses':
        await loadAddresses(b, f)
        break
      case 'centrelines':
        await loadCentrelines(b, f)
        break
    }
  }
  addAreas(b, areas)
  return b.finish()
}
