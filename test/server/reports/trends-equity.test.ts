// GET /api/reports/trends and /equity on both engines: weekly series (split by a slice), areas ranked by p90 and by
// share resolved without police, the high-need areas against the rest, per-day rates over the period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, setup, type Fixture } from '../../helpers/app'
import { insertHistory, times, type HistoryRow } from '../../helpers/report-rows'

const CD = (n: number) => ({ council_districts: `CD ${n}`, lapd_divisions: 'Central' })
// records whose source says whether police came (a CAD export does not: its share reads "not recorded")
const care = (received: string, response: number, n: number, area: number, extra: Partial<HistoryRow> = {}): HistoryRow[] =>
  times(n, {
    received,
    dispatched: 1,
    enRoute: 2,
    onScene: response,
    cleared: response + 30,
    areas: CD(area),
    withoutPolice: true,
    ...extra
  })

describe.each(ENGINES)('GET /api/reports/trends and /equity (%s)', (engine) => {
  let f: Fixture
  const get = async (path: string) => {
    const r = await api(f, 'GET', `/api/reports/${path}`, f.tokens.admin)
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
    return r.json()
  }
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  it('gives one row per week, a week of fewer than 5 calls suppressed', async () => {
    await insertHistory(f.db.db, [...care('2025-03-11T18:00:00Z', 10, 6, 1), ...care('2025-03-18T18:00:00Z', 12, 3, 1)])

    const r = await get('trends?from=2025-03-10&to=2025-03-23')

    expect(r.table.rows.map((x: { key: string }) => x.key)).toEqual(['2025-03-10', '2025-03-17'])
    expect(r.table.rows[0].values).toMatchObject({
      calls: 6,
      careEligible: 6,
      responseCount: 6,
      responseP50: 10,
      responseP90: 10,
      resolvedWithoutPoliceShare: 1
    })
    expect(Object.values(r.table.rows[1].values).every((v) => v === 'suppressed')).toBe(true)
    expect(r.table.rows.map((x: { label: string }) => x.label)).toEqual(['Week of 2025-03-10', 'Week of 2025-03-17'])
  })

  it('marks a week cut by either end of the period as partial', async () => {
    const r = await get('trends?from=2025-03-11&to=2025-03-18')

    expect(r.table.rows.map((x: { label: string }) => x.label)).toEqual([
      'Week of 2025-03-10 (partial)',
      'Week of 2025-03-17 (partial)'
    ])
  })

  it('splits each week into one series per category', async () => {
    await insertHistory(f.db.db, [
      ...care('2025-04-01T18:00:00Z', 10, 5, 1, { category: 'mental_health' }),
      ...care('2025-04-01T19:00:00Z', 20, 5, 1, { category: 'substance_use' })
    ])

    const r = await get('trends?from=2025-03-31&to=2025-04-06&by=category')

    expect(
      r.table.rows.map((x: { key: string; series: string; values: { responseP50: number } }) => [x.key, x.series, x.values.responseP50])
    ).toEqual([
      ['2025-03-31', 'Mental health', 10],
      ['2025-03-31', 'Substance use', 20]
    ])
  })

  describe('equity', () => {
    beforeAll(async () => {
      const day = '2025-06-03T18:00:00Z'
      await insertHistory(f.db.db, [
        ...care(day, 30, 10, 1, { disposition: 'handed_to_police', withoutPolice: false }),
        ...care('2025-06-04T18:00:00Z', 30, 10, 1),
        ...care(day, 10, 12, 2),
        ...care(day, 20, 8, 3),
        ...care(day, 15, 6, 4),
        ...care(day, 5, 5, 5),
        ...care(day, 40, 3, 6)
      ])
    })
    const period = 'from=2025-06-02&to=2025-06-08&area_set=council_districts'

    it('ranks areas by p90 (longest first) and by share resolved without police (lowest first)', async () => {
      const r = await get(`equity?${period}`)

      const row = (k: string) => r.areas.rows.find((x: { key: string }) => x.key === k).values
      expect(r.days).toBe(7)
      expect(row('CD 1')).toMatchObject({
        calls: 20,
        careEligible: 20,
        careEligiblePerDay: 2.86,
        responseP90: 30,
        p90Rank: 1,
        resolvedWithoutPoliceShare: 0.5,
        withoutPoliceRank: 1,
        highNeed: 1
      })
      expect(row('CD 2')).toMatchObject({ responseP90: 10, p90Rank: 4, resolvedWithoutPoliceShare: 1, highNeed: 1 })
      expect(row('CD 3')).toMatchObject({ p90Rank: 2, highNeed: 1 })
      expect(row('CD 4')).toMatchObject({ p90Rank: 3, highNeed: 1 })
      // CD 6 (3 calls) is suppressed; the other areas are the rest group (8 calls) with it, so CD 5, the smallest
      // other part, is suppressed too: otherwise CD 6 = 8 − 5 (complementary suppression)
      expect(row('CD 5')).toMatchObject({ calls: 'suppressed', p90Rank: null, highNeed: 0 })
      expect(
        Object.entries(row('CD 6'))
          .filter(([k]) => k !== 'highNeed')
          .every(([, v]) => v === 'suppressed' || v === null)
      ).toBe(true)
      expect(row('CD 7')).toMatchObject({ calls: 0, careEligible: 0, responseP90: null, p90Rank: null, highNeed: 0 })
      expect(r.areas.rows).toHaveLength(15)
    })

    it('sets the quarter of areas with the most care-team eligible calls per day against the rest', async () => {
      const r = await get(`equity?${period}`)

      const [high, rest] = r.groups.rows
      expect(high.key).toBe('high_need')
      expect(high.values).toEqual({
        areas: 4,
        calls: 46,
        careEligible: 46,
        careEligiblePerAreaDay: 1.64,
        responseCount: 46,
        responseP50: 20,
        responseP90: 30,
        resolvedWithoutPoliceShare: 0.7826
      })
      expect(rest.values).toEqual({
        areas: 11,
        calls: 8,
        careEligible: 8,
        careEligiblePerAreaDay: 0.1,
        responseCount: 8,
        responseP50: 5,
        responseP90: 40,
        resolvedWithoutPoliceShare: 1
      })
    })

    it('writes either table as CSV', async () => {
      const areas = await api(f, 'GET', `/api/reports/equity?${period}&format=csv`, f.tokens.planner)
      const groups = await api(f, 'GET', `/api/reports/equity?${period}&format=csv&table=groups`, f.tokens.planner)

      expect(areas.body.split('\n')[0]).toMatch(/^Council districts,Calls,Care-team eligible,/)
      expect(areas.body).toContain('CD 6,suppressed,suppressed')
      expect(groups.body.split('\n')[1]).toBe('High-need areas (4),4,46,46,1.64,46,20,30,0.7826')
      expect(groups.headers['content-disposition']).toMatch(
        /filename="care-dispatch-equity-groups-council_districts-2025-06-02-2025-06-08\.csv"/
      )
    })
  })
})
