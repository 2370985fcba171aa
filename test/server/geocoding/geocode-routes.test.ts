// Geocoding over HTTP on the LA demo data, and what a call keeps of its location: where the point came from,
// its label, the nearest corner (the phone shows it) and a typed address far from the pin. Both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call, CallDetail } from '../../../server/contracts/calls'
import type { Candidate, ReverseResult } from '../../../server/contracts/geocoding'
import { ENGINES } from '../../helpers/db'
import { api, ELIGIBLE, newCall, newTeam, SAFE_ANSWERS, setup, signIn, type Fixture } from '../../helpers/app'

const MAIN_5TH = { lat: 34.04656, lon: -118.24836 }
const VAN_NUYS = { lat: 34.1866, lon: -118.4487 }

describe.each(ENGINES)('GET /api/geocode and /api/geocode/reverse (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const search = async (qs: string, token = f.tokens.dispatcher) => await api(f, 'GET', `/api/geocode?${qs}`, token)

  it('finds a typed corner first, in the city, with its kind, score, source and distance', async () => {
    const r = await search(`q=${encodeURIComponent('MAIN ST / 5TH ST')}&near=34.05,-118.25&limit=3`)

    expect(r.statusCode).toBe(200)
    const { candidates } = r.json() as { candidates: Candidate[] }
    expect(candidates.length).toBeLessThanOrEqual(3)
    expect(candidates[0]).toMatchObject({
      label: 'Main & 5th',
      kind: 'intersection',
      source: 'local',
      precision: 'corner',
      inCity: true,
      city: 'Los Angeles',
      streets: ['Main', '5th'],
      note: null
    })
    expect(candidates[0].score).toBeGreaterThan(0.9)
    expect(candidates[0].distanceMeters).toBeGreaterThan(0)
    expect(candidates[1]).toMatchObject({ label: 'Main & 5th, Alhambra', inCity: false, city: 'Alhambra' })
  })

  it("says a house number it cannot place is not placed, offering the street's corners", async () => {
    const { candidates } = (await search('q=1234%20main%20st')).json() as { candidates: Candidate[] }

    expect(candidates.length).toBeGreaterThan(0)
    expect(candidates.every((c) => c.precision === 'street' && c.score <= 0.5 && /house number 1234/.test(c.note ?? ''))).toBe(true)
  })

  it('finds places and areas by name', async () => {
    const { candidates } = (await search('q=olive%20view')).json() as { candidates: Candidate[] }
    const areas = (await search('q=hollywood')).json().candidates as Candidate[]

    expect(candidates[0]).toMatchObject({ kind: 'place', label: expect.stringMatching(/OLIVE VIEW/) })
    expect(areas[0]).toMatchObject({ kind: 'area', label: 'Hollywood (LAPD divisions)', precision: 'area' })
  })

  it.each([
    ['q missing', '', /querystring.*q/],
    ['q empty', 'q=', /querystring\/q/],
    ['q too long', `q=${'a'.repeat(201)}`, /querystring\/q/],
    ['limit 0', 'q=main&limit=0', /querystring\/limit/],
    ['limit not a number', 'q=main&limit=ten', /querystring\/limit/],
    ['near not a point', 'q=main&near=downtown', /querystring\/near/],
    ['near out of range', 'q=main&near=34,-300', /querystring\/near/],
    ['an unknown parameter', 'q=main&city=LA', /city/]
  ])('refuses %s with a 400 naming it', async (_name, qs, field) => {
    const r = await search(qs)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(field)
  })

  it('names the nearest corner of a map click, its distance, the place and the areas', async () => {
    const r = await api(f, 'GET', `/api/geocode/reverse?lat=${MAIN_5TH.lat + 0.0003}&lon=${MAIN_5TH.lon}`, f.tokens.dispatcher)

    expect(r.statusCode).toBe(200)
    const body = r.json() as ReverseResult
    expect(body.corner).toMatchObject({ streets: expect.arrayContaining(['Main', '5th']), distanceMeters: 35 })
    expect(body.label).toMatch(/^near (Main & 5th|5th & Main) \(35 m\)$/)
    expect(body.areas).toEqual({ lapd_divisions: 'Central', council_districts: 'CD 14' })
    expect(body).toMatchObject({ inCity: true, city: 'Los Angeles', source: 'local' })
  })

  it('refuses a point off the map', async () => {
    const r = await api(f, 'GET', '/api/geocode/reverse?lat=95&lon=-118', f.tokens.dispatcher)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/querystring\/lat/)
  })

  it('lets every signed-in role search (public streets and places), and nobody signed out', async () => {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    for (const token of [f.tokens.planner, f.tokens.admin, f.tokens.supervisor, responder]) {
      expect((await search('q=main', token)).statusCode).toBe(200)
    }
    expect((await f.app.inject({ method: 'GET', url: '/api/geocode?q=main' })).statusCode).toBe(401)
  })
})

