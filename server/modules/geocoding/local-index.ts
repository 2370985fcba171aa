// The in-process geocoder: a city's streets, corners, address points, address ranges, named places and
// areas in memory, searched as the dispatcher types and looked up in reverse. Built once at start from the
// files of GEOCODER_FILES (local-sources.ts); no I/O here.
import Flatbush from 'flatbush'
import type { Candidate, CandidateKind, NearestCorner, Precision, ReverseResult } from '../../contracts/geocoding'
import { deletions, editDistance, nameTokens, parseQuery, simplify, streetName, type StreetName } from './normalize'

export interface LatLon { lat: number, lon: number }

/** What the index needs to know of the city: its name, state, centre, and whether a point is inside. */
export interface CityInfo {
  name: string
  /** Two-letter state code, lower case ("ca"). */
  state: string
  center: LatLon
  /** Inside the city's boundary (null: no boundary known). */
  contains: ((lat: number, lon: number) => boolean) | null
  /** Area set id → area name at a point. */
  areasAt: (lat: number, lon: number) => Record<string, string | null>
}

export interface AreaEntry { name: string, setLabel: string, lat: number, lon: number }

export interface SearchOptions {
  near?: LatLon | null
  limit?: number
  /** The last word may be unfinished (suggestions as the dispatcher types). */
  partial?: boolean
  /** Inside the city first among equal matches (off for checking an address against a pin). */
  preferCity?: boolean
}

const M_PER_DEG = 111_320
const CORNER_CLUSTER_M = 200
const DIRS = ['', 'n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']
/** A corner's place in the city, found when first needed (a point-in-polygon test is 20-40 µs). */
const UNKNOWN = -2

/**
 * Street types of a query vs. the data: none typed matches any but a freeway; a typed one matches its own, nearly as well a
 * name the data gives without a type (bus stops say "Main", not "Main St"), and another type less (48th St is not 48th Pl).
 */
function typeScore (asked: string | null, has: string | null): number {
  // "Santa Monica" typed alone is the boulevard, not the Santa Monica Fwy (its ramps are corners in the data too).
  if (asked === null) return has === 'fwy' ? 0.9 : 1
  if (asked === has) return 1
  if (has === null) return 0.97
  return 0.8
}

function titleCase (s: string): string {
  return s.toLowerCase().replace(/\b([a-z])/g, (c) => c.toUpperCase()).replace(/\b(\d+)(St|Nd|Rd|Th)\b/g, (_m, n: string, o: string) => n + o.toLowerCase())
}

/** Rounded for display: 5 m steps under a kilometre. */
export function roundMeters (m: number): number {
  return m < 1000 ? Math.round(m / 5) * 5 : Math.round(m / 10) * 10
}

interface Segment {
  street: number
  dir: number
  coords: number[]
  lFrom: number
  lTo: number
  rFrom: number
  rTo: number
  /** 'o', 'e', 'b' (both), or '' (read from the range ends). */
  lParity: string
  rParity: string
}

export interface BuildStats {
  streets: number
  corners: number
  places: number
  addressPoints: number
  segments: number
  areas: number
  rejected: Record<string, number>
}

/** Collects the city's data, then freezes it into a LocalIndex. */
export class LocalIndexBuilder {
  private readonly streetIds = new Map<string, number>()
  readonly streetKey: string[] = []
  readonly streetType: Array<string | null> = []
  readonly streetLabel: string[] = []
  private readonly rawCorners: Array<{ a: number, b: number, lat: number, lon: number }> = []
  readonly places: Array<{ name: string, kind: string, address: string | null, city: string | null, lat: number, lon: number }> = []
  // Address points, as growable columns.
  private apStreet: number[] = []
  private apNumber: number[] = []
  private apDir: number[] = []
  private apLat: number[] = []
  private apLon: number[] = []
  private apPlace: number[] = []
  readonly segments: Segment[] = []
  readonly areas: AreaEntry[] = []
  readonly rejected: Record<string, number> = {}

  constructor (readonly city: CityInfo) {}

  reject (reason: string, count = 1): void {
    if (count > 0) this.rejected[reason] = (this.rejected[reason] ?? 0) + count
  }

  /** Names as written → their street: a city's files repeat a few thousand names millions of times. */
  private readonly seen = new Map<string, { id: number, name: StreetName } | null>()

  /** The street's id (made on first sight); null for an empty name. */
  street (raw: string): { id: number, name: StreetName } | null {
    const known = this.seen.get(raw)
    if (known !== undefined) return known
    const out = this.newStreet(raw)
    if (this.seen.size < 500_000) this.seen.set(raw, out)
    return out
  }

