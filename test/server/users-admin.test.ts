// Users administration and two-step sign-in, through the API on a fixed clock: temporary passwords that
// must be replaced at sign-in (and nothing else works until then), password reset, deactivation, ending
// sessions, every change audited; TOTP enrolment with a QR code, codes used once, recovery codes used
// once, lockout of the second step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generate } from 'otplib'
import { ENGINES } from '../helpers/db'
import { api, Clock, newTeam, PASSWORD, setup, type Fixture } from '../helpers/app'

const NEW_PASSWORD = 'a-new-password-for-me'

async function login (f: Fixture, email: string, password: string) {
  return await f.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } })
}
async function step (f: Fixture, path: string, payload: object) {
  return await f.app.inject({ method: 'POST', url: path, payload })
}
const code = async (secret: string, f: Fixture): Promise<string> => await generate({ secret, epoch: Math.floor(f.clock.t / 1000) })
let seq = 0
const email = (tag: string): string => `${tag}-${process.pid}-${++seq}@test.care`

describe.each(ENGINES)('users administration (%s)', (engine) => {
  let f: Fixture
  // a fresh database per file takes long on a crowded machine
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2026-12-09T18:00:00Z')) })
  }, 180_000)
  afterAll(async () => {
    await f.close()
  })

  it('creates a user with a temporary password that sign-in asks to replace, and accepts nothing else until then', async () => {
    const address = email('new-dispatcher')
    const created = await api(f, 'POST', '/api/users', f.tokens.admin, { email: address, role: 'dispatcher', name: 'New Dispatcher' })
    const temporary = created.json().temporaryPassword as string

    const first = await login(f, address, temporary)
    const challenge = first.json().challenge as string
    const meWithChallenge = await api(f, 'GET', '/api/auth/me', challenge)
    const weak = await step(f, '/api/auth/password', { challenge, password: 'short' })
    const same = await step(f, '/api/auth/password', { challenge, password: temporary })
    const done = await step(f, '/api/auth/password', { challenge, password: NEW_PASSWORD })
    const again = await step(f, '/api/auth/password', { challenge, password: 'another-new-password' })

    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      email: address,
      role: 'dispatcher',
      state: 'password_reset',
      mustChangePassword: true,
      lastSignInAt: null,
      activeSessions: 0
    })
    expect(first.json()).toMatchObject({ status: 'password_change_required', user: { email: address, role: 'dispatcher' } })
    expect(first.json().token).toBeUndefined()
    expect(meWithChallenge.statusCode).toBe(401)
    expect(weak.statusCode).toBe(400)
    expect(weak.json().message).toContain('body/password')
    expect(same.json().message).toBe('body/password must differ from the temporary password')
    expect(done.json()).toMatchObject({ status: 'signed_in', user: { email: address } })
    expect((await api(f, 'GET', '/api/queue', done.json().token)).statusCode).toBe(200)
    expect(again.statusCode).toBe(401)
    const listed = (await api(f, 'GET', '/api/users', f.tokens.admin)).json().find((u: { email: string }) => u.email === address)
    expect(listed).toMatchObject({
      state: 'active',
      mustChangePassword: false,
      lastSignInAt: '2026-12-09T18:00:00.000Z',
      activeSessions: 1
    })
  })

  it('resets a password: the open session stops at once, the old password no longer works, the new one must be replaced', async () => {
    const address = email('reset')
    const user = (await api(f, 'POST', '/api/users', f.tokens.admin, { email: address, password: PASSWORD, role: 'dispatcher' })).json()
    const token = (await login(f, address, PASSWORD)).json().token as string
    expect((await api(f, 'GET', '/api/queue', token)).statusCode).toBe(200)

    const reset = await api(f, 'POST', `/api/users/${user.id}/password-reset`, f.tokens.admin, {})

    expect(reset.json()).toMatchObject({ sessionsEnded: 1, user: { state: 'password_reset' } })
    expect((await api(f, 'GET', '/api/queue', token)).statusCode).toBe(401)
    expect((await login(f, address, PASSWORD)).statusCode).toBe(401)
    expect((await login(f, address, reset.json().temporaryPassword)).json().status).toBe('password_change_required')
  })

  it('deactivates and reactivates a user, and ends every session on request', async () => {
    const address = email('leaver')
    const user = (await api(f, 'POST', '/api/users', f.tokens.admin, { email: address, password: PASSWORD, role: 'supervisor' })).json()
    const phone = (await login(f, address, PASSWORD)).json().token as string
    const desk = (await login(f, address, PASSWORD)).json().token as string

    const ended = await api(f, 'DELETE', `/api/users/${user.id}/sessions`, f.tokens.admin)
    const afterEnd = await api(f, 'GET', '/api/auth/me', phone)
    const fresh = (await login(f, address, PASSWORD)).json().token as string
    const off = await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { active: false })
    const refused = await login(f, address, PASSWORD)
    const on = await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { active: true })

    expect(ended.json()).toEqual({ sessionsEnded: 2 })
    expect(afterEnd.statusCode).toBe(401)
    expect((await api(f, 'GET', '/api/auth/me', desk)).statusCode).toBe(401)
    expect(off.json()).toMatchObject({ state: 'deactivated', active: false, activeSessions: 0 })
    expect((await api(f, 'GET', '/api/auth/me', fresh)).statusCode).toBe(401)
    expect(refused.statusCode).toBe(401)
    expect(on.json().state).toBe('active')
    expect((await login(f, address, PASSWORD)).json().status).toBe('signed_in')
  })

  it('changes role and team, binding a responder to a team', async () => {
    const team = await newTeam(f, { onShift: false })
    const user = (
      await api(f, 'POST', '/api/users', f.tokens.admin, { email: email('mover'), password: PASSWORD, role: 'dispatcher' })
    ).json()

    const noTeam = await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { role: 'responder' })
    const moved = await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { role: 'responder', teamId: team.id })

    expect(noTeam.statusCode).toBe(400)
    expect(noTeam.json().message).toContain('body/teamId')
    expect(moved.json()).toMatchObject({ role: 'responder', teamId: team.id })
  })

  it('audits every change with who, what, when and from where', async () => {
    const user = (
      await api(f, 'POST', '/api/users', f.tokens.admin, { email: email('audited'), password: PASSWORD, role: 'planner' })
    ).json()
    await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { role: 'supervisor' })
    await api(f, 'POST', `/api/users/${user.id}/password-reset`, f.tokens.admin, {})
    await api(f, 'PATCH', `/api/users/${user.id}`, f.tokens.admin, { active: false })

    const trail = (await api(f, 'GET', `/api/audit?subject=user:${user.id}`, f.tokens.supervisor)).json()

    expect(trail.items.map((i: { action: string }) => i.action)).toEqual([
      'user.deactivate',
      'user.password_reset',
      'user.update',
      'user.create'
    ])
    expect(trail.items[2]).toMatchObject({
      user: { role: 'admin' },
      ip: '127.0.0.1',
      detail: { role: { from: 'planner', to: 'supervisor' } },
      at: '2026-12-09T18:00:00.000Z'
    })
  })

  it('keeps the last active admin', async () => {
    const me = (await api(f, 'GET', '/api/auth/me', f.tokens.admin)).json()
    const admins = (await api(f, 'GET', '/api/users', f.tokens.admin))
      .json()
      .filter((u: { role: string; active: boolean; id: string }) => u.role === 'admin' && u.active && u.id !== me.id)
    for (const a of admins) await api(f, 'PATCH', `/api/users/${a.id}`, f.tokens.admin, { active: false })

    const r = await api(f, 'PATCH', `/api/users/${me.id}`, f.tokens.admin, { role: 'supervisor' })

    expect(r.statusCode).toBe(409)
    expect((await api(f, 'GET', '/api/auth/me', f.tokens.admin)).json().role).toBe('admin')
  })
})

