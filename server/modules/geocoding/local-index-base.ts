// The local index's data as built (streets, corners, address points, segments, places) and its street matching.
import { PointTree } from './geo-math'
import type { BuildStats, CityInfo, LocalIndexBuilder, Segment } from './index-builder'
import { deletions, editDistance, simplify, streetName } from './normalize'
import { PlaceNames } from './place-names'

/** A corner's place in the city, found when first needed (a point-in-polygon test is 20-40 µs). */
export const UNKNOWN = -2

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

/** The index's columns and maps, built once from a LocalIndexBuilder, and the street matching every search starts from. */
export class LocalIndexBase {
  readonly city: CityInfo
  protected readonly streetKey: string[]
  protected readonly streetType: Array<string | null>
  protected readonly streetLabel: string[]
  protected readonly byKey = new Map<string, number[]>()
  protected readonly sortedKeys: string[]
  protected readonly typo = new Map<string, string[]>()
  // Corners.
  protected readonly cA: Int32Array
  protected readonly cB: Int32Array
  protected readonly cLat: Float64Array
  protected readonly cLon: Float64Array
  protected readonly cInCity: Int8Array
  protected readonly cornersOf = new Map<number, number[]>()
  protected readonly cornerTree: PointTree
  protected readonly names: PlaceNames
  // Address points, sorted by street then number.
  protected readonly ap: ReturnType<LocalIndexBuilder['addressColumns']>
  protected readonly apStart = new Map<number, [number, number]>()
  protected readonly apTree: PointTree
  protected readonly segments: Segment[]
  protected readonly segmentsOf = new Map<number, number[]>()
  readonly stats: BuildStats

  constructor (b: LocalIndexBuilder) {
    this.city = b.city
    const cosLat = Math.cos((b.city.center.lat * Math.PI) / 180)
    this.streetKey = b.streetKey
    this.streetType = b.streetType
    this.streetLabel = b.streetLabel
    for (let id = 0; id < this.streetKey.length; id++) {
      const k = this.streetKey[id]
      const list = this.byKey.get(k)
      if (list) list.push(id)
      else this.byKey.set(k, [id])
    }
    this.sortedKeys = [...this.byKey.keys()].sort()
    for (const k of this.sortedKeys) {
      if (k.length < 4 || /\d/.test(k)) continue
      for (const d of deletions(k)) {
        const list = this.typo.get(d)
        if (list) list.push(k)
        else this.typo.set(d, [k])
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
        if (list) list.push(i)
        else this.cornersOf.set(s, [i])
      }
    }
    this.cornerTree = new PointTree(n, (i) => [this.cLat[i], this.cLon[i]], cosLat)
    this.names = new PlaceNames(b.places, b.areas, cosLat, b.city.name)

    this.ap = b.addressColumns()
    for (let i = 0; i < this.ap.street.length;) {
      const s = this.ap.street[i]
      let j = i
      while (j < this.ap.street.length && this.ap.street[j] === s) j++
      this.apStart.set(s, [i, j])
      i = j
    }
    this.apTree = new PointTree(this.ap.lat.length, (i) => [this.ap.lat[i], this.ap.lon[i]], cosLat, Float32Array)

    this.segments = b.segments
    this.segments.forEach((s, i) => {
      const list = this.segmentsOf.get(s.street)
      if (list) list.push(i)
      else this.segmentsOf.set(s.street, [i])
    })

    this.stats = {
      streets: this.streetKey.length,
      corners: n,
      places: b.places.length,
      addressPoints: this.ap.lat.length,
      segments: this.segments.length,
      areas: b.areas.length,
      rejected: { ...b.rejected }
    }
  }

  // ------------------------------------------------------------------ streets

  protected streetLabelOf (id: number): string {
    return this.streetLabel[id]
  }

  /** Streets whose name matches the text: exactly, with one typo, or (while typing) as a beginning. */
  matchStreets (text: string, partial: boolean): Map<number, number> {
    const out = new Map<number, number>()
    const put = (id: number, score: number) => {
      if ((out.get(id) ?? 0) < score) out.set(id, score)
    }
    const name = streetName(text)
    if (name.key === '') return out
    for (const id of this.byKey.get(name.key) ?? []) put(id, typeScore(name.type, this.streetType[id]))
    if (out.size === 0 && name.key.length >= 4 && !/\d/.test(name.key)) {
      const seen = new Set<string>()
      const consider = (k: string) => {
        if (seen.has(k)) return
        seen.add(k)
        if (editDistance(name.key, k, 1) <= 1) {
          for (const id of this.byKey.get(k) ?? []) put(id, 0.85 * typeScore(name.type, this.streetType[id]))
        }
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
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          if (this.sortedKeys[mid] < prefix) lo = mid + 1
          else hi = mid
        }
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
}