  private newStreet (raw: string): { id: number, name: StreetName } | null {
    const name = streetName(raw)
    if (name.key === '') return null
    const k = `${name.key}|${name.type ?? ''}`
    let id = this.streetIds.get(k)
    if (id === undefined) {
      id = this.streetKey.length
      this.streetIds.set(k, id)
      this.streetKey.push(name.key)
      this.streetType.push(name.type)
      // Display as written, without its direction (a corner is W 5th and E 5th alike).
      const shown = raw.trim().replace(/^(n|s|e|w|north|south|east|west)\.?\s+(?=\S+\s)/i, '')
      this.streetLabel.push(/[a-z]/.test(shown) ? shown : titleCase(shown))
    }
    return { id, name }
  }

  addCorner (a: string, b: string, lat: number, lon: number): void {
    const sa = this.street(a)
    const sb = this.street(b)
    if (!sa || !sb) { this.reject('corner without two streets'); return }
    if (sa.id === sb.id) { this.reject('corner of a street with itself'); return }
    this.rawCorners.push({ a: Math.min(sa.id, sb.id), b: Math.max(sa.id, sb.id), lat, lon })
  }

  addPlace (p: { name: string, kind: string, address?: string | null, city?: string | null, lat: number, lon: number }): void {
    const name = p.name.trim()
    if (name === '') { this.reject('place without a name'); return }
    const idx = this.places.length
    this.places.push({ name, kind: p.kind, address: p.address?.trim() || null, city: p.city?.trim() || null, lat: p.lat, lon: p.lon })
    // A place's own address is an address point too ("1812 Verdugo Blvd" finds the hospital).
    if (p.address) {
      const m = /^\s*(\d+)[A-Za-z]?\s+(.+)$/.exec(p.address.split(',')[0])
      const street = m?.[2].replace(/\s+(#|apt|ste|suite|unit|bldg|fl|floor|rm|room)\b.*$/i, '').replace(/\.$/, '').trim()
      if (m && street) this.addAddressPoint(m[1], street, p.lat, p.lon, idx)
    }
  }

  addAddressPoint (number: string, street: string, lat: number, lon: number, place = -1): void {
    const n = parseInt(number, 10)
    const s = this.street(street)
    if (!Number.isFinite(n) || n < 0 || !s) { this.reject('address point without a number and a street'); return }
    this.apStreet.push(s.id)
    this.apNumber.push(n)
    this.apDir.push(Math.max(0, DIRS.indexOf(s.name.dir ?? '')))
    this.apLat.push(lat)
    this.apLon.push(lon)
    this.apPlace.push(place)
  }

  /** A street centreline with address ranges on each side (coords: [lon, lat] pairs in digitized order). */
  addSegment (name: string, coords: Array<readonly number[]>, ranges: { lFrom: number | null, lTo: number | null, rFrom: number | null, rTo: number | null, lParity?: string | null, rParity?: string | null }): void {
    const s = this.street(name)
    if (!s || coords.length < 2) { this.reject('centreline without a name or a line'); return }
    const flat: number[] = []
    for (const c of coords) flat.push(c[0], c[1])
    const num = (v: number | null) => (v === null || !Number.isFinite(v) ? -1 : v)
    this.segments.push({
      street: s.id,
      dir: Math.max(0, DIRS.indexOf(s.name.dir ?? '')),
      coords: flat,
      lFrom: num(ranges.lFrom),
      lTo: num(ranges.lTo),
      rFrom: num(ranges.rFrom),
      rTo: num(ranges.rTo),
      lParity: (ranges.lParity ?? '').toLowerCase().slice(0, 1),
      rParity: (ranges.rParity ?? '').toLowerCase().slice(0, 1)
    })
  }

  addArea (a: AreaEntry): void { this.areas.push(a) }

  /** Corners where centrelines of two streets meet (end points shared to 10 cm), for cities without a corner list. */
  private cornersFromSegments (): void {
    const at = new Map<string, { lat: number, lon: number, streets: Set<number> }>()
    for (const s of this.segments) {
      for (const i of [0, s.coords.length - 2]) {
        const lon = s.coords[i]
        const lat = s.coords[i + 1]
        const k = `${lon.toFixed(6)},${lat.toFixed(6)}`
        let node = at.get(k)
        if (!node) { node = { lat, lon, streets: new Set() }; at.set(k, node) }
        node.streets.add(s.street)
      }
    }
    for (const node of at.values()) {
      if (node.streets.size < 2) continue
      const ids = [...node.streets].sort((x, y) => x - y)
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          if (this.streetKey[ids[i]] !== this.streetKey[ids[j]]) this.rawCorners.push({ a: ids[i], b: ids[j], lat: node.lat, lon: node.lon })
        }
      }
    }
  }

  finish (): LocalIndex {
    if (this.segments.length > 0) this.cornersFromSegments()
    return new LocalIndex(this)
  }

