// GET /api/reports/follow-ups on both engines (issue 23, part 3's reports): follow-ups done on time and referrals
// completed, counted by hand; counts only, small cells suppressed with a second part, nothing personal in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, Clock, newCall, setup, signIn, type Fixture } from '../../helpers/app'

const HOUR = 3_600_000

describe.each(ENGINES)('GET /api/reports/follow-ups (%s)', (engine) => {
  let f: Fixture
  let navigator: string
  const schedule = async (dueInHours: number): Promise<string> => {
    const call = await newCall(f, { callback: '+1 213 555 0199' })
    const dueAt = new Date(f.clock.t + dueInHours * HOUR).toISOString()
    const r = await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, f.tokens.dispatcher, { dueAt, reason: 'private reason 7f3a' })
    expect(r.statusCode, r.body).toBe(201)
    return r.json().id
  }
  const complete = async (id: string) =>
    expect((await api(f, 'POST', `/api/follow-ups/${id}/complete`, navigator, { note: 'private note 9c1e' })).statusCode).toBe(200)
  const refer = async (): Promise<string> => {
    const call = await newCall(f)
    const r = await api(f, 'POST', `/api/calls/${call.id}/referrals`, f.tokens.dispatcher, {
      service: 'private service 4b2d',
      note: 'x'
    })
    expect(r.statusCode, r.body).toBe(201)
    return r.json().id
  }
  const move = async (id: string, status: string) =>
    expect((await api(f, 'PATCH', `/api/referrals/${id}`, navigator, { status })).statusCode).toBe(200)

  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-08-04T16:00:00Z')), config: { SESSION_TTL_HOURS: '720' } })
    navigator = await signIn(f.app, 'navigator')
    // follow-ups due 2025-08-05 (Los Angeles): 6 done before their time, 5 after, 5 left open past it
    const onTime = await Promise.all(Array.from({ length: 6 }, async () => await schedule(24)))
    const late = await Promise.all(Array.from({ length: 5 }, async () => await schedule(24)))
    for (let i = 0; i < 5; i++) await schedule(24)
    for (const id of onTime) await complete(id)
    // referrals sent 2025-08-04: 5 completed, 6 accepted, 5 declined, 7 waiting
    const refs = await Promise.all(Array.from({ length: 23 }, async () => await refer()))
    for (const id of refs.slice(0, 11)) await move(id, 'accepted')
    for (const id of refs.slice(0, 5)) await move(id, 'completed')
    for (const id of refs.slice(11, 16)) await move(id, 'declined')
    f.clock.advance(30 * HOUR)
    for (const id of late) await complete(id)
  })
  afterAll(async () => {
    await f.close()
  })

  it('counts follow-ups done on time and referrals completed, by hand', async () => {
    const r = await api(f, 'GET', '/api/reports/follow-ups?from=2025-08-04&to=2025-08-05', f.tokens.planner)

    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().followUps).toEqual({ due: 16, doneOnTime: 6, doneLate: 5, openOverdue: 5, openNotYetDue: 0, onTimeShare: 0.5455 })
    expect(r.json().referrals).toEqual({ sent: 23, accepted: 6, declined: 5, completed: 5, waiting: 7, completedShare: 0.2174 })
    expect(r.body).not.toMatch(/private|\+1 213/)
  })

  it('suppresses a small part and a second one, and reads an empty period as zeros', async () => {
    // due on 6 August (Los Angeles): one left open past its time, five not yet due
    await schedule(25)
    f.clock.advance(26 * HOUR)
    for (let i = 0; i < 5; i++) await schedule(3)

    const r = await api(f, 'GET', '/api/reports/follow-ups?from=2025-08-06&to=2025-08-06', f.tokens.supervisor)
    const none = await api(f, 'GET', '/api/reports/follow-ups?from=2024-01-01&to=2024-01-31', f.tokens.admin)

    expect(r.json().followUps).toEqual({
      due: 6,
      doneOnTime: 0,
      doneLate: 0,
      openOverdue: 'suppressed',
      openNotYetDue: 'suppressed',
      onTimeShare: null
    })
    expect(none.json().followUps).toEqual({ due: 0, doneOnTime: 0, doneLate: 0, openOverdue: 0, openNotYetDue: 0, onTimeShare: null })
    expect(none.json().referrals).toEqual({ sent: 0, accepted: 0, declined: 0, completed: 0, waiting: 0, completedShare: null })
  })

  it('refuses a bad day naming the field, and dispatchers and navigators', async () => {
    const bad = await api(f, 'GET', '/api/reports/follow-ups?from=2025-02-30', f.tokens.planner)
    const backwards = await api(f, 'GET', '/api/reports/follow-ups?from=2025-02-03&to=2025-02-01', f.tokens.planner)

    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/^querystring\/from is not a calendar day/)
    expect(backwards.json().message).toMatch(/^querystring\/to must not be before from/)
    expect((await api(f, 'GET', '/api/reports/follow-ups', f.tokens.dispatcher)).statusCode).toBe(403)
    expect((await api(f, 'GET', '/api/reports/follow-ups', navigator)).statusCode).toBe(403)
  })
})
