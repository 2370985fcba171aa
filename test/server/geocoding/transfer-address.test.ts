// 911 transfers with a civic address and no coordinates: NENA's own sample call transfer is accepted (201) and
// held with its address, "location to confirm", never refused and never given a guessed point; an address the
// geocoder places clearly becomes a call; a person locates or dismisses a held transfer. Both engines.
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call } from '../../../server/contracts/calls'
import type { TransferToLocate } from '../../../server/contracts/geocoding'
import { ENGINES } from '../../helpers/db'
import { api, newTeam, setup, signIn, type Fixture } from '../../helpers/app'

type Json = Record<string, unknown>
const NENA: Json = JSON.parse(readFileSync(new URL('../../fixtures/eido/nena-sample-call-transfer.json', import.meta.url), 'utf8'))
const draft: Json = JSON.parse(readFileSync(new URL('../../fixtures/eido/transfer-draft.json', import.meta.url), 'utf8'))

const civic = (inner: string) =>
  '<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf"><gp:geopriv ' +
  'xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"><gp:location-info><civicAddress ' +
  `xmlns="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"><country>US</country><A1>CA</A1>${inner}</civicAddress></gp:location-info></gp:geopriv></presence>`

/** The draft transfer with only a civic address, as its own incident. */
function addressOnly (id: string, inner: string): Json {
  return {
    ...draft,
    $id: `urn:emergency:uid:incidentid:${id}:psap.example`,
    incidentComponent: {
      $id: `urn:emergency:uid:incidentid:${id}:psap.example`,
      incidentTypeCommonRegistryText: 'EDP',
      incidentTypeInternalText: 'PERSON IN CRISIS'
    },
    locationComponent: [{ $id: `loc-${id}`, locationTypeDescriptionRegistryText: 'Incident', locationByValue: civic(inner) }]
  }
}