  /** Corners of the same two streets within 200 m are one corner (a stop on each side of it), at their mean. */
  clusteredCorners (): Array<{ a: number, b: number, lat: number, lon: number }> {
    const byPair = new Map<string, Array<{ lat: number, lon: number, n: number }>>()
    const out: Array<{ a: number, b: number, lat: number, lon: number }> = []
    const sorted = [...this.rawCorners].sort((x, y) => x.a - y.a || x.b - y.b || x.lat - y.lat || x.lon - y.lon)
    for (const c of sorted) {
      const k = `${c.a},${c.b}`
      let clusters = byPair.get(k)
      if (!clusters) { clusters = []; byPair.set(k, clusters) }
      const hit = clusters.find((g) => distanceMeters(g.lat / g.n, g.lon / g.n, c.lat, c.lon) <= CORNER_CLUSTER_M)
      if (hit) { hit.lat += c.lat; hit.lon += c.lon; hit.n++ } else clusters.push({ lat: c.lat, lon: c.lon, n: 1 })
    }
    for (const [k, clusters] of byPair) {
      const [a, b] = k.split(',').map(Number)
      // Rounded to 6 decimals (about 10 cm): a mean of stops is no more precise than that.
      for (const g of clusters) out.push({ a, b, lat: Math.round(g.lat / g.n * 1e6) / 1e6, lon: Math.round(g.lon / g.n * 1e6) / 1e6 })
    }
    return out
  }

  addressColumns (): { street: Int32Array, number: Int32Array, dir: Uint8Array, lat: Float64Array, lon: Float64Array, place: Int32Array } {
    const n = this.apStreet.length
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    const st = this.apStreet
    const nu = this.apNumber
    order.sort((x, y) => st[x] - st[y] || nu[x] - nu[y])
    const out = { street: new Int32Array(n), number: new Int32Array(n), dir: new Uint8Array(n), lat: new Float64Array(n), lon: new Float64Array(n), place: new Int32Array(n) }
    for (let i = 0; i < n; i++) {
      const j = order[i]
      out.street[i] = st[j]
      out.number[i] = nu[j]
      out.dir[i] = this.apDir[j]
      out.lat[i] = this.apLat[j]
      out.lon[i] = this.apLon[j]
      out.place[i] = this.apPlace[j]
    }
    // The growable columns are not needed once frozen.
    this.apStreet = []; this.apNumber = []; this.apDir = []; this.apLat = []; this.apLon = []; this.apPlace = []
    return out
  }
}

/** Equirectangular distance in metres: exact enough within a city, and fast. */
export function distanceMeters (lat1: number, lon1: number, lat2: number, lon2: number): number {
  const x = (lon2 - lon1) * Math.cos(((lat1 + lat2) / 2) * Math.PI / 180)
  const y = lat2 - lat1
  return Math.sqrt(x * x + y * y) * M_PER_DEG
}

export class LocalIndex {
  readonly city: CityInfo
  private readonly streetKey: string[]
  private readonly streetType: Array<string | null>
  private readonly streetLabel: string[]
  private readonly byKey = new Map<string, number[]>()
  private readonly sortedKeys: string[]
  private readonly typo = new Map<string, string[]>()
  // Corners.
  private readonly cA: Int32Array
  private readonly cB: Int32Array
  private readonly cLat: Float64Array
  private readonly cLon: Float64Array
  private readonly cInCity: Int8Array
  private readonly cornersOf = new Map<number, number[]>()
  private readonly cornerTree: Flatbush | null
  // Places.
  private readonly places: LocalIndexBuilder['places']
  private readonly placeTokens: string[][]
  private readonly byToken = new Map<string, number[]>()
  private readonly sortedTokens: string[]
  private readonly placeTree: Flatbush | null
  private readonly cityPlaces: number[]
  private readonly cityTree: Flatbush | null
  // Address points, sorted by street then number.
  private readonly ap: ReturnType<LocalIndexBuilder['addressColumns']>
  private readonly apStart = new Map<number, [number, number]>()
  private readonly apTree: Flatbush | null
  private readonly segments: Segment[]
  private readonly segmentsOf = new Map<number, number[]>()
  private readonly areas: AreaEntry[]
  private readonly areaTokens: string[][]
  private readonly cosLat: number
  readonly stats: BuildStats

