// The geocoding module's one interface: search and reverse through the providers in GEOCODERS order (the
// first that answers well wins, the others are fallbacks), the nearest corner for a care team's phone, the
// check of a typed address against a pin, and placing an address that came without coordinates (911
// transfers, imported history): placed only when one place clearly matches, never a guessed point.
import type { Candidate, GeocoderName, HeldReason, LocationMismatch, NearestCorner, ReverseResult } from '../../contracts/geocoding'
import type { AreaSets } from '../../lib/area-sets'
import type { GeocodingConfig } from './geocoding.config'
import { distanceMeters, roundMeters, type LatLon } from './geo-math'
import type { LocalIndex } from './local-index'
import { buildLocalIndex } from './local-sources'
import { parseQuery, simplify } from './normalize'
import { createArcgis, createCensus, createNominatim, createPelias, type RemoteCandidate, type RemoteGeocoder } from './providers'
import { CircuitBreaker, RemoteError, TtlCache, type FetchLike } from './remote'

/** A typed address this far from the pin gets a warning. */
export const MISMATCH_METERS = 500
/** A candidate this good, of a point-like precision, in the city, and alone at its level, is placed without a person. */
const PLACE_SCORE = 0.94

export interface SearchRequest {
  q: string
  near?: LatLon | null
  limit?: number
  /** The last word may be unfinished (the dispatcher is typing). */
  partial?: boolean
}

export interface AddressParts {
  /** The street line (house number, street) or a place's name. */
  text: string
  city?: string | null
  /** Two-letter state code. */
  state?: string | null
  zip?: string | null
  /** ISO country code, when given. */
  country?: string | null
}

export type Placement =
  | { status: 'placed'; candidate: Candidate; candidates: Candidate[] }
  | { status: HeldReason; reasonText: string; candidates: Candidate[] }

export interface GeocodingDeps {
  config: GeocodingConfig
  areas?: AreaSets
  fetch?: FetchLike
  now?: () => number
  /** Where a provider's failure is reported (the app's logger). */
  onProviderError?: (provider: GeocoderName, err: Error) => void
  /** An index already built (tests, the bench); otherwise built from config.files. */
  index?: Promise<LocalIndex>
}

const indexes = new Map<string, Promise<LocalIndex>>()

/** One index per city and file list per process: every app and CLI in it shares the build. */
function sharedIndex (config: GeocodingConfig, areas: AreaSets | undefined): Promise<LocalIndex> {
  const key = JSON.stringify({ files: config.files, city: config.city, areas: areas?.sets.map((s) => s.id) ?? [] })
  let p = indexes.get(key)
  if (p === undefined) {
    p = buildLocalIndex(config, areas)
    p.catch(() => indexes.delete(key))
    indexes.set(key, p)
  }
  return p
}

const tier = (c: { score: number }): number => Math.round(c.score * 20)

