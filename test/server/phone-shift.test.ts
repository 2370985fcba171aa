// The care team's own shift from the phone, through the API on PGlite and PostgreSQL: a break with a reason and
// an expected return keeps the team out of every recommendation (and out of auto-dispatch) until it is back,
// and the team's calls of the shift are listed for its responder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Call } from '../../server/contracts/calls'
import type { Team } from '../../server/contracts/teams'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, setup, signIn, type Fixture } from '../helpers/app'

describe.each(ENGINES)("the phone's own shift (%s)", (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const recommended = async (callId: string): Promise<string[]> =>
    (
      (await api(f, 'GET', `/api/calls/${callId}/recommendations`, f.tokens.dispatcher)).json() as {
        recommendations: Array<{ teamId: string }>
      }
    ).recommendations.map((r) => r.teamId)

  it('never recommends a team on a break, and recommends it again once it is back in service', async () => {
    const team = await newTeam(f, { lat: 34.0521, lon: -118.2431 })
    const responder = await signIn(f.app, 'responder', team.id)
    const back = new Date(f.clock.now().getTime() + 30 * 60_000).toISOString()

    const out = await api(
      f,
      'POST',
      `/api/teams/${team.id}/status`,
      responder,
      {
        status: 'out_of_service',
        code: 'break',
        reason: 'lunch at base',
        expectedBackAt: back,
        deviceTime: f.clock.now().toISOString()
      },
      { 'idempotency-key': `brk-${team.id}` }
    )
    const call = await newCall(f, { location: { lat: 34.0522, lon: -118.2432, address: '1 Break Test St' } })
    const whileOut = await recommended(call.id)
    const assign = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })
    const returned = await api(f, 'POST', `/api/teams/${team.id}/status`, responder, { status: 'available' })
    const afterBack = await recommended(call.id)

    expect(out.statusCode, out.body).toBe(200)
    expect((out.json() as Team).outOfService).toMatchObject({ code: 'break', reason: 'lunch at base', expectedBackAt: back })
    expect(whileOut).not.toContain(team.id)
    expect(assign.statusCode).toBe(409)
    expect(returned.statusCode, returned.body).toBe(200)
    expect((returned.json() as Team).outOfService).toBeNull()
    expect(afterBack).toContain(team.id)
  })

  it("lists the team's calls of this shift for its responder, with the closed one and its disposition", async () => {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)
    for (const status of ['acknowledged', 'en_route', 'on_scene']) {
      expect((await api(f, 'POST', `/api/calls/${call.id}/status`, responder, { status })).statusCode).toBe(200)
    }
    expect((await api(f, 'POST', `/api/calls/${call.id}/close`, responder, { disposition: 'resolved_on_scene' })).statusCode).toBe(200)
    const shift = (await api(f, 'GET', `/api/teams/${team.id}`, responder)).json() as Team

    const r = await api(f, 'GET', `/api/calls?teamId=${team.id}&from=${encodeURIComponent(shift.shiftStartedAt!)}&limit=50`, responder)

    expect(r.statusCode, r.body).toBe(200)
    expect((r.json() as { items: Call[] }).items.map((c) => [c.id, c.status, c.disposition])).toEqual([
      [call.id, 'closed', 'resolved_on_scene']
    ])
  })
})
