// Responder safety through the API, on PGlite and PostgreSQL: an emergency (SOS) reaches every console's live
// stream within a second and stays until a dispatcher acknowledges it (who is recorded); an unanswered check-in
// raises exactly one alert, also with two server processes sweeping at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiveMessage } from '../../server/contracts/events'
import type { CheckInMiss, CheckInStatus, Emergency } from '../../server/contracts/safety'
import type { Team } from '../../server/contracts/teams'
import { ENGINES } from '../helpers/db'
import { api, auth, Clock, newCall, newTeam, setup, setupTwoProcesses, signIn, type Fixture } from '../helpers/app'

type Msg = LiveMessage & { callId?: string | null; teamId?: string | null; data?: Record<string, unknown> }
interface Client {
  msgs: Msg[]
  close: () => void
  waitFor: (pred: (m: Msg[]) => boolean, ms?: number) => Promise<Msg[]>
}

async function connect (f: Fixture, token: string): Promise<Client> {
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
  const client: Client = {
    msgs,
    close: () => ws.terminate(),
    waitFor: async (pred, ms = 3000) => {
      const t0 = Date.now()
      while (!pred(msgs)) {
        if (Date.now() - t0 > ms) throw new Error(`timeout; got ${JSON.stringify(msgs.map((m) => [m.seq, m.type]))}`)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      return msgs
    }
  }
  await client.waitFor((m) => m.some((x) => x.type === 'stream.live'))
  return client
}

const CHECK = { CHECK_IN_SECONDS: '60', CHECK_IN_GRACE_SECONDS: '10' }

/** A team with a responder signed in, working a call on scene. */
async function onScene (f: Fixture): Promise<{ team: Team; responder: string; callId: string }> {
  const team = await newTeam(f)
  const responder = await signIn(f.app, 'responder', team.id)
  const call = await newCall(f)
  const a = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
  expect(a.statusCode, a.body).toBe(201)
  for (const status of ['acknowledged', 'en_route', 'on_scene']) {
    const r = await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status })
    expect(r.statusCode, r.body).toBe(200)
  }
  return { team, responder, callId: call.id }
}

