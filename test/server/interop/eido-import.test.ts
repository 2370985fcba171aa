// eidoToCreateCall: 911 transfers as they come (several locations, notes with authors, missing pieces) → intake input.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { CreateCallSchema } from '../../../server/contracts/calls'
import { eidoDedupKey, eidoIncidentId, importEido, type EidoImport } from '../../../server/modules/interop/eido.import'
import { validateEido } from '../../../server/modules/interop/eido.schema'

type Json = Record<string, unknown>
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../../fixtures/eido/${name}`, import.meta.url), 'utf8'))

function imported (doc: unknown): EidoImport {
  const r = importEido(doc)
  if (!r.ok) throw new Error(`refused: ${r.error.path}: ${r.error.message}`)
  return r.value
}

function withLocations (doc: Json, locations: Json[]): Json {
  return { ...doc, locationComponent: locations }
}

const pidf = (inner: string) =>
  '<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gml="http://www.opengis.net/gml"><gp:geopriv ' +
  `xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"><gp:location-info>${inner}</gp:location-info></gp:geopriv></presence>`
const loc = (id: string, type: string, value: string, extra: Json = {}): Json => ({
  $id: id,
  locationTypeDescriptionRegistryText: type,
  locationByValue: value,
  ...extra
})

describe('eidoToCreateCall', () => {
  it('takes the incident location, its civic address and the location note', () => {
    const { call } = imported(fixture('transfer-psap.json'))

    expect(call.location).toEqual({
      lat: 34.05291,
      lon: -118.24359,
      address: '210 W Temple St, Unit 4B, Los Angeles, CA 90012 (side entrance, by the bus bench)'
    })
  })

  it("reads the call type from the sender's own code and text", () => {
    const { call, upstream } = imported(fixture('transfer-psap.json'))

    expect(call.callType).toBe('5150 MENTAL HEALTH SUBJECT')
    expect(upstream.incidentType).toBe('EDP')
  })

  it('builds the narrative from the incident notes in time order, each with its time and author', () => {
    const { call } = imported(fixture('transfer-psap.json'))

    expect(call.narrative).toBe(
      '[2026-02-14T21:05:50.000-08:00 m.ortiz@psap.example-county.ca.us] Caller reports her brother is hearing voices and has not slept ' +
      'in 3 days.\n\n' +
        '[2026-02-14T21:06:40.000-08:00 m.ortiz@psap.example-county.ca.us] RP says no weapons seen. Subject is pacing & yelling at cars, ' +
        'not threatening anyone.'
    )
  })

  it('keeps dispatch and unit notes out of the narrative, and returns them apart', () => {
    const { call, responseNotes } = imported(fixture('transfer-psap.json'))

    expect(call.narrative).not.toContain('1A12')
    expect(responseNotes).toEqual([
      {
        at: '2026-02-15T05:07:30.000Z',
        author: 'j.kim@psap.example-county.ca.us',
        text: '1A12 staging two blocks north; will stand by for the care team.'
      }
    ])
  })

  it("takes the callback number from the call's callback component, a tel: URI first", () => {
    const { call } = imported(fixture('transfer-psap.json'))

    expect(call.callback).toBe('+13235550147')
  })

  it('records the source as a 911 transfer and the time the upstream call started', () => {
    const { call, receivedAt, incidentId } = imported(fixture('transfer-psap.json'))

    expect(call.source).toBe('911_transfer')
    expect(receivedAt).toBe('2026-02-15T05:04:31.500Z')
    expect(incidentId).toBe('urn:emergency:uid:incidentid:7f3a91c2e0:psap.example-county.ca.us')
  })

  it('gives an intake input the calls schema accepts', () => {
    const { call } = imported(fixture('transfer-psap.json'))

    expect(Value.Errors(CreateCallSchema, call)).toEqual([])
  })

  it('reads a draft-era document: a list of incidents, an ellipsoid, a single note reference, <br> breaks', () => {
    const value = imported(fixture('transfer-draft.json'))

    expect(value.call.location).toEqual({ lat: 32.7157, lon: -117.1611 })
    expect(value.call.narrative).toBe('Man slumped on the bench outside the library,\nbreathing, answers when spoken to.')
    expect(value.call.callType).toBe('INTOX')
    expect(value.call.callback).toBeNull()
    expect(value.receivedAt).toBeNull()
    expect(value.warnings).toContain('1 empty note(s) skipped')
  })

  it('takes coordinates from the caller and the address from the incident when only the caller has coordinates', () => {
    const doc = withLocations(fixture('transfer-draft.json'), [
      loc(
        'civic',
        'Incident',
        pidf(
          '<civicAddress xmlns="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"><HNO>77</HNO><RD>Park</RD><STS>Blvd</STS><A3>San ' +
          'Diego</A3></civicAddress>'
        )
      ),
      loc('phone', 'Caller', pidf('<gml:Point><gml:pos>32.7 -117.15</gml:pos></gml:Point>'))
    ])

    const value = imported(doc)

    expect(value.call.location).toEqual({ lat: 32.7, lon: -117.15, address: '77 Park Blvd, San Diego' })
    expect(value.warnings).toContain('coordinates from the Caller location, address from the Incident location')
  })

  it("prefers the incident location to the caller's and the routing location", () => {
    const doc = withLocations(fixture('transfer-draft.json'), [
      loc('r', 'RoutingLocation', pidf('<gml:Point><gml:pos>1 1</gml:pos></gml:Point>')),
      loc('c', 'Caller', pidf('<gml:Point><gml:pos>2 2</gml:pos></gml:Point>')),
      loc('i', 'Incident', pidf('<gml:Point><gml:pos>3 3</gml:pos></gml:Point>'))
    ])

    expect(imported(doc).call.location).toEqual({ lat: 3, lon: 3 })
  })

  it('reads the location type as words: a community centre is no unit, a prevention office no event', () => {
    const doc = withLocations(fixture('transfer-draft.json'), [
      loc('u', 'UnitLocation', pidf('<gml:Point><gml:pos>1 1</gml:pos></gml:Point>')),
      loc('c', 'CommunityCenter', pidf('<gml:Point><gml:pos>2 2</gml:pos></gml:Point>')),
      loc('i', 'IncidentLocation', pidf('<gml:Point><gml:pos>3 3</gml:pos></gml:Point>'))
    ])

    expect(imported(doc).call.location).toEqual({ lat: 3, lon: 3 })
    expect(
      imported(withLocations(doc, [(doc.locationComponent as Json[])[0], (doc.locationComponent as Json[])[1]])).call.location
    ).toEqual({ lat: 2, lon: 2 })
  })

  it('reads a PIDF-LO that a gateway escaped twice', () => {
    const escaped = pidf('<gml:Point><gml:pos>45.5 -122.6</gml:pos></gml:Point>').replace(/</g, '&lt;').replace(/>/g, '&gt;')

    expect(imported(withLocations(fixture('transfer-draft.json'), [loc('e', 'Caller', escaped)])).call.location).toEqual({
      lat: 45.5,
      lon: -122.6
    })
  })

  it('takes the centre of a polygon and a geo: URI', () => {
    const polygon = pidf(
      '<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>10 20 10 22 12 22 12 20 10 ' +
      '20</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>'
    )

    expect(imported(withLocations(fixture('transfer-draft.json'), [loc('p', 'Caller', polygon)])).call.location).toEqual({
      lat: 11,
      lon: 21
    })
    expect(
      imported(withLocations(fixture('transfer-draft.json'), [loc('g', 'Caller', 'geo:40.4413,-80.0003;u=30')])).call.location
    ).toEqual({ lat: 40.4413, lon: -80.0003 })
  })

  it('refuses a document without a location', () => {
    const r = importEido({ ...fixture('transfer-draft.json'), locationComponent: undefined })

    expect(r).toEqual({ ok: false, error: { path: 'locationComponent', message: 'required: a call needs a location' } })
  })

  it('refuses a document whose locations have neither coordinates nor an address, naming the best one', () => {
    const doc = withLocations(fixture('transfer-draft.json'), [
      loc('x', 'RoutingLocation', '', { locationByReferenceUrl: 'https://lis.example.net/loc/123' }),
      loc('y', 'Incident', pidf('<gml:Point><gml:pos>not numbers</gml:pos></gml:Point>'))
    ])

    const r = importEido(doc)

    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.path).toBe('locationComponent[1].locationByValue')
  })

  it('takes a civic address without coordinates, in parts for a geocoder, with no location', () => {
    const doc = withLocations(fixture('transfer-draft.json'), [
      loc('x', 'RoutingLocation', '', { locationByReferenceUrl: 'https://lis.example.net/loc/123' }),
      loc(
        'y',
        'Incident',
        pidf(
          '<civicAddress><country>US</country><A1>CA</A1><A3>Los ' +
          'Angeles</A3><PRD>W</PRD><RD>5th</RD><STS>St</STS><HNO>427</HNO><PC>90013</PC></civicAddress>'
        )
      )
    ])

    const value = imported(doc)

    expect(value.call.location).toBeNull()
    expect(value.addressText).toBe('427 W 5th St, Los Angeles, CA 90013')
    expect(value.civic).toEqual({ text: '427 W 5th St', city: 'Los Angeles', state: 'CA', zip: '90013', country: 'US' })
    expect(value.warnings).toContain('no coordinates: the address of the Incident location is to be placed')
  })

  it('takes a landmark as what to place when the civic address has no road', () => {
    const doc = withLocations(fixture('transfer-draft.json'), [
      loc('y', 'Incident', pidf('<civicAddress><A1>CA</A1><A3>Eugene</A3><LMK>Skinner Butte Park</LMK></civicAddress>'))
    ])

    expect(imported(doc).civic).toEqual({ text: 'Skinner Butte Park', city: 'Eugene', state: 'CA', zip: null, country: null })
  })

  it('does not feed our own triage code back as a call type', () => {
    const doc = {
      ...fixture('transfer-draft.json'),
      incidentComponent: { $id: 'i', incidentTypeCommonRegistryText: 'EDP', incidentTypeInternalCode: 'mental_health.care_team' }
    }

    expect(imported(doc).call.callType).toBe('EDP')
  })
})

