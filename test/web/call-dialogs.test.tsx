// The edit dialog sends only what changed, with the version it saw; bad coordinates or age are said in words.
import { describe, expect, it } from 'vitest'
import { editBody } from '../../web/dispatch/CallDialogs'
import type { CallDetail } from '../../web/api/resources'
import type { Candidate } from '../../web/api/geocoding'
import { call } from './fixtures'

const detail = (): CallDetail => ({
  ...call('a', { address: '1 Main St', narrative: 'talking to himself', callback: '213-555-0100' }),
  timeline: [],
  triageHistory: [],
  assignments: [],
  notes: [],
  edits: []
})
const fields = (c: CallDetail) => ({
  address: c.location.address ?? '',
  lat: String(c.location.lat),
  lon: String(c.location.lon),
  narrative: c.narrative ?? '',
  callType: '',
  callback: c.callback ?? '',
  callerName: '',
  language: c.language ?? '',
  personAge: '',
  placeKind: '' as const,
  guardianCallback: ''
})

describe(editBody.name, () => {
  it('sends the address alone when only the address changed, with the version', () => {
    const c = detail()

    expect(editBody(c, { ...fields(c), address: '2 Main St' }, {})).toEqual({ address: '2 Main St', version: c.version })
  })

  it('moves the call when the coordinates change, carrying the address with the location', () => {
    const c = detail()

    expect(editBody(c, { ...fields(c), lat: '34.05', address: '2 Main St' }, {})).toEqual({
      location: { lat: 34.05, lon: -118, address: '2 Main St', source: 'typed_coordinates' },
      version: c.version
    })
  })

  it('moves the call to a chosen search result as geocoded with its label, and a hand-typed point as typed', () => {
    const c = detail()
    const corner = {
      label: 'S Main St & W 5th St',
      kind: 'intersection',
      lat: 34.0468,
      lon: -118.2487,
      score: 1,
      source: 'local',
      distanceMeters: null,
      city: null,
      inCity: true,
      precision: 'exact',
      note: null
    } as unknown as Candidate
    const chosen = { ...fields(c), address: corner.label, lat: String(corner.lat), lon: String(corner.lon) }

    expect(editBody(c, chosen, {}, corner)).toEqual({
      location: { lat: 34.0468, lon: -118.2487, address: 'S Main St & W 5th St', source: 'geocoded', label: 'S Main St & W 5th St' },
      version: c.version
    })
    // the dispatcher moved the point by hand after choosing: no longer the search result's
    expect(editBody(c, { ...chosen, lat: '34.047' }, {}, corner)).toEqual({
      location: { lat: 34.047, lon: -118.2487, address: 'S Main St & W 5th St', source: 'typed_coordinates' },
      version: c.version
    })
  })

  it('says nothing changed, and names bad coordinates and a bad age', () => {
    const c = detail()

    expect(editBody(c, fields(c), {})).toBeNull()
    expect(editBody(c, { ...fields(c), lat: 'north' }, {})).toMatch(/Latitude and longitude/)
    expect(editBody(c, { ...fields(c), personAge: '200' }, {})).toMatch(/Age/)
  })

  it('clears a field emptied by the dispatcher (null), and sends changed screening answers', () => {
    const c = detail()

    expect(editBody(c, { ...fields(c), callback: '' }, { weapons: 'no' })).toEqual({
      callback: null,
      answers: { weapons: 'no' },
      version: c.version
    })
  })
})
