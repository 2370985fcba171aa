// Follow-ups and referrals on both engines: a follow-up is scheduled, goes overdue, gets an attempt and is completed;
// a referral moves sent → accepted → completed; personal data stays out of events; every read is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, Clock, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'

describe.each(ENGINES)('follow-ups and referrals (%s)', (engine) => {
  let f: Fixture
  let navigator: string
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-06-02T16:00:00Z')), config: { SESSION_TTL_HOURS: '720' } })
    navigator = await signIn(f.app, 'navigator')
  })
  afterAll(async () => {
    await f.close()
  })

  const list = async (status: string, token = navigator) => {
    const r = await api(f, 'GET', `/api/follow-ups?status=${status}`, token)
    expect(r.statusCode, r.body).toBe(200)
    return r.json().items as Array<{
      id: string
      state: string
      attempts: Array<{ outcome: string; note: string }>
      callback: string | null
      referrals: Array<{ id: string; status: string }>
    }>
  }

  it('schedules a follow-up that is due, goes overdue, gets an attempt and is completed', async () => {
    const call = await newCall(f, { callback: '+1 213 555 0101' })
    const due = new Date(f.clock.t + 48 * 3_600_000).toISOString()

    const created = await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, f.tokens.dispatcher, {
      dueAt: due,
      reason: '48-hour check after a suicide-risk call'
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string
    expect((await list('due')).map((x) => x.id)).toContain(id)
    expect((await list('overdue')).map((x) => x.id)).not.toContain(id)

    f.clock.advance(49 * 3_600_000)
    const overdue = await list('overdue')
    expect(overdue.find((x) => x.id === id)).toMatchObject({ state: 'overdue', callback: '+1 213 555 0101' })
    expect((await list('due')).map((x) => x.id)).not.toContain(id)

    const attempt = await api(f, 'POST', `/api/follow-ups/${id}/attempts`, navigator, {
      outcome: 'no_answer',
      note: 'left a voicemail'
    })
    const reached = await api(f, 'POST', `/api/follow-ups/${id}/attempts`, navigator, {
      outcome: 'reached',
      note: 'doing better, seeing a counsellor Friday'
    })
    const done = await api(f, 'POST', `/api/follow-ups/${id}/complete`, navigator, { note: 'no further contact needed' })
    const again = await api(f, 'POST', `/api/follow-ups/${id}/complete`, navigator, {})

    expect(attempt.statusCode, attempt.body).toBe(201)
    expect(reached.json().attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['no_answer', 'reached'])
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ state: 'done', completionNote: 'no further contact needed' })
    expect(again.statusCode).toBe(409)
    expect((await list('done')).map((x) => x.id)).toContain(id)
    expect((await list('overdue')).map((x) => x.id)).not.toContain(id)
  })

  it('moves a referral sent → accepted → completed with dates, and refuses a move the states do not allow', async () => {
    const call = await newCall(f)
    const r = await api(f, 'POST', `/api/calls/${call.id}/referrals`, f.tokens.dispatcher, {
      service: 'outpatient mental health',
      facilityId: 'fac-17',
      note: 'medication review'
    })
    expect(r.statusCode, r.body).toBe(201)
    const id = r.json().id as string

    const skip = await api(f, 'PATCH', `/api/referrals/${id}`, navigator, { status: 'completed' })
    const accepted = await api(f, 'PATCH', `/api/referrals/${id}`, navigator, { status: 'accepted' })
    f.clock.advance(3_600_000)
    const completed = await api(f, 'PATCH', `/api/referrals/${id}`, navigator, { status: 'completed' })
    const back = await api(f, 'PATCH', `/api/referrals/${id}`, navigator, { status: 'declined' })
    const bad = await api(f, 'PATCH', `/api/referrals/${id}`, navigator, { status: 'lost' })

    expect(r.json()).toMatchObject({ status: 'sent', service: 'outpatient mental health', facilityId: 'fac-17', acceptedAt: null })
    expect(skip.statusCode).toBe(409)
    expect(accepted.json()).toMatchObject({ status: 'accepted', completedAt: null })
    expect(accepted.json().acceptedAt).not.toBeNull()
    expect(completed.json().status).toBe('completed')
    expect(Date.parse(completed.json().completedAt) - Date.parse(accepted.json().acceptedAt)).toBe(3_600_000)
    expect(back.statusCode).toBe(409)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('status')
  })

  it('names the field of bad input and writes nothing', async () => {
    const call = await newCall(f)
    const before = await f.db.db
      .selectFrom('follow_ups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()

    const noDue = await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, f.tokens.dispatcher, { reason: 'check in' })
    const badDue = await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, f.tokens.dispatcher, {
      dueAt: 'tomorrow',
      reason: 'check in'
    })
    const early = await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, f.tokens.dispatcher, {
      dueAt: '2001-01-01T00:00:00Z',
      reason: 'check in'
    })
    const badOutcome = await api(f, 'POST', `/api/follow-ups/${crypto.randomUUID()}/attempts`, navigator, { outcome: 'maybe' })
    const missing = await api(f, 'POST', `/api/follow-ups/${crypto.randomUUID()}/attempts`, navigator, { outcome: 'reached' })
    const noCall = await api(f, 'POST', `/api/calls/${crypto.randomUUID()}/referrals`, f.tokens.dispatcher, { service: 'detox' })

    expect(noDue.statusCode).toBe(400)
    expect(noDue.json().message).toContain('dueAt')
    expect(badDue.statusCode).toBe(400)
    expect(badDue.json().message).toContain('dueAt')
    expect(early.statusCode).toBe(400)
    expect(early.json().message).toContain('body/dueAt')
    expect(badOutcome.statusCode).toBe(400)
    expect(badOutcome.json().message).toContain('outcome')
    expect(missing.statusCode).toBe(404)
    expect(noCall.statusCode).toBe(404)
    const after = await f.db.db
      .selectFrom('follow_ups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('keeps follow-up notes and referral details out of events, and audits every read', async () => {
    const call = await newCall(f)
    const secret = `note-${crypto.randomUUID()}`
    const fu = (
      await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, f.tokens.dispatcher, {
        dueAt: new Date(f.clock.t + 3_600_000).toISOString(),
        reason: `check ${secret}`
      })
    ).json()
    await api(f, 'POST', `/api/follow-ups/${fu.id as string}/attempts`, navigator, { outcome: 'reached', note: secret })
    await api(f, 'POST', `/api/calls/${call.id}/referrals`, f.tokens.dispatcher, { service: `detox ${secret}`, note: secret })

    await list('due')

    const events = await f.db.db.selectFrom('events').select('data').execute()
    expect(JSON.stringify(events)).not.toContain(secret)
    const audit = await f.db.db.selectFrom('access_log').select(['action', 'call_id']).where('call_id', '=', call.id).execute()
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['follow_up.read', 'follow_up.attempt', 'call.follow_ups', 'call.referrals'])
    )
  })

  it('keeps the worklist from dispatchers, planners and responders, and a responder to their own call', async () => {
    const team = await newTeam(f)
    const other = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: other.id })

    const asDispatcher = await api(f, 'GET', '/api/follow-ups', f.tokens.dispatcher)
    const asPlanner = await api(f, 'GET', '/api/follow-ups', f.tokens.planner)
    const asResponder = await api(f, 'GET', '/api/follow-ups', responder)
    const notOwn = await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, responder, {
      dueAt: new Date(f.clock.t + 3_600_000).toISOString(),
      reason: 'check in'
    })

    expect([asDispatcher.statusCode, asPlanner.statusCode, asResponder.statusCode, notOwn.statusCode]).toEqual([403, 403, 403, 403])
    expect((await api(f, 'GET', '/api/follow-ups', f.tokens.supervisor)).statusCode).toBe(200)
  })
})
