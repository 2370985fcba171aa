// Integration: bad input gets a 4xx JSON error naming the field, never a 500, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, ELIGIBLE, newCall, newTeam, setup, type Fixture } from '../helpers/app'

describe.each(ENGINES)('bad input (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  async function counts () {
    const n = async (t: 'calls' | 'events' | 'teams' | 'assignments') =>
      Number(
        (
          await f.db.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n
      )
    return { calls: await n('calls'), events: await n('events'), teams: await n('teams'), assignments: await n('assignments') }
  }

  it.each([
    ['lat out of range', { location: { lat: 200, lon: -118 }, narrative: ELIGIBLE }, /lat/],
    ['lon missing', { location: { lat: 34 }, narrative: ELIGIBLE }, /lon/],
    ['location missing', { narrative: ELIGIBLE }, /location/],
    ['lat as text', { location: { lat: 'north', lon: -118 } }, /lat/],
    ['unknown answer value', { location: { lat: 34, lon: -118 }, answers: { weapons: 'maybe' } }, /weapons/],
    ['unknown question', { location: { lat: 34, lon: -118 }, answers: { mood: 'no' } }, /answers|mood/],
    ['unknown source', { location: { lat: 34, lon: -118 }, source: 'pigeon' }, /source/],
    ['narrative too long', { location: { lat: 34, lon: -118 }, narrative: 'x'.repeat(9000) }, /narrative/],
    ['unknown top-level field', { location: { lat: 34, lon: -118 }, colour: 'red' }, /colour|additional/]
  ])('POST /api/calls with %s → 400 naming the field, nothing written', async (_name, body, field) => {
    const before = await counts()

    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, body)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(field)
    expect(r.json()).toHaveProperty('code')
    expect(await counts()).toEqual(before)
  })

  it.each([
    ['a NUL in the password', { email: 'a@b.co', password: 'pass\u0000word' }, 'body/password'],
    ['a lone surrogate in the email', { email: 'a\ud800@b.co', password: 'whatever-123' }, 'body/email']
  ])('POST /api/auth/login with %s → 400 naming the field, not 500', async (_name, body, field) => {
    const r = await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: body })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain(field)
  })

  it.each([
    ['a NUL in the narrative', { location: { lat: 34, lon: -118 }, narrative: 'he said \u0000 then left' }, 'body/narrative'],
    ['a lone low surrogate in an answer key', { location: { lat: 34, lon: -118 }, answers: { '\udc00': 'no' } }, 'body/answers'],
    ['a NUL deep in the address', { location: { lat: 34, lon: -118, address: '1\u0000 Main St' } }, 'body/location/address']
  ])('POST /api/calls with %s → 400 naming the field, nothing written', async (_name, body, field) => {
    const before = await counts()

    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, body)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain(field)
    expect(await counts()).toEqual(before)
  })

  it('keeps a whole surrogate pair (an emoji) as given', async () => {
    const call = await newCall(f, { narrative: `${ELIGIBLE} 🙂` })

    expect(call.narrative).toBe(`${ELIGIBLE} 🙂`)
  })

  it('refuses a NUL in a query string, naming the parameter', async () => {
    const r = await api(f, 'GET', '/api/calls?status=queued%00', f.tokens.dispatcher)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain('querystring/status')
  })

  it('refuses a NUL in a free-text query parameter before it reaches the database (was a 500)', async () => {
    const r = await api(f, 'GET', '/api/audit?action=call.read%00', f.tokens.supervisor)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain('querystring/action')
  })

  it.each([['1e308'], ['9223372036854775808']])(
    'refuses a page offset of %s naming it (was an unnamed database range error)',
    async (offset) => {
      const r = await api(f, 'GET', `/api/calls?offset=${offset}`, f.tokens.dispatcher)

      expect(r.statusCode).toBe(400)
      expect(r.json().message).toContain('offset')
    }
  )

  it('names an unknown field', async () => {
    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, { location: { lat: 34, lon: -118, colour: 'red' } })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain('body/location/colour: unknown field')
  })

  it('names the content type it does not accept', async () => {
    const r = await f.app.inject({
      method: 'POST',
      url: '/api/calls',
      headers: { authorization: `Bearer ${f.tokens.dispatcher}`, 'content-type': 'application/xml' },
      payload: '<call/>'
    })

    expect(r.statusCode).toBe(415)
    expect(r.json()).toMatchObject({
      code: 'CD_UNSUPPORTED_MEDIA_TYPE',
      message: 'content-type: "application/xml" is not accepted here; send the body as application/json'
    })
  })

  it('answers malformed JSON with 400 and a JSON body', async () => {
    const r = await f.app.inject({
      method: 'POST',
      url: '/api/calls',
      headers: { authorization: `Bearer ${f.tokens.dispatcher}`, 'content-type': 'application/json' },
      payload: '{"location": {"lat": 34.05, "lon": '
    })

    expect(r.statusCode).toBe(400)
    expect(r.json()).toMatchObject({ statusCode: 400, code: 'CD_BAD_JSON' })
    expect(r.json().message).toMatch(/^body: not valid JSON/)
  })

  it.each([
    ['a call id that is not a uuid', 'GET', '/api/calls/not-a-uuid', undefined, 400],
    ['an unknown call', 'GET', '/api/calls/00000000-0000-4000-8000-000000000000', undefined, 404],
    ['recommendations for an unknown call', 'GET', '/api/calls/00000000-0000-4000-8000-000000000000/recommendations', undefined, 404],
    ['a negative page offset', 'GET', '/api/calls?offset=-1', undefined, 400],
    ['a limit over 500', 'GET', '/api/calls?limit=5000', undefined, 400],
    ['a bad date filter', 'GET', '/api/calls?from=yesterday', undefined, 400]
  ] as const)('answers %s with %i', async (_n, method, url, body, code) => {
    const r = await api(f, method, url, f.tokens.dispatcher, body)

    expect(r.statusCode).toBe(code)
    expect(r.json().code).toBeTruthy()
  })

  it('rejects an assignment to an unknown team without touching the call', async () => {
    const call = await newCall(f)
    const before = await counts()

    const r = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, {
      teamId: '00000000-0000-4000-8000-000000000000'
    })

    expect(r.statusCode).toBe(404)
    expect(await counts()).toEqual(before)
    expect((await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json().status).toBe('queued')
  })

  it('rejects a team with an unknown capability or a duplicate call sign', async () => {
    const t = await newTeam(f)
    const bad = await api(f, 'POST', '/api/teams', f.tokens.admin, { callSign: 'NEW-1', kind: 'crisis', capabilities: ['flying'] })
    const dup = await api(f, 'POST', '/api/teams', f.tokens.admin, { callSign: t.callSign, kind: 'crisis' })

    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/capabilities/)
    expect(dup.statusCode).toBe(409)
  })

  it('rejects a position without a device time', async () => {
    const t = await newTeam(f)

    const r = await api(f, 'POST', `/api/teams/${t.id}/position`, f.tokens.dispatcher, { lat: 34, lon: -118 })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/deviceTime/)
  })

  it('rejects a close with a disposition outside the vocabulary', async () => {
    const call = await newCall(f)

    const r = await api(f, 'POST', `/api/calls/${call.id}/close`, f.tokens.dispatcher, { disposition: 'went_fine' })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/disposition/)
  })
})

describe('unstorableTextAt', () => {
  it('walks parsed JSON (plain and null-prototype objects) but not class instances such as a streamed body', async () => {
    const { unstorableTextAt } = await import('../../server/lib/text-guard')
    const bare = Object.assign(Object.create(null), { q: 'a\u0000' })
    expect(unstorableTextAt(bare, 'querystring')).toBe('querystring/q')
    expect(unstorableTextAt({ a: [{ b: '\uD800' }] }, 'body')).toBe('body/a/0/b')
    function Empty () {}
    Empty.prototype = Object.create(null)
    const fastQuery = Object.assign(new (Empty as any)(), { action: 'a\u0000' })
    expect(unstorableTextAt(fastQuery, 'querystring')).toBe('querystring/action')
    class Stream {
      text = 'x\u0000'
      self = this
    }
    expect(unstorableTextAt(new Stream(), 'body')).toBeNull()
  })
})