describe.each(ENGINES)('two-step sign-in with TOTP on a fixed clock (%s)', (engine) => {
  let f: Fixture
  let teamId: string
  // responders must enrol here (the fixture's desk roles sign in with a password alone)
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2026-12-09T18:00:10Z')), config: { MFA_REQUIRED_ROLES: 'responder' } })
    teamId = (await newTeam(f, { onShift: false })).id
  }, 180_000)
  afterAll(async () => {
    await f.close()
  })

  async function enrolled (): Promise<{ address: string; secret: string; recoveryCodes: string[] }> {
    const address = email('medic')
    await api(f, 'POST', '/api/users', f.tokens.admin, { email: address, password: PASSWORD, role: 'responder', teamId })
    const challenge = (await login(f, address, PASSWORD)).json().challenge as string
    const { secret } = (await step(f, '/api/auth/totp/enrol', { challenge })).json()
    const r = await step(f, '/api/auth/totp/enrol/confirm', { challenge, code: await code(secret, f) })
    f.clock.advance(30_000)
    return { address, secret, recoveryCodes: r.json().recoveryCodes }
  }

  it('enrols with a QR code and recovery codes, then signs in with a code', async () => {
    const address = email('medic')
    await api(f, 'POST', '/api/users', f.tokens.admin, { email: address, password: PASSWORD, role: 'responder', teamId })

    const first = await login(f, address, PASSWORD)
    const challenge = first.json().challenge as string
    const meBefore = await api(f, 'GET', '/api/auth/me', challenge)
    const enrol = await step(f, '/api/auth/totp/enrol', { challenge })
    const { secret, otpauthUri, qrSvg, qrDataUrl } = enrol.json()
    const right = await code(secret, f)
    const wrong = await step(f, '/api/auth/totp/enrol/confirm', { challenge, code: right === '000000' ? '111111' : '000000' })
    const confirmed = await step(f, '/api/auth/totp/enrol/confirm', { challenge, code: right })

    expect(first.json().status).toBe('totp_enrolment_required')
    expect(meBefore.statusCode).toBe(401)
    expect(otpauthUri).toBe(`otpauth://totp/care%20dispatch:${encodeURIComponent(address)}?secret=${secret}&issuer=care%20dispatch`)
    expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(wrong.statusCode).toBe(401)
    expect(confirmed.json().signIn).toMatchObject({ status: 'signed_in', user: { email: address } })
    expect(confirmed.json().recoveryCodes).toHaveLength(10)
    expect(new Set(confirmed.json().recoveryCodes).size).toBe(10)
    const token = confirmed.json().signIn.token as string
    expect((await api(f, 'GET', '/api/auth/totp', token)).json()).toMatchObject({
      enrolled: true,
      required: true,
      recoveryCodesLeft: 10
    })

    f.clock.advance(30_000)
    const next = await login(f, address, PASSWORD)
    const signedIn = await step(f, '/api/auth/totp', { challenge: next.json().challenge, code: await code(secret, f) })
    expect(next.json().status).toBe('totp_required')
    expect(signedIn.json().status).toBe('signed_in')
  })

  it('accepts a code once, and one step of clock drift', async () => {
    const { address, secret } = await enrolled()
    const used = await code(secret, f)
    const a = await login(f, address, PASSWORD)
    expect((await step(f, '/api/auth/totp', { challenge: a.json().challenge, code: used })).json().status).toBe('signed_in')

    const b = await login(f, address, PASSWORD)
    const replay = await step(f, '/api/auth/totp', { challenge: b.json().challenge, code: used })
    f.clock.advance(90_000)
    // two steps back is too late; one step back (a slow phone clock) is accepted
    const late = await step(f, '/api/auth/totp', {
      challenge: b.json().challenge,
      code: await generate({ secret, epoch: Math.floor(f.clock.t / 1000) - 60 })
    })
    const drift = await step(f, '/api/auth/totp', {
      challenge: b.json().challenge,
      code: await generate({ secret, epoch: Math.floor(f.clock.t / 1000) - 30 })
    })

    expect(replay.statusCode).toBe(401)
    expect(late.statusCode).toBe(401)
    expect(drift.json().status, drift.body).toBe('signed_in')
  })

  it('takes each recovery code once in place of a code', async () => {
    const { address, recoveryCodes } = await enrolled()

    const a = await login(f, address, PASSWORD)
    const withCode = await step(f, '/api/auth/totp', { challenge: a.json().challenge, recoveryCode: recoveryCodes[3].toLowerCase() })
    const b = await login(f, address, PASSWORD)
    const again = await step(f, '/api/auth/totp', { challenge: b.json().challenge, recoveryCode: recoveryCodes[3] })
    const neither = await step(f, '/api/auth/totp', { challenge: b.json().challenge })

    expect(withCode.json().status).toBe('signed_in')
    expect(again.statusCode).toBe(401)
    expect(neither.statusCode).toBe(400)
  })

  it('spends a challenge after 5 wrong codes and then locks the address out of the account', async () => {
    const { address, secret } = await enrolled()
    const right = await code(secret, f)
    const wrong = right === '123456' ? '654321' : '123456'
    const a = await login(f, address, PASSWORD)
    const answers = []
    for (let i = 0; i < 5; i++) answers.push(await step(f, '/api/auth/totp', { challenge: a.json().challenge, code: wrong }))

    const afterSpent = await step(f, '/api/auth/totp', { challenge: a.json().challenge, code: right })
    const relogin = await login(f, address, PASSWORD)

    expect(answers.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401])
    expect(answers[4].json().message).toBe('too many wrong codes: sign in again')
    expect(afterSpent.statusCode).toBe(401)
    expect(relogin.statusCode).toBe(429)
    f.clock.advance(16 * 60_000)
    expect((await login(f, address, PASSWORD)).json().status).toBe('totp_required')
  })

  it('lets an admin remove a lost authenticator: the user enrols again at next sign-in', async () => {
    const { address } = await enrolled()
    const user = (await api(f, 'GET', '/api/users', f.tokens.admin)).json().find((u: { email: string }) => u.email === address)

    const reset = await api(f, 'POST', `/api/users/${user.id}/totp-reset`, f.tokens.admin, {})

    expect(reset.json()).toMatchObject({ totp: { enrolled: false, required: true, recoveryCodesLeft: 0 } })
    expect((await login(f, address, PASSWORD)).json().status).toBe('totp_enrolment_required')
  })

  it('lets a signed-in user of another role enrol by choice, and asks for the code from then on', async () => {
    const address = email('careful-dispatcher')
    await api(f, 'POST', '/api/users', f.tokens.admin, { email: address, password: PASSWORD, role: 'dispatcher' })
    const token = (await login(f, address, PASSWORD)).json().token as string

    const { secret } = (await api(f, 'POST', '/api/auth/totp/setup', token)).json()
    const codes = await api(f, 'POST', '/api/auth/totp/confirm', token, { code: await code(secret, f) })

    expect(codes.json().recoveryCodes).toHaveLength(10)
    expect((await api(f, 'GET', '/api/auth/totp', token)).json()).toMatchObject({ enrolled: true, required: false })
    expect((await login(f, address, PASSWORD)).json().status).toBe('totp_required')
  })

  it('lets a signed-in user change their own password after giving the current one; their other sessions end', async () => {
    const address = email('changer')
    await api(f, 'POST', '/api/users', f.tokens.admin, { email: address, password: PASSWORD, role: 'planner' })
    const desk = (await login(f, address, PASSWORD)).json().token as string
    const phone = (await login(f, address, PASSWORD)).json().token as string

    const wrong = await api(f, 'POST', '/api/auth/me/password', desk, { currentPassword: 'not-the-password', password: NEW_PASSWORD })
    const weak = await api(f, 'POST', '/api/auth/me/password', desk, { currentPassword: PASSWORD, password: 'short' })
    const same = await api(f, 'POST', '/api/auth/me/password', desk, { currentPassword: PASSWORD, password: PASSWORD })
    const done = await api(f, 'POST', '/api/auth/me/password', desk, { currentPassword: PASSWORD, password: NEW_PASSWORD })

    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().message).toBe('body/currentPassword is not your current password')
    expect(weak.json().message).toContain('body/password')
    expect(same.json().message).toBe('body/password must differ from the current password')
    expect(done.json()).toEqual({ sessionsEnded: 1 })
    expect((await api(f, 'GET', '/api/auth/me', desk)).statusCode).toBe(200)
    expect((await api(f, 'GET', '/api/auth/me', phone)).statusCode).toBe(401)
    expect((await login(f, address, PASSWORD)).statusCode).toBe(401)
    expect((await login(f, address, NEW_PASSWORD)).json().status).toBe('signed_in')
    const trail = (await api(f, 'GET', '/api/audit?action=user.password_change', f.tokens.admin)).json().items
    expect(trail[0]).toMatchObject({ action: 'user.password_change', detail: { otherSessionsEnded: 1 } })
  })
})

describe('MFA_REQUIRED_ROLES', async () => {
  const { loadConfig, ConfigError } = await import('../../server/config')

  it('requires two-step sign-in for admins by default, and for nobody in the demo unless it is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).mfaRequiredRoles).toEqual(['admin'])
    expect(loadConfig({ DATA_DIR: ':memory:', DEMO: '0' }).mfaRequiredRoles).toEqual(['admin'])
    expect(loadConfig({ DATA_DIR: ':memory:' }).mfaRequiredRoles).toEqual([])
    expect(loadConfig({ DATA_DIR: ':memory:', MFA_REQUIRED_ROLES: 'admin,supervisor' }).mfaRequiredRoles).toEqual([
      'admin',
      'supervisor'
    ])
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toEqual([])
  })

  it('refuses a role that does not exist', () => {
    expect(() => loadConfig({ DATA_DIR: ':memory:', MFA_REQUIRED_ROLES: 'admin,boss' })).toThrow(ConfigError)
    expect(() => loadConfig({ DATA_DIR: ':memory:', MFA_REQUIRED_ROLES: 'admin,boss' })).toThrow(/MFA_REQUIRED_ROLES/)
  })
})