  constructor (b: LocalIndexBuilder) {
    this.city = b.city
    this.cosLat = Math.cos(b.city.center.lat * Math.PI / 180)
    this.streetKey = b.streetKey
    this.streetType = b.streetType
    this.streetLabel = b.streetLabel
    for (let id = 0; id < this.streetKey.length; id++) {
      const k = this.streetKey[id]
      const list = this.byKey.get(k)
      if (list) list.push(id); else this.byKey.set(k, [id])
    }
    this.sortedKeys = [...this.byKey.keys()].sort()
    for (const k of this.sortedKeys) {
      if (k.length < 4 || /\d/.test(k)) continue
      for (const d of deletions(k)) {
        const list = this.typo.get(d)
        if (list) list.push(k); else this.typo.set(d, [k])
      }
    }

    const corners = b.clusteredCorners()
    const n = corners.length
    this.cA = new Int32Array(n)
    this.cB = new Int32Array(n)
    this.cLat = new Float64Array(n)
    this.cLon = new Float64Array(n)
    this.cInCity = new Int8Array(n)
    for (let i = 0; i < n; i++) {
      const c = corners[i]
      this.cA[i] = c.a
      this.cB[i] = c.b
      this.cLat[i] = c.lat
      this.cLon[i] = c.lon
      this.cInCity[i] = UNKNOWN
      for (const s of [c.a, c.b]) {
        const list = this.cornersOf.get(s)
        if (list) list.push(i); else this.cornersOf.set(s, [i])
      }
    }
    this.cornerTree = this.tree(n, (i) => [this.cLon[i], this.cLat[i]])

    this.places = b.places
    this.placeTokens = this.places.map((p) => nameTokens(p.name))
    this.placeTokens.forEach((tokens, i) => {
      for (const t of new Set(tokens)) {
        const list = this.byToken.get(t)
        if (list) list.push(i); else this.byToken.set(t, [i])
      }
    })
    this.areas = b.areas
    this.areaTokens = this.areas.map((a) => nameTokens(a.name))
    this.sortedTokens = [...this.byToken.keys()].sort()
    this.placeTree = this.tree(this.places.length, (i) => [this.places[i].lon, this.places[i].lat])
    // Places with a city name say which city a point outside ours is likely in.
    this.cityPlaces = this.places.map((p, i) => (p.city ? i : -1)).filter((i) => i >= 0)
    this.cityTree = this.tree(this.cityPlaces.length, (i) => [this.places[this.cityPlaces[i]].lon, this.places[this.cityPlaces[i]].lat])

    this.ap = b.addressColumns()
    for (let i = 0; i < this.ap.street.length;) {
      const s = this.ap.street[i]
      let j = i
      while (j < this.ap.street.length && this.ap.street[j] === s) j++
      this.apStart.set(s, [i, j])
      i = j
    }
    this.apTree = this.tree(this.ap.lat.length, (i) => [this.ap.lon[i], this.ap.lat[i]], Float32Array)

    this.segments = b.segments
    this.segments.forEach((s, i) => {
      const list = this.segmentsOf.get(s.street)
      if (list) list.push(i); else this.segmentsOf.set(s.street, [i])
    })

    this.stats = {
      streets: this.streetKey.length,
      corners: n,
      places: this.places.length,
      addressPoints: this.ap.lat.length,
      segments: this.segments.length,
      areas: this.areas.length,
      rejected: { ...b.rejected }
    }
  }

  private tree (n: number, at: (i: number) => [number, number], ArrayType: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): Flatbush | null {
    if (n === 0) return null
    const t = new Flatbush(n, 16, ArrayType)
    for (let i = 0; i < n; i++) {
      const [lon, lat] = at(i)
      const x = lon * this.cosLat
      t.add(x, lat, x, lat)
    }
    t.finish()
    return t
  }

  private nearestIn (tree: Flatbush | null, lat: number, lon: number, maxMeters: number, count = 1, filter?: (i: number) => boolean): number[] {
    if (tree === null) return []
    return tree.neighbors(lon * this.cosLat, lat, count, maxMeters / M_PER_DEG, filter)
  }

  // ------------------------------------------------------------------ streets

  private streetLabelOf (id: number): string { return this.streetLabel[id] }

  /** Streets whose name matches the text: exactly, with one typo, or (while typing) as a beginning. */
  matchStreets (text: string, partial: boolean): Map<number, number> {
    const out = new Map<number, number>()
    const put = (id: number, score: number) => { if ((out.get(id) ?? 0) < score) out.set(id, score) }
    const name = streetName(text)
    if (name.key === '') return out
    for (const id of this.byKey.get(name.key) ?? []) put(id, typeScore(name.type, this.streetType[id]))
    if (out.size === 0 && name.key.length >= 4 && !/\d/.test(name.key)) {
      const seen = new Set<string>()
      const consider = (k: string) => {
        if (seen.has(k)) return
        seen.add(k)
        if (editDistance(name.key, k, 1) <= 1) for (const id of this.byKey.get(k) ?? []) put(id, 0.85 * typeScore(name.type, this.streetType[id]))
      }
      for (const k of this.typo.get(name.key) ?? []) consider(k)
      for (const d of deletions(name.key)) {
        if (this.byKey.has(d)) consider(d)
        for (const k of this.typo.get(d) ?? []) consider(k)
      }
    }
    if (partial) {
      const raw = simplify(text)
      // Digits while typing ("1" on the way to "120th") match the numbered streets they begin.
      const prefix = /^\d+$/.test(raw) ? raw : name.type === null ? name.key : ''
      if (prefix.length >= 2 || /^\d+$/.test(prefix)) {
        let lo = 0
        let hi = this.sortedKeys.length
        while (lo < hi) { const mid = (lo + hi) >> 1; if (this.sortedKeys[mid] < prefix) lo = mid + 1; else hi = mid }
        for (let i = lo, taken = 0; i < this.sortedKeys.length && taken < 40 && this.sortedKeys[i].startsWith(prefix); i++, taken++) {
          const k = this.sortedKeys[i]
          if (k === name.key) continue
          if (/^\d+$/.test(prefix) && !/^\d/.test(k)) continue
          for (const id of this.byKey.get(k) ?? []) put(id, 0.6 + 0.3 * (prefix.length / k.length))
        }
      }
      // "main s", "main st" while typing: the last word may be the start of a type.
      const words = raw.split(' ')
      if (words.length >= 2 && words[words.length - 1].length <= 4 && /^[a-z]+$/.test(words[words.length - 1])) {
        for (const [id, s] of this.matchStreets(words.slice(0, -1).join(' '), false)) put(id, s * 0.95)
      }
    }
    return out
  }

