// Cache-Control over the whole OpenAPI document: every /api/ answer (a token, personal data, or an error) is
// no-store for a role the route serves, except the routes that declare themselves cacheable (area outlines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../../server/contracts/users'
import { ENGINES } from '../../helpers/db'
import { api, newCall, newTeam, PASSWORD, setup, signIn, type Fixture } from '../../helpers/app'
import { ACCESS } from '../access/matrix'

/** Outlines of areas: public geography, no token, no personal data; and the public summary (de-identified, for anyone). */
const CACHEABLE: Record<string, string> = {
  'GET /api/geo/lapd-divisions': 'private, max-age=86400',
  'GET /api/geo/areas/{id}': 'private, max-age=86400',
  'GET /api/public/summary': 'public, max-age=300'
}

describe.each(ENGINES)('Cache-Control on every API answer (%s)', (engine) => {
  let f: Fixture
  let routes: string[]
  const ids = { team: '', call: '' }
  let responder = ''

  beforeAll(async () => {
    f = await setup(engine)
    const team = await newTeam(f)
    const call = await newCall(f)
    const a = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    if (a.statusCode !== 201) throw new Error(a.body)
    ids.team = team.id
    ids.call = call.id
    responder = await signIn(f.app, 'responder', team.id)
    const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
  })
  afterAll(async () => {
    await f.close()
  })

  it('says no-store on the sign-in answer, which carries the token', async () => {
    const email = `nostore-${Date.now()}@test.care`
    await f.app.services.auth.createUser({ email, password: PASSWORD, role: 'dispatcher' })

    const r = await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } })

    expect(r.statusCode).toBe(200)
    expect(r.json().token).toBeTypeOf('string')
    expect(r.headers['cache-control']).toBe('no-store')
  })

  it('says no-store on every API route of the OpenAPI document, for a role it serves, but the cacheable outlines', async () => {
    const wrong: string[] = []
    expect(routes.length).toBeGreaterThan(50)
    for (const route of routes) {
      const [method, template] = route.split(' ')
      if (!template.startsWith('/api/')) continue
      const policy = ACCESS[route]
      const role: Role | null = policy === undefined || policy === 'public' ? null : (ROLES.find((x) => policy[x] !== 'deny') ?? null)
      const token =
        route === 'POST /api/auth/logout'
          ? await signIn(f.app, 'dispatcher')
          : role === 'responder'
            ? responder
            : role
              ? f.tokens[role]
              : null
      const url = template
        .replace(
          '{id}',
          template.startsWith('/api/teams')
            ? ids.team
            : template.startsWith('/api/calls')
              ? ids.call
              : template.startsWith('/api/geo/areas')
                ? 'lapd_divisions'
                : crypto.randomUUID()
        )
        .replace('{version}', 'none')
      const r = await f.app.inject({
        method: method as 'GET',
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(method !== 'GET' && method !== 'PUT' && method !== 'DELETE' ? { payload: {} } : {})
      })
      const want = CACHEABLE[route] ?? 'no-store'
      if (r.headers['cache-control'] !== want) {
        wrong.push(`${route} (${r.statusCode}): cache-control ${String(r.headers['cache-control'])}, want ${want}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('says no-store on the personal answers themselves: a call, the calls list, EIDO, the signed-in user', async () => {
    for (const url of [`/api/calls/${ids.call}`, '/api/calls', `/api/calls/${ids.call}/eido`, '/api/auth/me', '/api/queue']) {
      const r = await api(f, 'GET', url, f.tokens.dispatcher)

      expect([url, r.statusCode, r.headers['cache-control']]).toEqual([url, 200, 'no-store'])
    }
  })

  it('says no-store on a refusal too (401 and 403 answers are not cached either)', async () => {
    const anon = await f.app.inject({ method: 'GET', url: '/api/calls' })
    const planner = await api(f, 'GET', '/api/calls', f.tokens.planner)

    expect([anon.statusCode, anon.headers['cache-control']]).toEqual([401, 'no-store'])
    expect([planner.statusCode, planner.headers['cache-control']]).toEqual([403, 'no-store'])
  })
})
