// EIDO over HTTP: GET /api/calls/:id/eido validates against the official-derived schema; POST /api/interop/eido
// makes a live call through intake, once per incident; bad documents answer 400 with the path; roles hold.
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call } from '../../../server/contracts/calls'
import { ENGINES } from '../../helpers/db'
import { api, newCall, newTeam, setup, type Fixture } from '../../helpers/app'

const schema = JSON.parse(readFileSync(new URL('../../fixtures/eido/eido-subset.schema.json', import.meta.url), 'utf8'))
const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats.default(ajv)
const validate = ajv.compile(schema)
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/eido/${name}`, import.meta.url), 'utf8'))

describe.each(ENGINES)('EIDO routes (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('exports a call, assigned and en route, as a document the schema accepts', async () => {
    const team = await newTeam(f)
    const call = await newCall(f, { callType: '5150 MENTAL HEALTH' })
    expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)

    const r = await api(f, 'GET', `/api/calls/${call.id}/eido`, f.tokens.supervisor)

    expect(r.statusCode).toBe(200)
    const doc = r.json()
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true)
    expect(doc.incidentComponent.incidentTypeInternalCode).toBe('mental_health.care_team')
    expect(doc.emergencyResourceComponent[0].unitStatusInternal).toEqual(['dispatched'])
    expect(doc.$id).toMatch(/^urn:emergency:uid:incidentid:[0-9a-f]+:care-dispatch.invalid$/)
  })

  it('transfers a call in: triaged as usual, source 911_transfer, queued', async () => {
    const r = await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, fixture('transfer-psap.json'))

    expect(r.statusCode).toBe(201)
    const body = r.json() as { call: Call; created: boolean; incidentId: string }
    expect(body.created).toBe(true)
    expect(body.incidentId).toBe('urn:emergency:uid:incidentid:7f3a91c2e0:psap.example-county.ca.us')
    expect(body.call.source).toBe('911_transfer')
    expect(body.call.callType).toContain('5150')
    expect(body.call.triage.category).toBe('mental_health')
    const detail = (await api(f, 'GET', `/api/calls/${body.call.id}`, f.tokens.dispatcher)).json()
    expect(detail.timeline[0].data.transfer).toMatchObject({
      incidentId: body.incidentId,
      issuingElement: 'cad.psap.example-county.ca.us'
    })
  })

  it('creates one call when the same document is posted twice, even by another dispatcher', async () => {
    const doc = fixture('transfer-draft.json')
    const first = await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, doc)

    const second = await api(f, 'POST', '/api/interop/eido', f.tokens.supervisor, doc)

    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(200)
    expect(second.json().created).toBe(false)
    expect(second.json().call.id).toBe(first.json().call.id)
  })

  it('keeps location, call type, narrative and time through a round trip over the routes', async () => {
    const call = await newCall(f, {
      callType: 'WELFARE CHECK',
      narrative: 'Neighbour says "he has not eaten" & is confused\nsecond line',
      location: { lat: 34.0537, lon: -118.2428, address: '200 N Spring St' }
    })
    const doc = (await api(f, 'GET', `/api/calls/${call.id}/eido`, f.tokens.dispatcher)).json()

    const r = await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, doc)

    expect(r.statusCode).toBe(201)
    const back = r.json().call as Call
    expect(back.location).toMatchObject({ lat: 34.0537, lon: -118.2428, address: '200 N Spring St' })
    expect(back.callType).toBe('WELFARE CHECK')
    expect(back.narrative).toBe(call.narrative)
    const detail = (await api(f, 'GET', `/api/calls/${back.id}`, f.tokens.dispatcher)).json()
    expect(detail.timeline[0].data.transfer.upstreamReceivedAt).toBe(call.receivedAt)
  })

  it.each([
    ['not an object', [1, 2], /must be object/],
    ['no version', { $id: 'x', incidentComponent: { $id: 'i', incidentTypeCommonRegistryText: 'EDP' } }, /eidoVersion/],
    [
      'incident type missing',
      { ...fixture('transfer-draft.json'), incidentComponent: [{ $id: 'i0' }] },
      /^incidentComponent\[0\]\.incidentTypeCommonRegistryText: required/
    ],
    ['no location', { ...fixture('transfer-draft.json'), locationComponent: [] }, /^locationComponent/]
  ])('refuses a bad document (%s) with 400 and the path of the first error, writing nothing', async (_name, body, message) => {
    const before = (await api(f, 'GET', '/api/calls?limit=1', f.tokens.dispatcher)).json().total

    const r = await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, body)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(message)
    expect((await api(f, 'GET', '/api/calls?limit=1', f.tokens.dispatcher)).json().total).toBe(before)
  })

  it('lets only dispatchers and supervisors use either route', async () => {
    const call = await newCall(f)

    for (const role of ['planner', 'admin'] as const) {
      expect((await api(f, 'GET', `/api/calls/${call.id}/eido`, f.tokens[role])).statusCode).toBe(403)
      expect((await api(f, 'POST', '/api/interop/eido', f.tokens[role], fixture('transfer-psap.json'))).statusCode).toBe(403)
    }
    expect((await f.app.inject({ method: 'GET', url: `/api/calls/${call.id}/eido` })).statusCode).toBe(401)
  })

  it('answers 404 for an unknown call', async () => {
    expect((await api(f, 'GET', '/api/calls/00000000-0000-4000-8000-000000000000/eido', f.tokens.dispatcher)).statusCode).toBe(404)
  })

  it('documents both routes in the OpenAPI document, with an example transfer', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
    const doc = res.json()

    expect(doc.paths['/api/calls/{id}/eido'].get.summary).toMatch(/EIDO/)
    expect(validate(doc.paths['/api/calls/{id}/eido'].get.responses['200'].content['application/json'].examples.closed.value)).toBe(
      true
    )
    const post = doc.paths['/api/interop/eido'].post
    expect(post.requestBody.content['application/json'].examples.transfer.value.eidoVersion).toBe('1.0')
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '201', '400']))
  })
})

// PGlite is one connection: a race needs real PostgreSQL (its own block, so a PGlite-only run reports no skipped test)
describe.runIf(process.env.DATABASE_URL)('EIDO transfers racing (postgres)', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup('postgres')
  })
  afterAll(async () => {
    await f.close()
  })

  it('makes one call when ten transfers of one incident race', async () => {
    const doc = fixture('transfer-draft.json')
    doc.incidentComponent[0].$id = 'urn:emergency:uid:incidentid:race-1:sheriff.example.gov'

    const all = await Promise.all(
      Array.from({ length: 10 }, async () => await api(f, 'POST', '/api/interop/eido', f.tokens.dispatcher, doc))
    )

    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201])
    expect(new Set(all.map((r) => r.json().call.id)).size).toBe(1)
  })
})
