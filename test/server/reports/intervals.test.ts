// GET /api/reports/intervals on both engines: hand-computed medians and p90s with missing timestamps, live calls
// through the real lifecycle, slices in the city's time zone, filters, and suppression at 4 and 5 calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, Clock, newTeam, setup, type Fixture } from '../../helpers/app'
import { insertHistory, liveCall, times } from '../../helpers/report-rows'

const CD = (n: number) => ({ council_districts: `CD ${n}`, lapd_divisions: 'Central' })

describe.each(ENGINES)('GET /api/reports/intervals (%s)', (engine) => {
  let f: Fixture
  const get = async (q: string) => {
    const r = await api(f, 'GET', `/api/reports/intervals?${q}`, f.tokens.planner)
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
    return r.json()
  }
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-05-05T16:00:00Z')) })
  })
  afterAll(async () => {
    await f.close()
  })

  it('gives the hand-computed count, missing, median and p90 of every interval', async () => {
    const day = '2025-03-04T18:00:00Z'
    await insertHistory(f.db.db, [
      ...[10, 12, 14, 16, 30].map((onScene, i) => ({
        received: `2025-03-04T18:0${i}:00Z`,
        dispatched: 2,
        enRoute: 3,
        onScene,
        cleared: 60,
        areas: CD(1)
      })),
      ...times(5, { received: '2025-03-04T19:00:00Z', dispatched: 4, enRoute: 5, onScene: null, cleared: 50, areas: CD(1) }),
      ...times(5, { received: day, dispatched: 1, enRoute: 2, onScene: 9, cleared: 30, response: 'police', areas: CD(1) })
    ])

    const r = await get('from=2025-03-04&to=2025-03-04&source=imported')

    expect(r.table.rows).toHaveLength(1)
    expect(r.table.rows[0].values).toEqual({
      calls: 10,
      callProcessingCount: 10,
      callProcessingMissing: 0,
      callProcessingP50: 3,
      callProcessingP90: 4,
      turnoutCount: 10,
      turnoutMissing: 0,
      turnoutP50: 1,
      turnoutP90: 1,
      travelCount: 5,
      travelMissing: 5,
      travelP50: 11,
      travelP90: 21.4,
      responseCount: 5,
      responseMissing: 5,
      responseP50: 14,
      responseP90: 24.4,
      onSceneCount: 5,
      onSceneMissing: 5,
      onSceneP50: 46,
      onSceneP90: 49.2,
      committedCount: 10,
      committedMissing: 0,
      committedP50: 52,
      committedP90: 58
    })
    expect(r.definitions.map((d: { id: string }) => d.id)).toEqual([
      'callProcessing',
      'turnout',
      'travel',
      'response',
      'onScene',
      'committed'
    ])
  })

  it('measures live calls from their recorded lifecycle, and slices them by team kind', async () => {
    const team = await newTeam(f, { kind: 'medic_crisis' })
    f.clock.t = Date.parse('2025-04-08T17:00:00Z')
    for (const travel of [6, 7, 8, 9, 20]) {
      const start = f.clock.t
      await liveCall(f, team.id, { assign: 1.5, acknowledged: 2, enRoute: 3, onScene: 3 + travel, close: 40 })
      f.clock.t = start + 3_600_000
    }

    const r = await get('from=2025-04-08&to=2025-04-08&source=live&by=team_kind')

    expect(r.table.rows.map((x: { key: string }) => x.key)).toEqual(['medic_crisis'])
    expect(r.table.rows[0].label).toBe('Medic crisis')
    expect(r.table.rows[0].values).toMatchObject({
      calls: 5,
      callProcessingP50: 1.5,
      turnoutP50: 1.5,
      travelCount: 5,
      travelP50: 8,
      travelP90: 15.6,
      responseP50: 11,
      responseP90: 18.6,
      committedP50: 38.5
    })
  })

  it('slices by hour, weekday and week in the city time zone', async () => {
    // 03:30 UTC on Monday 3 March 2025 is 19:30 on Sunday 2 March in Los Angeles.
    await insertHistory(
      f.db.db,
      times(5, { received: '2025-03-03T03:30:00Z', dispatched: 1, enRoute: 2, onScene: 10, cleared: 30, areas: CD(2) })
    )

    const hour = await get('from=2025-03-02&to=2025-03-02&by=hour')
    const weekday = await get('from=2025-03-02&to=2025-03-02&by=weekday')
    const week = await get('from=2025-03-02&to=2025-03-02&by=week')
    const nextDay = await get('from=2025-03-03&to=2025-03-03&by=hour')

    expect(hour.table.rows.map((x: { key: string; label: string }) => [x.key, x.label])).toEqual([['19', '19:00–19:59']])
    expect(weekday.table.rows.map((x: { key: string; label: string }) => [x.key, x.label])).toEqual([['7', 'Sunday']])
    expect(week.table.rows.map((x: { key: string }) => x.key)).toEqual(['2025-02-24'])
    expect(nextDay.table.rows.every((x: { key: string }) => x.key !== '19')).toBe(true)
    expect(hour.from).toBe('2025-03-02T08:00:00.000Z')
    expect(hour.to).toBe('2025-03-03T08:00:00.000Z')
  })

  it('slices by area of either set, with calls outside every area and calls never placed apart', async () => {
    await insertHistory(f.db.db, [
      ...times(5, {
        received: '2025-02-11T18:00:00Z',
        dispatched: 1,
        enRoute: 2,
        onScene: 10,
        cleared: 30,
        areas: { council_districts: 'CD 9', lapd_divisions: 'Newton' }
      }),
      ...times(6, {
        received: '2025-02-11T19:00:00Z',
        dispatched: 1,
        enRoute: 2,
        onScene: 10,
        cleared: 30,
        areas: { council_districts: null, lapd_divisions: null }
      }),
      ...times(7, { received: '2025-02-11T20:00:00Z', dispatched: 1, enRoute: 2, onScene: 10, cleared: 30, areas: {} })
    ])

    const cd = await get('from=2025-02-11&to=2025-02-11&by=area&area_set=council_districts')
    const lapd = await get('from=2025-02-11&to=2025-02-11&by=area&area_set=lapd_divisions')

    expect(cd.table.rows.map((x: { key: string; values: { calls: number } }) => [x.key, x.values.calls])).toEqual([
      ['CD 9', 5],
      ['(outside every area)', 6],
      ['(not placed)', 7]
    ])
    expect(lapd.table.rows.map((x: { key: string }) => x.key)).toEqual(['Newton', '(outside every area)', '(not placed)'])
    expect(cd.table.sliceLabel).toBe('Council districts')
  })

  it('suppresses a row of 4 calls and shows one of 5', async () => {
    await insertHistory(f.db.db, [
      ...times(4, { received: '2025-01-14T18:00:00Z', dispatched: 1, enRoute: 2, onScene: 10, cleared: 30, areas: CD(4) }),
      ...times(5, { received: '2025-01-14T19:00:00Z', dispatched: 1, enRoute: 2, onScene: 12, cleared: 30, areas: CD(5) })
    ])

    const r = await get('from=2025-01-14&to=2025-01-14&by=area&area_set=council_districts')

    const cd4 = r.table.rows.find((x: { key: string }) => x.key === 'CD 4')
    const cd5 = r.table.rows.find((x: { key: string }) => x.key === 'CD 5')
    expect(Object.values(cd4.values).every((v) => v === 'suppressed')).toBe(true)
    expect(cd5.values).toMatchObject({ calls: 5, responseCount: 5, responseMissing: 0, responseP50: 12, responseP90: 12 })
  })

  it('suppresses a measured count and its missing count together when either is under 5', async () => {
    await insertHistory(f.db.db, [
      ...times(7, { received: '2025-01-21T18:00:00Z', dispatched: 1, enRoute: 2, onScene: 10, cleared: 30, areas: CD(6) }),
      ...times(2, { received: '2025-01-21T19:00:00Z', dispatched: 1, enRoute: 2, onScene: null, cleared: null, areas: CD(6) })
    ])

    const r = await get('from=2025-01-21&to=2025-01-21')

    expect(r.table.rows[0].values).toMatchObject({
      calls: 9,
      responseCount: 'suppressed',
      responseMissing: 'suppressed',
      responseP50: 10,
      callProcessingCount: 9,
      callProcessingMissing: 0
    })
  })

  it('filters by source, category and area', async () => {
    await insertHistory(f.db.db, [
      ...times(5, {
        received: '2025-01-28T18:00:00Z',
        dispatched: 1,
        enRoute: 2,
        onScene: 10,
        cleared: 30,
        areas: CD(7),
        category: 'substance_use'
      }),
      ...times(6, {
        received: '2025-01-28T19:00:00Z',
        dispatched: 1,
        enRoute: 2,
        onScene: 10,
        cleared: 30,
        areas: CD(8),
        category: 'mental_health'
      })
    ])
    const q = 'from=2025-01-28&to=2025-01-28'

    expect((await get(`${q}&category=substance_use`)).table.rows[0].values.calls).toBe(5)
    expect((await get(`${q}&area_set=council_districts&area=CD%208`)).table.rows[0].values.calls).toBe(6)
    expect((await get(`${q}&source=live`)).table.rows).toEqual([])
    expect((await get(`${q}&source=both`)).table.rows[0].values.calls).toBe(11)
  })
})
