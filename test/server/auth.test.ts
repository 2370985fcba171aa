// Integration: sign-in, sessions, and which roles may use which routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, PASSWORD, setup, setupTwoProcesses, signIn, type Fixture } from '../helpers/app'

describe.each(ENGINES)('sign-in and roles (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('answers 401 without a token on every non-public route', async () => {
    const routes = f.app.printRoutes({ commonPrefix: false })
    for (const url of ['/api/calls', '/api/queue', '/api/teams', '/api/users', '/api/auth/me']) {
      const r = await f.app.inject({ method: 'GET', url })
      expect(r.statusCode, url).toBe(401)
      expect(r.json().code).toBe('CD_UNAUTHORIZED')
    }
    expect(routes).toContain('/api/calls')
  })

  it('lets /health and login through without a session', async () => {
    expect((await f.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    const r = await f.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@test.care', password: 'wrong-password' }
    })
    expect(r.statusCode).toBe(401)
  })

  it('rejects a wrong password with the same message as an unknown email', async () => {
    await f.app.services.auth.createUser({ email: 'known@test.care', password: PASSWORD, role: 'planner' })
    const wrong = await f.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'known@test.care', password: 'not-the-password' }
    })
    const unknown = await f.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'unknown@test.care', password: 'not-the-password' }
    })

    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().message).toBe(unknown.json().message)
  })

  it('ends a session on logout', async () => {
    const token = await signIn(f.app, 'dispatcher')
    expect((await api(f, 'POST', '/api/auth/logout', token)).statusCode).toBe(204)

    expect((await api(f, 'GET', '/api/auth/me', token)).statusCode).toBe(401)
  })

  it('expires a session after its lifetime, even one this process has just checked', async () => {
    const token = await signIn(f.app, 'dispatcher')
    expect((await api(f, 'GET', '/api/auth/me', token)).statusCode).toBe(200)
    f.clock.advance(f.config.sessionTtlMs + 1000)

    const r = await api(f, 'GET', '/api/auth/me', token)
    f.clock.advance(-(f.config.sessionTtlMs + 1000))

    expect(r.statusCode).toBe(401)
  })

  it('ends every session of a deactivated user at once, and a role change takes effect on the next request', async () => {
    const user = await f.app.services.auth.createUser({
      email: `deact-${Date.now()}@test.care`,
      password: PASSWORD,
      role: 'dispatcher'
    })
    const login = async () =>
      (await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: PASSWORD } })).json()
        .token as string
    const first = await login()
    expect((await api(f, 'GET', '/api/queue', first)).statusCode).toBe(200)

    expect((await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { role: 'planner' })).statusCode).toBe(200)
    expect((await api(f, 'GET', '/api/queue', first)).statusCode).toBe(401)
    const second = await login()
    expect((await api(f, 'GET', '/api/queue', second)).statusCode).toBe(403)
    expect((await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { active: false })).statusCode).toBe(200)

    expect((await api(f, 'GET', '/api/auth/me', second)).statusCode).toBe(401)
  })

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const u = await f.app.services.auth.createUser({ email: `hash-${Date.now()}@test.care`, password: PASSWORD, role: 'planner' })
    const row = await f.db.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow()

    expect(row.password_hash).toMatch(/^scrypt\$/)
    expect(row.password_hash).not.toContain(PASSWORD)
  })

  it.each([
    ['planner', 'POST', '/api/calls'],
    ['responder', 'POST', '/api/calls'],
    ['planner', 'GET', '/api/queue'],
    ['dispatcher', 'GET', '/api/users'],
    ['dispatcher', 'POST', '/api/teams'],
    ['responder', 'GET', '/api/queue'],
    ['supervisor', 'POST', '/api/users']
  ] as const)('forbids %s from %s %s (403)', async (role, method, url) => {
    const team = role === 'responder' ? await newTeam(f) : undefined
    const token = await signIn(f.app, role, team?.id)

    const r = await api(f, method, url, token, method === 'POST' ? {} : undefined)

    expect(r.statusCode).toBe(403)
    expect(r.json().code).toBe('CD_FORBIDDEN')
  })

  it('lets a responder change only their own team', async () => {
    const mine = await newTeam(f)
    const other = await newTeam(f)
    const token = await signIn(f.app, 'responder', mine.id)
    const pos = { lat: 34.1, lon: -118.3, deviceTime: f.clock.now().toISOString() }

    expect((await api(f, 'POST', `/api/teams/${mine.id}/position`, token, pos)).statusCode).toBe(200)
    expect((await api(f, 'POST', `/api/teams/${other.id}/position`, token, pos)).statusCode).toBe(403)
    expect((await api(f, 'POST', `/api/teams/${other.id}/status`, token, { status: 'out_of_service' })).statusCode).toBe(403)
  })

  it("shows a responder only their own team's call", async () => {
    const mine = await newTeam(f)
    const token = await signIn(f.app, 'responder', mine.id)
    const other = await newCall(f)

    expect((await api(f, 'GET', `/api/calls/${other.id}`, token)).statusCode).toBe(403)
    const list = (await api(f, 'GET', '/api/calls', token)).json()
    expect(list.items.every((c: { teamId: string }) => c.teamId === mine.id)).toBe(true)
  })

  it('lets an admin create, list and deactivate users; deactivation ends their sessions', async () => {
    const email = `managed-${Date.now()}@test.care`
    const created = await api(f, 'POST', '/api/users', f.tokens.admin, { email, password: PASSWORD, role: 'dispatcher' })
    expect(created.statusCode, created.body).toBe(201)
    const login = await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } })
    const token = login.json().token as string

    const off = await api(f, 'PATCH', `/api/users/${created.json().id}`, f.tokens.admin, { active: false })

    expect(off.json().active).toBe(false)
    expect((await api(f, 'GET', '/api/auth/me', token)).statusCode).toBe(401)
    expect((await api(f, 'GET', '/api/users', f.tokens.admin)).json().some((u: { email: string }) => u.email === email)).toBe(true)
  })

  it('requires a team for a responder user (400 naming teamId)', async () => {
    const r = await api(f, 'POST', '/api/users', f.tokens.admin, {
      email: `r-${Date.now()}@test.care`,
      password: PASSWORD,
      role: 'responder'
    })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/teamId/)
  })

  it('refuses a duplicate email (409)', async () => {
    const email = `dup-${Date.now()}@test.care`
    await api(f, 'POST', '/api/users', f.tokens.admin, { email, password: PASSWORD, role: 'planner' })

    const again = await api(f, 'POST', '/api/users', f.tokens.admin, {
      email: email.toUpperCase(),
      password: PASSWORD,
      role: 'planner'
    })

    expect(again.statusCode).toBe(409)
  })
})

