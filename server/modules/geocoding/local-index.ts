// The in-process geocoder: a city's streets, corners, address points, address ranges, named places and
// areas in memory, searched as the dispatcher types and looked up in reverse. Built once at start from the
// files of GEOCODER_FILES (local-sources.ts, index-builder.ts); no I/O here.
import type { Candidate, CandidateKind, NearestCorner, Precision, ReverseResult } from '../../contracts/geocoding'
import { distanceMeters, interpolate, roundMeters, type LatLon } from './geo-math'
import { DIRS, parseQuery, simplify, streetName } from './normalize'
import { LocalIndexBase, UNKNOWN } from './local-index-base'

export type { LatLon } from './geo-math'

export interface SearchOptions {
  near?: LatLon | null
  limit?: number
  /** The last word may be unfinished (suggestions as the dispatcher types). */
  partial?: boolean
  /** Inside the city first among equal matches (off for checking an address against a pin). */
  preferCity?: boolean
}

export class LocalIndex extends LocalIndexBase {
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
      if (!p.intersection || out.length === 0) {
        for (const { i, score } of this.names.placesNamed(p.text, partial)) {
          const pl = this.names.places[i]
          out.push(
            this.candidateAt(
              {
                label: pl.address ? `${pl.name}, ${pl.address}` : pl.name,
                kind: 'place',
                lat: pl.lat,
                lon: pl.lon,
                score: Math.round(score * 1000) / 1000,
                precision: 'point',
                note: null
              },
              from
            )
          )
        }
      }
      for (const { i, score } of this.names.areasNamed(p.text, partial)) {
        const a = this.names.areas[i]
        out.push(
          this.candidateAt(
            {
              label: `${a.name} (${a.setLabel})`,
              kind: 'area' as CandidateKind,
              lat: a.lat,
              lon: a.lon,
              score: Math.round(score * 0.95 * 1000) / 1000,
              precision: 'area',
              note: 'the centre of an area, not a place to send a team to',
              inCity: true
            },
            from
          )
        )
      }
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

  private candidateAt (
    c: Omit<Candidate, 'city' | 'inCity' | 'distanceMeters' | 'source'> & { inCity?: boolean | null },
    from: LatLon
  ): Candidate {
    const inCity = c.inCity !== undefined ? c.inCity : this.city.contains === null ? null : this.city.contains(c.lat, c.lon)
    const city = inCity === true ? this.city.name : inCity === false ? this.cityOf(c.lat, c.lon) : null
    return {
      ...c,
      label: inCity === false && c.kind !== 'area' ? `${c.label}${this.outsideSuffix(city)}` : c.label,
      inCity,
      city,
      distanceMeters: roundMeters(distanceMeters(from.lat, from.lon, c.lat, c.lon)),
      source: 'local'
    }
  }

  /** ", Santa Monica", or, where the nearest listed city is our own name (unincorporated land), "(outside the city limits)". */
  private outsideSuffix (city: string | null): string {
    return city === null || city === this.city.name ? ` (outside the ${this.city.name} city limits)` : `, ${city}`
  }

  /** The city of a point: ours inside the boundary, else the nearest listed place's (see PlaceNames.cityNear). */
  cityOf (lat: number, lon: number): string | null {
    if (this.city.contains !== null && this.city.contains(lat, lon)) return this.city.name
    return this.names.cityNear(lat, lon)
  }

  private cornerInCity (i: number): boolean | null {
    if (this.cInCity[i] === UNKNOWN) {
      this.cInCity[i] = this.city.contains === null ? -1 : this.city.contains(this.cLat[i], this.cLon[i]) ? 1 : 0
    }
    return this.cInCity[i] === -1 ? null : this.cInCity[i] === 1
  }

  private cornerLabel (i: number): string {
    return `${this.streetLabelOf(this.cA[i])} & ${this.streetLabelOf(this.cB[i])}`
  }

