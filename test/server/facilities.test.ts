// Facilities and the transport step through the API, on PGlite and PostgreSQL: a facility user's capacity update
// reaches a console's live stream; the list is ranked by travel time with capacity and its age (stale after
// CAPACITY_STALE_HOURS); the transporting status records the destination; a turn-away at the door is recorded and
// counted in the transports report; bad input names its field and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveMessage } from '../../server/contracts/events'
import type { Facility, Transport, TransportsReport } from '../../server/contracts/facilities'
import { ENGINES } from '../helpers/db'
import { api, auth, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'
import { demoFacilities, kindOf } from '../../server/modules/demo/demo-facilities'

type Msg = LiveMessage & { data?: Record<string, unknown> }

async function connect (f: Fixture, token: string) {
  const msgs: Msg[] = []
  const ws = await f.app.injectWS(
    '/api/live',
    { headers: auth(token) },
    {
      onInit: (s) => {
        s.on('message', (d: Buffer) => msgs.push(JSON.parse(String(d)) as Msg))
      }
    }
  )
  const waitFor = async (pred: (m: Msg[]) => boolean, ms = 3000): Promise<void> => {
    const t0 = Date.now()
    while (!pred(msgs)) {
      if (Date.now() - t0 > ms) throw new Error(`timeout; got ${JSON.stringify(msgs.map((m) => m.type))}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  await waitFor((m) => m.some((x) => x.type === 'stream.live'))
  return { msgs, waitFor, close: () => ws.terminate() }
}

let seq = 0
async function newFacility (f: Fixture, body: Record<string, unknown> = {}): Promise<Facility> {
  const r = await api(f, 'POST', '/api/facilities', f.tokens.admin, {
    name: `Test centre ${++seq}`,
    kind: 'crisis_stabilisation',
    lat: 34.06,
    lon: -118.24,
    ...body
  })
  expect(r.statusCode, r.body).toBe(201)
  return r.json() as Facility
}

/** A team with its responder, on scene at a new call. */
async function onScene (f: Fixture) {
  const team = await newTeam(f)
  const responder = await signIn(f.app, 'responder', team.id)
  const call = await newCall(f)
  expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)
  for (const status of ['acknowledged', 'en_route', 'on_scene']) {
    const r = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status })
    expect(r.statusCode, r.body).toBe(200)
  }
  return { team, responder, callId: call.id }
}

describe.each(ENGINES)('facilities (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { config: { CAPACITY_STALE_HOURS: '2' } })
  })
  afterAll(async () => {
    await f.close()
  })

  describe('POST /api/facilities/:id/capacity', () => {
    it("reaches a dispatcher's console live when the facility's own staff report it", async () => {
      const fac = await newFacility(f)
      const staff = await signIn(f.app, 'facility', undefined, fac.id)
      const desk = await connect(f, f.tokens.dispatcher)

      const r = await api(f, 'POST', `/api/facilities/${fac.id}/capacity`, staff, {
        available: 3,
        accepting: true,
        note: 'no female beds'
      })
      await desk.waitFor((m) => m.some((x) => x.type === 'facility.capacity_updated' && x.data?.facilityId === fac.id), 1000)
      desk.close()

      expect(r.statusCode, r.body).toBe(200)
      const e = desk.msgs.find((x) => x.type === 'facility.capacity_updated' && x.data?.facilityId === fac.id)!
      expect(e.data).toMatchObject({ name: fac.name, available: 3, accepting: true, note: 'no female beds' })
      const read = (await api(f, 'GET', `/api/facilities/${fac.id}`, f.tokens.dispatcher)).json() as Facility
      expect(read.capacity).toMatchObject({
        available: 3,
        accepting: true,
        note: 'no female beds',
        ageMinutes: 0,
        stale: false,
        demo: false
      })
      expect(read.capacity.updatedBy).toMatch(/^facility-/)
      expect(read.capacity.updatedAt).toBe(f.clock.now().toISOString())
    })

    it("refuses a facility user another facility's capacity, and changes nothing", async () => {
      const own = await newFacility(f)
      const other = await newFacility(f)
      const staff = await signIn(f.app, 'facility', undefined, own.id)

      const r = await api(f, 'POST', `/api/facilities/${other.id}/capacity`, staff, { available: 9, accepting: true })

      expect(r.statusCode).toBe(403)
      expect(
        ((await api(f, 'GET', `/api/facilities/${other.id}`, f.tokens.dispatcher)).json() as Facility).capacity.available
      ).toBeNull()
    })

    it('names the field of a bad body, and keeps null as null', async () => {
      const fac = await newFacility(f)

      const negative = await api(f, 'POST', `/api/facilities/${fac.id}/capacity`, f.tokens.dispatcher, {
        available: -1,
        accepting: true
      })
      const text = await api(f, 'POST', `/api/facilities/${fac.id}/capacity`, f.tokens.dispatcher, { available: 2, accepting: 'yes' })
      const nullAvailable = await api(f, 'POST', `/api/facilities/${fac.id}/capacity`, f.tokens.dispatcher, {
        available: null,
        accepting: true
      })
      const nullNote = await api(f, 'POST', `/api/facilities/${fac.id}/capacity`, f.tokens.dispatcher, {
        available: 0,
        accepting: false,
        note: null
      })

      expect(negative.statusCode).toBe(400)
      expect(negative.json().message).toMatch(/available/)
      expect(text.statusCode).toBe(400)
      expect(text.json().message).toMatch(/accepting/)
      expect(nullAvailable.statusCode).toBe(400)
      expect(nullAvailable.json().message).toMatch(/available/)
      expect(nullNote.statusCode, nullNote.body).toBe(200)
      expect((nullNote.json() as Facility).capacity).toMatchObject({ available: 0, accepting: false, note: null })
    })

    it('binds a facility user to an existing facility', async () => {
      const none = await api(f, 'POST', '/api/users', f.tokens.admin, { email: `fac-${++seq}@test.care`, role: 'facility' })
      const ghost = await api(f, 'POST', '/api/users', f.tokens.admin, {
        email: `fac-${++seq}@test.care`,
        role: 'facility',
        facilityId: crypto.randomUUID()
      })
      const facilityId = (await newFacility(f)).id
      const dispatcher = await api(f, 'POST', '/api/users', f.tokens.admin, {
        email: `fac-${++seq}@test.care`,
        role: 'dispatcher',
        facilityId
      })

      expect(none.statusCode).toBe(400)
      expect(none.json().message).toMatch(/facilityId/)
      expect(ghost.statusCode).toBe(400)
      expect(ghost.json().message).toMatch(/facilityId/)
      expect(dispatcher.statusCode).toBe(400)
      expect(dispatcher.json().message).toMatch(/facilityId/)
    })
  })

  describe('GET /api/facilities', () => {
    it('ranks facilities of the kinds asked for by travel time, full ones last, with capacity and its age', async () => {
      const kind = 'sobering_centre'
      const near = await newFacility(f, { kind, lat: 34.101, lon: -118.301 })
      const far = await newFacility(f, { kind, lat: 34.16, lon: -118.36 })
      const full = await newFacility(f, { kind, lat: 34.1005, lon: -118.3005 })
      await newFacility(f, { kind: 'shelter', lat: 34.1, lon: -118.3 })
      expect(
        (await api(f, 'POST', `/api/facilities/${full.id}/capacity`, f.tokens.dispatcher, { available: 0, accepting: true })).statusCode
      ).toBe(200)
      expect(
        (await api(f, 'POST', `/api/facilities/${far.id}/capacity`, f.tokens.dispatcher, { available: 4, accepting: true })).statusCode
      ).toBe(200)
      f.clock.advance(3 * 3600_000)
      expect(
        (await api(f, 'POST', `/api/facilities/${near.id}/capacity`, f.tokens.dispatcher, { available: 2, accepting: true })).statusCode
      ).toBe(200)

      const r = await api(f, 'GET', `/api/facilities?kind=${kind},detox&near=34.1,-118.3`, f.tokens.dispatcher)

      expect(r.statusCode, r.body).toBe(200)
      const list = r.json() as Facility[]
      expect(list.map((x) => x.id)).toEqual([near.id, far.id, full.id])
      expect(list[0].etaMinutes).toBeLessThan(list[1].etaMinutes!)
      expect(list[0].capacity).toMatchObject({ available: 2, ageMinutes: 0, stale: false })
      expect(list[1].capacity).toMatchObject({ available: 4, ageMinutes: 180, stale: true })
    })

    it('names a bad kind or a bad near', async () => {
      const kind = await api(f, 'GET', '/api/facilities?kind=spa', f.tokens.dispatcher)
      const near = await api(f, 'GET', '/api/facilities?near=34.1', f.tokens.dispatcher)

      expect(kind.statusCode).toBe(400)
      expect(kind.json().message).toMatch(/kind/)
      expect(near.statusCode).toBe(400)
      expect(near.json().message).toMatch(/near/)
    })
  })

  describe('transport and hand-off', () => {
    it('records the destination with transporting, and a turn-away at the door with its reason', async () => {
      const fac = await newFacility(f)
      const { team, responder, callId } = await onScene(f)
      const desk = await connect(f, f.tokens.dispatcher)

      const go = await api(f, 'POST', `/api/calls/${callId}/status`, responder, { status: 'transporting', facilityId: fac.id })
      const arrive = await api(f, 'POST', `/api/calls/${callId}/status`, responder, { status: 'at_facility' })
      const away = await api(f, 'POST', `/api/calls/${callId}/handoff`, responder, { accepted: false, reason: 'medical_clearance' })
      const again = await api(f, 'POST', `/api/calls/${callId}/handoff`, responder, { accepted: true })
      await desk.waitFor((m) => m.some((x) => x.type === 'call.handoff' && x.callId === callId))
      desk.close()

      expect(go.statusCode, go.body).toBe(200)
      expect(arrive.statusCode, arrive.body).toBe(200)
      expect(away.statusCode, away.body).toBe(201)
      expect(away.json()).toMatchObject({
        callId,
        teamId: team.id,
        facilityId: fac.id,
        facilityName: fac.name,
        accepted: false,
        reason: 'medical_clearance'
      })
      expect(again.statusCode).toBe(409)
      const transporting = desk.msgs.find((x) => x.type === 'call.transporting' && x.callId === callId)
      expect(transporting?.data).toMatchObject({ facilityId: fac.id, facilityName: fac.name })
      const handoff = desk.msgs.find((x) => x.type === 'call.handoff' && x.callId === callId)
      expect(handoff?.data).toMatchObject({ facilityId: fac.id, accepted: false, reason: 'medical_clearance' })
      const trail = (await api(f, 'GET', `/api/calls/${callId}/transports`, f.tokens.dispatcher)).json() as Transport[]
      expect(trail).toEqual([expect.objectContaining({ facilityId: fac.id, accepted: false, reason: 'medical_clearance' })])
    })

    it('counts transports by facility and turn-aways by reason and facility, small counts suppressed', async () => {
      // after the other tests' transports
      f.clock.advance(1000)
      const from = f.clock.now().toISOString()
      const busy = await newFacility(f, { name: 'Busy sobering centre', kind: 'sobering_centre' })
      const quiet = await newFacility(f, { name: 'Quiet respite house', kind: 'respite' })
      const trip = async (facilityId: string, handoff: Record<string, unknown>) => {
        const { responder, callId } = await onScene(f)
        expect(
          (await api(f, 'POST', `/api/calls/${callId}/status`, responder, { status: 'transporting', facilityId })).statusCode
        ).toBe(200)
        expect((await api(f, 'POST', `/api/calls/${callId}/status`, responder, { status: 'at_facility' })).statusCode).toBe(200)
        const h = await api(f, 'POST', `/api/calls/${callId}/handoff`, responder, handoff)
        expect(h.statusCode, h.body).toBe(201)
      }
      for (let i = 0; i < 5; i++) await trip(busy.id, { accepted: false, reason: 'no_capacity' })
      await trip(busy.id, { accepted: true })
      await trip(quiet.id, { accepted: false, reason: 'behaviour' })
      f.clock.advance(1000)

      const to = f.clock.now().toISOString()
      const r = await api(
        f,
        'GET',
        `/api/reports/transports?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        f.tokens.planner
      )

      expect(r.statusCode, r.body).toBe(200)
      const rep = r.json() as TransportsReport
      expect(rep.byFacility).toEqual([
        {
          facilityId: busy.id,
          name: busy.name,
          kind: 'sobering_centre',
          transports: 6,
          accepted: 'suppressed',
          turnedAway: 5,
          pending: 0
        },
        {
          facilityId: quiet.id,
          name: quiet.name,
          kind: 'respite',
          transports: 'suppressed',
          accepted: 0,
          turnedAway: 'suppressed',
          pending: 0
        }
      ])
      expect(rep.turnAways).toEqual([
        { facilityId: busy.id, name: busy.name, reason: 'no_capacity', count: 5 },
        { facilityId: quiet.id, name: quiet.name, reason: 'behaviour', count: 'suppressed' }
      ])
      expect(rep.turnAwaysByReason).toEqual([
        { reason: 'no_capacity', count: 5 },
        { reason: 'behaviour', count: 'suppressed' }
      ])
    })

    it('refuses a turn-away without a reason, a facilityId on another status, and an unknown facility, writing nothing', async () => {
      const { responder, callId } = await onScene(f)

      const unknown = await api(f, 'POST', `/api/calls/${callId}/status`, responder, {
        status: 'transporting',
        facilityId: crypto.randomUUID()
      })
      const stillOnScene = (await api(f, 'GET', `/api/calls/${callId}`, f.tokens.dispatcher)).json() as { status: string }
      const wrongStep = await api(f, 'POST', `/api/calls/${callId}/status`, responder, {
        status: 'at_facility',
        facilityId: crypto.randomUUID()
      })
      const notThere = await api(f, 'POST', `/api/calls/${callId}/handoff`, responder, { accepted: true })
      const noReason = await api(f, 'POST', `/api/calls/${callId}/handoff`, responder, { accepted: false })

      expect(unknown.statusCode).toBe(400)
      expect(unknown.json().message).toMatch(/facilityId/)
      expect(stillOnScene.status).toBe('on_scene')
      expect(wrongStep.statusCode).toBe(400)
      expect(wrongStep.json().message).toMatch(/facilityId/)
      expect(notThere.statusCode).toBe(409)
      expect(noReason.statusCode).toBe(400)
      expect(noReason.json().message).toMatch(/reason/)
      expect((await api(f, 'GET', `/api/calls/${callId}/transports`, responder)).json()).toEqual([])
    })
  })

  describe('admin', () => {
    it('changes a facility with its version, refuses a stale version, and retires it from the list', async () => {
      const fac = await newFacility(f, { kind: 'detox' })

      const ok = await api(f, 'PATCH', `/api/facilities/${fac.id}`, f.tokens.admin, {
        version: fac.version,
        hours: '24/7',
        accepts: ['adults']
      })
      const stale = await api(f, 'PATCH', `/api/facilities/${fac.id}`, f.tokens.admin, { version: fac.version, hours: 'weekdays' })
      const retired = await api(f, 'PATCH', `/api/facilities/${fac.id}`, f.tokens.admin, { version: fac.version + 1, retired: true })
      const list = (await api(f, 'GET', '/api/facilities?kind=detox', f.tokens.dispatcher)).json() as Facility[]

      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json()).toMatchObject({ hours: '24/7', accepts: ['adults'], version: fac.version + 1 })
      expect(stale.statusCode).toBe(409)
      expect(retired.json()).toMatchObject({ retired: true })
      expect(list.map((x) => x.id)).not.toContain(fac.id)
    })
  })
})

describe("the demo's facilities", () => {
  it("sorts LA County's lists into the kinds crisis care uses, leaving out what is not a destination", () => {
    const rows = demoFacilities()
    const kinds = new Set(rows.map((r) => r.kind))

    expect(kinds).toEqual(new Set(['emergency_department', 'crisis_stabilisation', 'psychiatric_emergency', 'respite', 'shelter']))
    expect(rows.find((r) => /23 Hour Psychiatric Crisis/i.test(r.name))?.kind).toBe('crisis_stabilisation')
    expect(kindOf({ type: 'crisis', name: 'HOMELESS OUTREACH - SOUTH', tags: ['CRISIS SERVICES'] })).toBeNull()
    expect(kindOf({ type: 'hospital', name: 'Some Rehabilitation Hospital', tags: ['Rehabilitation'] })).toBeNull()
    expect(rows.every((r) => r.lat > 32.75 && r.lat < 34.85 && r.demo.available >= 0)).toBe(true)
    expect(new Set(rows.map((r) => r.sourceRef)).size).toBe(rows.length)
  })
})
