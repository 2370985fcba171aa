// Integration: Idempotency-Key on every state-changing route. A retry whose first answer was lost gets
// that answer (not a 409), the change happens once, another body is refused, a failure is not kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'

describe.each(ENGINES)('Idempotency-Key (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  async function assigned () {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    const a = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    expect(a.statusCode, a.body).toBe(201)
    return { call, team, responder }
  }
  /** A team's track in arrival order (newTeam's own first fix included). */
  const trackOf = async (teamId: string) =>
    await f.db.db.selectFrom('team_positions').select(['lat', 'late']).where('team_id', '=', teamId).orderBy('id').execute()
  const timeline = async (callId: string): Promise<string[]> =>
    (await api(f, 'GET', `/api/calls/${callId}`, f.tokens.dispatcher)).json().timeline.map((e: { type: string }) => e.type)

  it('answers a resent status change with the first answer, and applies it once', async () => {
    const { call, responder } = await assigned()
    const key = `k-${Math.random()}`
    const first = await api(
      f,
      'POST',
      `/api/calls/${call.id}/status`,
      responder,
      { status: 'acknowledged' },
      { 'idempotency-key': key }
    )

    const again = await api(
      f,
      'POST',
      `/api/calls/${call.id}/status`,
      responder,
      { status: 'acknowledged' },
      { 'idempotency-key': key }
    )

    expect(first.statusCode).toBe(200)
    expect(again.statusCode).toBe(200)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
    expect((await timeline(call.id)).filter((t) => t === 'call.acknowledged')).toHaveLength(1)
  })

  it('refuses the same key with another body (422), without applying it', async () => {
    const { call, responder } = await assigned()
    const key = `k-${Math.random()}`
    await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'acknowledged' }, { 'idempotency-key': key })

    const other = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'en_route' }, { 'idempotency-key': key })

    expect(other.statusCode).toBe(422)
    expect(other.json().code).toBe('CD_IDEMPOTENCY_MISMATCH')
    expect((await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json().status).toBe('acknowledged')
  })

  it('keeps no answer for a refused request: the same key runs again once the call allows it', async () => {
    const { call, responder } = await assigned()
    const key = `k-${Math.random()}`
    const tooEarly = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'en_route' }, { 'idempotency-key': key })
    await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'acknowledged' })

    const now = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'en_route' }, { 'idempotency-key': key })

    expect(tooEarly.statusCode).toBe(409)
    expect(now.statusCode).toBe(200)
    expect(now.headers['idempotent-replayed']).toBeUndefined()
  })

  it('keeps keys apart per user', async () => {
    const key = `shared-${Math.random()}`
    const a = await newCall(f, {}, { 'idempotency-key': key })

    const b = await api(
      f,
      'POST',
      '/api/calls',
      f.tokens.supervisor,
      { location: { lat: 34.05, lon: -118.25 }, narrative: 'another call' },
      { 'idempotency-key': key }
    )

    expect(b.statusCode).toBe(201)
    expect(b.json().id).not.toBe(a.id)
  })

  it('replays a route that writes outside a transaction too (team position)', async () => {
    const team = await newTeam(f)
    const key = `k-${Math.random()}`
    const body = { lat: 34.06, lon: -118.24, deviceTime: f.clock.now().toISOString() }
    const first = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, body, { 'idempotency-key': key })

    const again = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, body, { 'idempotency-key': key })

    expect(first.statusCode).toBe(200)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
  })

  // A phone's outbox sends every fix with a key; the route knows a repeat by the fix itself (positions.repository.ts).
  it('keeps one track row for a burst of 10 identical keyed fixes, and answers each with the first answer', async () => {
    const team = await newTeam(f)
    const before = (await trackOf(team.id)).length
    const key = `fix-${Math.random()}`
    const body = { lat: 34.07, lon: -118.25, accuracyMeters: 9, deviceTime: f.clock.now().toISOString() }

    const rs = await Promise.all(
      Array.from(
        { length: 10 },
        async () => await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, body, { 'idempotency-key': key })
      )
    )

    expect(rs.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect(rs.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9)
    expect(new Set(rs.map((r) => r.body)).size).toBe(1)
    expect((await trackOf(team.id)).slice(before)).toEqual([{ lat: 34.07, late: false }])
  })

  it('knows a repeated fix by its team and device time, with any key or none, and keeps no claim for it', async () => {
    const team = await newTeam(f)
    const before = (await trackOf(team.id)).length
    const key = `fix-${Math.random()}`
    const body = { lat: 34.09, lon: -118.27, deviceTime: f.clock.now().toISOString() }
    const first = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, body, { 'idempotency-key': key })

    const otherKey = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, body, {
      'idempotency-key': `${key}-2`
    })
    const noKey = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, body)
    const missing = await api(f, 'POST', '/api/teams/00000000-0000-4000-8000-000000000000/position', f.tokens.dispatcher, body, {
      'idempotency-key': `${key}-3`
    })

    expect(first.statusCode).toBe(200)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    for (const r of [otherKey, noKey]) {
      expect(r.statusCode).toBe(200)
      expect(r.headers['idempotent-replayed']).toBe('true')
      expect(r.body).toBe(first.body)
    }
    expect(missing.statusCode).toBe(404)
    expect((await trackOf(team.id)).slice(before)).toEqual([{ lat: 34.09, late: false }])
    const claims = await f.db.db.selectFrom('idempotency_requests').select('key').where('key', 'like', `${key}%`).execute()
    expect(claims).toEqual([])
  })

  it('answers a keyed late fix (older than the position held) with the position held, and keeps the fix in the track', async () => {
    const team = await newTeam(f)
    const before = (await trackOf(team.id)).length
    const now = f.clock.now().getTime()
    const newer = { lat: 34.08, lon: -118.26, deviceTime: new Date(now).toISOString() }
    const older = { lat: 34.01, lon: -118.2, deviceTime: new Date(now - 60_000).toISOString() }
    const a = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, newer, {
      'idempotency-key': `n-${Math.random()}`
    })
    const key = `late-${Math.random()}`

    const late = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, older, { 'idempotency-key': key })
    const again = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, older, { 'idempotency-key': key })

    expect(a.statusCode).toBe(200)
    expect(late.statusCode).toBe(200)
    expect(late.json().position.lat).toBe(34.08)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.body).toBe(late.body)
    expect((await trackOf(team.id)).slice(before)).toEqual([
      { lat: 34.08, late: false },
      { lat: 34.01, late: true }
    ])
  })

  it('refuses a malformed key with 400 naming the header', async () => {
    const r = await api(
      f,
      'POST',
      '/api/calls',
      f.tokens.dispatcher,
      { location: { lat: 34.05, lon: -118.25 } },
      { 'idempotency-key': 'x'.repeat(201) }
    )

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/idempotency-key/)
  })

  it('documents the header on every state-changing route that takes a bearer token', async () => {
    // Keys are kept per signed-in user; the sign-in steps (login, a new password, a TOTP code) are public.
    const doc = (await f.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown[]; parameters?: Array<{ in: string; name: string }> }>>
    }
    const missing: string[] = []
    const publicRoutes: string[] = []
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!['post', 'patch', 'put', 'delete'].includes(method)) continue
        if (op.security?.length === 0) {
          publicRoutes.push(`${method} ${path}`)
          continue
        }
        if (!op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key')) missing.push(`${method} ${path}`)
      }
    }
    expect(missing).toEqual([])
    expect(publicRoutes).toContain('post /api/auth/login')
    expect(publicRoutes.every((r) => r.startsWith('post /api/auth/'))).toBe(true)
  })
})

describe.runIf(process.env.DATABASE_URL)('Idempotency-Key under concurrency (postgres)', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup('postgres')
  })
  afterAll(async () => {
    await f.close()
  })

  it('applies a burst of 10 identical requests exactly once, and answers each with the first answer', async () => {
    const team = await newTeam(f)
    const call = await newCall(f)
    const key = `burst-${Math.random()}`

    const rs = await Promise.all(
      Array.from(
        { length: 10 },
        async () =>
          await api(
            f,
            'POST',
            `/api/calls/${call.id}/assignments`,
            f.tokens.dispatcher,
            { teamId: team.id },
            { 'idempotency-key': key }
          )
      )
    )

    expect(rs.map((r) => r.statusCode)).toEqual(Array(10).fill(201))
    expect(rs.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9)
    const assignmentIds = new Set(rs.map((r) => r.json().assignment.id))
    expect(assignmentIds.size).toBe(1)
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.assignments).toHaveLength(1)
  })
})
