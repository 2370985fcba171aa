// Integration: each route refuses a body over its limit with a 413 JSON error (small for sign-in, positions
// and statuses, larger for narratives), writes nothing, and still takes the largest body its schema allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMITS, FORM_BODY, NARRATIVE_BODY, SMALL_BODY } from '../../server/lib/body-limits'
import { ENGINES } from '../helpers/db'
import { auth, newCall, newTeam, SAFE_ANSWERS, setup, type Fixture } from '../helpers/app'

describe.each(ENGINES)('body size limits (%s)', (engine) => {
  let f: Fixture
  let ids: { team: string; call: string }
  beforeAll(async () => {
    f = await setup(engine)
    ids = { team: (await newTeam(f)).id, call: (await newCall(f)).id }
  })
  afterAll(async () => {
    await f.close()
  })

  const rows = async () =>
    Number(
      (
        await f.db.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n
    )

  /** A JSON body of exactly `bytes` bytes: {"pad":"xxx…"}. */
  const sized = (bytes: number) => `{"pad":"${'x'.repeat(bytes - 10)}"}`

  it('names only routes that exist', async () => {
    const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)
    )

    expect(Object.keys(BODY_LIMITS).filter((r) => !routes.includes(r))).toEqual([])
  })

  it.each([
    ['POST /api/auth/login', SMALL_BODY, false],
    ['POST /api/teams/:id/position', SMALL_BODY, true],
    ['POST /api/teams/:id/status', SMALL_BODY, true],
    ['POST /api/calls/:id/status', SMALL_BODY, true],
    ['POST /api/calls/:id/close', FORM_BODY, true],
    ['POST /api/calls', NARRATIVE_BODY, true]
  ] as const)('%s answers 413 JSON one byte over %i bytes, and writes nothing', async (route, limit, signedIn) => {
    const [method, template] = route.split(' ')
    const url = template.replace(':id', template.startsWith('/api/teams') ? ids.team : ids.call)
    const before = await rows()

    const r = await f.app.inject({
      method: method as 'POST',
      url,
      headers: { 'content-type': 'application/json', ...(signedIn ? auth(f.tokens.dispatcher) : {}) },
      payload: sized(limit + 1)
    })

    expect(r.statusCode).toBe(413)
    expect(r.headers['content-type']).toMatch(/application\/json/)
    expect(r.json()).toMatchObject({ statusCode: 413, code: 'CD_BODY_TOO_LARGE' })
    expect(r.json().message).toMatch(/^body: larger than \d+ KB/)
    expect(await rows()).toBe(before)
  })

  it('reads a body at the limit (then judges it by its schema, not its size)', async () => {
    const r = await f.app.inject({
      method: 'POST',
      url: `/api/teams/${ids.team}/position`,
      headers: { 'content-type': 'application/json', ...auth(f.tokens.dispatcher) },
      payload: sized(SMALL_BODY)
    })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/pad|lat/)
  })

  it('takes the largest call its schema allows: 8,000 characters of four-byte text, escaped', async () => {
    const narrative = '\u{1F198}'.repeat(4000) // 8,000 UTF-16 units
    const payload = JSON.stringify({
      location: { lat: 34.05, lon: -118.25, address: 'é'.repeat(300) },
      narrative,
      callType: 'c'.repeat(200),
      callerName: 'n'.repeat(200),
      answers: SAFE_ANSWERS
    }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    expect(payload.length).toBeGreaterThan(48_000)

    const r = await f.app.inject({
      method: 'POST',
      url: '/api/calls',
      headers: { 'content-type': 'application/json', ...auth(f.tokens.dispatcher) },
      payload
    })

    expect(r.statusCode).toBe(201)
    expect(r.json().narrative).toBe(narrative)
  })
})