describe.each(ENGINES)("a call's location: source, label, nearest corner, address check (%s)", (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('keeps a chosen suggestion as geocoded, with its label and the nearest corner, and says so in call.received', async () => {
    const call = await newCall(f, { location: { ...MAIN_5TH, address: 'Main & 5th', source: 'geocoded', label: 'Main & 5th' } })

    expect(call.location).toMatchObject({ source: 'geocoded', label: 'Main & 5th', mismatch: null })
    expect(call.location.nearestCorner).toMatchObject({ streets: expect.arrayContaining(['Main', '5th']), distanceMeters: 0 })
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json() as CallDetail
    expect(detail.location).toEqual(call.location)
    expect(detail.timeline[0]).toMatchObject({ type: 'call.received', data: { locationSource: 'geocoded' } })
  })

  it('warns when the typed address is over 500 m from the pin, and not when it is near', async () => {
    const far = await newCall(f, {
      location: { ...VAN_NUYS, address: 'main and 5th', source: 'map_click', label: 'near Van Nuys & Victory (40 m)' }
    })
    const near = await newCall(f, {
      location: { lat: MAIN_5TH.lat + 0.001, lon: MAIN_5TH.lon, address: 'main and 5th', source: 'map_click' }
    })

    expect(far.location.mismatch).toMatchObject({
      label: 'Main & 5th',
      lat: expect.closeTo(MAIN_5TH.lat, 5),
      lon: expect.closeTo(MAIN_5TH.lon, 5)
    })
    expect(far.location.mismatch!.distanceMeters).toBeGreaterThan(20_000)
    expect(near.location.mismatch).toBeNull()
  })

  it('keeps no source when the form does not say one (as the console did before), and null stays null', async () => {
    const plain = await newCall(f)
    const nulls = await newCall(f, { location: { lat: 34.052, lon: -118.243, source: null, label: null } })

    expect(plain.location).toMatchObject({ source: null, label: null })
    expect(plain.location.nearestCorner).not.toBeNull()
    expect(nulls.location).toMatchObject({ source: null, label: null, address: null })
  })

  it('refuses an unknown source and a label too long, naming the field, writing nothing', async () => {
    const before = (await api(f, 'GET', '/api/calls?limit=1', f.tokens.dispatcher)).json().total
    const bad = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, {
      location: { lat: 34, lon: -118, source: 'pigeon' },
      narrative: ELIGIBLE
    })
    const long = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, {
      location: { lat: 34, lon: -118, label: 'x'.repeat(301) },
      narrative: ELIGIBLE
    })

    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/body\/location\/source/)
    expect(long.statusCode).toBe(400)
    expect(long.json().message).toMatch(/body\/location\/label/)
    expect((await api(f, 'GET', '/api/calls?limit=1', f.tokens.dispatcher)).json().total).toBe(before)
  })

  it("moves a call's location by PATCH with the new source, label, corner and check; other edits keep them", async () => {
    const call = await newCall(f, { location: { ...MAIN_5TH, address: 'Main & 5th', source: 'geocoded', label: 'Main & 5th' } })

    const moved = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, {
      location: { ...VAN_NUYS, source: 'typed_coordinates' }
    })
    const edited = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { narrative: `${ELIGIBLE}, still there` })

    expect(moved.statusCode).toBe(200)
    const m = moved.json() as Call
    expect(m.location).toMatchObject({ ...VAN_NUYS, source: 'typed_coordinates', label: null, address: 'Main & 5th', area: 'Van Nuys' })
    expect(m.location.nearestCorner!.label).not.toMatch(/Main/)
    expect(m.location.mismatch).toMatchObject({ label: 'Main & 5th' })
    expect((edited.json() as Call).location).toEqual(m.location)
  })

  it('shows the care team the label and the nearest corner of its call', async () => {
    const team = await newTeam(f)
    const call = await newCall(f, {
      location: { lat: MAIN_5TH.lat + 0.0003, lon: MAIN_5TH.lon, source: 'map_click', label: 'near Main & 5th (35 m)' },
      answers: SAFE_ANSWERS
    })
    expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)
    const responder = await signIn(f.app, 'responder', team.id)

    const r = await api(f, 'GET', `/api/calls/${call.id}`, responder)

    expect(r.statusCode).toBe(200)
    expect(r.json().location).toMatchObject({
      label: 'near Main & 5th (35 m)',
      source: 'map_click',
      nearestCorner: { distanceMeters: 35 }
    })
  })
})