describe.each(ENGINES)('POST /api/interop/eido with an address and no coordinates (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const calls = async () => (await api(f, 'GET', '/api/calls?limit=1', f.tokens.dispatcher)).json().total as number

  it("accepts NENA's sample call transfer (201) and holds it with its address: location to confirm", async () => {
    const before = await calls()

    const r = await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, NENA)

    expect(r.statusCode).toBe(201)
    const body = r.json()
    expect(body).toMatchObject({ call: null, created: true, incidentId: 'urn:emergency:uid:incidentid:a56e556d871:bcf.state.pa.us' })
    const held = body.toLocate as TransferToLocate
    expect(held).toMatchObject({
      status: 'waiting',
      address: '42 W Cellular Street, Wilmington, DE',
      reason: 'outside',
      reasonText: 'the address is in DE, not CA',
      callback: '8195551212',
      callId: null,
      position: expect.any(Number)
    })
    expect(body.warnings).toEqual(
      expect.arrayContaining([
        'location to confirm: the address is in DE, not CA',
        'location 123e4567-beef-12d3-a456-426614174000 is by reference only: not dereferenced'
      ])
    )
    // No call, and so no point anywhere: Wilmington is also a district of Los Angeles, and that is not where this caller is.
    expect(await calls()).toBe(before)
    const events = await sql<{
      type: string
      call_id: string | null
      data: Json
    }>`select type, call_id, data from events where data->>'toLocateId' = ${held.id}`.execute(f.db.db)
    expect(events.rows).toEqual([
      {
        type: 'transfer.held',
        call_id: null,
        data: { toLocateId: held.id, category: held.category, response: held.response, priority: held.priority, reason: 'outside' }
      }
    ])
  })

  it('answers a second post of the same incident with the held transfer (200), holding nothing new', async () => {
    const first = (await api(f, 'GET', '/api/transfers/to-locate', f.tokens.dispatcher))
      .json()
      .items.find((x: TransferToLocate) => x.incidentId.includes('a56e556d871'))

    const r = await api(f, 'POST', '/api/interop/eido', f.tokens.supervisor, NENA)

    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ call: null, created: false, toLocate: { id: first.id } })
    const n = await sql<{ n: string }>`select count(*) as n from calls_to_locate where incident_id like '%a56e556d871%'`.execute(
      f.db.db
    )
    expect(Number(n.rows[0].n)).toBe(1)
  })

  it('places a clear address and makes the call, geocoded, with the label and the corner', async () => {
    const r = await api(
      f,
      'POST',
      '/api/interop/eido',
      f.tokens.dispatcher,
      addressOnly('placed1', '<A3>Los Angeles</A3><HNO>8700</HNO><RD>Beverly</RD><STS>Blvd</STS><PC>90048</PC>')
    )

    expect(r.statusCode).toBe(201)
    const call = r.json().call as Call
    expect(r.json().toLocate).toBeNull()
    expect(call.location).toMatchObject({
      source: 'geocoded',
      address: '8700 Beverly Blvd, Los Angeles, CA 90048',
      label: expect.stringMatching(/^8700 Beverly Bl.*\(Cedars-Sinai Medical Center\)$/)
    })
    expect(call.location.lat).toBeCloseTo(34.0762, 3)
    expect(call.source).toBe('911_transfer')
    expect(r.json().warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^placed by the local geocoder at 8700 Beverly/)]))
  })

  it("holds an address whose house number the data cannot place, with the street's corners to choose from", async () => {
    const r = await api(
      f,
      'POST',
      '/api/interop/eido',
      f.tokens.dispatcher,
      addressOnly('approx1', '<A3>Los Angeles</A3><HNO>210</HNO><PRD>W</PRD><RD>Temple</RD><STS>St</STS>')
    )

    expect(r.statusCode).toBe(201)
    const held = r.json().toLocate as TransferToLocate
    expect(held).toMatchObject({ reason: 'approximate', address: '210 W Temple St, Los Angeles, CA' })
    expect(held.reasonText).toMatch(/house number 210 not found on Temple/)
    expect(held.candidates.length).toBeGreaterThan(0)
    expect(held.candidates.every((c) => c.precision === 'street' && c.streets!.includes('Temple'))).toBe(true)
  })

  it("lists waiting transfers in the queue's order, for the desk only", async () => {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)

    const r = await api(f, 'GET', '/api/transfers/to-locate', f.tokens.dispatcher)

    expect(r.statusCode).toBe(200)
    const items = r.json().items as TransferToLocate[]
    expect(items.map((x) => x.position)).toEqual(items.map((_, i) => i + 1))
    expect(items.every((x) => x.status === 'waiting')).toBe(true)
    for (const token of [responder, f.tokens.planner, f.tokens.admin]) {
      expect((await api(f, 'GET', '/api/transfers/to-locate', token)).statusCode).toBe(403)
    }
  })

  it("becomes a call when a dispatcher places it: received when the transfer came, the location's source kept", async () => {
    const held = (
      await api(
        f,
        'POST',
        '/api/interop/eido',
        f.tokens.dispatcher,
        addressOnly('locate1', '<A3>Los Angeles</A3><HNO>99999</HNO><RD>Nowhere</RD><STS>St</STS>')
      )
    ).json().toLocate as TransferToLocate
    expect(held.reason).toBe('not_found')
    f.clock.advance(4 * 60_000)

    const r = await api(f, 'POST', `/api/transfers/to-locate/${held.id}/locate`, f.tokens.dispatcher, {
      location: { lat: 34.0466, lon: -118.2484, source: 'map_click', label: 'near Main & 5th (0 m)' }
    })

    expect(r.statusCode).toBe(201)
    const call = r.json() as Call
    expect(call).toMatchObject({ source: '911_transfer', receivedAt: held.receivedAt, status: 'queued' })
    expect(call.location).toMatchObject({
      source: 'map_click',
      label: 'near Main & 5th (0 m)',
      address: '99999 Nowhere St, Los Angeles, CA',
      area: 'Central'
    })
    expect(call.times.queued).not.toBe(held.receivedAt)
    const after = (await api(f, 'GET', `/api/transfers/to-locate/${held.id}`, f.tokens.dispatcher)).json() as TransferToLocate
    expect(after).toMatchObject({ status: 'located', callId: call.id, position: 0 })
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual([
      'call.received',
      'call.triaged',
      'call.queued',
      'transfer.located'
    ])
    expect(detail.timeline[0].data.transfer.incidentId).toBe(held.incidentId)
  })

  it('refuses to place it twice, to dismiss it once placed, and a post of the incident now answers with its call', async () => {
    const held = (
      await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, addressOnly('twice1', '<A3>Los Angeles</A3><RD>Nowhere</RD>'))
    ).json().toLocate as TransferToLocate
    const first = await api(f, 'POST', `/api/transfers/to-locate/${held.id}/locate`, f.tokens.dispatcher, {
      location: { lat: 34.05, lon: -118.25, source: 'typed_coordinates' }
    })

    const again = await api(f, 'POST', `/api/transfers/to-locate/${held.id}/locate`, f.tokens.supervisor, {
      location: { lat: 34.06, lon: -118.25, source: 'typed_coordinates' }
    })
    const dismiss = await api(f, 'POST', `/api/transfers/to-locate/${held.id}/dismiss`, f.tokens.dispatcher, { reason: 'duplicate' })
    const repost = await api(
      f,
      'POST',
      '/api/interop/eido',
      f.tokens.dispatcher,
      addressOnly('twice1', '<A3>Los Angeles</A3><RD>Nowhere</RD>')
    )

    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(409)
    expect(again.json().message).toMatch(new RegExp(`already located: it is call ${first.json().id}`))
    expect(dismiss.statusCode).toBe(409)
    expect(repost.statusCode).toBe(200)
    expect(repost.json()).toMatchObject({ created: false, toLocate: null, call: { id: first.json().id } })
  })

  it('dismisses a transfer that is not ours with a reason; the list keeps it only when asked for all', async () => {
    const held = (
      await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, addressOnly('dismiss1', '<A3>Los Angeles</A3><RD>Nowhere</RD>'))
    ).json().toLocate as TransferToLocate

    const r = await api(f, 'POST', `/api/transfers/to-locate/${held.id}/dismiss`, f.tokens.dispatcher, {
      reason: 'sent to us by mistake: returned to the sending centre'
    })

    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({
      status: 'dismissed',
      dismissReason: 'sent to us by mistake: returned to the sending centre',
      position: 0
    })
    expect(
      (await api(f, 'GET', '/api/transfers/to-locate', f.tokens.dispatcher))
        .json()
        .items.some((x: TransferToLocate) => x.id === held.id)
    ).toBe(false)
    expect(
      (await api(f, 'GET', '/api/transfers/to-locate?all=true', f.tokens.dispatcher))
        .json()
        .items.some((x: TransferToLocate) => x.id === held.id)
    ).toBe(true)
    expect(
      (
        await api(f, 'POST', `/api/transfers/to-locate/${held.id}/locate`, f.tokens.dispatcher, {
          location: { lat: 34, lon: -118, source: 'map_click' }
        })
      ).statusCode
    ).toBe(409)
  })

  it.each([
    ['a point off the map', { location: { lat: 200, lon: -118, source: 'map_click' } }, /body\/location\/lat/],
    ['no source', { location: { lat: 34, lon: -118 } }, /body\/location.*source/],
    ['the 911 centre as a source', { location: { lat: 34, lon: -118, source: '911_transfer' } }, /body\/location\/source/]
  ])('refuses to locate with %s, naming the field', async (_name, body, message) => {
    const held = (await api(f, 'GET', '/api/transfers/to-locate', f.tokens.dispatcher)).json().items[0] as TransferToLocate

    const r = await api(f, 'POST', `/api/transfers/to-locate/${held.id}/locate`, f.tokens.dispatcher, body)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(message)
    expect((await api(f, 'GET', `/api/transfers/to-locate/${held.id}`, f.tokens.dispatcher)).json().status).toBe('waiting')
  })

  it('answers 404 for an unknown held transfer', async () => {
    expect(
      (
        await api(f, 'POST', '/api/transfers/to-locate/00000000-0000-4000-8000-000000000000/locate', f.tokens.dispatcher, {
          location: { lat: 34, lon: -118, source: 'map_click' }
        })
      ).statusCode
    ).toBe(404)
    expect((await api(f, 'GET', '/api/transfers/to-locate/00000000-0000-4000-8000-000000000000', f.tokens.dispatcher)).statusCode).toBe(
      404
    )
  })

  it('still refuses a transfer with neither coordinates nor an address', async () => {
    const doc = {
      ...addressOnly('nothing1', ''),
      locationComponent: [{ $id: 'l', locationTypeDescriptionRegistryText: 'Caller', locationByReferenceUrl: 'https://lis.example/1' }]
    }

    const r = await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, doc)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/^locationComponent\[0\]\.locationByValue: no location with coordinates .* or a civic address/)
  })
})
