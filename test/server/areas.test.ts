// Areas: a call's location is placed in every configured area set at intake (point-in-polygon over a
// spatial index), stored on the call; a point outside every area is flagged, not dropped.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'
import { LA_AREA_SETS, loadAreaSets } from '../../server/lib/area-sets'
import { ENGINES } from '../helpers/db'
import { api, newCall, setup, type Fixture } from '../helpers/app'

describe(loadAreaSets.name, () => {
  const la = loadAreaSets(LA_AREA_SETS)

  it.each([
    // City Hall, LAPD Central, council district 14
    [34.0537, -118.2428, 'Central', 'CD 14'],
    // Venice Beach boardwalk: Pacific division, council district 11
    [33.985, -118.4726, 'Pacific', 'CD 11'],
    // Van Nuys civic centre
    [34.1867, -118.4487, 'Van Nuys', 'CD 6']
  ])('places (%f, %f) in %s and %s', (lat, lon, division, district) => {
    expect(la.locate(lat, lon)).toEqual({ lapd_divisions: division, council_districts: district })
  })

  it("leaves a point outside the city in no area (Santa Monica is its own city; the ocean is no one's)", () => {
    expect(la.locate(34.0195, -118.4912)).toEqual({ lapd_divisions: null, council_districts: null })
    expect(la.locate(33.9, -118.7)).toEqual({ lapd_divisions: null, council_districts: null })
  })
})

describe('AREA_SETS_FILE', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'areas-'))
  const square = {
    type: 'Feature',
    properties: { zip: '90012' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [-118.3, 34],
          [-118.2, 34],
          [-118.2, 34.1],
          [-118.3, 34.1],
          [-118.3, 34]
        ]
      ]
    }
  }

  it("loads a city's own boundaries, with paths relative to the file", () => {
    writeFileSync(path.join(dir, 'zips.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [square] }))
    writeFileSync(
      path.join(dir, 'areas.json'),
      JSON.stringify([{ id: 'zip_codes', label: 'ZIP codes', file: 'zips.geojson', nameProperty: 'zip' }])
    )

    const cfg = loadConfig({ AREA_SETS_FILE: path.join(dir, 'areas.json') })

    expect(loadAreaSets(cfg.areaSets).locate(34.05, -118.25)).toEqual({ zip_codes: '90012' })
  })

  it('stops the server with the field that is wrong', () => {
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify([{ id: 'Zip Codes', label: 'ZIP', file: 'zips.geojson', nameProperty: 'zip' }])
    )

    expect(() => loadConfig({ AREA_SETS_FILE: path.join(dir, 'bad.json') })).toThrow(ConfigError)
    expect(() => loadConfig({ AREA_SETS_FILE: path.join(dir, 'bad.json') })).toThrow(/\[0\]\.id: must match/)
  })
})

describe.each(ENGINES)('areas at intake (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('stores the division and the council district on the call', async () => {
    const call = await newCall(f, { location: { lat: 34.0537, lon: -118.2428 } })

    expect(call.location).toMatchObject({
      area: 'Central',
      areas: { lapd_divisions: 'Central', council_districts: 'CD 14' },
      outsideAreas: false
    })
  })

  it('flags a call outside every area and still takes it', async () => {
    const call = await newCall(f, { location: { lat: 34.0195, lon: -118.4912 } })

    expect(call.status).toBe('queued')
    expect(call.location).toMatchObject({ area: null, areas: { lapd_divisions: null, council_districts: null }, outsideAreas: true })
  })

  it('places the call again when its location is corrected', async () => {
    const call = await newCall(f, { location: { lat: 34.0195, lon: -118.4912 } })

    const r = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { location: { lat: 33.985, lon: -118.4726 } })

    expect(r.json().location).toMatchObject({
      area: 'Pacific',
      areas: { lapd_divisions: 'Pacific', council_districts: 'CD 11' },
      outsideAreas: false
    })
  })
})
