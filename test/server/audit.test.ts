// Integration: every read of a call's details is audited, and a supervisor queries who read what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, newCall, setup, signIn, type Fixture } from '../helpers/app'

describe.each(ENGINES)('GET /api/audit (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it("records each read of a call's details with who and when, newest first", async () => {
    const call = await newCall(f)
    const other = await signIn(f.app, 'dispatcher')
    await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)
    f.clock.advance(60_000)
    await api(f, 'GET', `/api/calls/${call.id}`, other)

    // the trail also holds the call's intake (call.create): the reads are asked for by their action
    const r = await api(f, 'GET', `/api/audit?callId=${call.id}&action=call.read`, f.tokens.supervisor)

    expect(r.statusCode, r.body).toBe(200)
    const items = r.json().items as Array<{ at: string; action: string; callId: string; user: { role: string; email: string } }>
    expect(items).toHaveLength(2)
    expect(items.every((i) => i.action === 'call.read' && i.callId === call.id && i.user.role === 'dispatcher')).toBe(true)
    expect(new Date(items[0].at).getTime() - new Date(items[1].at).getTime()).toBe(60_000)
    expect(items[0].user.email).not.toBe(items[1].user.email)
  })

  it('filters by user and by time', async () => {
    const call = await newCall(f)
    const reader = await signIn(f.app, 'supervisor')
    const me = (await api(f, 'GET', '/api/auth/me', reader)).json()
    const before = f.clock.now().toISOString()
    f.clock.advance(1000)
    await api(f, 'GET', `/api/calls/${call.id}`, reader)
    const after = new Date(f.clock.now().getTime() + 1).toISOString()

    const byUser = (await api(f, 'GET', `/api/audit?userId=${me.id}`, f.tokens.admin)).json()
    const inWindow = (
      await api(
        f,
        'GET',
        `/api/audit?callId=${call.id}&action=call.read&from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`,
        f.tokens.admin
      )
    ).json()
    const beforeWindow = (await api(f, 'GET', `/api/audit?callId=${call.id}&to=${encodeURIComponent(before)}`, f.tokens.admin)).json()

    expect(byUser.items.map((i: { callId: string }) => i.callId)).toEqual([call.id])
    expect(inWindow.total).toBe(1)
    expect(beforeWindow.total).toBe(0)
  })

  it('is for supervisors and admins only', async () => {
    for (const role of ['dispatcher', 'planner'] as const) {
      expect((await api(f, 'GET', '/api/audit', f.tokens[role])).statusCode).toBe(403)
    }
  })

  it('refuses a malformed filter with 400 naming it', async () => {
    const r = await api(f, 'GET', '/api/audit?callId=not-a-uuid', f.tokens.supervisor)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/callId/)
  })
})