describe('eidoDedupKey', () => {
  const key = (doc: Json) => {
    const v = validateEido(doc)
    if (!v.ok) throw new Error(v.errors[0].message)
    return { key: eidoDedupKey(v.doc), id: eidoIncidentId(v.doc) }
  }

  it('is the same for the same document posted twice, and for a later update of the incident', () => {
    const first = fixture('transfer-psap.json')
    const update = { ...first, lastUpdateTimeStamp: '2026-02-14T21:20:00.000-08:00', notesComponent: [] }

    expect(key(first).key).toBe(key(structuredClone(first)).key)
    expect(key(update).key).toBe(key(first).key)
    expect(key(first).key).toMatch(/^eido:[0-9a-f]{64}$/)
  })

  it('differs between incidents', () => {
    const doc = fixture('transfer-psap.json')

    expect(key({ ...doc, $id: 'urn:emergency:uid:incidentid:other:psap.example-county.ca.us' }).key).not.toBe(key(doc).key)
  })

  it('scopes an id that is not a URN by the issuing element', () => {
    const doc = fixture('transfer-draft.json')

    expect(key(doc).id).toBe('incident:20260214-0193:sheriff.example.gov:incident:0')
    expect(key({ ...doc, issuingElementIdentification: 'another.example.gov' }).key).not.toBe(key(doc).key)
  })
})