export function createGeocodingService (deps: GeocodingDeps) {
  const { config } = deps
  const now = deps.now ?? (() => Date.now())
  const fetchImpl: FetchLike = deps.fetch ?? (async (url, init) => await fetch(url, init))
  // Built on the first ready(): a command that never geocodes (creating a user) never pays for it.
  let indexPromise: Promise<LocalIndex> | null = deps.index ?? null
  let index: LocalIndex | null = null

  const remotes = new Map<GeocoderName, RemoteGeocoder>()
  for (const name of config.order) {
    if (name === 'local') continue
    const http = {
      provider: name,
      timeoutMs: config.timeoutMs,
      fetch: fetchImpl,
      breaker: new CircuitBreaker(config.breakerFailures, config.breakerCoolDownMs, now),
      cache: new TtlCache<unknown>(config.cacheSize, config.cacheTtlMs, now),
      headers: { 'user-agent': config.userAgent }
    }
    const r = config.remote
    if (name === 'pelias' && r.pelias) remotes.set(name, createPelias(r.pelias, http))
    if (name === 'nominatim' && r.nominatim) remotes.set(name, createNominatim(r.nominatim, http))
    if (name === 'arcgis' && r.arcgis) remotes.set(name, createArcgis(r.arcgis, http))
    if (name === 'census') remotes.set(name, createCensus(r.census, http))
  }

  const local = (): LocalIndex => {
    if (index === null) throw new Error('geocoding index not built yet: await ready() first')
    return index
  }

  /** A remote candidate with the city's boundary, the city and the distance, as the local ones have. */
  const enrich = (c: RemoteCandidate, source: GeocoderName, from: LatLon): Candidate => {
    const idx = local()
    const inCity = idx.city.contains === null ? null : idx.city.contains(c.lat, c.lon)
    return {
      label: c.label,
      kind: c.kind,
      lat: c.lat,
      lon: c.lon,
      score: c.score,
      source,
      precision: c.precision,
      city: c.city ?? (inCity === true ? idx.city.name : null),
      inCity,
      distanceMeters: roundMeters(distanceMeters(from.lat, from.lon, c.lat, c.lon)),
      note:
        c.precision === 'street'
          ? 'the street, not the house number asked'
          : c.precision === 'area'
            ? 'the centre of an area, not a place to send a team to'
            : null
    }
  }

  /** Good enough to stop asking: a close match of a place a team can be sent to, in the city. */
  const answersWell = (list: Candidate[]): boolean => {
    const top = list[0]
    return top !== undefined && top.score >= 0.8 && top.precision !== 'street' && top.precision !== 'area' && top.inCity !== false
  }

  async function ask (name: GeocoderName, req: Required<SearchRequest>, from: LatLon): Promise<Candidate[]> {
    const idx = local()
    if (name === 'local') return idx.search(req.q, { near: req.near, limit: req.limit, partial: req.partial })
    const remote = remotes.get(name)!
    const p = parseQuery(req.q)
    const found = await remote.search({
      text: req.q,
      near: req.near,
      limit: req.limit,
      partial: req.partial,
      houseNumber: p.houseNumber
    })
    return idx.rank(
      found.map((c) => enrich(c, name, from)),
      from,
      true
    )
  }

  const service = {
    /** Resolves once the in-process index is built (the server awaits it before listening). */
    async ready (): Promise<LocalIndex> {
      indexPromise ??= sharedIndex(config, deps.areas)
      index = await indexPromise
      return index
    },

    /** The index is built: in-process lookups (nearest corner, address check) answer. */
    isReady: (): boolean => index !== null,

    /** Candidates for what was typed, best first; a failing provider is passed over (and reported). */
    async search (r: SearchRequest): Promise<Candidate[]> {
      const req = { q: r.q, near: r.near ?? null, limit: r.limit ?? 8, partial: r.partial ?? true }
      const from = req.near ?? local().city.center
      const answered: Candidate[] = []
      let failures = 0
      for (const name of config.order) {
        let list: Candidate[]
        try {
          list = await ask(name, req, from)
        } catch (e) {
          failures++
          deps.onProviderError?.(name, e as Error)
          continue
        }
        if (answersWell(list)) return list.slice(0, req.limit)
        answered.push(...list)
      }
      if (failures === config.order.length) throw new RemoteError(config.order.join(','), 'network', 'every geocoder failed')
      return local().rank(answered, from, true).slice(0, req.limit)
    },

    /** The nearest corner, place and areas at a point; the address from the first remote geocoder that knows it. */
    async reverse (lat: number, lon: number): Promise<ReverseResult> {
      const base = local().reverse(lat, lon)
      for (const name of config.order) {
        if (name === 'local') return base
        const remote = remotes.get(name)
        if (remote?.reverse === undefined) continue
        try {
          const a = await remote.reverse(lat, lon)
          if (a === null) continue
          const d = roundMeters(distanceMeters(lat, lon, a.lat, a.lon))
          return {
            ...base,
            address: { label: a.label, lat: a.lat, lon: a.lon, distanceMeters: d },
            label: `near ${a.label} (${d} m)${base.inCity === false && a.city ? `, ${a.city}` : ''}`,
            source: name
          }
        } catch (e) {
          deps.onProviderError?.(name, e as Error)
        }
      }
      return base
    },

    /** The nearest street corner within 2 km (in process, never remote): what a care team's phone shows. */
    nearestCorner (lat: number, lon: number): NearestCorner | null {
      return local().nearestCorner(lat, lon)
    },

    /**
     * Where the typed address text is, if the city's own data finds it with confidence, when that is over
     * 500 m from the pin; else null. In process only (intake must not wait on a remote service).
     */
    checkAddress (address: string, lat: number, lon: number): LocationMismatch | null {
      const found = local().search(address, { near: { lat, lon }, limit: 3, partial: false, preferCity: false })
      const top = found[0]
      if (top === undefined || top.score < 0.9 || top.precision === 'street' || top.precision === 'area') return null
      const d = distanceMeters(lat, lon, top.lat, top.lon)
      return d > MISMATCH_METERS ? { label: top.label, lat: top.lat, lon: top.lon, distanceMeters: roundMeters(d) } : null
    },

    /**
     * An address without coordinates, placed only when one candidate clearly matches: a point, a range, a corner
     * or a place, scored as an exact match, inside the city, with no equal match elsewhere. Otherwise the
     * reason (not found, ambiguous, approximate, outside, unavailable) and what was found, for a person.
     */
    async place (a: AddressParts): Promise<Placement> {
      const idx = local()
      const state = a.state?.trim().toLowerCase() || null
      const country = a.country?.trim().toUpperCase() || null
      if (country !== null && !['US', 'USA'].includes(country)) {
        return { status: 'outside', reasonText: `the address is in ${country}, not the United States`, candidates: [] }
      }
      if (state !== null && state !== idx.city.state) {
        return {
          status: 'outside',
          reasonText: `the address is in ${state.toUpperCase()}, not ${idx.city.state.toUpperCase()}`,
          candidates: []
        }
      }
      const text = a.text.trim()
      if (text === '') return { status: 'not_found', reasonText: 'no street or place in the address', candidates: [] }
      // Remote services read the city and ZIP; the local index ranks by its own boundary.
      const full = [text, a.city, [state?.toUpperCase(), a.zip].filter(Boolean).join(' ')]
        .filter((x) => x && x.trim() !== '')
        .join(', ')
      let candidates: Candidate[]
      try {
        candidates = await service.searchEach(text, full)
      } catch (e) {
        return { status: 'unavailable', reasonText: `no geocoder answered (${(e as Error).message})`, candidates: [] }
      }
      const top = candidates[0]
      if (top === undefined) {
        return { status: 'not_found', reasonText: `"${text}" matches no address, corner or place the geocoders know`, candidates }
      }
      if (top.precision === 'street') {
        return { status: 'approximate', reasonText: top.note ?? 'only the street was found, not the house number', candidates }
      }
      if (top.precision === 'area') {
        return { status: 'approximate', reasonText: 'only an area was found, not a place to send a team to', candidates }
      }
      if (top.score < PLACE_SCORE) {
        return { status: 'ambiguous', reasonText: `the best match, ${top.label}, is not exact (score ${top.score})`, candidates }
      }
      if (top.inCity === false) return { status: 'outside', reasonText: `${top.label} is outside ${idx.city.name}`, candidates }
      const rival = candidates
        .slice(1)
        .find(
          (c) =>
            tier(c) === tier(top) &&
            c.inCity === top.inCity &&
            c.precision !== 'street' &&
            distanceMeters(c.lat, c.lon, top.lat, top.lon) > 300
        )
      if (rival !== undefined) return { status: 'ambiguous', reasonText: `${top.label} and ${rival.label} match equally`, candidates }
      // The address names a city: ours, or one of our areas (postal addresses in Los Angeles often say
      // "Van Nuys" or "Wilmington"). Another name means the match in our city may be the wrong one.
      if (a.city && a.city.trim() !== '') {
        const named = simplify(a.city)
        const ours =
          named === simplify(idx.city.name) ||
          Object.values(idx.city.areasAt(top.lat, top.lon)).some((n) => n !== null && simplify(n) === named) ||
          (top.city !== null && simplify(top.city) === named)
        if (!ours) {
          const there = candidates.find((c) => c.city !== null && simplify(c.city) === named)
          return there !== undefined
            ? { status: 'outside', reasonText: `the address is in ${a.city}: ${there.label}`, candidates }
            : {
                status: 'ambiguous',
                reasonText: `the address names ${a.city}, but the match, ${top.label}, is in ${idx.city.name}`,
                candidates
              }
        }
      }
      return { status: 'placed', candidate: top, candidates }
    },

    /** Search for placing: the local index with the street line, remote services with the full address. */
    async searchEach (text: string, full: string): Promise<Candidate[]> {
      const from = local().city.center
      const answered: Candidate[] = []
      let failures = 0
      for (const name of config.order) {
        let list: Candidate[]
        try {
          list = await ask(name, { q: name === 'local' ? text : full, near: null, limit: 5, partial: false }, from)
        } catch (e) {
          failures++
          deps.onProviderError?.(name, e as Error)
          continue
        }
        if (answersWell(list)) return list
        answered.push(...list)
      }
      if (failures === config.order.length) throw new RemoteError(config.order.join(','), 'network', 'every geocoder failed')
      return local().rank(answered, from, true).slice(0, 5)
    },

    /** What the index holds (for the start-up log and the bench). */
    stats: () => local().stats,
    city: () => local().city
  }
  return service
}

export type GeocodingService = ReturnType<typeof createGeocodingService>
