// Collects a city's data for the in-process geocoder (corners, places, address points, centrelines, areas)
// and freezes it into a LocalIndex. No I/O: local-sources.ts reads the files.
import { distanceMeters, type RangeSegment } from './geo-math'
import { LocalIndex } from './local-index'
import { DIRS, streetName, titleCase, type StreetName } from './normalize'

/** What the index needs to know of the city: its name, state, centre, and whether a point is inside. */
export interface CityInfo {
  name: string
  /** Two-letter state code, lower case ("ca"). */
  state: string
  center: { lat: number; lon: number }
  /** Inside the city's boundary (null: no boundary known). */
  contains: ((lat: number, lon: number) => boolean) | null
  /** Area set id → area name at a point. */
  areasAt: (lat: number, lon: number) => Record<string, string | null>
}

export interface AreaEntry {
  name: string
  setLabel: string
  lat: number
  lon: number
}

export interface PlaceEntry {
  name: string
  kind: string
  address: string | null
  city: string | null
  lat: number
  lon: number
}

export interface Segment extends RangeSegment {
  street: number
  dir: number
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

const CORNER_CLUSTER_M = 200

/** Collects the city's data, then freezes it into a LocalIndex. */
export class LocalIndexBuilder {
  private readonly streetIds = new Map<string, number>()
  readonly streetKey: string[] = []
  readonly streetType: Array<string | null> = []
  readonly streetLabel: string[] = []
  private readonly rawCorners: Array<{ a: number; b: number; lat: number; lon: number }> = []
  readonly places: PlaceEntry[] = []
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
  private readonly seen = new Map<string, { id: number; name: StreetName } | null>()

  /** The street's id (made on first sight); null for an empty name. */
  street (raw: string): { id: number; name: StreetName } | null {
    const known = this.seen.get(raw)
    if (known !== undefined) return known
    const out = this.newStreet(raw)
    if (this.seen.size < 500_000) this.seen.set(raw, out)
    return out
  }

  private newStreet (raw: string): { id: number; name: StreetName } | null {
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
    if (!sa || !sb) {
      this.reject('corner without two streets')
      return
    }
    if (sa.id === sb.id) {
      this.reject('corner of a street with itself')
      return
    }
    this.rawCorners.push({ a: Math.min(sa.id, sb.id), b: Math.max(sa.id, sb.id), lat, lon })
  }