  // ------------------------------------------------------------------ search

  search (q: string, opts: SearchOptions = {}): Candidate[] {
    const limit = opts.limit ?? 8
    const near = opts.near ?? null
    const partial = opts.partial ?? true
    const p = parseQuery(q)
    if (p.text === '') return []
    // Another state is not ours to place.
    if (p.state !== null && p.state !== this.city.state) return []
    const out: Candidate[] = []
    const from = near ?? this.city.center

    if (p.intersection) {
      out.push(...this.intersections(p.parts[0], p.parts[1], partial, from))
    } else if (p.houseNumber !== null) {
      out.push(...this.addresses(p.houseNumber, p.parts[0], partial, from))
    } else {
      const streets = this.matchStreets(p.parts[0], partial)
      out.push(...this.cornersOnStreets(streets, from, 0.6, 'corner', null, limit))
    }
    if (p.houseNumber === null) {
      // A corner typed with a separator names no place, unless no corner matched ("Shops at Montebello").
      if (!p.intersection || out.length === 0) out.push(...this.placesNamed(p.text, partial, from))
      out.push(...this.areasNamed(p.text, partial, from))
    }
    // The city typed after a comma: candidates in it first.
    if (p.city !== null) {
      for (const c of out) {
        const inNamed = c.city !== null && simplify(c.city) === p.city
        if (!inNamed && !(p.city === simplify(this.city.name) && c.inCity === true)) c.score = Math.round(c.score * 0.85 * 1000) / 1000
      }
    }
    return this.rank(out, from, opts.preferCity ?? true).slice(0, limit)
  }

  private candidateAt (c: Omit<Candidate, 'city' | 'inCity' | 'distanceMeters' | 'source'> & { inCity?: boolean | null }, from: LatLon): Candidate {
    const inCity = c.inCity !== undefined ? c.inCity : this.city.contains === null ? null : this.city.contains(c.lat, c.lon)
    const city = inCity === true ? this.city.name : inCity === false ? this.cityOf(c.lat, c.lon) : null
    return { ...c, label: inCity === false && c.kind !== 'area' ? `${c.label}${this.outsideSuffix(city)}` : c.label, inCity, city, distanceMeters: roundMeters(distanceMeters(from.lat, from.lon, c.lat, c.lon)), source: 'local' }
  }

  /** ", Santa Monica", or, where the nearest listed city is our own name (unincorporated land), "(outside the city limits)". */
  private outsideSuffix (city: string | null): string {
    return city === null || city === this.city.name ? ` (outside the ${this.city.name} city limits)` : `, ${city}`
  }

  /**
   * The city of a point outside ours: the nearest listed place's city within 5 km (an approximation near
   * borders; null when that is our own name, as postal addresses of unincorporated land often are).
   */
  cityOf (lat: number, lon: number): string | null {
    if (this.city.contains !== null && this.city.contains(lat, lon)) return this.city.name
    const [i] = this.nearestIn(this.cityTree, lat, lon, 5000)
    if (i === undefined) return null
    const name = this.places[this.cityPlaces[i]].city!
    const shown = /[a-z]/.test(name) ? name : titleCase(name)
    return simplify(shown) === simplify(this.city.name) ? null : shown
  }

  private cornerInCity (i: number): boolean | null {
    if (this.cInCity[i] === UNKNOWN) this.cInCity[i] = this.city.contains === null ? -1 : this.city.contains(this.cLat[i], this.cLon[i]) ? 1 : 0
    return this.cInCity[i] === -1 ? null : this.cInCity[i] === 1
  }

  private cornerLabel (i: number): string {
    return `${this.streetLabelOf(this.cA[i])} & ${this.streetLabelOf(this.cB[i])}`
  }