describe.each(ENGINES)('responder safety (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine, { config: CHECK })
  })
  afterAll(async () => {
    await f.close()
  })

  describe('POST /api/teams/:id/emergency', () => {
    it('reaches every dispatcher and supervisor console within a second, and stays until a dispatcher acknowledges it', async () => {
      const { team, responder, callId } = await onScene(f)
      const desk = await connect(f, f.tokens.dispatcher)
      const sup = await connect(f, f.tokens.supervisor)

      const t0 = Date.now()
      const r = await api(f, 'POST', `/api/teams/${team.id}/emergency`, responder, {
        lat: 34.0601,
        lon: -118.2402,
        deviceTime: f.clock.now().toISOString()
      })
      const got = (c: Client) => c.waitFor((m) => m.some((x) => x.type === 'team.emergency' && x.teamId === team.id), 1000)
      await Promise.all([got(desk), got(sup)])
      const elapsed = Date.now() - t0

      expect(r.statusCode, r.body).toBe(201)
      expect(elapsed).toBeLessThan(1000)
      const e = desk.msgs.find((x) => x.type === 'team.emergency' && x.teamId === team.id)!
      expect(e).toMatchObject({ callId, data: { callSign: team.callSign, lat: 34.0601, lon: -118.2402 } })
      const open = (await api(f, 'GET', '/api/emergencies', f.tokens.supervisor)).json() as Emergency[]
      expect(open.find((x) => x.teamId === team.id)).toMatchObject({
        callId,
        acknowledgedAt: null,
        position: { lat: 34.0601, lon: -118.2402 }
      })

      // still open a while later: nothing clears it but a person
      f.clock.advance(10 * 60_000)
      expect(
        ((await api(f, 'GET', '/api/emergencies', f.tokens.dispatcher)).json() as Emergency[]).find((x) => x.teamId === team.id)
          ?.acknowledgedAt
      ).toBeNull()

      const ack = await api(f, 'POST', `/api/teams/${team.id}/emergency/acknowledge`, f.tokens.dispatcher)
      expect(ack.statusCode, ack.body).toBe(200)
      await desk.waitFor((m) => m.some((x) => x.type === 'team.emergency_acknowledged' && x.teamId === team.id))
      await sup.waitFor((m) => m.some((x) => x.type === 'team.emergency_acknowledged' && x.teamId === team.id))
      desk.close()
      sup.close()

      const acked = ack.json() as Emergency
      expect(acked.acknowledgedAt).not.toBeNull()
      expect(acked.acknowledgedBy?.name).toMatch(/dispatcher/)
      const phone = (await api(f, 'GET', `/api/teams/${team.id}/emergency`, responder)).json() as { emergency: Emergency }
      expect(phone.emergency).toMatchObject({ id: acked.id, acknowledgedBy: { name: acked.acknowledgedBy!.name } })
      const again = await api(f, 'POST', `/api/teams/${team.id}/emergency/acknowledge`, f.tokens.supervisor)
      expect(again.statusCode).toBe(409)
      expect(again.json().message).toMatch(/already acknowledged/)
    })

    it("uses the team's last known position when the phone sends none, and works with no call", async () => {
      const team = await newTeam(f, { lat: 34.1, lon: -118.3 })
      const responder = await signIn(f.app, 'responder', team.id)

      const r = await api(f, 'POST', `/api/teams/${team.id}/emergency`, responder, {})

      expect(r.statusCode, r.body).toBe(201)
      expect(r.json()).toMatchObject({ callId: null, position: { lat: 34.1, lon: -118.3 } })
      expect((await api(f, 'POST', `/api/teams/${team.id}/emergency/acknowledge`, f.tokens.supervisor)).statusCode).toBe(200)
    })

    it('is applied once for a resend with the same Idempotency-Key, and never rate-limited for new presses', async () => {
      const team = await newTeam(f)
      const responder = await signIn(f.app, 'responder', team.id)
      const body = { deviceTime: f.clock.now().toISOString() }

      const first = await api(f, 'POST', `/api/teams/${team.id}/emergency`, responder, body, { 'idempotency-key': `sos-${team.id}` })
      const resend = await api(f, 'POST', `/api/teams/${team.id}/emergency`, responder, body, { 'idempotency-key': `sos-${team.id}` })
      const presses = []
      for (let i = 0; i < 40; i++) presses.push((await api(f, 'POST', `/api/teams/${team.id}/emergency`, responder, {})).statusCode)

      expect(first.statusCode).toBe(201)
      expect(resend.statusCode).toBe(201)
      expect(resend.headers['idempotent-replayed']).toBe('true')
      expect(resend.json().id).toBe(first.json().id)
      expect(new Set(presses)).toEqual(new Set([200]))
      const open = ((await api(f, 'GET', '/api/emergencies', f.tokens.dispatcher)).json() as Emergency[]).filter(
        (x) => x.teamId === team.id && x.acknowledgedAt === null
      )
      expect(open).toHaveLength(1)
      expect(open[0].presses).toBe(41)
      await api(f, 'POST', `/api/teams/${team.id}/emergency/acknowledge`, f.tokens.dispatcher)
    })

    it("refuses another team's responder, a planner, half a position, and an acknowledgement with nothing open", async () => {
      const team = await newTeam(f)
      const other = await signIn(f.app, 'responder', (await newTeam(f)).id)
      const own = await signIn(f.app, 'responder', team.id)

      const foreign = await api(f, 'POST', `/api/teams/${team.id}/emergency`, other, {})
      const planner = await api(f, 'POST', `/api/teams/${team.id}/emergency`, f.tokens.planner, {})
      const half = await api(f, 'POST', `/api/teams/${team.id}/emergency`, own, { lat: 34 })
      const extra = await api(f, 'POST', `/api/teams/${team.id}/emergency`, own, { lat: 34, lon: -118, note: 'x' })
      const responderAck = await api(f, 'POST', `/api/teams/${team.id}/emergency/acknowledge`, own)
      const nothing = await api(f, 'POST', `/api/teams/${team.id}/emergency/acknowledge`, f.tokens.dispatcher)

      expect(foreign.statusCode).toBe(403)
      expect(planner.statusCode).toBe(403)
      expect(half.statusCode).toBe(400)
      expect(half.json().message).toMatch(/body\/lon/)
      expect(extra.statusCode).toBe(400)
      expect(responderAck.statusCode).toBe(403)
      expect(nothing.statusCode).toBe(409)
      expect(
        ((await api(f, 'GET', '/api/emergencies', f.tokens.dispatcher)).json() as Emergency[]).some((x) => x.teamId === team.id)
      ).toBe(false)
    })
  })

  describe('check-ins on scene', () => {
    it('raises exactly one check_in.missed when "All OK?" goes unanswered, with the last position, until a dispatcher resolves ' +
      'it', async () => {
      const { team, responder, callId } = await onScene(f)
      const status = (await api(f, 'GET', `/api/calls/${callId}/check-ins`, responder)).json() as CheckInStatus
      expect(Date.parse(status.dueAt!) - f.clock.now().getTime()).toBe(60_000)
      const desk = await connect(f, f.tokens.dispatcher)

      // other tests' calls are on scene too: count this call's misses after each sweep
      const missesNow = async () =>
        ((await api(f, 'GET', '/api/check-in-misses', f.tokens.dispatcher)).json() as CheckInMiss[]).filter((m) => m.callId === callId)
          .length
      const counts: number[] = []
      f.clock.advance(65_000) // due, within the grace period
      await f.app.services.safety.sweep()
      counts.push(await missesNow())
      f.clock.advance(6_000) // past the grace period
      await f.app.services.safety.sweep()
      counts.push(await missesNow())
      await f.app.services.safety.sweep()
      counts.push(await missesNow())
      f.clock.advance(60_000)
      await f.app.services.safety.sweep()
      counts.push(await missesNow())
      await desk.waitFor((m) => m.some((x) => x.type === 'check_in.missed' && x.callId === callId))
      await new Promise((resolve) => setTimeout(resolve, 100))
      desk.close()

      expect(counts).toEqual([0, 1, 1, 1])
      expect(desk.msgs.filter((x) => x.type === 'check_in.missed' && x.callId === callId)).toHaveLength(1)
      const misses = ((await api(f, 'GET', '/api/check-in-misses', f.tokens.dispatcher)).json() as CheckInMiss[]).filter(
        (m) => m.callId === callId
      )
      expect(misses).toHaveLength(1)
      expect(misses[0]).toMatchObject({
        teamId: team.id,
        callSign: team.callSign,
        resolvedAt: null,
        position: { lat: team.position!.lat, lon: team.position!.lon }
      })

      // the team answers late, then a dispatcher records how it was resolved
      const late = await api(f, 'POST', `/api/calls/${callId}/check-ins`, responder, { deviceTime: f.clock.now().toISOString() })
      expect(late.statusCode, late.body).toBe(201)
      expect(Date.parse((late.json() as CheckInStatus).dueAt!)).toBe(f.clock.now().getTime() + 60_000)
      const bad = await api(f, 'POST', `/api/check-in-misses/${misses[0].id}/resolve`, f.tokens.dispatcher, { resolution: 'other' })
      const done = await api(f, 'POST', `/api/check-in-misses/${misses[0].id}/resolve`, f.tokens.dispatcher, {
        resolution: 'reached_by_radio',
        note: 'radio: all fine'
      })
      const twice = await api(f, 'POST', `/api/check-in-misses/${misses[0].id}/resolve`, f.tokens.supervisor, { resolution: 'team_ok' })

      expect(bad.statusCode).toBe(400)
      expect(bad.json().message).toMatch(/body\/note/)
      expect(done.statusCode, done.body).toBe(200)
      expect(done.json()).toMatchObject({
        resolution: 'reached_by_radio',
        note: 'radio: all fine',
        resolvedBy: { name: expect.stringMatching(/dispatcher/) }
      })
      expect(done.json().checkedInSince).not.toBeNull()
      expect(twice.statusCode).toBe(409)
      const detail = (await api(f, 'GET', `/api/calls/${callId}`, f.tokens.dispatcher)).json() as { timeline: Array<{ type: string }> }
      expect(detail.timeline.map((e) => e.type).filter((t) => t.includes('check'))).toEqual([
        'check_in.missed',
        'call.checked_in',
        'check_in.resolved'
      ])
    })

    it('moves the next check-in on from an answer, and refuses a check-in from another team or on an ended call', async () => {
      const { responder, callId } = await onScene(f)
      const stranger = await signIn(f.app, 'responder', (await newTeam(f)).id)

      f.clock.advance(50_000)
      const ok = await api(f, 'POST', `/api/calls/${callId}/check-ins`, responder, {})
      f.clock.advance(50_000)
      await f.app.services.safety.sweep()
      const swept = ((await api(f, 'GET', `/api/calls/${callId}/check-ins`, responder)).json() as CheckInStatus).misses
      const foreign = await api(f, 'POST', `/api/calls/${callId}/check-ins`, stranger, {})
      const close = await api(f, 'POST', `/api/calls/${callId}/close`, responder, { disposition: 'resolved_on_scene' })
      const after = await api(f, 'POST', `/api/calls/${callId}/check-ins`, responder, {})

      expect(ok.statusCode, ok.body).toBe(201)
      expect((ok.json() as CheckInStatus).checkIns).toHaveLength(1)
      expect(swept).toEqual([])
      expect(foreign.statusCode).toBe(403)
      expect(close.statusCode, close.body).toBe(200)
      expect(after.statusCode).toBe(409)
    })
  })
})

