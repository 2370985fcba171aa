// Unmet demand on both engines: a care-eligible call referred out must say why (unmetReason), the queue sweep records
// no_team_on_shift / all_teams_busy itself, and GET /api/reports/unmet counts served, late and not served by reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, Clock, newCall, newTeam, setup, type Fixture } from '../../helpers/app'
import { insertHistory, liveCall, times } from '../../helpers/report-rows'

const AREAS = { council_districts: 'CD 3', lapd_divisions: 'Newton' }

describe.each(ENGINES)('unmet demand (%s)', (engine) => {
  let f: Fixture
  const get = async (q: string) => {
    const r = await api(f, 'GET', `/api/reports/unmet?${q}`, f.tokens.planner)
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
    return r.json()
  }
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-04-01T16:00:00Z')), config: { SESSION_TTL_HOURS: '720' } })
  })
  afterAll(async () => {
    await f.close()
  })

  it('records no_team_on_shift on calls that waited past their target with no team on shift, without anyone typing it', async () => {
    f.clock.t = Date.parse('2025-04-01T16:00:00Z')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await newCall(f)).id)
    await f.app.services.dispatch.sweep()
    const early = await get('from=2025-04-01&to=2025-04-01&source=live')
    expect(early.table.rows[0].values).toMatchObject({ eligible: 5, open: 5, notServed: 0, no_team_on_shift: 0 })

    f.clock.advance(61 * 60_000)
    const swept = await f.app.services.dispatch.sweep()
    for (const id of ids) {
      const r = await api(f, 'POST', `/api/calls/${id}/cancel`, f.tokens.dispatcher, {
        reason: 'could not reach the caller',
        code: 'unable_to_contact'
      })
      expect(r.statusCode).toBe(200)
    }

    expect(swept.unmetRecorded).toBe(5)
    const r = await get('from=2025-04-01&to=2025-04-01&source=live')
    expect(r.table.rows[0].values).toMatchObject({
      eligible: 5,
      served: 0,
      notServed: 5,
      no_team_on_shift: 5,
      open: 0,
      not_recorded: 0,
      coverage: 0
    })
  })

  it('refuses to refer a care-eligible call out without unmetReason, naming the field, and changes nothing', async () => {
    const call = await newCall(f)

    const r = await api(f, 'POST', `/api/calls/${call.id}/refer`, f.tokens.dispatcher, { to: 'police', reason: 'no team free' })
    const bad = await api(f, 'POST', `/api/calls/${call.id}/refer`, f.tokens.dispatcher, {
      to: 'police',
      reason: 'no team free',
      unmetReason: 'too_busy'
    })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain('body/unmetReason')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('unmetReason')
    expect((await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)).json().status).toBe('queued')
    await api(f, 'POST', `/api/calls/${call.id}/cancel`, f.tokens.dispatcher, { reason: 'test over', code: 'entered_in_error' })
  })

  it('refuses unmetReason on a call a team reached', async () => {
    f.clock.t = Date.parse('2025-04-02T16:00:00Z')
    const team = await newTeam(f)
    const id = await liveCall(f, team.id, { assign: 1, acknowledged: 2, enRoute: 3, onScene: 10 })

    const r = await api(f, 'POST', `/api/calls/${id}/refer`, f.tokens.dispatcher, {
      to: 'police',
      reason: 'weapon seen',
      unmetReason: 'safety_concern'
    })
    const ok = await api(f, 'POST', `/api/calls/${id}/refer`, f.tokens.dispatcher, { to: 'police', reason: 'weapon seen' })

    expect(r.statusCode).toBe(400)
    expect(r.json().message).toContain('body/unmetReason')
    expect(ok.statusCode).toBe(200)
  })

  it('counts a care-eligible call referred to police with all_teams_busy under that reason, and the event carries it', async () => {
    f.clock.t = Date.parse('2025-04-08T17:00:00Z')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const call = await newCall(f)
      const r = await api(f, 'POST', `/api/calls/${call.id}/refer`, f.tokens.dispatcher, {
        to: 'police',
        reason: 'every team is on a call',
        unmetReason: 'all_teams_busy'
      })
      expect(r.statusCode).toBe(200)
      ids.push(call.id)
      f.clock.advance(600_000)
    }

    const r = await get('from=2025-04-08&to=2025-04-08&source=live')
    const detail = (await api(f, 'GET', `/api/calls/${ids[0]}`, f.tokens.dispatcher)).json()

    expect(r.table.rows[0].values).toMatchObject({
      eligible: 5,
      served: 0,
      notServed: 5,
      all_teams_busy: 5,
      no_team_on_shift: 0,
      coverage: 0
    })
    expect(detail.timeline.find((e: { type: string }) => e.type === 'call.referred').data.unmetReason).toBe('all_teams_busy')
  })

  it('records all_teams_busy when every capable team on shift is busy', async () => {
    f.clock.t = Date.parse('2025-04-09T16:00:00Z')
    for (const t of (await api(f, 'GET', '/api/teams', f.tokens.dispatcher)).json()) {
      if (t.onShift === true) {
        expect((await api(f, 'POST', `/api/teams/${t.id}/shift`, f.tokens.supervisor, { onShift: false })).statusCode).toBe(200)
      }
    }
    const team = await newTeam(f)
    await liveCall(f, team.id, { assign: 1, acknowledged: 2, enRoute: 3, onScene: 10 })
    const waiting = await newCall(f)

    f.clock.advance(61 * 60_000)
    await f.app.services.dispatch.sweep()
    await api(f, 'POST', `/api/calls/${waiting.id}/cancel`, f.tokens.dispatcher, {
      reason: 'caller hung up',
      code: 'unable_to_contact'
    })

    const row = await f.db.db
      .selectFrom('calls')
      .select(['unmet_reason', 'unmet_reason_source'])
      .where('id', '=', waiting.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ unmet_reason: 'all_teams_busy', unmet_reason_source: 'system' })
  })

  it('counts imported history: served on time and late, not served as not recorded; coverage by area, hour, weekday and week', async () => {
    // 2025-02-18 is a Tuesday; 16:00Z is 08:00 in Los Angeles
    await insertHistory(f.db.db, [
      ...times(10, {
        received: '2025-02-18T16:00:00Z',
        priority: 2,
        dispatched: 5,
        enRoute: 6,
        onScene: 15,
        cleared: 40,
        areas: AREAS
      }),
      ...times(5, {
        received: '2025-02-18T16:20:00Z',
        priority: 2,
        dispatched: 30,
        enRoute: 31,
        onScene: 45,
        cleared: 60,
        areas: AREAS
      }),
      ...times(5, { received: '2025-02-18T16:40:00Z', priority: 2, dispatched: null, disposition: 'handed_to_police', areas: AREAS }),
      ...times(5, { received: '2025-02-18T17:00:00Z', response: 'police', disposition: null, areas: AREAS })
    ])

    const r = await get('from=2025-02-18&to=2025-02-18&source=imported&area_set=council_districts')

    expect(r.table.rows[0].values).toMatchObject({
      eligible: 20,
      served: 15,
      servedOnTime: 10,
      servedLate: 5,
      notServed: 5,
      not_recorded: 5,
      open: 0,
      coverage: 0.75
    })
    expect(r.coverage.hour.rows.find((x: { key: string }) => x.key === '08').values).toEqual({
      eligible: 20,
      served: 15,
      notServed: 5,
      coverage: 0.75
    })
    expect(r.coverage.hour.rows).toHaveLength(24)
    expect(r.coverage.weekday.rows.find((x: { key: string }) => x.key === '2').values.eligible).toBe(20)
    expect(r.coverage.week.rows.map((x: { key: string }) => x.key)).toEqual(['2025-02-17'])
    expect(r.coverage.area.rows.find((x: { key: string }) => x.key === 'CD 3').values.coverage).toBe(0.75)
    expect(r.heat.rows.map((x: { key: string }) => x.key)).toEqual(['2-08'])
    expect(r.reasons.map((x: { id: string }) => x.id)).toContain('not_recorded')
  })

  it('slices by area with a total, and writes CSV of any table', async () => {
    const sliced = await get('from=2025-02-18&to=2025-02-18&source=imported&by=area&area_set=council_districts')
    const csv = await api(
      f,
      'GET',
      '/api/reports/unmet?from=2025-02-18&to=2025-02-18&source=imported&format=csv&table=hour',
      f.tokens.planner
    )
    const main = await api(f, 'GET', '/api/reports/unmet?from=2025-02-18&to=2025-02-18&source=imported&format=csv', f.tokens.planner)

    expect(sliced.table.rows.find((x: { key: string }) => x.key === 'CD 3').values.eligible).toBe(20)
    expect(sliced.table.total.values.eligible).toBe(20)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[0]).toBe('Hour of day,Care-team eligible,Served by a care team,Not served,Coverage (share)')
    expect(csv.body).toContain('08:00–08:59,20,15,5,0.75')
    expect(main.body.split('\n')[1]).toMatch(/^All calls,20,15,10,5,5,/)
  })

  it('suppresses small counts and the part that would give one away', async () => {
    await insertHistory(f.db.db, [
      ...times(8, { received: '2025-01-14T16:00:00Z', dispatched: 5, enRoute: 6, onScene: 15, cleared: 40, areas: AREAS }),
      ...times(2, { received: '2025-01-14T16:20:00Z', dispatched: null, disposition: 'handed_to_police', areas: AREAS }),
      ...times(3, { received: '2025-01-15T16:00:00Z', dispatched: 5, enRoute: 6, onScene: 15, cleared: 40, areas: AREAS })
    ])

    const r = await get('from=2025-01-14&to=2025-01-14&source=imported')
    const tiny = await get('from=2025-01-15&to=2025-01-15&source=imported')

    expect(r.table.rows[0].values).toMatchObject({
      eligible: 10,
      served: 'suppressed',
      notServed: 'suppressed',
      not_recorded: 'suppressed',
      coverage: 'suppressed',
      open: 0
    })
    expect(Object.values(tiny.table.rows[0].values).every((v) => v === 'suppressed')).toBe(true)
  })

  it('names a bad parameter and keeps the report from dispatchers', async () => {
    const bad = await api(f, 'GET', '/api/reports/unmet?by=colour', f.tokens.planner)
    const badTable = await api(f, 'GET', '/api/reports/unmet?table=nope&format=csv', f.tokens.planner)
    const dispatcher = await api(f, 'GET', '/api/reports/unmet', f.tokens.dispatcher)

    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('querystring/by')
    expect(badTable.statusCode).toBe(400)
    expect(badTable.json().message).toContain('querystring/table')
    expect(dispatcher.statusCode).toBe(403)
  })
})