  private cornerCandidate (i: number, score: number, from: LatLon, precision: Precision = 'corner', note: string | null = null, first?: number): Candidate {
    // The street that was typed first is named first.
    const [a, b] = first === this.cB[i] ? [this.cB[i], this.cA[i]] : [this.cA[i], this.cB[i]]
    return this.candidateAt({
      label: `${this.streetLabelOf(a)} & ${this.streetLabelOf(b)}`,
      kind: 'intersection',
      lat: this.cLat[i],
      lon: this.cLon[i],
      score,
      precision,
      note,
      streets: [this.streetLabelOf(a), this.streetLabelOf(b)],
      inCity: this.cornerInCity(i)
    }, from)
  }

  private intersections (first: string, second: string, partial: boolean, from: LatLon): Candidate[] {
    const A = this.matchStreets(first, false)
    if (A.size === 0) return []
    if (second === '') return this.cornersOnStreets(A, from, 0.6, 'corner', null, 8)
    const B = this.matchStreets(second, partial)
    const out: Candidate[] = []
    const seen = new Set<number>()
    for (const [a, sa] of A) {
      for (const i of this.cornersOf.get(a) ?? []) {
        const other = this.cA[i] === a ? this.cB[i] : this.cA[i]
        const sb = B.get(other)
        if (sb === undefined || seen.has(i)) continue
        seen.add(i)
        out.push(this.cornerCandidate(i, Math.round(sa * sb * 1000) / 1000, from, 'corner', null, a))
      }
    }
    return out
  }

  /** Corners on the matched streets, nearest first: what a street alone (or an unplaced house number) can offer. */
  private cornersOnStreets (streets: Map<number, number>, from: LatLon, weight: number, precision: Precision, note: string | null, limit: number): Candidate[] {
    const all: Array<{ i: number, s: number, d: number, street: number }> = []
    for (const [id, s] of streets) {
      for (const i of this.cornersOf.get(id) ?? []) all.push({ i, s, d: distanceMeters(from.lat, from.lon, this.cLat[i], this.cLon[i]), street: id })
    }
    all.sort((x, y) => y.s - x.s || x.d - y.d)
    return all.slice(0, limit).map((c) => this.cornerCandidate(c.i, Math.round(c.s * weight * 1000) / 1000, from, precision, note, c.street))
  }

  private addresses (houseNumber: string, streetText: string, partial: boolean, from: LatLon): Candidate[] {
    const n = parseInt(houseNumber, 10)
    const asked = streetName(streetText)
    const streets = this.matchStreets(streetText, partial)
    const out: Candidate[] = []
    const askedDir = Math.max(0, DIRS.indexOf(asked.dir ?? ''))
    for (const [id, s] of streets) {
      // Address points: the number itself on the street.
      const range = this.apStart.get(id)
      if (range) {
        let lo = range[0]
        let hi = range[1]
        while (lo < hi) { const mid = (lo + hi) >> 1; if (this.ap.number[mid] < n) lo = mid + 1; else hi = mid }
        for (let i = lo; i < range[1] && this.ap.number[i] === n; i++) {
          if (askedDir !== 0 && this.ap.dir[i] !== 0 && this.ap.dir[i] !== askedDir) continue
          const place = this.ap.place[i]
          const label = `${houseNumber.toUpperCase()} ${this.fullStreet(id, this.ap.dir[i])}${place >= 0 ? ` (${this.places[place].name})` : ''}`
          out.push(this.candidateAt({ label, kind: 'address', lat: this.ap.lat[i], lon: this.ap.lon[i], score: s, precision: 'point', note: null }, from))
        }
      }
      // Address ranges: interpolated along the side of the street the number is on.
      for (const si of this.segmentsOf.get(id) ?? []) {
        const seg = this.segments[si]
        if (askedDir !== 0 && seg.dir !== 0 && seg.dir !== askedDir) continue
        const p = interpolate(seg, n)
        if (p === null) continue
        out.push(this.candidateAt({ label: `${houseNumber.toUpperCase()} ${this.fullStreet(id, seg.dir)}`, kind: 'address', lat: p.lat, lon: p.lon, score: Math.round(s * 0.98 * 1000) / 1000, precision: 'interpolated', note: null }, from))
      }
    }
    if (out.length > 0) {
      // An address point and a range can both place one number: the point wins, the range's copy goes.
      const points = out.filter((c) => c.precision === 'point')
      return points.length > 0 ? [...points, ...out.filter((c) => c.precision !== 'point' && !points.some((pt) => distanceMeters(pt.lat, pt.lon, c.lat, c.lon) < 80))] : out
    }
    if (streets.size === 0) return []
    // The street is known but not the number: say so, and offer the street's corners nearest the map view.
    const best = [...streets.entries()].sort((x, y) => y[1] - x[1])[0]
    const hasNumbers = [...streets.keys()].some((id) => this.apStart.has(id) || this.segmentsOf.has(id))
    const note = hasNumbers
      ? `house number ${houseNumber} not found on ${this.streetLabelOf(best[0])}: this is a corner on that street, not the address`
      : `house number ${houseNumber} not placed: no house numbers for ${this.streetLabelOf(best[0])} in the data; this is a corner on that street, not the address`
    return this.cornersOnStreets(streets, from, 0.5, 'street', note, 5)
  }

