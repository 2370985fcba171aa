// The reports API surface: bad parameters answer 400 naming the field (never 500), the OpenAPI document carries the
// report schemas in JSON and CSV, and the area sets and their outlines are served for the maps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, setup, type Fixture } from '../../helpers/app'

describe.each(ENGINES)('reports API (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it.each([
    ['intervals?by=colour', /querystring\/by must be one of none, area,/],
    ['intervals?from=yesterday', /querystring\/from/],
    ['intervals?from=2025-02-30', /querystring\/from is not a calendar day/],
    ['intervals?to=2025-13-01', /querystring\/to is not a calendar day/],
    ['intervals?from=0000-01-01', /querystring\/from must be in the years 1900 to 2999/],
    ['intervals?to=2025-03-01T25:00:00Z', /querystring\/to is not a valid instant/],
    ['intervals?to=2025-02-30T10:00:00Z', /querystring\/to is not a calendar day/],
    ['intervals?from=2025-03-10&to=2025-03-01', /querystring\/to must not be before from/],
    ['outcomes?source=rumour', /querystring\/source must be one of live, imported, both/],
    ['outcomes?category=weather', /querystring\/category/],
    [
      'outcomes?area_set=zip_codes',
      /querystring\/area_set must be one of the configured area sets \(lapd_divisions, council_districts\)/
    ],
    ['outcomes?area_set=Zip%20Codes', /querystring\/area_set/],
    ['trends?area_set=council_districts&area=CD%2099', /querystring\/area is not an area of council_districts/],
    ['trends?by=hour', /querystring\/by must be one of none, area, category, response, priority, team_kind, youth, place_kind$/],
    ['trends?format=xlsx', /querystring\/format must be one of json, csv/],
    ['equity?table=people', /querystring\/table must be one of areas, groups/],
    ['intervals?frm=2025-01-01', /querystring\/frm is not a parameter of this report/],
    ['equity?by=area', /querystring\/by is not a parameter of this report/]
  ])('answers %s with 400 naming the field', async (path, message) => {
    const r = await api(f, 'GET', `/api/reports/${path}`, f.tokens.planner)

    expect(r.statusCode).toBe(400)
    expect(r.json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(message) })
  })

  it('documents every report with its JSON and CSV responses', async () => {
    const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json()

    for (const report of ['intervals', 'outcomes', 'trends', 'equity']) {
      const op = doc.paths[`/api/reports/${report}`].get
      expect(Object.keys(op.responses['200'].content)).toEqual(['application/json', 'text/csv'])
      expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['from', 'to', 'source', 'category', 'area_set', 'format'])
      )
    }
    expect(
      doc.paths['/api/reports/intervals'].get.responses['200'].content['application/json'].schema.properties.table.properties.rows.items
        .properties.values.required
    ).toEqual(expect.arrayContaining(['responseP90', 'responseMissing']))
  })

  it('lists the configured area sets with their area names', async () => {
    const r = await api(f, 'GET', '/api/geo/areas', f.tokens.planner)

    expect(r.json().map((s: { id: string }) => s.id)).toEqual(['lapd_divisions', 'council_districts'])
    expect(r.json()[1].areas).toHaveLength(15)
    expect(r.json()[1].areas).toContain('CD 14')
  })

  it('serves the outlines of one area set, names only', async () => {
    const r = await api(f, 'GET', '/api/geo/areas/council_districts', f.tokens.planner)

    const fc = r.json()
    expect(r.headers['content-type']).toMatch(/geo\+json/)
    expect(fc.features).toHaveLength(15)
    expect(Object.keys(fc.features[0].properties)).toEqual(['name'])
    expect(String(fc.features[0].geometry.coordinates[0][0][0]).split('.')[1].length).toBeLessThanOrEqual(5)
  })

  it('answers an unknown area set with 404 and a bad id with 400', async () => {
    expect((await api(f, 'GET', '/api/geo/areas/zip_codes', f.tokens.planner)).statusCode).toBe(404)
    expect((await api(f, 'GET', '/api/geo/areas/Zip%20Codes', f.tokens.planner)).statusCode).toBe(400)
  })
})