describe.runIf(process.env.DATABASE_URL)('check-ins missed with two server processes', () => {
  it('raises exactly one alert when both processes sweep at once', async () => {
    const clock = new Clock()
    const { a, b, close } = await setupTwoProcesses({ clock })
    try {
      const { callId } = await onScene(a)
      const watchA = await connect(a, a.tokens.dispatcher)
      const watchB = await connect(b, b.tokens.dispatcher)

      clock.advance(20 * 60_000 + 121_000) // the defaults: CHECK_IN_SECONDS 1200, grace 120
      const results = await Promise.all([
        a.app.services.safety.sweep(),
        b.app.services.safety.sweep(),
        a.app.services.safety.sweep(),
        b.app.services.safety.sweep()
      ])
      await watchA.waitFor((m) => m.some((x) => x.type === 'check_in.missed' && x.callId === callId))
      await watchB.waitFor((m) => m.some((x) => x.type === 'check_in.missed' && x.callId === callId))
      await new Promise((resolve) => setTimeout(resolve, 300))
      watchA.close()
      watchB.close()

      expect(results.reduce((n, r) => n + r.missed, 0)).toBe(1)
      expect(watchA.msgs.filter((x) => x.type === 'check_in.missed' && x.callId === callId)).toHaveLength(1)
      expect(watchB.msgs.filter((x) => x.type === 'check_in.missed' && x.callId === callId)).toHaveLength(1)
      const misses = ((await api(b, 'GET', '/api/check-in-misses', b.tokens.dispatcher)).json() as CheckInMiss[]).filter(
        (m) => m.callId === callId
      )
      expect(misses).toHaveLength(1)
    } finally {
      await close()
    }
  })
})
