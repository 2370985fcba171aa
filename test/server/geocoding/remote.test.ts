// Remote geocoders against their recorded answers (test/fixtures/geocode/remote), the circuit breaker, the cache,
// and the chain: a provider that times out or fails hands over to the next one, and to `local`. No network.
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GeocodingConfig } from '../../../server/modules/geocoding/geocoding.config'
import { createGeocodingService } from '../../../server/modules/geocoding/geocoding.service'
import { buildLocalIndex } from '../../../server/modules/geocoding/local-sources'
import type { LocalIndex } from '../../../server/modules/geocoding/local-index'
import {
  parseArcgisCandidates,
  parseArcgisReverse,
  parseCensus,
  parseNominatimReverse,
  parseNominatimSearch,
  parsePelias
} from '../../../server/modules/geocoding/providers'
import { CircuitBreaker, getJson, RemoteError, TtlCache, type FetchLike } from '../../../server/modules/geocoding/remote'
import { testAreas, testConfig } from '../../helpers/app'

const recorded = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/geocode/remote/${name}`, import.meta.url), 'utf8'))

/** A fetch that answers from the recorded files by path, or hangs until aborted, and counts its calls. */
function fakeFetch (routes: Record<string, unknown | 'hang' | number>): FetchLike & { calls: string[] } {
  const calls: string[] = []
  const f = (async (url: string, init: { signal: AbortSignal }) => {
    calls.push(url)
    const path = new URL(url).pathname
    const key = Object.keys(routes).find((k) => path.endsWith(k))
    const answer = key === undefined ? 404 : routes[key]
    if (answer === 'hang') {
      return await new Promise((_resolve, reject) => {
        init.signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted', 'AbortError')))
      })
    }
    if (typeof answer === 'number') return { ok: false, status: answer, json: async () => ({}) }
    return { ok: true, status: 200, json: async () => structuredClone(answer) }
  }) as unknown as FetchLike & { calls: string[] }
  f.calls = calls
  return f
}

describe('the recorded answers, parsed', () => {
  it('reads Pelias: an address with its confidence, a locality as an area', () => {
    expect(parsePelias(recorded('pelias-search-documented.json'))).toEqual([
      {
        label: '30 West 26th Street, Manhattan, NY',
        kind: 'address',
        precision: 'point',
        lat: 40.744243,
        lon: -73.990342,
        score: 0.962,
        city: 'New York'
      }
    ])
    expect(parsePelias(recorded('pelias-search-innsbruck.json'))).toEqual([
      { label: 'Innsbruck, Austria', kind: 'area', precision: 'area', lat: 47.272308, lon: 11.407851, score: 1, city: 'Innsbruck' }
    ])
  })

  it('reads Nominatim: places ranked in order, a city as an area, the reverse address', () => {
    expect(parseNominatimSearch(recorded('nominatim-search-london.json'))).toEqual([
      {
        label: 'London, Greater London, England, SW1A 2DU, United Kingdom',
        kind: 'area',
        precision: 'area',
        lat: 51.5073219,
        lon: -0.1276474,
        score: 0.9,
        city: 'London'
      }
    ])
    expect(parseNominatimSearch(recorded('nominatim-search-graz.json'))[0]).toMatchObject({
      label: 'Graz, Styria, Austria',
      lat: 47.0708678,
      lon: 15.4382786,
      city: 'Graz'
    })
    expect(parseNominatimReverse(recorded('nominatim-reverse-innsbruck-land.json'))).toEqual({
      label: 'Innsbruck-Land, Tyrol',
      lat: 47.2065094,
      lon: 11.3836945900354,
      city: null
    })
    expect(parseNominatimReverse({ error: 'Unable to geocode' })).toBeNull()
  })

  it('marks a Nominatim answer without the asked house number as the street only', () => {
    const street = [
      {
        lat: '34.05',
        lon: '-118.25',
        display_name: 'South Main Street, Los Angeles',
        category: 'highway',
        type: 'primary',
        addresstype: 'road',
        address: { road: 'South Main Street', city: 'Los Angeles' }
      }
    ]

    expect(parseNominatimSearch(street, '1234')[0]).toMatchObject({ kind: 'address', precision: 'street', score: 0.5 })
  })

  it('reads ArcGIS: candidates with their score out of 100, the reverse address, and refuses another projection', () => {
    const c = parseArcgisCandidates(recorded('arcgis-find-lax.json'))

    expect(c).toHaveLength(18)
    expect(c[0]).toEqual({
      label: 'LAX',
      kind: 'place',
      precision: 'point',
      lat: 33.94251000000003,
      lon: -118.40896999999995,
      score: 1,
      city: null
    })
    expect(parseArcgisReverse(recorded('arcgis-reverse-la-airport.json'))).toEqual({
      label: 'LA Airport',
      lat: 33.94251000000003,
      lon: -118.40896999999995,
      city: 'Los Angeles'
    })
    expect(() =>
      parseArcgisCandidates({ ...(recorded('arcgis-find-lax.json') as object), spatialReference: { wkid: 102100, latestWkid: 3857 } })
    ).toThrow(/not WGS 84/)
    expect(() => parseArcgisCandidates({ error: { code: 498, message: 'Invalid Token' } })).toThrow(/498: Invalid Token/)
  })

  it("reads an ArcGIS candidate's match level from Addr_type", () => {
    const one = (type: string) =>
      parseArcgisCandidates({
        spatialReference: { wkid: 4326 },
        candidates: [{ address: 'x', location: { x: -118, y: 34 }, score: 97.5, attributes: { Addr_type: type, City: 'Los Angeles' } }]
      })[0]

    expect(one('PointAddress')).toMatchObject({ kind: 'address', precision: 'point', score: 0.975, city: 'Los Angeles' })
    expect(one('StreetAddress')).toMatchObject({ kind: 'address', precision: 'interpolated' })
    expect(one('StreetInt')).toMatchObject({ kind: 'intersection', precision: 'corner' })
    expect(one('StreetName')).toMatchObject({ precision: 'street' })
    expect(one('Postal')).toMatchObject({ kind: 'area' })
  })

  it('reads the Census Geocoder: an interpolated address, or no match', () => {
    expect(parseCensus(recorded('census-onelineaddress-documented.json'))).toEqual([
      {
        label: '4600 SILVER HILL RD, WASHINGTON, DC, 20233',
        kind: 'address',
        precision: 'interpolated',
        lat: 38.84601622386617,
        lon: -76.92748724230096,
        score: 0.95,
        city: 'WASHINGTON'
      }
    ])
    expect(parseCensus(recorded('census-onelineaddress-no-match.json'))).toEqual([])
    expect(() => parseCensus({ errors: ['Address cannot be empty'] })).toThrow(/Address cannot be empty/)
    expect(() => parsePelias({ type: 'nope' })).toThrow(/documented format/)
  })
})

describe(CircuitBreaker.name, () => {
  it('opens after the failures in a row, refuses while open, lets one request probe after the cool-down', () => {
    let t = 0
    const b = new CircuitBreaker(3, 1000, () => t)

    b.failure()
    b.failure()
    expect(b.allow()).toBe(true)
    b.failure()
    expect(b.state).toBe('open')
    expect(b.allow()).toBe(false)
    t = 1000
    expect(b.allow()).toBe(true)
    expect(b.allow()).toBe(false)
    b.failure()
    expect(b.state).toBe('open')
    t = 2000
    expect(b.allow()).toBe(true)
    b.success()
    expect(b.state).toBe('closed')
  })
})

describe(TtlCache.name, () => {
  it('forgets entries past their time and the least recently used past its size', () => {
    let t = 0
    const c = new TtlCache<number>(2, 100, () => t)
    c.set('a', 1)
    c.set('b', 2)
    expect(c.get('a')).toBe(1)
    c.set('c', 3)
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([1, undefined, 3])
    t = 101
    expect(c.get('a')).toBeUndefined()
  })
})

describe(getJson.name, () => {
  const http = (fetch: FetchLike, timeoutMs = 50) => ({
    provider: 'p',
    timeoutMs,
    fetch,
    breaker: new CircuitBreaker(2, 60_000, Date.now),
    cache: new TtlCache<unknown>(10, 60_000, Date.now),
    headers: {}
  })

  it('gives up after its timeout, says so, and stops asking once the breaker opens', async () => {
    const f = fakeFetch({ '/x': 'hang' })
    const o = http(f)

    await expect(getJson('https://g.example/x', o)).rejects.toMatchObject({ kind: 'timeout', message: 'p: no answer within 50 ms' })
    await expect(getJson('https://g.example/x', o)).rejects.toMatchObject({ kind: 'timeout' })
    await expect(getJson('https://g.example/x', o)).rejects.toMatchObject({ kind: 'open' })
    expect(f.calls).toHaveLength(2)
  })

  it('answers a repeated request from its cache, and does not cache a failure', async () => {
    const ok = fakeFetch({ '/x': { a: 1 } })
    const o = http(ok)
    await getJson('https://g.example/x', o)
    expect(await getJson('https://g.example/x', o)).toEqual({ a: 1 })
    expect(ok.calls).toHaveLength(1)

    const bad = fakeFetch({ '/x': 503 })
    const o2 = http(bad)
    await expect(getJson('https://g.example/x', o2)).rejects.toBeInstanceOf(RemoteError)
    await expect(getJson('https://g.example/x', o2)).rejects.toMatchObject({ kind: 'http', message: 'p: answered HTTP 503' })
    expect(bad.calls).toHaveLength(2)
  })
})

describe('the chain of geocoders (GEOCODERS)', () => {
  let la: Promise<LocalIndex>
  const base = testConfig().geocoding
  const cfg = (over: Partial<GeocodingConfig>): GeocodingConfig => ({
    ...base,
    remote: {
      pelias: { url: 'https://pelias.example', apiKey: null },
      nominatim: { url: 'https://nominatim.example', email: null },
      arcgis: { url: 'https://gis.city.example/arcgis/rest/services/Locator/GeocodeServer', token: 't' },
      census: { url: 'https://census.example/geocoder', benchmark: 'Public_AR_Current' }
    },
    timeoutMs: 80,
    ...over
  })
  beforeAll(async () => {
    la = buildLocalIndex(base, testAreas())
  })

  it('falls back to local when the first geocoder times out, and reports it', async () => {
    const f = fakeFetch({ '/v1/autocomplete': 'hang', '/v1/search': 'hang' })
    const errors: string[] = []
    const geo = createGeocodingService({
      config: cfg({ order: ['pelias', 'local'] }),
      index: la,
      fetch: f,
      onProviderError: (p, e) => errors.push(`${p}: ${e.message}`)
    })
    await geo.ready()
    const t0 = Date.now()

    const c = await geo.search({ q: 'main and 5th', partial: false })

    expect(Date.now() - t0).toBeGreaterThanOrEqual(70)
    expect(c[0]).toMatchObject({ source: 'local', label: 'Main & 5th', inCity: true })
    expect(errors).toEqual(['pelias: pelias: no answer within 80 ms'])
    expect(f.calls[0]).toMatch(/^https:\/\/pelias\.example\/v1\/search\?text=main\+and\+5th&size=8/)
  })

  it("takes the first geocoder's answer when it answers well: ArcGIS finds LAX inside the city", async () => {
    const f = fakeFetch({
      '/findAddressCandidates': recorded('arcgis-find-lax.json'),
      '/reverseGeocode': recorded('arcgis-reverse-la-airport.json')
    })
    const geo = createGeocodingService({ config: cfg({ order: ['arcgis', 'local'] }), index: la, fetch: f })
    await geo.ready()

    const c = await geo.search({ q: 'LAX', near: { lat: 33.95, lon: -118.4 } })
    const r = await geo.reverse(33.943, -118.409)

    expect(c[0]).toMatchObject({ source: 'arcgis', label: 'LAX', inCity: true, city: 'Los Angeles' })
    expect(c.find((x) => x.label === 'Lax, Georgia')).toMatchObject({ inCity: false })
    expect(c.findIndex((x) => x.label === 'Lax, Georgia')).toBeGreaterThan(1)
    expect(f.calls[0]).toContain('SingleLine=LAX&f=json&outSR=4326')
    expect(f.calls[0]).toContain('location=-118.4%2C33.95')
    expect(f.calls[0]).toContain('token=t')
    expect(r).toMatchObject({
      source: 'arcgis',
      address: { label: 'LA Airport' },
      label: expect.stringMatching(/^near LA Airport \(\d+ m\)$/)
    })
    expect(r.corner).not.toBeNull()
  })

  it('asks the next geocoder when one fails, and local last', async () => {
    const f = fakeFetch({ '/findAddressCandidates': 500, '/search': recorded('nominatim-search-graz.json') })
    const geo = createGeocodingService({ config: cfg({ order: ['arcgis', 'nominatim', 'local'] }), index: la, fetch: f })
    await geo.ready()

    const c = await geo.search({ q: 'main and 5th', partial: false })

    // Graz is outside the city: not a good answer, so local is asked too, and answers well: its answer wins.
    expect(c[0]).toMatchObject({ source: 'local', label: 'Main & 5th' })
    expect(c.every((x) => x.source === 'local')).toBe(true)
    expect(f.calls.map((u) => new URL(u).pathname)).toEqual([
      '/arcgis/rest/services/Locator/GeocodeServer/findAddressCandidates',
      '/search'
    ])
  })

  it('places an address through the Census Geocoder, which is asked only for street addresses', async () => {
    const f = fakeFetch({ '/locations/onelineaddress': recorded('census-onelineaddress-documented.json') })
    const dc = cfg({ order: ['census'], files: [], city: { name: 'Washington', state: 'dc', center: { lat: 38.9, lon: -77.03 } } })
    const geo = createGeocodingService({ config: dc, fetch: f })
    await geo.ready()

    const p = await geo.place({ text: '4600 Silver Hill Rd', city: 'Washington', state: 'DC', zip: '20233' })
    const corner = await geo.search({ q: 'main and 5th' })

    expect(p).toMatchObject({
      status: 'placed',
      candidate: { source: 'census', label: '4600 SILVER HILL RD, WASHINGTON, DC, 20233', precision: 'interpolated' }
    })
    expect(new URL(f.calls[0]).searchParams.get('address')).toBe('4600 Silver Hill Rd, Washington, DC 20233')
    expect(new URL(f.calls[0]).searchParams.get('benchmark')).toBe('Public_AR_Current')
    expect(corner).toEqual([])
    expect(f.calls).toHaveLength(1)
  })

  it('says the address is not found when the Census Geocoder knows no such address, and unavailable when nothing answers', async () => {
    const dc = cfg({ order: ['census'], files: [], city: { name: 'Washington', state: 'dc', center: { lat: 38.9, lon: -77.03 } } })
    const none = createGeocodingService({
      config: dc,
      fetch: fakeFetch({ '/locations/onelineaddress': recorded('census-onelineaddress-no-match.json') })
    })
    const down = createGeocodingService({ config: dc, fetch: fakeFetch({ '/locations/onelineaddress': 'hang' }) })
    await none.ready()
    await down.ready()

    expect(await none.place({ text: '1234 Nowhere Rd', city: 'Washington', state: 'DC' })).toMatchObject({ status: 'not_found' })
    expect(await down.place({ text: '1234 Nowhere Rd', city: 'Washington', state: 'DC' })).toMatchObject({
      status: 'unavailable',
      reasonText: expect.stringMatching(/no geocoder answered/)
    })
  })

  it("reads Pelias's reverse answer and Nominatim's, and keeps local's corner and areas", async () => {
    const pel = createGeocodingService({
      config: cfg({ order: ['pelias', 'local'] }),
      index: la,
      fetch: fakeFetch({ '/v1/reverse': recorded('pelias-search-documented.json') })
    })
    const nom = createGeocodingService({
      config: cfg({ order: ['nominatim', 'local'] }),
      index: la,
      fetch: fakeFetch({ '/reverse': recorded('nominatim-reverse-innsbruck-land.json') })
    })
    await pel.ready()
    await nom.ready()

    const p = await pel.reverse(34.0466, -118.2484)
    const n = await nom.reverse(34.0466, -118.2484)

    expect(p).toMatchObject({
      source: 'pelias',
      address: { label: '30 West 26th Street, Manhattan, NY' },
      corner: { streets: expect.arrayContaining(['Main', '5th']) },
      areas: { lapd_divisions: 'Central' }
    })
    expect(n).toMatchObject({ source: 'nominatim', address: { label: 'Innsbruck-Land, Tyrol' } })
  })
})

describe('a chain where no geocoder answers well', () => {
  it('returns what every geocoder found, ranked together', async () => {
    const base = testConfig().geocoding
    const f = fakeFetch({ '/search': recorded('nominatim-search-graz.json') })
    const geo = createGeocodingService({
      config: {
        ...base,
        order: ['nominatim', 'local'],
        remote: { ...base.remote, nominatim: { url: 'https://nominatim.example', email: null } }
      },
      index: buildLocalIndex(base, testAreas()),
      fetch: f
    })
    await geo.ready()

    const c = await geo.search({ q: 'graz', partial: false })

    expect(c.some((x) => x.source === 'nominatim' && x.label === 'Graz, Styria, Austria' && x.inCity === false)).toBe(true)
  })
})