  private fullStreet (id: number, dir: number): string {
    const d = DIRS[dir]
    return `${d ? `${d.toUpperCase()} ` : ''}${this.streetLabelOf(id)}`
  }

  /** Each word typed matches a word of the name: exactly, as its beginning (the last, while typing), or with one typo. */
  private tokenScore (q: string[], name: string[], partial: boolean): number {
    if (q.length === 0 || name.length === 0) return 0
    let sum = 0
    for (let i = 0; i < q.length; i++) {
      const t = q[i]
      const last = i === q.length - 1
      let best = 0
      for (const w of name) {
        if (w === t) { best = 1; break }
        if (partial && last && t.length >= 2 && w.startsWith(t)) best = Math.max(best, 0.75 + 0.2 * (t.length / w.length))
        else if (t.length >= 5 && !/\d/.test(t) && editDistance(t, w, 1) <= 1) best = Math.max(best, 0.85)
      }
      if (best === 0) return 0
      sum += best
    }
    // Every word of the name typed is better than a few of a long name.
    return (sum / q.length) * (0.75 + 0.25 * Math.min(1, q.length / name.length))
  }

  private placesNamed (text: string, partial: boolean, from: LatLon): Candidate[] {
    const q = nameTokens(text)
    if (q.length === 0) return []
    // Candidates share a word with the query (or begin with its last word, or are one typo from it).
    const ids = new Set<number>()
    for (const t of q) for (const i of this.byToken.get(t) ?? []) ids.add(i)
    const lastWord = q[q.length - 1]
    if (partial && lastWord.length >= 2) {
      let lo = 0
      let hi = this.sortedTokens.length
      while (lo < hi) { const mid = (lo + hi) >> 1; if (this.sortedTokens[mid] < lastWord) lo = mid + 1; else hi = mid }
      for (let i = lo; i < this.sortedTokens.length && i < lo + 50 && this.sortedTokens[i].startsWith(lastWord); i++) for (const p of this.byToken.get(this.sortedTokens[i]) ?? []) ids.add(p)
    }
    if (ids.size === 0) {
      for (const t of q) {
        if (t.length < 5) continue
        for (const w of this.sortedTokens) if (Math.abs(w.length - t.length) <= 1 && editDistance(t, w, 1) <= 1) for (const p of this.byToken.get(w) ?? []) ids.add(p)
      }
    }
    const out: Candidate[] = []
    for (const i of ids) {
      const s = this.tokenScore(q, this.placeTokens[i], partial)
      if (s < 0.5) continue
      const pl = this.places[i]
      out.push(this.candidateAt({ label: pl.address ? `${pl.name}, ${pl.address}` : pl.name, kind: 'place', lat: pl.lat, lon: pl.lon, score: Math.round(s * 1000) / 1000, precision: 'point', note: null }, from))
    }
    return out
  }

  private areasNamed (text: string, partial: boolean, from: LatLon): Candidate[] {
    const q = nameTokens(text)
    const out: Candidate[] = []
    this.areas.forEach((a, i) => {
      const s = this.tokenScore(q, this.areaTokens[i], partial)
      if (s < 0.6) return
      out.push(this.candidateAt({ label: `${a.name} (${a.setLabel})`, kind: 'area' as CandidateKind, lat: a.lat, lon: a.lon, score: Math.round(s * 0.95 * 1000) / 1000, precision: 'area', note: 'the centre of an area, not a place to send a team to', inCity: true }, from))
    })
    return out
  }

  /** Best match first; among equal matches (to 0.05) inside the city first, then nearest. */
  rank (list: Candidate[], from: LatLon, preferCity: boolean): Candidate[] {
    const tier = (c: Candidate) => Math.round(c.score * 20)
    const inside = (c: Candidate) => (!preferCity ? 0 : c.inCity === true ? 0 : c.inCity === null ? 1 : 2)
    const d = (c: Candidate) => distanceMeters(from.lat, from.lon, c.lat, c.lon)
    const seen = new Set<string>()
    return list
      .sort((a, b) => tier(b) - tier(a) || inside(a) - inside(b) || d(a) - d(b) || b.score - a.score)
      .filter((c) => {
        const k = `${c.kind}|${c.label}|${c.lat.toFixed(5)}|${c.lon.toFixed(5)}`
        if (seen.has(k)) return false
        seen.add(k)
        return true
      })
  }

  // ------------------------------------------------------------------ reverse

