// Integration: the dispatcher's desk (issue 19) on PGlite and PostgreSQL: the honest queue (waitingSince,
// returns), timed-out teams ranked last, every team beside the ranking, unassign and reassign, re-queue from a
// referral, notes, edit history, cancel codes, and the call history search on GET /api/calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call, CallDetail } from '../../server/contracts/calls'
import type { TeamOption } from '../../server/contracts/calls-actions'
import type { Team } from '../../server/contracts/teams'
import type { LiveMessage } from '../../server/contracts/events'
import { ENGINES } from '../helpers/db'
import { api, auth, ELIGIBLE, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'
import { checkInvariants } from '../prove/invariants'

interface QueueEntry {
  call: Call
  position: number
  waitingSince: string
  waitingMinutes: number
  overdue: boolean
  returns: { count: number; last: { cause: string; teamId: string; at: string } | null }
}
interface Recs {
  recommendations: Array<{ teamId: string; reasons: string[] }>
  shortfalls: string[]
  teams: TeamOption[]
}

describe.each(ENGINES)("the dispatcher's desk (%s)", (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const detail = async (id: string): Promise<CallDetail> =>
    (await api(f, 'GET', `/api/calls/${id}`, f.tokens.dispatcher)).json() as CallDetail
  const team = async (id: string): Promise<Team> => (await api(f, 'GET', `/api/teams/${id}`, f.tokens.dispatcher)).json() as Team
  const queue = async (): Promise<QueueEntry[]> => (await api(f, 'GET', '/api/queue', f.tokens.dispatcher)).json() as QueueEntry[]
  const recs = async (callId: string): Promise<Recs> =>
    (await api(f, 'GET', `/api/calls/${callId}/recommendations`, f.tokens.dispatcher)).json() as Recs
  const assign = async (callId: string, teamId: string, body: Record<string, unknown> = {}) => {
    const r = await api(f, 'POST', `/api/calls/${callId}/assignments`, f.tokens.dispatcher, { teamId, ...body })
    expect(r.statusCode, r.body).toBe(201)
  }
  // Each test works in its own corner of the county, so other tests' teams rank far behind.
  let corner = 0
  const place = () => {
    corner++
    return { lat: 34.3 + corner * 0.05, lon: -118.9 + corner * 0.03 }
  }

  describe('GET /api/queue', () => {
    it('counts the wait from when the call was first received, however often it came back, and sorts by it', async () => {
      const p = place()
      const t = await newTeam(f, p)
      const early = await newCall(f, { location: { ...p, address: 'early' } })
      f.clock.advance(60_000)
      const later = await newCall(f, { location: { ...p, address: 'later' } })
      await assign(early.id, t.id)
      f.clock.advance(61_000)
      await f.app.services.dispatch.sweep()
      f.clock.advance(12 * 60_000)

      const q = await queue()

      const e = q.find((x) => x.call.id === early.id)!
      const l = q.find((x) => x.call.id === later.id)!
      expect(e.waitingSince).toBe(early.receivedAt)
      expect(e.waitingMinutes).toBe(Math.round((60 + 61 + 720) / 6) / 10)
      expect(e.returns).toEqual({ count: 1, last: { cause: 'ack_timeout', teamId: t.id, at: expect.any(String) } })
      expect(l.returns).toEqual({ count: 0, last: null })
      expect(e.position).toBeLessThan(l.position)
      expect(e.call.times.queued).not.toBe(early.receivedAt)
    })
  })

  describe('GET /api/calls/{id}/recommendations', () => {
    it('ranks a team that let its assignment time out after every team that has not failed the call, and says why', async () => {
      const p = place()
      const near = await newTeam(f, p)
      const far = await newTeam(f, { lat: p.lat + 0.03, lon: p.lon })
      const call = await newCall(f, { location: p })
      expect((await recs(call.id)).recommendations[0].teamId).toBe(near.id)
      await assign(call.id, near.id)
      f.clock.advance(61_000)
      await f.app.services.dispatch.sweep()

      const r = await recs(call.id)

      const ids = r.recommendations.map((x) => x.teamId)
      expect(ids.at(-1)).toBe(near.id)
      expect(ids.indexOf(far.id)).toBeLessThan(ids.indexOf(near.id))
      expect(r.recommendations.at(-1)!.reasons).toContain(
        'did not acknowledge this call in time: ranked after every team that has not failed it'
      )
      expect(r.shortfalls).toContain('1 team did not acknowledge this call in time')
      expect(r.teams.find((x) => x.teamId === near.id)).toMatchObject({ failed: 'ack_timeout', assignable: true })
      const requeued = (await detail(call.id)).timeline.at(-1)!
      expect(requeued).toMatchObject({
        type: 'call.requeued',
        data: { cause: 'ack_timeout', reason: 'did not acknowledge within 60 s', callSign: near.callSign }
      })
    })

    it("says a team speaks the caller's language only where that changed the order", async () => {
      const p = place()
      await newTeam(f, { ...p, languages: ['en'] })
      await newTeam(f, { lat: p.lat + 0.01, lon: p.lon, languages: ['en'] })
      const english = await newCall(f, { location: p, language: 'en' })

      const r = await recs(english.id)

      expect(r.recommendations.flatMap((x) => x.reasons).filter((x) => /English/.test(x))).toEqual([])
    })

    it('lists every team beside the ranking: off shift, busy, lacking a capability, each with ETA, distance and why', async () => {
      const p = place()
      const ranked = await newTeam(f, p)
      const traffic = await newTeam(f, { ...p, kind: 'traffic' })
      const offShift = await newTeam(f, { ...p, onShift: false })
      const busy = await newTeam(f, p)
      const other = await newCall(f, { location: p })
      await assign(other.id, busy.id)
      const call = await newCall(f, { location: p })

      const r = await recs(call.id)

      const all = (await api(f, 'GET', '/api/teams', f.tokens.dispatcher)).json() as Team[]
      expect(r.teams.map((x) => x.teamId).sort()).toEqual(all.map((x) => x.id).sort())
      const opt = (id: string) => r.teams.find((x) => x.teamId === id)!
      expect(opt(ranked.id)).toMatchObject({ rank: expect.any(Number), assignable: true, needsOverride: false, lacks: [] })
      expect(opt(traffic.id)).toMatchObject({ rank: null, assignable: true, needsOverride: true, lacks: ['mental-health'] })
      expect(opt(traffic.id).reasons.join(' ')).toMatch(/lacks mental-health: assigning it is an override/)
      expect(opt(offShift.id)).toMatchObject({ rank: null, assignable: false, onShift: false })
      expect(opt(offShift.id).reasons[0]).toMatch(/off shift/)
      expect(opt(offShift.id).etaMinutes).not.toBeNull()
      expect(opt(busy.id)).toMatchObject({ rank: null, assignable: false, status: 'dispatched' })
      expect(opt(ranked.id).distanceMiles).toBeLessThan(0.1)
      const order = r.teams.map((x) => x.teamId)
      expect(order.indexOf(ranked.id)).toBeLessThan(order.indexOf(traffic.id))
      expect(order.indexOf(traffic.id)).toBeLessThan(order.indexOf(busy.id))
      expect(order.indexOf(busy.id)).toBeLessThan(order.indexOf(offShift.id))

      const plain = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: traffic.id })
      expect(plain.statusCode).toBe(409)
      await assign(call.id, traffic.id, { override: true })
      expect((await detail(call.id)).teamId).toBe(traffic.id)
    })
  })

  describe('POST /api/calls/{id}/unassign', () => {
    it('takes an en-route team off the call: the team is released, the call back in the queue with its first wait', async () => {
      const t = await newTeam(f, place())
      const responder = await signIn(f.app, 'responder', t.id)
      const call = await newCall(f)
      await assign(call.id, t.id)
      await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'acknowledged' })
      await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: 'en_route' })

      const r = await api(f, 'POST', `/api/calls/${call.id}/unassign`, f.tokens.dispatcher, { reason: 'team has a flat tyre' })

      expect(r.statusCode, r.body).toBe(200)
      const d = await detail(call.id)
      expect(d).toMatchObject({ status: 'queued', teamId: null, times: { acknowledged: null, enRoute: null } })
      expect(d.assignments.at(-1)).toMatchObject({ teamId: t.id, endReason: 'unassigned' })
      expect(d.timeline.find((e) => e.type === 'call.requeued')).toMatchObject({
        data: { cause: 'unassigned', reason: 'taken off the call: team has a flat tyre', callSign: t.callSign }
      })
      expect(await team(t.id)).toMatchObject({ status: 'available', currentCallId: null })
      const entry = (await queue()).find((q) => q.call.id === call.id)!
      expect(entry).toMatchObject({ waitingSince: call.receivedAt, returns: { count: 1, last: { cause: 'unassigned', teamId: t.id } } })
      expect((await checkInvariants(f.db.db, { callIds: [call.id], teamIds: [t.id] })).problems).toEqual([])
    })

    it('refuses a stale version and a team on scene (409), changing nothing', async () => {
      const t = await newTeam(f, place())
      const responder = await signIn(f.app, 'responder', t.id)
      const call = await newCall(f)
      await assign(call.id, t.id)

      const stale = await api(f, 'POST', `/api/calls/${call.id}/unassign`, f.tokens.dispatcher, {
        reason: 'changed my mind',
        version: call.version
      })

      expect(stale.statusCode).toBe(409)
      expect((await detail(call.id)).status).toBe('assigned')
      for (const s of ['acknowledged', 'en_route', 'on_scene']) {
        await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status: s })
      }
      const onScene = await api(f, 'POST', `/api/calls/${call.id}/unassign`, f.tokens.dispatcher, { reason: 'changed my mind' })
      expect(onScene.statusCode).toBe(409)
      expect(onScene.json().message).toContain('on_scene')
      expect(await team(t.id)).toMatchObject({ status: 'on_scene', currentCallId: call.id })
    })
  })

  describe('POST /api/calls/{id}/reassign', () => {
    it('gives the call to another team in one transaction; the responder of the first team loses it', async () => {
      const p = place()
      const first = await newTeam(f, p)
      const second = await newTeam(f, p)
      const firstResponder = await signIn(f.app, 'responder', first.id)
      const call = await newCall(f)
      await assign(call.id, first.id)
      await api(f, 'POST', `/api/calls/${call.id}/status`, firstResponder, { status: 'acknowledged' })

      const r = await api(f, 'POST', `/api/calls/${call.id}/reassign`, f.tokens.supervisor, {
        teamId: second.id,
        reason: 'closer team came free',
        version: (await detail(call.id)).version
      })

      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({
        call: { status: 'assigned', teamId: second.id },
        team: { id: second.id, status: 'dispatched' },
        assignment: { teamId: second.id, endedAt: null }
      })
      const d = await detail(call.id)
      expect(d.times.acknowledged).toBeNull()
      const types = d.timeline.slice(-4).map((e) => e.type)
      expect(types).toEqual(['team.status_changed', 'call.requeued', 'call.assigned', 'team.status_changed'])
      expect(d.timeline.at(-2)).toMatchObject({ data: { callSign: second.callSign, reassignedFrom: first.callSign } })
      expect(new Set(d.timeline.slice(-4).map((e) => e.seq)).size).toBe(4)
      expect(await team(first.id)).toMatchObject({ status: 'available', currentCallId: null })
      expect((await api(f, 'GET', `/api/calls/${call.id}`, firstResponder)).statusCode).toBe(403)
      expect((await checkInvariants(f.db.db, { callIds: [call.id], teamIds: [first.id, second.id] })).problems).toEqual([])
    })

    it('refuses a busy team or a team lacking a capability (409) and leaves the first team on the call', async () => {
      const p = place()
      const first = await newTeam(f, p)
      const busy = await newTeam(f, p)
      const traffic = await newTeam(f, { ...p, kind: 'traffic' })
      await assign((await newCall(f)).id, busy.id)
      const call = await newCall(f)
      await assign(call.id, first.id)
      const before = await detail(call.id)

      const toBusy = await api(f, 'POST', `/api/calls/${call.id}/reassign`, f.tokens.dispatcher, {
        teamId: busy.id,
        reason: 'try the busy one'
      })
      const toTraffic = await api(f, 'POST', `/api/calls/${call.id}/reassign`, f.tokens.dispatcher, {
        teamId: traffic.id,
        reason: 'try the traffic one'
      })
      const toSame = await api(f, 'POST', `/api/calls/${call.id}/reassign`, f.tokens.dispatcher, {
        teamId: first.id,
        reason: 'same team again'
      })

      expect([toBusy.statusCode, toTraffic.statusCode, toSame.statusCode]).toEqual([409, 409, 409])
      const after = await detail(call.id)
      expect(after).toMatchObject({ status: 'assigned', teamId: first.id, version: before.version })
      expect(after.timeline).toHaveLength(before.timeline.length)
      expect(await team(first.id)).toMatchObject({ status: 'dispatched', currentCallId: call.id })
      expect(await team(traffic.id)).toMatchObject({ status: 'available' })

      const overridden = await api(f, 'POST', `/api/calls/${call.id}/reassign`, f.tokens.dispatcher, {
        teamId: traffic.id,
        reason: 'only team near',
        override: true
      })
      expect(overridden.statusCode, overridden.body).toBe(200)
      expect((await detail(call.id)).timeline.find((e) => e.type === 'call.assigned' && e.teamId === traffic.id)).toMatchObject({
        data: { override: true }
      })
    })
  })

  describe('POST /api/calls/{id}/requeue', () => {
    it('takes a call referred to 988 back into the queue, its wait still from when it was received', async () => {
      const call = await newCall(f)
      await api(f, 'POST', `/api/calls/${call.id}/refer`, f.tokens.dispatcher, {
        to: 'phone_988',
        reason: 'caller prefers the phone line',
        unmetReason: 'caller_declined'
      })
      f.clock.advance(5 * 60_000)

      const r = await api(f, 'POST', `/api/calls/${call.id}/requeue`, f.tokens.dispatcher, { reason: '988 asks for someone in person' })

      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ status: 'queued', referredTo: null, referralReason: null, teamId: null })
      expect((await detail(call.id)).timeline.at(-1)).toMatchObject({
        type: 'call.requeued',
        data: { cause: 'referral_returned', reason: 'taken back from The 988 line: 988 asks for someone in person' }
      })
      const entry = (await queue()).find((q) => q.call.id === call.id)!
      expect(entry.waitingSince).toBe(call.receivedAt)
      expect(entry.waitingMinutes).toBeGreaterThanOrEqual(5)
    })

    it('refuses a call that triage sends to police (override the triage instead) and a queued call', async () => {
      const police = await newCall(f, { narrative: 'he has a knife and is threatening people' })
      expect(police.status).toBe('referred')
      const queued = await newCall(f)

      const r1 = await api(f, 'POST', `/api/calls/${police.id}/requeue`, f.tokens.dispatcher, { reason: 'try anyway' })
      const r2 = await api(f, 'POST', `/api/calls/${queued.id}/requeue`, f.tokens.dispatcher, { reason: 'try anyway' })

      expect(r1.statusCode).toBe(409)
      expect(r1.json().message).toMatch(/triage sends it to Police.*override/)
      expect(r2.statusCode).toBe(409)
      expect((await detail(police.id)).status).toBe('referred')
    })
  })

  describe('POST /api/calls/{id}/notes', () => {
    it("adds a signed note without changing the call's version; the stream says only that a note was added", async () => {
      const t = await newTeam(f, place())
      const responder = await signIn(f.app, 'responder', t.id)
      const call = await newCall(f)
      await assign(call.id, t.id)
      const msgs: LiveMessage[] = []
      const ws = await f.app.injectWS(
        '/api/live',
        { headers: auth(f.tokens.dispatcher) },
        {
          onInit: (s) => {
            s.on('message', (d: Buffer) => msgs.push(JSON.parse(String(d)) as LiveMessage))
          }
        }
      )
      const version = (await detail(call.id)).version

      const byDesk = await api(f, 'POST', `/api/calls/${call.id}/notes`, f.tokens.dispatcher, {
        text: 'Neighbour Mrs Ortiz has a key: 555-0199'
      })
      const byTeam = await api(f, 'POST', `/api/calls/${call.id}/notes`, responder, { text: 'Parked at the back entrance' })

      expect(byDesk.statusCode, byDesk.body).toBe(201)
      expect(byTeam.statusCode, byTeam.body).toBe(201)
      const d = await detail(call.id)
      expect(d.version).toBe(version)
      expect(d.notes.map((n) => [n.text, n.author.role])).toEqual([
        ['Neighbour Mrs Ortiz has a key: 555-0199', 'dispatcher'],
        ['Parked at the back entrance', 'responder']
      ])
      expect(d.notes[0].author.id).not.toBeNull()
      const t0 = Date.now()
      while (msgs.filter((m) => m.type === 'call.note_added').length < 2 && Date.now() - t0 < 3000) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      ws.terminate()
      const added = msgs.filter((m) => m.type === 'call.note_added')
      expect(added).toHaveLength(2)
      expect(JSON.stringify(msgs)).not.toMatch(/Ortiz|back entrance/)
    })

    it("refuses a blank note (400), another team's responder (403) and an unknown call (404), writing nothing", async () => {
      const own = await newTeam(f, place())
      const otherTeam = await newTeam(f, place())
      const stranger = await signIn(f.app, 'responder', otherTeam.id)
      const call = await newCall(f)
      await assign(call.id, own.id)

      const blank = await api(f, 'POST', `/api/calls/${call.id}/notes`, f.tokens.dispatcher, { text: '   ' })
      const forbidden = await api(f, 'POST', `/api/calls/${call.id}/notes`, stranger, { text: 'not mine' })
      const missing = await api(f, 'POST', `/api/calls/${crypto.randomUUID()}/notes`, f.tokens.dispatcher, { text: 'nowhere' })

      expect(blank.statusCode).toBe(400)
      expect(blank.json().message).toContain('body/text')
      expect(forbidden.statusCode).toBe(403)
      expect(missing.statusCode).toBe(404)
      expect((await detail(call.id)).notes).toEqual([])
    })
  })

  describe('PATCH /api/calls/{id}', () => {
    it("keeps each edit's fields before and after with the call, names only the fields in the event, and re-triages", async () => {
      const call = await newCall(f, { callback: '+12135550111', callType: 'WELFARE' })

      const r = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, {
        callback: '+12135550122',
        callType: '5150',
        narrative: null,
        answers: { weapons: 'unknown' }
      })

      expect(r.statusCode, r.body).toBe(200)
      const d = await detail(call.id)
      expect(d.callback).toBe('+12135550122')
      expect(d.edits).toHaveLength(1)
      const fields = Object.fromEntries(d.edits[0].changes.map((c) => [c.field, [c.from, c.to]]))
      expect(fields).toMatchObject({
        callback: ['+12135550111', '+12135550122'],
        callType: ['WELFARE', '5150'],
        narrative: [ELIGIBLE, null],
        'answers.weapons': ['no', 'unknown']
      })
      const updated = d.timeline.find((e) => e.type === 'call.updated')!
      expect(updated.data).toEqual({ changed: expect.arrayContaining(['callback', 'callType', 'narrative']) })
      expect(JSON.stringify(d.timeline)).not.toMatch(/555011|5550122/)
      expect(d.triageHistory.at(-1)!.kind).toBe('retriage')
    })

    it('corrects the address text alone without moving the call, and refuses address beside location', async () => {
      const call = await newCall(f)

      const r = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { address: '202 N Spring St, rear' })
      const both = await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, {
        address: 'x',
        location: { lat: 34, lon: -118 }
      })

      expect(r.statusCode, r.body).toBe(200)
      expect(r.json().location).toMatchObject({ lat: call.location.lat, lon: call.location.lon, address: '202 N Spring St, rear' })
      expect(both.statusCode).toBe(400)
      expect(both.json().message).toContain('body/address')
      expect((await detail(call.id)).location.address).toBe('202 N Spring St, rear')
    })

    it('words the alert when triage changes under a committed team', async () => {
      const t = await newTeam(f, place())
      const call = await newCall(f)
      await assign(call.id, t.id)

      await api(f, 'PATCH', `/api/calls/${call.id}`, f.tokens.dispatcher, { narrative: 'he now has a knife and is threatening people' })

      const e = (await detail(call.id)).timeline.find((x) => x.type === 'call.retriaged')!
      expect((e.data as { alert?: string }).alert).toMatch(
        /^Triage now says (Police|Care team with police) while a team is on the call: review it$/
      )
    })
  })

  describe('POST /api/calls/{id}/cancel', () => {
    it('keeps the code and the words; the code defaults to other; an unknown code is refused', async () => {
      const a = await newCall(f)
      const b = await newCall(f)

      const withCode = await api(f, 'POST', `/api/calls/${a.id}/cancel`, f.tokens.dispatcher, {
        reason: 'same caller as the call before',
        code: 'duplicate'
      })
      const noCode = await api(f, 'POST', `/api/calls/${b.id}/cancel`, f.tokens.dispatcher, { reason: 'caller hung up' })
      const bad = await api(f, 'POST', `/api/calls/${(await newCall(f)).id}/cancel`, f.tokens.dispatcher, {
        reason: 'x y z',
        code: 'bored'
      })

      expect(withCode.json()).toMatchObject({
        status: 'cancelled',
        cancelCode: 'duplicate',
        cancelReason: 'same caller as the call before'
      })
      expect(noCode.json()).toMatchObject({ cancelCode: 'other', cancelReason: 'caller hung up' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().message).toContain('code')
      expect((await detail(a.id)).timeline.at(-1)).toMatchObject({
        type: 'call.cancelled',
        data: { code: 'duplicate', from: 'queued' }
      })
    })
  })

  describe('GET /api/calls (history)', () => {
    it('finds ended calls by time, address, area, call type, category, response, team, disposition, referral and cancel code', async () => {
      const tag = `Q${Math.random().toString(36).slice(2, 8)}`
      const t = await newTeam(f, place())
      const responder = await signIn(f.app, 'responder', t.id)
      const from = f.clock.now().toISOString()
      const closed = await newCall(f, { location: { lat: 34.0525, lon: -118.244, address: `100 ${tag} Ave` }, callType: `${tag} 5150` })
      await assign(closed.id, t.id)
      for (const s of ['acknowledged', 'en_route', 'on_scene']) {
        await api(f, 'POST', `/api/calls/${closed.id}/status`, responder, { status: s })
      }
      await api(f, 'POST', `/api/calls/${closed.id}/close`, responder, { disposition: 'resolved_on_scene' })
      f.clock.advance(1000)
      const cancelled = await newCall(f, {
        location: { lat: 34.0525, lon: -118.244, address: `200 ${tag} Ave` },
        callType: `${tag} WELFARE`
      })
      await api(f, 'POST', `/api/calls/${cancelled.id}/cancel`, f.tokens.dispatcher, { reason: 'unfounded', code: 'unfounded' })
      f.clock.advance(1000)
      const referred = await newCall(f, {
        location: { lat: 34.0525, lon: -118.244, address: `300 ${tag} Ave 50%_off` },
        callType: `${tag} EDP`
      })
      await api(f, 'POST', `/api/calls/${referred.id}/refer`, f.tokens.dispatcher, {
        to: 'phone_988',
        reason: 'phone support',
        unmetReason: 'caller_declined'
      })
      f.clock.advance(1000)
      const open = await newCall(f, { location: { lat: 34.0525, lon: -118.244, address: `400 ${tag} Ave` }, callType: `${tag} OPEN` })
      f.clock.advance(1000)
      const to = f.clock.now().toISOString()
      const ended = 'status=closed,cancelled,referred'
      const find = async (q: string): Promise<string[]> => {
        const r = await api(f, 'GET', `/api/calls?${ended}&${q}`, f.tokens.dispatcher)
        expect(r.statusCode, `${q}: ${r.body}`).toBe(200)
        return (r.json().items as Call[]).map((c) => c.id)
      }
      const area = closed.location.area!

      expect(await find(`address=${tag.toLowerCase()}`)).toEqual([referred.id, cancelled.id, closed.id])
      expect(await find(`address=${encodeURIComponent('50%_off')}`)).toEqual([referred.id])
      expect(await find(`address=${encodeURIComponent('0%_o')}`)).toEqual([referred.id])
      expect(await find(`address=${encodeURIComponent('%')}&callType=${tag}`)).toEqual([referred.id])
      expect(await find(`callType=${encodeURIComponent(`${tag} 51`)}`)).toEqual([closed.id])
      expect(await find(`area=${encodeURIComponent(area.toUpperCase())}&callType=${tag}`)).toEqual([
        referred.id,
        cancelled.id,
        closed.id
      ])
      expect(await find(`area=Nowhere&callType=${tag}`)).toEqual([])
      expect(await find(`teamId=${t.id}`)).toEqual([closed.id])
      expect(await find(`disposition=resolved_on_scene,duplicate&callType=${tag}`)).toEqual([closed.id])
      expect(await find(`referredTo=phone_988&callType=${tag}`)).toEqual([referred.id])
      expect(await find(`cancelCode=unfounded&callType=${tag}`)).toEqual([cancelled.id])
      expect(await find(`category=mental_health&response=care_team&callType=${tag}`)).toEqual([referred.id, cancelled.id, closed.id])
      expect(await find(`response=police&callType=${tag}`)).toEqual([])
      expect(await find(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&callType=${tag}`)).toEqual([
        referred.id,
        cancelled.id,
        closed.id
      ])
      expect(await find(`to=${encodeURIComponent(from)}&callType=${tag}`)).toEqual([])
      expect((await api(f, 'GET', `/api/calls?callType=${tag}`, f.tokens.dispatcher)).json().items.map((c: Call) => c.id)).toContain(
        open.id
      )
      const bad = await api(f, 'GET', '/api/calls?disposition=resolved,lost', f.tokens.dispatcher)
      expect(bad.statusCode).toBe(400)
      expect(bad.json().message).toContain('disposition')
    })

    it('records each opening of a call from the history in the audit trail', async () => {
      const call = await newCall(f)
      await api(f, 'POST', `/api/calls/${call.id}/cancel`, f.tokens.dispatcher, { reason: 'entered twice', code: 'entered_in_error' })

      await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.supervisor)

      const audit = (await api(f, 'GET', `/api/audit?callId=${call.id}`, f.tokens.supervisor)).json()
      expect(audit.items.map((x: { action: string; user: { role: string } }) => [x.action, x.user.role])).toContainEqual([
        'call.read',
        'supervisor'
      ])
    })
  })
})
