// Integration: a team out of service (a break, a fault) from the console, with a reason and an expected
// return (POST /api/teams/{id}/status), on PGlite and PostgreSQL: kept on the team while it lasts, in the
// event, cleared when it is back, never recommended, and the recommendations' shortfalls say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallDetail } from '../../server/contracts/calls'
import type { TeamOption } from '../../server/contracts/calls-actions'
import type { Team } from '../../server/contracts/teams'
import { ENGINES } from '../helpers/db'
import { api, newCall, newTeam, setup, type Fixture } from '../helpers/app'

interface Recs {
  recommendations: Array<{ teamId: string }>
  shortfalls: string[]
  teams: TeamOption[]
}

describe.each(ENGINES)('POST /api/teams/{id}/status out of service (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  let corner = 0
  const place = () => {
    corner++
    return { lat: 33.8 + corner * 0.05, lon: -118.1 - corner * 0.03 }
  }
  const status = async (teamId: string, body: Record<string, unknown>, token = f.tokens.supervisor) =>
    await api(f, 'POST', `/api/teams/${teamId}/status`, token, body)
  const inMinutes = (m: number): string => new Date(f.clock.now().getTime() + m * 60_000).toISOString()

  it('keeps the reason and the expected return on the team and in the event, and clears them when it is back', async () => {
    const t = await newTeam(f, place())
    const back = inMinutes(30)

    const r = await status(t.id, { status: 'out_of_service', code: 'break', reason: 'meal after a long call', expectedBackAt: back })

    expect(r.statusCode, r.body).toBe(200)
    const out = r.json() as Team
    expect(out.status).toBe('out_of_service')
    expect(out.outOfService).toEqual({
      code: 'break',
      reason: 'meal after a long call',
      since: f.clock.now().toISOString(),
      expectedBackAt: back
    })
    const events = await f.db.db
      .selectFrom('events')
      .selectAll()
      .where('team_id', '=', t.id)
      .where('type', '=', 'team.status_changed')
      .orderBy('seq')
      .execute()
    expect(events.at(-1)!.data).toMatchObject({
      from: 'available',
      to: 'out_of_service',
      outOfService: { code: 'break', reason: 'meal after a long call', expectedBackAt: back }
    })

    f.clock.advance(5 * 60_000)
    const later = inMinutes(40)
    const changed = await status(t.id, {
      status: 'out_of_service',
      code: 'break',
      reason: 'meal after a long call',
      expectedBackAt: later
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect((changed.json() as Team).outOfService).toMatchObject({ expectedBackAt: later, since: out.outOfService!.since })

    const again = await status(t.id, { status: 'available' })
    expect(again.statusCode, again.body).toBe(200)
    expect((again.json() as Team).outOfService).toBeNull()
    const read = (await api(f, 'GET', `/api/teams/${t.id}`, f.tokens.dispatcher)).json() as Team
    expect(read).toMatchObject({ status: 'available', outOfService: null })
  })

  it('rejects a reason without out of service, and a return in the past, naming the field, and changes nothing', async () => {
    const t = await newTeam(f, place())

    const withReason = await status(t.id, { status: 'available', reason: 'back from break' })
    const past = await status(t.id, { status: 'out_of_service', code: 'vehicle', reason: 'flat tyre', expectedBackAt: inMinutes(-5) })
    const badCode = await status(t.id, { status: 'out_of_service', code: 'nap' })

    expect(withReason.statusCode).toBe(400)
    expect(withReason.json().message).toMatch(/body\/reason/)
    expect(past.statusCode).toBe(400)
    expect(past.json().message).toMatch(/body\/expectedBackAt/)
    expect(badCode.statusCode).toBe(400)
    expect(badCode.json().message).toMatch(/code/)
    expect(((await api(f, 'GET', `/api/teams/${t.id}`, f.tokens.dispatcher)).json() as Team).status).toBe('available')
  })

  it('never recommends a team out of service, and the shortfalls say so', async () => {
    const p = place()
    const near = await newTeam(f, p)
    const far = await newTeam(f, { lat: p.lat + 0.02, lon: p.lon })
    const call = await newCall(f, { location: p })
    const recs = async (): Promise<Recs> =>
      (await api(f, 'GET', `/api/calls/${call.id}/recommendations`, f.tokens.dispatcher)).json() as Recs
    expect((await recs()).recommendations[0].teamId).toBe(near.id)

    expect(
      (await status(near.id, { status: 'out_of_service', code: 'equipment', reason: 'radio broken' }, f.tokens.dispatcher)).statusCode
    ).toBe(200)
    const r = await recs()

    expect(r.recommendations.map((x) => x.teamId)).not.toContain(near.id)
    expect(r.recommendations[0].teamId).toBe(far.id)
    expect(r.shortfalls).toContain('1 mental-health team out of service')
    expect(r.teams.find((x) => x.teamId === near.id)).toMatchObject({ rank: null, assignable: false, status: 'out_of_service' })
    const assign = await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: near.id })
    expect(assign.statusCode).toBe(409)
    expect(((await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json() as CallDetail).status).toBe('queued')
  })
})
