// Named places and areas of the in-process geocoder: found by a few words of their name (the last unfinished
// while typing, one typo), the nearest place to a point, and the city a point outside ours is likely in.
import type { AreaEntry, PlaceEntry } from './index-builder'
import { PointTree } from './geo-math'
import { editDistance, nameTokens, simplify, titleCase } from './normalize'

export interface NameHit {
  i: number
  score: number
}

/** Each word typed matches a word of the name: exactly, as its beginning (the last, while typing), or with one typo. */
export function tokenScore (q: string[], name: string[], partial: boolean): number {
  if (q.length === 0 || name.length === 0) return 0
  let sum = 0
  for (let i = 0; i < q.length; i++) {
    const t = q[i]
    const last = i === q.length - 1
    let best = 0
    for (const w of name) {
      if (w === t) {
        best = 1
        break
      }
      if (partial && last && t.length >= 2 && w.startsWith(t)) best = Math.max(best, 0.75 + 0.2 * (t.length / w.length))
      else if (t.length >= 5 && !/\d/.test(t) && editDistance(t, w, 1) <= 1) best = Math.max(best, 0.85)
    }
    if (best === 0) return 0
    sum += best
  }
  // Every word of the name typed is better than a few of a long name.
  return (sum / q.length) * (0.75 + 0.25 * Math.min(1, q.length / name.length))
}

export class PlaceNames {
  private readonly tokens: string[][]
  private readonly byToken = new Map<string, number[]>()
  private readonly sortedTokens: string[]
  private readonly tree: PointTree
  /** Places with a city name: they say which city a point outside ours is likely in. */
  private readonly withCity: number[]
  private readonly cityTree: PointTree
  private readonly areaTokens: string[][]

  constructor (
    readonly places: readonly PlaceEntry[],
    readonly areas: readonly AreaEntry[],
    cosLat: number,
    private readonly ourCity: string
  ) {
    this.tokens = places.map((p) => nameTokens(p.name))
    this.tokens.forEach((tokens, i) => {
      for (const t of new Set(tokens)) {
        const list = this.byToken.get(t)
        if (list) list.push(i)
        else this.byToken.set(t, [i])
      }
    })
    this.sortedTokens = [...this.byToken.keys()].sort()
    this.tree = new PointTree(places.length, (i) => [places[i].lat, places[i].lon], cosLat)
    this.withCity = places.map((p, i) => (p.city ? i : -1)).filter((i) => i >= 0)
    this.cityTree = new PointTree(this.withCity.length, (i) => [places[this.withCity[i]].lat, places[this.withCity[i]].lon], cosLat)
    this.areaTokens = areas.map((a) => nameTokens(a.name))
  }

  /** Places whose name the text matches well enough (score ≥ 0.5). */
  placesNamed (text: string, partial: boolean): NameHit[] {
    const q = nameTokens(text)
    if (q.length === 0) return []
    // Candidates share a word with the query (or begin with its last word, or are one typo from it).
    const ids = new Set<number>()
    for (const t of q) for (const i of this.byToken.get(t) ?? []) ids.add(i)
    const lastWord = q[q.length - 1]
    if (partial && lastWord.length >= 2) {
      let lo = 0
      let hi = this.sortedTokens.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (this.sortedTokens[mid] < lastWord) lo = mid + 1
        else hi = mid
      }
      for (let i = lo; i < this.sortedTokens.length && i < lo + 50 && this.sortedTokens[i].startsWith(lastWord); i++) {
        for (const p of this.byToken.get(this.sortedTokens[i]) ?? []) ids.add(p)
      }
    }
    if (ids.size === 0) {
      for (const t of q) {
        if (t.length < 5) continue
        for (const w of this.sortedTokens) {
          if (Math.abs(w.length - t.length) <= 1 && editDistance(t, w, 1) <= 1) for (const p of this.byToken.get(w) ?? []) ids.add(p)
        }
      }
    }
    const out: NameHit[] = []
    for (const i of ids) {
      const score = tokenScore(q, this.tokens[i], partial)
      if (score >= 0.5) out.push({ i, score })
    }
    return out
  }

  /** Areas whose name the text matches well enough (score ≥ 0.6). */
  areasNamed (text: string, partial: boolean): NameHit[] {
    const q = nameTokens(text)
    const out: NameHit[] = []
    this.areaTokens.forEach((tokens, i) => {
      const score = tokenScore(q, tokens, partial)
      if (score >= 0.6) out.push({ i, score })
    })
    return out
  }

  nearest (lat: number, lon: number, maxMeters: number): number | undefined {
    return this.tree.nearest(lat, lon, maxMeters)[0]
  }

  /**
   * The city of a point outside ours: the nearest listed place's city within 5 km (an approximation near
   * borders; null when that is our own name, as postal addresses of unincorporated land often are).
   */
  cityNear (lat: number, lon: number): string | null {
    const [i] = this.cityTree.nearest(lat, lon, 5000)
    if (i === undefined) return null
    const name = this.places[this.withCity[i]].city!
    const shown = /[a-z]/.test(name) ? name : titleCase(name)
    return simplify(shown) === simplify(this.ourCity) ? null : shown
  }
}
