// Integration: a call's whole life through the API, on PGlite and (with DATABASE_URL) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { api, ELIGIBLE, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'

describe.each(ENGINES)('call lifecycle (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('takes a call, recommends, assigns and walks it to closed with every interval recorded', async () => {
    const team = await newTeam(f, { lat: 34.06, lon: -118.24, kind: 'medic_crisis' })
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    expect(call.status).toBe('queued')
    expect(call.triage).toMatchObject({ category: 'mental_health', response: 'care_team' })

    const recs = (await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)).json()
    expect(recs.recommendations.map((r: { teamId: string }) => r.teamId)).toContain(team.id)
    const assigned = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    expect(assigned.statusCode).toBe(201)
    expect(assigned.json().team.status).toBe('dispatched')

    const steps = ['acknowledged', 'en_route', 'on_scene', 'transporting', 'at_facility'] as const
    for (const status of steps) {
      f.clock.advance(60_000)
      const r = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status })
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json().status).toBe(status)
    }
    f.clock.advance(60_000)
    const closed = await api(f, 'POST', `/api/calls/${call.id}/close`, responder, {
      disposition: 'transported_crisis',
      notes: 'voluntary'
    })
    expect(closed.statusCode, closed.body).toBe(200)

    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.status).toBe('closed')
    expect(detail.disposition).toBe('transported_crisis')
    for (const k of [
      'received',
      'triaged',
      'queued',
      'dispatched',
      'acknowledged',
      'enRoute',
      'onScene',
      'transporting',
      'atFacility',
      'cleared'
    ]) {
      expect(detail.times[k], k).not.toBeNull()
    }
    expect(Date.parse(detail.times.cleared) - Date.parse(detail.times.dispatched)).toBe(6 * 60_000)
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual([
      'call.received',
      'call.triaged',
      'call.queued',
      'call.assigned',
      'team.status_changed',
      'call.acknowledged',
      'team.status_changed',
      'call.en_route',
      'team.status_changed',
      'call.on_scene',
      'team.status_changed',
      'call.transporting',
      'team.status_changed',
      'call.at_facility',
      'team.status_changed',
      'call.closed'
    ])
    const after = (await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json()
    expect(after).toMatchObject({ status: 'available', currentCallId: null })
  })

  it('refers a call with a gun to police and never queues it for a care team', async () => {
    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, {
      location: { lat: 34.05, lon: -118.25 },
      narrative: 'man says he hears voices and is waving a gun at people outside the store'
    })

    expect(r.statusCode).toBe(201)
    expect(r.json().status).toBe('referred')
    expect(['police', 'co_response_police']).toContain(r.json().triage.response)
  })

  it('returns the first call when a request is retried with the same Idempotency-Key', async () => {
    const key = `k-${Math.random()}`
    const first = await newCall(f, {}, { 'idempotency-key': key })
    const second = await newCall(f, {}, { 'idempotency-key': key })

    expect(second.id).toBe(first.id)
    const list = (await api(f, 'GET', '/api/calls?limit=500', f.tokens.dispatcher)).json()
    expect(list.items.filter((c: { id: string }) => c.id === first.id)).toHaveLength(1)
  })

  it('refuses an Idempotency-Key reused with a different body (422)', async () => {
    const key = `k-${Math.random()}`
    await newCall(f, {}, { 'idempotency-key': key })
    const r = await api(
      f,
      'POST',
      '/api/calls',
      f.tokens.dispatcher,
      { location: { lat: 34.1, lon: -118.3 }, narrative: 'different' },
      { 'idempotency-key': key }
    )

    expect(r.statusCode).toBe(422)
    expect(r.json().code).toBe('CD_IDEMPOTENCY_MISMATCH')
  })

  it('re-triages on update and keeps the triage history', async () => {
    const call = await newCall(f)
    const r = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, {
      narrative: 'he now has a knife and is threatening people',
      version: call.version
    })

    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().status).toBe('referred')
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.triageHistory.map((h: { kind: string }) => h.kind)).toEqual(['initial', 'retriage'])
    expect(detail.triageHistory[0].response).toBe('care_team')
  })

  it('takes a call that triage referred back into the queue when new details make it care-eligible', async () => {
    const call = await newCall(f, { narrative: 'he has a knife and is threatening people' })
    expect(call.status).toBe('referred')

    const r = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { narrative: ELIGIBLE, version: call.version })

    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ status: 'queued', referredTo: null, triage: { response: 'care_team' } })
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.timeline.map((e: { type: string }) => e.type).slice(-3)).toEqual(['call.updated', 'call.retriaged', 'call.queued'])
  })

  it('refuses to list calls by a status that does not exist (400 naming the field)', async () => {
    const r = await api(f, 'GET', '/api/calls?status=queued,parked', f.tokens.dispatcher)

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/status/)
  })

  it('rejects an update made against a stale version (409)', async () => {
    const call = await newCall(f)
    await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { callback: '+12135550100' })
    const r = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { narrative: 'x', version: call.version })

    expect(r.statusCode).toBe(409)
  })

  it('records a triage override with its reason and who made it', async () => {
    const call = await newCall(f)
    const r = await api(f, 'POST', `/api/calls/${call.id}/triage-override`, f.tokens.supervisor, {
      priority: 1,
      reason: 'caller is a known high-risk client'
    })

    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().triage).toMatchObject({ priority: 1, overridden: true })
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    const entry = detail.triageHistory.at(-1)
    expect(entry).toMatchObject({ kind: 'override', overrideReason: 'caller is a known high-risk client' })
    expect(detail.timeline.some((e: { type: string }) => e.type === 'call.triage_overridden')).toBe(true)
  })

  it('cancels an assigned call and frees its team', async () => {
    const team = await newTeam(f)
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    const r = await api(f, 'POST', `/api/calls/${call.id}/cancel`, f.tokens.dispatcher, { reason: 'caller called back, all fine' })

    expect(r.json().status).toBe('cancelled')
    expect((await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json().status).toBe('available')
  })

  it('puts a declined assignment back in the queue', async () => {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    const deviceTime = new Date(f.clock.t - 1000).toISOString()
    const r = await api(f, 'POST', `/api/calls/${call.id}/decline`, responder, { reason: 'vehicle trouble', deviceTime })

    expect(r.json()).toMatchObject({ status: 'queued', teamId: null })
    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'call.requeued', data: { reason: 'declined: vehicle trouble' } })
    const queue = (await api(f, 'GET', '/api/queue', f.tokens.dispatcher)).json()
    expect(queue.some((q: { call: { id: string } }) => q.call.id === call.id)).toBe(true)
  })

  it('ranks a team that declined a call after every team that has not, and says why', async () => {
    const near = await newTeam(f, { lat: 34.0521, lon: -118.2431 })
    const far = await newTeam(f, { lat: 34.09, lon: -118.3 })
    const responder = await signIn(f.app, 'responder', near.id)
    const call = await newCall(f)
    const before = (await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)).json()
    expect(before.recommendations[0].teamId).toBe(near.id)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: near.id })
    expect((await api(f, 'POST', `/api/calls/${call.id}/decline`, responder, { reason: 'vehicle trouble' })).statusCode).toBe(200)

    const after = (await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)).json()
    const ids = after.recommendations.map((r: { teamId: string }) => r.teamId)

    expect(ids.indexOf(far.id)).toBeLessThan(ids.indexOf(near.id))
    expect(after.recommendations.at(-1)).toMatchObject({ teamId: near.id })
    expect(after.recommendations.at(-1).reasons).toContain('declined this call: ranked after every team that has not')
    expect(after.shortfalls).toContain('1 team declined this call')
  })

  it('records a backup request and refers out a call with a committed team', async () => {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'acknowledged' })
    const b = await api(f, 'POST', `/api/calls/${call.id}/backup`, responder, { reason: 'second person escalating', need: 'care_team' })
    expect(b.json().backupRequestedAt).not.toBeNull()

    const r = await api(f, 'POST', `/api/calls/${call.id}/refer`, f.tokens.dispatcher, {
      to: 'police',
      reason: 'weapon seen on approach',
      unmetReason: 'safety_concern'
    })

    expect(r.json()).toMatchObject({ status: 'referred', referredTo: 'police' })
    expect((await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json().status).toBe('available')
  })

  it('orders the queue by priority with aging, not arrival order', async () => {
    const routine = await newCall(f)
    await api(f, 'POST', `/api/calls/${routine.id}/triage-override`, f.tokens.supervisor, {
      priority: 3,
      reason: 'routine welfare check'
    })
    f.clock.advance(60_000)
    const urgent = await newCall(f)
    await api(f, 'POST', `/api/calls/${urgent.id}/triage-override`, f.tokens.supervisor, { priority: 1, reason: 'escalating' })
    const queue = (await api(f, 'GET', '/api/queue', f.tokens.dispatcher)).json() as Array<{ call: { id: string } }>
    const pos = (id: string) => queue.findIndex((q) => q.call.id === id)

    expect(pos(urgent.id)).toBeGreaterThanOrEqual(0)
    expect(pos(urgent.id)).toBeLessThan(pos(routine.id))
  })

  it("prefers a team that speaks the caller's language and says so", async () => {
    const near = await newTeam(f, { lat: 34.3, lon: -118.6, languages: ['en'] })
    const far = await newTeam(f, { lat: 34.315, lon: -118.6, languages: ['en', 'es'] })
    const call = await newCall(f, { location: { lat: 34.301, lon: -118.6 }, language: 'es' })
    const recs = (await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)).json()
    const ids = recs.recommendations.map((r: { teamId: string }) => r.teamId)

    expect(ids.indexOf(far.id)).toBeLessThan(ids.indexOf(near.id))
    expect(recs.recommendations[ids.indexOf(far.id)].reasons.join(' ')).toMatch(/Spanish/)
  })

  it('explains shortfalls when no team of the needed kind is on shift', async () => {
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/triage-override`, f.tokens.supervisor, {
      category: 'traffic_safety',
      reason: 'stalled car, caller confused'
    })
    const recs = (await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)).json()

    expect(recs.recommendations).toEqual([])
    expect(recs.shortfalls.join(' ')).toMatch(/no traffic-safety team on shift/)
  })

  it('returns an unacknowledged assignment to the queue after the timeout', async () => {
    const team = await newTeam(f)
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    expect((await f.app.services.dispatch.sweep()).requeued).toBe(0)

    f.clock.advance(61_000)
    await f.app.services.dispatch.sweep()

    const detail = (await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json()
    expect(detail.status).toBe('queued')
    expect(detail.assignments[0].endReason).toBe('ack_timeout')
    expect((await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json().status).toBe('available')
  })

  it('flags a team position as stale after the threshold', async () => {
    const team = await newTeam(f)
    f.clock.advance(10 * 60_000)
    const t = (await api(f, 'GET', `/api/teams/${team.id}`, f.tokens.dispatcher)).json()

    expect(t.position.stale).toBe(true)
    expect(t.position.ageSeconds).toBeGreaterThanOrEqual(600)
  })

  it('records the device time of a replayed status change, within bounds', async () => {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    f.clock.advance(5 * 60_000)
    const deviceTime = new Date(f.clock.t - 3 * 60_000).toISOString()
    const ok = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'acknowledged', deviceTime })
    const future = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, {
      status: 'en_route',
      deviceTime: new Date(f.clock.t + 3_600_000).toISOString()
    })

    expect(ok.json().times.acknowledged).toBe(deviceTime)
    expect(future.statusCode).toBe(400)
    expect(future.json().message).toMatch(/deviceTime/)
  })

  it('uses a language code for ranking only when the team list has it', async () => {
    const r = await api(f, 'POST', '/api/calls', f.tokens.dispatcher, {
      location: { lat: 34, lon: -118 },
      narrative: ELIGIBLE,
      language: 'Spanish'
    })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toMatch(/language/)
  })
})