  nearestCorner (lat: number, lon: number, maxMeters = 2000): NearestCorner | null {
    const [i] = this.nearestIn(this.cornerTree, lat, lon, maxMeters)
    if (i === undefined) return null
    return {
      label: this.cornerLabel(i),
      streets: [this.streetLabelOf(this.cA[i]), this.streetLabelOf(this.cB[i])],
      lat: this.cLat[i],
      lon: this.cLon[i],
      distanceMeters: roundMeters(distanceMeters(lat, lon, this.cLat[i], this.cLon[i]))
    }
  }

  reverse (lat: number, lon: number): ReverseResult {
    const corner = this.nearestCorner(lat, lon)
    const [pi] = this.nearestIn(this.placeTree, lat, lon, 300)
    const place = pi === undefined
      ? null
      : { label: this.places[pi].name, kind: this.places[pi].kind, lat: this.places[pi].lat, lon: this.places[pi].lon, distanceMeters: roundMeters(distanceMeters(lat, lon, this.places[pi].lat, this.places[pi].lon)) }
    const [ai] = this.nearestIn(this.apTree, lat, lon, 60)
    const address = ai === undefined
      ? null
      : { label: `${this.ap.number[ai]} ${this.fullStreet(this.ap.street[ai], this.ap.dir[ai])}`, lat: this.ap.lat[ai], lon: this.ap.lon[ai], distanceMeters: roundMeters(distanceMeters(lat, lon, this.ap.lat[ai], this.ap.lon[ai])) }
    const areas = this.city.areasAt(lat, lon)
    // The city is the union of its areas: the areas just found say whether the point is inside.
    const inCity = this.city.contains === null ? null : Object.keys(areas).length > 0 ? Object.values(areas).some((a) => a !== null) : this.city.contains(lat, lon)
    const areaName = Object.values(areas).find((a) => a !== null) ?? null
    let label: string
    if (address !== null && address.distanceMeters <= 30) label = `near ${address.label} (${address.distanceMeters} m)`
    else if (corner !== null && corner.distanceMeters <= 1000) label = `near ${corner.label} (${corner.distanceMeters} m)`
    else if (place !== null) label = `near ${place.label} (${place.distanceMeters} m)`
    else label = areaName !== null ? `in ${areaName}` : `${lat.toFixed(5)}, ${lon.toFixed(5)}`
    const city = inCity === true ? this.city.name : inCity === false ? this.cityOf(lat, lon) : null
    if (inCity === false) label = `${label}${this.outsideSuffix(city)}`
    return { label, corner, place, address, areas, city, inCity, source: 'local' }
  }
}

/**
 * Where house number n falls on a centreline: the side whose range holds it with the right parity, the
 * fraction of the range along the line, 8 m off the centre to that side. Null when neither side holds it.
 */
export function interpolate (seg: Pick<Segment, 'coords' | 'lFrom' | 'lTo' | 'rFrom' | 'rTo' | 'lParity' | 'rParity'>, n: number): LatLon | null {
  const side = (from: number, to: number, parity: string): number | null => {
    if (from < 0 || to < 0) return null
    const lo = Math.min(from, to)
    const hi = Math.max(from, to)
    if (n < lo || n > hi) return null
    const p = parity === 'o' || parity === 'e' || parity === 'b' ? parity : from % 2 === to % 2 ? (from % 2 === 0 ? 'e' : 'o') : 'b'
    if ((p === 'o' && n % 2 === 0) || (p === 'e' && n % 2 === 1)) return null
    return from === to ? 0.5 : (n - from) / (to - from)
  }
  const left = side(seg.lFrom, seg.lTo, seg.lParity)
  const right = left === null ? side(seg.rFrom, seg.rTo, seg.rParity) : null
  const t = left ?? right
  if (t === null) return null
  const c = seg.coords
  const cos = Math.cos(c[1] * Math.PI / 180)
  let total = 0
  const lengths: number[] = []
  for (let i = 0; i + 3 < c.length; i += 2) {
    const l = Math.hypot((c[i + 2] - c[i]) * cos, c[i + 3] - c[i + 1])
    lengths.push(l)
    total += l
  }
  let want = t * total
  for (let k = 0; k < lengths.length; k++) {
    if (want <= lengths[k] || k === lengths.length - 1) {
      const f = lengths[k] === 0 ? 0 : Math.min(1, want / lengths[k])
      const i = k * 2
      const x0 = c[i] * cos
      const y0 = c[i + 1]
      const dx = (c[i + 2] - c[i]) * cos
      const dy = c[i + 3] - c[i + 1]
      const len = Math.hypot(dx, dy) || 1
      // Left of the direction of digitizing is (-dy, dx); 8 m off the centreline.
      const off = (8 / M_PER_DEG) * (left !== null ? 1 : -1)
      const x = x0 + dx * f + (-dy / len) * off
      const y = y0 + dy * f + (dx / len) * off
      return { lat: y, lon: x / cos }
    }
    want -= lengths[k]
  }
  return null
}
