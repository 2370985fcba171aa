// The public summary on both engines: no token, per week and per area, no personal field, no count from 1 to 10 (nor a
// figure or a neighbour that gives one away), cached for PUBLIC_DASHBOARD_CACHE_SECONDS, off with PUBLIC_DASHBOARD=0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app'
import { PUBLIC_COLUMNS, PUBLIC_WEEKS, type PublicSummary } from '../../server/contracts/public'
import { simulateDemoHistory } from '../../server/modules/demo/demo-history'
import type { HistoricalInput } from '../../server/modules/history/import-row'
import { ENGINES } from '../helpers/db'
import { api, Clock, newCall, setup, testAreas, testConfig, type Fixture } from '../helpers/app'

const CALLBACK = '+1 213 555 0142'
const CALLER = 'Marisol Quintero-Public'
const NARRATIVE =
  'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured, near the blue kiosk'
const COUNT_COLUMNS = PUBLIC_COLUMNS.filter((c) => c.unit === 'calls').map((c) => c.id)

/** Every cell of both tables. */
const cells = (s: PublicSummary): Array<{ where: string; col: string; v: unknown }> =>
  [...s.weeks.rows, ...s.areas.rows].flatMap((r) => Object.entries(r.values).map(([col, v]) => ({ where: r.key, col, v })))

/** Count cells showing 1 to 10 (the rule says none). */
const smallCounts = (s: PublicSummary): string[] =>
  cells(s)
    .filter((c) => COUNT_COLUMNS.includes(c.col) && typeof c.v === 'number' && c.v > 0 && c.v < 11)
    .map((c) => `${c.where} ${c.col} ${String(c.v)}`)

/** A care-team eligible history record received at `at`, reached by a team 10 minutes later or not at all. */
function record (id: string, at: number, handled: boolean, division: string): HistoricalInput {
  return {
    sourceId: id,
    receivedAt: at,
    callType: 'MENTAL HEALTH',
    callTypeText: null,
    upstreamPriority: null,
    category: 'mental_health',
    response: 'care_team',
    priority: 2,
    protocolVersion: 'test',
    lat: null,
    lon: null,
    address: null,
    areas: { lapd_divisions: division, council_districts: null },
    upstreamArea: null,
    disposition: handled ? 'resolved_on_scene' : null,
    dispatchedAt: handled ? at + 2 * 60_000 : null,
    enRouteAt: handled ? at + 4 * 60_000 : null,
    onSceneAt: handled ? at + 10 * 60_000 : null,
    clearedAt: handled ? at + 50 * 60_000 : null,
    outOfOrder: false
  }
}