  private cornerCandidate (
    i: number,
    score: number,
    from: LatLon,
    precision: Precision = 'corner',
    note: string | null = null,
    first?: number
  ): Candidate {
    // The street that was typed first is named first.
    const [a, b] = first === this.cB[i] ? [this.cB[i], this.cA[i]] : [this.cA[i], this.cB[i]]
    return this.candidateAt(
      {
        label: `${this.streetLabelOf(a)} & ${this.streetLabelOf(b)}`,
        kind: 'intersection',
        lat: this.cLat[i],
        lon: this.cLon[i],
        score,
        precision,
        note,
        streets: [this.streetLabelOf(a), this.streetLabelOf(b)],
        inCity: this.cornerInCity(i)
      },
      from
    )
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
  private cornersOnStreets (
    streets: Map<number, number>,
    from: LatLon,
    weight: number,
    precision: Precision,
    note: string | null,
    limit: number
  ): Candidate[] {
    const all: Array<{ i: number; s: number; d: number; street: number }> = []
    for (const [id, s] of streets) {
      for (const i of this.cornersOf.get(id) ?? []) {
        all.push({ i, s, d: distanceMeters(from.lat, from.lon, this.cLat[i], this.cLon[i]), street: id })
      }
    }
    all.sort((x, y) => y.s - x.s || x.d - y.d)
    return all
      .slice(0, limit)
      .map((c) => this.cornerCandidate(c.i, Math.round(c.s * weight * 1000) / 1000, from, precision, note, c.street))
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
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          if (this.ap.number[mid] < n) lo = mid + 1
          else hi = mid
        }
        for (let i = lo; i < range[1] && this.ap.number[i] === n; i++) {
          if (askedDir !== 0 && this.ap.dir[i] !== 0 && this.ap.dir[i] !== askedDir) continue
          const place = this.ap.place[i]
          const label = `${houseNumber.toUpperCase()} ${this.fullStreet(id, this.ap.dir[i])}${
            place >= 0 ? ' ' + `(${this.names.places[place].name})` : ''
          }`
          out.push(
            this.candidateAt(
              { label, kind: 'address', lat: this.ap.lat[i], lon: this.ap.lon[i], score: s, precision: 'point', note: null },
              from
            )
          )
        }
      }
      // Address ranges: interpolated along the side of the street the number is on.
      for (const si of this.segmentsOf.get(id) ?? []) {
        const seg = this.segments[si]
        if (askedDir !== 0 && seg.dir !== 0 && seg.dir !== askedDir) continue
        const p = interpolate(seg, n)
        if (p === null) continue
        out.push(
          this.candidateAt(
            {
              label: `${houseNumber.toUpperCase()} ${this.fullStreet(id, seg.dir)}`,
              kind: 'address',
              lat: p.lat,
              lon: p.lon,
              score: Math.round(s * 0.98 * 1000) / 1000,
              precision: 'interpolated',
              note: null
            },
            from
          )
        )
      }
    }
    if (out.length > 0) {
      // An address point and a range can both place one number: the point wins, the range's copy goes.
      const points = out.filter((c) => c.precision === 'point')
      return points.length > 0
        ? [
            ...points,
            ...out.filter((c) => c.precision !== 'point' && !points.some((pt) => distanceMeters(pt.lat, pt.lon, c.lat, c.lon) < 80))
          ]
        : out
    }
    if (streets.size === 0) return []
    // The street is known but not the number: say so, and offer the street's corners nearest the map view.
    const best = [...streets.entries()].sort((x, y) => y[1] - x[1])[0]
    const hasNumbers = [...streets.keys()].some((id) => this.apStart.has(id) || this.segmentsOf.has(id))
    const note = hasNumbers
      ? `house number ${houseNumber} not found on ${this.streetLabelOf(best[0])}: this is a corner on that street, not the address`
      : `house number ${houseNumber} not placed: no house numbers for ${this.streetLabelOf(best[0])} in the data; this is a corner on ` +
        'that street, not the address'
    return this.cornersOnStreets(streets, from, 0.5, 'street', note, 5)
  }

  private fullStreet (id: number, dir: number): string {
    const d = DIRS[dir]
    return `${d ? `${d.toUpperCase()} ` : ''}${this.streetLabelOf(id)}`
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
    const [i] = this.cornerTree.nearest(lat, lon, maxMeters)
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
    const pi = this.names.nearest(lat, lon, 300)
    const pl = pi === undefined ? null : this.names.places[pi]
    const place =
      pl === null
        ? null
        : {
            label: pl.name,
            kind: pl.kind,
            lat: pl.lat,
            lon: pl.lon,
            distanceMeters: roundMeters(distanceMeters(lat, lon, pl.lat, pl.lon))
          }
    const [ai] = this.apTree.nearest(lat, lon, 60)
    const address =
      ai === undefined
        ? null
        : {
            label: `${this.ap.number[ai]} ${this.fullStreet(this.ap.street[ai], this.ap.dir[ai])}`,
            lat: this.ap.lat[ai],
            lon: this.ap.lon[ai],
            distanceMeters: roundMeters(distanceMeters(lat, lon, this.ap.lat[ai], this.ap.lon[ai]))
          }
    const areas = this.city.areasAt(lat, lon)
    // The city is the union of its areas: the areas just found say whether the point is inside.
    const inCity =
      this.city.contains === null
        ? null
        : Object.keys(areas).length > 0
          ? Object.values(areas).some((a) => a !== null)
          : this.city.contains(lat, lon)
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