  addPlace (p: { name: string; kind: string; address?: string | null; city?: string | null; lat: number; lon: number }): void {
    const name = p.name.trim()
    if (name === '') {
      this.reject('place without a name')
      return
    }
    const idx = this.places.length
    this.places.push({ name, kind: p.kind, address: p.address?.trim() || null, city: p.city?.trim() || null, lat: p.lat, lon: p.lon })
    // A place's own address is an address point too ("1812 Verdugo Blvd" finds the hospital).
    if (p.address) {
      const m = /^\s*(\d+)[A-Za-z]?\s+(.+)$/.exec(p.address.split(',')[0])
      const street = m?.[2]
        .replace(/\s+(#|apt|ste|suite|unit|bldg|fl|floor|rm|room)\b.*$/i, '')
        .replace(/\.$/, '')
        .trim()
      if (m && street) this.addAddressPoint(m[1], street, p.lat, p.lon, idx)
    }
  }

  addAddressPoint (number: string, street: string, lat: number, lon: number, place = -1): void {
    const n = parseInt(number, 10)
    const s = this.street(street)
    if (!Number.isFinite(n) || n < 0 || !s) {
      this.reject('address point without a number and a street')
      return
    }
    this.apStreet.push(s.id)
    this.apNumber.push(n)
    this.apDir.push(Math.max(0, DIRS.indexOf(s.name.dir ?? '')))
    this.apLat.push(lat)
    this.apLon.push(lon)
    this.apPlace.push(place)
  }

  /** A street centreline with address ranges on each side (coords: [lon, lat] pairs in digitized order). */
  addSegment (
    name: string,
    coords: Array<readonly number[]>,
    ranges: {
      lFrom: number | null
      lTo: number | null
      rFrom: number | null
      rTo: number | null
      lParity?: string | null
      rParity?: string | null
    }
  ): void {
    const s = this.street(name)
    if (!s || coords.length < 2) {
      this.reject('centreline without a name or a line')
      return
    }
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

  addArea (a: AreaEntry): void {
    this.areas.push(a)
  }

  /** Corners where centrelines of two streets meet (end points shared to 10 cm), for cities without a corner list. */
  private cornersFromSegments (): void {
    const at = new Map<string, { lat: number; lon: number; streets: Set<number> }>()
    for (const s of this.segments) {
      for (const i of [0, s.coords.length - 2]) {
        const lon = s.coords[i]
        const lat = s.coords[i + 1]
        const k = `${lon.toFixed(6)},${lat.toFixed(6)}`
        let node = at.get(k)
        if (!node) {
          node = { lat, lon, streets: new Set() }
          at.set(k, node)
        }
        node.streets.add(s.street)
      }
    }
    for (const node of at.values()) {
      if (node.streets.size < 2) continue
      const ids = [...node.streets].sort((x, y) => x - y)
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          if (this.streetKey[ids[i]] !== this.streetKey[ids[j]]) {
            this.rawCorners.push({ a: ids[i], b: ids[j], lat: node.lat, lon: node.lon })
          }
        }
      }
    }
  }

  finish (): LocalIndex {
    if (this.segments.length > 0) this.cornersFromSegments()
    return new LocalIndex(this)
  }

  /** Corners of the same two streets within 200 m are one corner (a stop on each side of it), at their mean. */
  clusteredCorners (): Array<{ a: number; b: number; lat: number; lon: number }> {
    const byPair = new Map<string, Array<{ lat: number; lon: number; n: number }>>()
    const out: Array<{ a: number; b: number; lat: number; lon: number }> = []
    const sorted = [...this.rawCorners].sort((x, y) => x.a - y.a || x.b - y.b || x.lat - y.lat || x.lon - y.lon)
    for (const c of sorted) {
      const k = `${c.a},${c.b}`
      let clusters = byPair.get(k)
      if (!clusters) {
        clusters = []
        byPair.set(k, clusters)
      }
      const hit = clusters.find((g) => distanceMeters(g.lat / g.n, g.lon / g.n, c.lat, c.lon) <= CORNER_CLUSTER_M)
      if (hit) {
        hit.lat += c.lat
        hit.lon += c.lon
        hit.n++
      } else clusters.push({ lat: c.lat, lon: c.lon, n: 1 })
    }
    for (const [k, clusters] of byPair) {
      const [a, b] = k.split(',').map(Number)
      // Rounded to 6 decimals (about 10 cm): a mean of stops is no more precise than that.
      for (const g of clusters) {
        out.push({ a, b, lat: Math.round((g.lat / g.n) * 1e6) / 1e6, lon: Math.round((g.lon / g.n) * 1e6) / 1e6 })
      }
    }
    return out
  }

  addressColumns (): {
    street: Int32Array
    number: Int32Array
    dir: Uint8Array
    lat: Float64Array
    lon: Float64Array
    place: Int32Array
  } {
    const n = this.apStreet.length
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    const st = this.apStreet
    const nu = this.apNumber
    order.sort((x, y) => st[x] - st[y] || nu[x] - nu[y])
    const out = {
      street: new Int32Array(n),
      number: new Int32Array(n),
      dir: new Uint8Array(n),
      lat: new Float64Array(n),
      lon: new Float64Array(n),
      place: new Int32Array(n)
    }
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
    this.apStreet = []
    this.apNumber = []
    this.apDir = []
    this.apLat = []
    this.apLon = []
    this.apPlace = []
    return out
  }
}