describe.each(ENGINES)('GET /api/public/summary (%s)', (engine) => {
  let f: Fixture
  // a Wednesday afternoon in Los Angeles
  const start = Date.parse('2031-03-05T20:00:00Z')

  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(start), config: { SESSION_TTL_HOURS: '720' } })
    await f.app.services.history.addSimulated(simulateDemoHistory({ days: 91, end: new Date(start) }))
  }, 180_000)
  afterAll(async () => {
    await f.close()
  })

  const get = async (url = '/api/public/summary') => await f.app.inject({ method: 'GET', url })

  it('answers without a token: weeks and areas with figures, labelled simulated, no personal field, no count from 1 to 10', async () => {
    // eleven live calls this week, each with a caller's name and number and a follow-up done
    for (let i = 0; i < 11; i++) {
      const call = await newCall(f, { callback: CALLBACK, callerName: CALLER, narrative: NARRATIVE })
      const dueAt = new Date(f.clock.t + 3_600_000).toISOString()
      const fu = await api(f, 'POST', `/api/calls/${call.id}/follow-ups`, f.tokens.dispatcher, { dueAt, reason: 'check in tomorrow' })
      expect(fu.statusCode, fu.body).toBe(201)
      const done = await api(f, 'POST', `/api/follow-ups/${fu.json().id as string}/complete`, f.tokens.supervisor, {
        note: 'reached, doing better'
      })
      expect(done.statusCode, done.body).toBe(200)
    }
    // two weeks on, that week is complete and in the summary
    f.clock.advance(14 * 86_400_000)

    const r = await get()

    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['cache-control']).toBe('public, max-age=300')
    const s = r.json() as PublicSummary
    expect(s).toMatchObject({ timeZone: 'America/Los_Angeles', minCell: 11, simulated: true, areaSet: { id: 'lapd_divisions' } })
    expect(s.notes[0]).toMatch(/^Simulated: [\d,]+ of these calls are the demo's made-up past/)
    expect(new Date(`${s.from}T00:00:00Z`).getUTCDay()).toBe(1)
    expect(new Date(`${s.to}T00:00:00Z`).getUTCDay()).toBe(0)
    expect(s.weeks.rows).toHaveLength(PUBLIC_WEEKS)
    expect(s.areas.rows.length).toBeGreaterThanOrEqual(21)
    // figures, not suppressed: every full simulated week has its eligible calls and p90
    const full = s.weeks.rows.slice(1, -2)
    for (const w of full) {
      expect(w.values.careEligible).toBeGreaterThan(500)
      expect(w.values.responseP90).toBeTypeOf('number')
    }
    // the simulated teams reach all but a handful: a week with 1 to 10 not reached hides its coverage, the others show it
    expect(
      full.filter((w) => typeof w.values.coverage === 'number' && typeof w.values.handledByCareTeam === 'number').length
    ).toBeGreaterThan(5)
    // the live week: eleven follow-ups done, in that week and in the calls' division
    const liveWeek = s.weeks.rows.find((w) => w.values.followUpsDone === 11)
    expect(liveWeek?.key).toBe(s.weeks.rows[PUBLIC_WEEKS - 2].key)
    expect(s.areas.rows.filter((a) => a.values.followUpsDone === 11).map((a) => a.key)).toEqual(['Central'])
    expect(smallCounts(s)).toEqual([])
    expect(r.body).not.toContain(CALLBACK)
    expect(r.body).not.toContain(CALLER)
    expect(r.body).not.toContain('blue kiosk')
    expect(r.body).not.toContain('Spring St')
    expect(r.body).not.toMatch(/T\d{2}:\d{2}/)
    expect(Object.keys(s).sort()).toEqual(['areaSet', 'areas', 'from', 'minCell', 'notes', 'simulated', 'timeZone', 'to', 'weeks'])
  })

  it('keeps the answer for the cache time: new history shows only after it', async () => {
    const before = (await get()).json() as PublicSummary
    const lastWeek = Date.parse(`${before.weeks.rows[PUBLIC_WEEKS - 1].key}T20:00:00Z`)
    await f.app.services.history.addSimulated(
      Array.from({ length: 40 }, (_x, i) => record(`cache-${i}`, lastWeek + i * 60_000, true, 'Rampart'))
    )

    const cached = (await get()).json() as PublicSummary
    f.clock.advance(301_000)
    const fresh = (await get()).json() as PublicSummary

    expect(cached).toEqual(before)
    expect(fresh.weeks.rows[PUBLIC_WEEKS - 1].values.careEligible).toBe(
      (before.weeks.rows[PUBLIC_WEEKS - 1].values.careEligible as number) + 40
    )
  })

  it('hides a count from 1 to 10, the figures that give it away, and a neighbour that the total would reveal', async () => {
    // years later: only these records are in the period (a Wednesday; weeks from Monday 2032-06-07 and 2032-05-31)
    f.clock.t = Date.parse('2032-06-16T19:00:00Z')
    const weekA = Date.parse('2032-06-08T19:00:00Z')
    const weekC = Date.parse('2032-06-01T19:00:00Z')
    await f.app.services.history.addSimulated([
      // 30 eligible, 26 reached: the 4 not reached are a small count, so reached and coverage go
      ...Array.from({ length: 30 }, (_x, i) => record(`small-a-${i}`, weekA + i * 60_000, i < 26, 'Central')),
      // 40 eligible, 20 reached: shown alone, but hidden with week A's (else the total, from the other split, gives A's away)
      ...Array.from({ length: 40 }, (_x, i) => record(`small-c-${i}`, weekC + i * 60_000, i < 20, 'Rampart'))
    ])

    const s = (await get()).json() as PublicSummary

    const week = (key: string) => s.weeks.rows.find((w) => w.key === key)!.values
    expect(week('2032-06-07')).toMatchObject({
      careEligible: 30,
      handledByCareTeam: 'suppressed',
      coverage: 'suppressed',
      responseP90: 10
    })
    expect(week('2032-05-31')).toMatchObject({
      careEligible: 40,
      handledByCareTeam: 'suppressed',
      coverage: 'suppressed',
      responseP50: 10
    })
    expect(week('2032-05-24')).toMatchObject({ careEligible: 0, handledByCareTeam: 0, coverage: null })
    const area = (key: string) => s.areas.rows.find((a) => a.key === key)!.values
    expect(area('Central')).toMatchObject({ careEligible: 30, handledByCareTeam: 'suppressed', coverage: 'suppressed' })
    expect(area('Rampart')).toMatchObject({ careEligible: 40, handledByCareTeam: 'suppressed', coverage: 'suppressed' })
    expect(smallCounts(s)).toEqual([])
    expect(s.simulated).toBe(true)

    const csv = await get('/api/public/summary?format=csv&table=areas')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toMatch(
      /filename="care-dispatch-public-areas-lapd_divisions-2032-03-15-2032-06-13-simulated\.csv"/
    )
    expect(csv.body.split('\n')[0]).toBe(['LAPD divisions', ...PUBLIC_COLUMNS.map((c) => c.label)].join(','))
    expect(csv.body).toMatch(/^Central,30,suppressed,suppressed,/m)
  })

  it('refuses a bad parameter with a 400 naming it, kept by no cache', async () => {
    const set = await get('/api/public/summary?area_set=nowhere')
    const unknown = await get('/api/public/summary?from=2030-01-01')
    const format = await get('/api/public/summary?format=xml')

    expect([set.statusCode, set.json().message, set.headers['cache-control']]).toEqual([
      400,
      expect.stringContaining('querystring/area_set'),
      'no-store'
    ])
    expect([unknown.statusCode, unknown.json().message]).toEqual([400, expect.stringContaining('querystring/from')])
    expect([format.statusCode, format.json().message]).toEqual([400, expect.stringContaining('querystring/format')])
  })

  it('is switched off by PUBLIC_DASHBOARD=0: 404 with its own code, no figures, not cached', async () => {
    const off = await buildApp(testConfig({ PUBLIC_DASHBOARD: '0' }), {
      db: f.db,
      now: f.clock.now,
      sweeper: false,
      areas: testAreas()
    })
    try {
      const r = await off.inject({ method: 'GET', url: '/api/public/summary' })

      expect(r.statusCode).toBe(404)
      expect(r.json()).toMatchObject({
        statusCode: 404,
        code: 'CD_PUBLIC_DASHBOARD_OFF',
        message: expect.stringContaining('PUBLIC_DASHBOARD=0')
      })
      expect(r.headers['cache-control']).toBe('no-store')
    } finally {
      await off.close()
    }
  })
})