describe.runIf(process.env.DATABASE_URL)('sessions across two processes on one PostgreSQL', () => {
  let a: Fixture
  let b: Fixture
  let close: (() => Promise<void>) | undefined
  beforeAll(async () => {
    ;({ a, b, close } = await setupTwoProcesses())
  })
  afterAll(async () => {
    await close?.()
  })

  /** Polls until `url` answers `status` on `f`; returns how long that took. */
  async function untilStatus (f: Fixture, token: string, url: string, status: number): Promise<number> {
    const t0 = Date.now()
    for (;;) {
      const r = await api(f, 'GET', url, token)
      if (r.statusCode === status) return Date.now() - t0
      if (Date.now() - t0 > 3000) throw new Error(`${url} still answers ${r.statusCode}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  it('a logout on one process ends the session on the other, which had it cached, without waiting out the cache', async () => {
    const token = await signIn(a.app, 'dispatcher')
    expect((await api(b, 'GET', '/api/queue', token)).statusCode).toBe(200)

    expect((await api(a, 'POST', '/api/auth/logout', token)).statusCode).toBe(204)

    expect(await untilStatus(b, token, '/api/queue', 401)).toBeLessThan(b.config.sessionCacheMs)
  })

  it('deactivating a user on one process ends their sessions on the other', async () => {
    const user = await a.app.services.auth.createUser({ email: `two-${Date.now()}@test.care`, password: PASSWORD, role: 'dispatcher' })
    const token = (
      await b.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: PASSWORD } })
    ).json().token as string
    expect((await api(b, 'GET', '/api/queue', token)).statusCode).toBe(200)

    expect((await api(a, 'PATCH', `/api/users/${user.id}`, a.tokens.admin, { active: false })).statusCode).toBe(200)

    expect(await untilStatus(b, token, '/api/queue', 401)).toBeLessThan(b.config.sessionCacheMs)
  })
})

describe.each(ENGINES)('guessing passwords (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { config: { LOGIN_RATE_PER_MINUTE: '12' } })
  })
  afterAll(async () => {
    await f.close()
  })

  const attempt = async (email: string, password: string, remoteAddress: string) =>
    await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress })

  it('locks one account out for one address after 5 failures, and not for anyone else', async () => {
    const user = await f.app.services.auth.createUser({ email: `lock-${Date.now()}@test.care`, password: PASSWORD, role: 'dispatcher' })
    for (let i = 0; i < 5; i++) expect((await attempt(user.email, 'wrong-password-x', '10.0.0.1')).statusCode).toBe(401)

    const locked = await attempt(user.email, PASSWORD, '10.0.0.1')
    const elsewhere = await attempt(user.email, PASSWORD, '10.0.0.2')

    expect(locked.statusCode).toBe(429)
    expect(locked.json().code).toBe('CD_TOO_MANY_REQUESTS')
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    expect(elsewhere.statusCode).toBe(200)
  })

  it('lets the address in again once the failures age out', async () => {
    const user = await f.app.services.auth.createUser({ email: `age-${Date.now()}@test.care`, password: PASSWORD, role: 'dispatcher' })
    for (let i = 0; i < 5; i++) await attempt(user.email, 'wrong-password-x', '10.0.1.1')
    expect((await attempt(user.email, PASSWORD, '10.0.1.1')).statusCode).toBe(429)

    f.clock.advance(15 * 60_000 + 1000)
    const r = await attempt(user.email, PASSWORD, '10.0.1.1')
    f.clock.advance(-(15 * 60_000 + 1000))

    expect(r.statusCode).toBe(200)
  })

  it('limits sign-in attempts per address per minute, with Retry-After', async () => {
    const codes: number[] = []
    for (let i = 0; i < 14; i++) codes.push((await attempt(`nobody-${i}@test.care`, 'wrong-password-x', '10.0.2.1')).statusCode)
    const last = await attempt('nobody@test.care', 'wrong-password-x', '10.0.2.1')

    expect(codes.filter((c) => c === 401)).toHaveLength(12)
    expect(last.statusCode).toBe(429)
    expect(last.json()).toMatchObject({ statusCode: 429, code: 'CD_TOO_MANY_REQUESTS' })
    expect(last.headers['retry-after']).toBeDefined()
  })

  it.each([
    ['short', 'Sh0rt-pass', /fewer than 12 characters/],
    ['common', 'Password1234', /too common/],
    ['the email', 'policy-user-2026!', /email/],
    ['one character', 'aaaaaaaaaaaaaaaa', /different characters/]
  ])('refuses a %s password with 400 naming the field', async (_name, password, problem) => {
    const r = await api(f, 'POST', '/api/users', f.tokens.admin, { email: 'policy-user@test.care', password, role: 'planner' })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/password/)
    expect(r.json().message).toMatch(problem)
  })
})
