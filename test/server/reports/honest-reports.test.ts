// Reports over every response and reports that do not overclaim (issue 23, parts 4 and 5), on both engines: a small
// CAD export imported through the import routes, whose all-calls response median and p90 are worked out here from
// the file itself; "resolved without police" only where the record says; calls placed in no area counted and named
// apart; the days each source covers; the planner's history warnings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, auth, Clock, newCall, setup, type Fixture } from '../../helpers/app'
import { insertHistory, times } from '../../helpers/report-rows'

/** Five calls of each response a police CAD export holds, each with the whole chain of timestamps. */
const CALL_TYPES = [
  ['ROBBERY', 'police'],
  ['STRUCTURE FIRE', 'fire'],
  ['CARDIAC ARREST', 'ems'],
  ['MENTAL ILLNESS', 'care_team']
] as const
const HEADER = ['Incident', 'Received', 'Nature', 'Dispatched', 'Enroute', 'Onscene', 'Cleared']

function fixture (): { csv: string; responseMinutes: Map<string, number[]> } {
  const lines = [HEADER.join(',')]
  const responseMinutes = new Map<string, number[]>()
  let i = 0
  for (const [type] of CALL_TYPES) {
    for (let k = 0; k < 5; k++) {
      i++
      // received minutes apart on 8 July 2025 (Los Angeles afternoon), response times of uneven lengths in seconds
      const received = Date.parse('2025-07-08T20:00:00Z') + i * 7 * 60_000
      const dispatched = received + (30 + i * 11) * 1000
      const enRoute = dispatched + (45 + k * 13) * 1000
      const onScene = enRoute + (i * i * 17 + k * 101) * 1000
      const cleared = onScene + 40 * 60_000
      const iso = (t: number) => new Date(t).toISOString()
      lines.push([`H-${i}`, iso(received), type, iso(dispatched), iso(enRoute), iso(onScene), iso(cleared)].join(','))
    }
  }
  // the response minutes read back from the file's own columns, not from the numbers above
  for (const line of lines.slice(1)) {
    const v = line.split(',')
    const type = v[2]
    const response = CALL_TYPES.find(([t]) => t === type)![1]
    const minutes = (Date.parse(v[5]) - Date.parse(v[1])) / 60_000
    responseMinutes.set(response, [...(responseMinutes.get(response) ?? []), minutes])
    responseMinutes.set('all', [...(responseMinutes.get('all') ?? []), minutes])
  }
  return { csv: lines.join('\n') + '\n', responseMinutes }
}

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
function percentile (xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const pos = p * (s.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return s[lo] + (s[hi] - s[lo]) * (pos - lo)
}
const round2 = (x: number) => Math.round(x * 100) / 100

describe.each(ENGINES)('reports over every response, without overclaiming (%s)', (engine) => {
  let f: Fixture
  const { csv, responseMinutes } = fixture()
  const get = async (path: string, token?: string) => {
    const r = await api(f, 'GET', path, token ?? f.tokens.planner)
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
    return r.json()
  }
  const period = 'from=2025-07-08&to=2025-07-08&source=imported'

  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2026-03-04T18:00:00Z')) })
    const c = await api(f, 'POST', '/api/imports', f.tokens.planner, {
      fileName: 'police-export.csv',
      fileBytes: Buffer.byteLength(csv),
      source: 'police-export',
      timeZone: 'America/Los_Angeles',
      header: HEADER,
      mapping: {
        id: ['Incident'],
        received: ['Received'],
        type: ['Nature'],
        dispatched: ['Dispatched'],
        enroute: ['Enroute'],
        onscene: ['Onscene'],
        cleared: ['Cleared']
      }
    })
    if (c.statusCode !== 201) throw new Error(c.body)
    const u = await f.app.inject({
      method: 'PUT',
      url: `/api/imports/${c.json().id}/file`,
      headers: { ...auth(f.tokens.planner), 'content-type': 'text/csv' },
      payload: csv
    })
    expect(u.json()).toMatchObject({ imported: 20, rejected: { total: 0 } })
  })
  afterAll(async () => {
    await f.close()
  })

  it("gives the all-calls response median and p90 of the imported file, equal to the file's own", async () => {
    const all = responseMinutes.get('all')!

    const r = await get(`/api/reports/intervals?${period}&responses=all`)

    expect(r.responses).toBe('all')
    expect(r.table.rows[0].values).toMatchObject({
      calls: 20,
      responseCount: 20,
      responseMissing: 0,
      responseP50: round2(percentile(all, 0.5)),
      responseP90: round2(percentile(all, 0.9))
    })
  })

  it('sets police, EMS, fire and the care responses side by side with by=response', async () => {
    const r = await get(`/api/reports/intervals?${period}&responses=all&by=response`)

    expect(r.table.rows.map((x: { key: string }) => x.key)).toEqual(['care_team', 'police', 'ems', 'fire'])
    for (const row of r.table.rows) {
      const xs = responseMinutes.get(row.key)!
      expect(row.values).toMatchObject({ calls: 5, responseP50: round2(percentile(xs, 0.5)), responseP90: round2(percentile(xs, 0.9)) })
    }
    // a sliced intervals table has no total row (it would sort every value twice): the whole is by=none, above
    expect(r.table.total).toBeNull()
  })

  it('keeps to care-team calls by default, and says which calls it covers', async () => {
    const r = await get(`/api/reports/intervals?${period}&by=response`)

    expect(r.responses).toBe('care')
    expect(r.table.rows.map((x: { key: string }) => x.key)).toEqual(['care_team'])
    expect(r.table.rows[0].values.responseP90).toBe(round2(percentile(responseMinutes.get('care_team')!, 0.9)))
    expect(r.notes[0]).toMatch(/^Calls triaged to a care-team response/)
  })

  it('takes responses=all on every report and refuses any other value naming the field', async () => {
    const trends = await get(`/api/reports/trends?${period}&responses=all`)
    const equity = await get(`/api/reports/equity?${period}&responses=all`)
    const unmet = await get(`/api/reports/unmet?${period}&responses=all`)
    const bad = await api(f, 'GET', `/api/reports/outcomes?${period}&responses=police`, f.tokens.planner)

    expect(trends.table.rows[0].values).toMatchObject({
      calls: 20,
      responseCount: 20,
      responseP90: round2(percentile(responseMinutes.get('all')!, 0.9))
    })
    expect(equity.areas.rows.find((x: { key: string }) => x.key === '(not placed)').values).toMatchObject({
      calls: 20,
      responseCount: 20
    })
    expect(unmet.responses).toBe('all')
    expect(unmet.table.rows[0].values.eligible).toBe(5)
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({
      statusCode: 400,
      code: expect.any(String),
      message: expect.stringMatching(/^querystring\/responses must be one of care, all/)
    })
  })

  it('does not claim a share resolved without police for a police export that does not say who came', async () => {
    const r = await get(`/api/reports/outcomes?${period}`)
    const csvOut = await api(f, 'GET', `/api/reports/outcomes?${period}&format=csv`, f.tokens.planner)
    const trends = await get(`/api/reports/trends?${period}`)

    expect(r.table.rows[0].values).toMatchObject({
      calls: 20,
      resolvedWithoutPolice: 'not recorded',
      resolvedWithoutPoliceShare: 'not recorded',
      resolvedWithoutPoliceNotRecorded: 20
    })
    expect(r.notes.join(' ')).toMatch(/A CAD export does not say which unit came/)
    expect(csvOut.body).toContain(',not recorded,not recorded,20,')
    expect(trends.table.rows[0].values.resolvedWithoutPoliceShare).toBe('not recorded')
  })

  it('counts resolved without police over the records that say, and the rest apart', async () => {
    const at = '2025-09-10T18:00:00Z'
    await insertHistory(f.db.db, [
      ...times(6, { received: at, withoutPolice: true }),
      ...times(5, { received: at, withoutPolice: false }),
      ...times(9, { received: at })
    ])

    const r = await get('/api/reports/outcomes?from=2025-09-10&to=2025-09-10')

    expect(r.table.rows[0].values).toMatchObject({
      calls: 20,
      resolvedWithoutPolice: 6,
      resolvedWithoutPoliceShare: 0.5455,
      resolvedWithoutPoliceNotRecorded: 9
    })
  })

  it('counts calls placed in no area apart, named, and says they are not on the map', async () => {
    const at = '2025-10-14T18:00:00Z'
    await insertHistory(f.db.db, [
      ...times(6, { received: at, areas: { council_districts: 'CD 1', lapd_divisions: 'Central' } }),
      ...times(7, { received: at, areas: { council_districts: null, lapd_divisions: null } }),
      ...times(8, { received: at, areas: {} })
    ])

    const r = await get('/api/reports/equity?from=2025-10-14&to=2025-10-14&area_set=council_districts')

    const row = (k: string) => r.areas.rows.find((x: { key: string }) => x.key === k)
    expect(row('CD 1').values.calls).toBe(6)
    expect(row('(outside every area)')).toMatchObject({
      label: '(outside every area)',
      values: { calls: 7, highNeed: null, p90Rank: null }
    })
    expect(row('(not placed)')).toMatchObject({ values: { calls: 8, highNeed: null } })
    expect(r.notes).toContain(
      '7 calls lie outside every area of Council districts: they are counted in the table as "(outside every area)", and are not on the ' +
        'map.'
    )
    expect(r.notes).toContain(
      '8 calls have no location to place them by: they are counted in the table as "(not placed)", and are not on the map.'
    )
  })

  it('says the days each source covers: live calls and each imported source', async () => {
    await newCall(f)

    const r = await get('/api/reports/sources', f.tokens.supervisor)

    expect(r.timeZone).toBe('America/Los_Angeles')
    expect(r.sources[0]).toEqual({ source: 'live', name: 'live', first: '2026-03-04', last: '2026-03-04', calls: 'suppressed' })
    expect(r.sources).toContainEqual({ source: 'imported', name: 'police-export', first: '2025-07-08', last: '2025-07-08', calls: 20 })
    expect(r.sources).toContainEqual({ source: 'imported', name: 'test', first: '2025-09-10', last: '2025-10-14', calls: 41 })
    expect((await api(f, 'GET', '/api/reports/sources', f.tokens.dispatcher)).statusCode).toBe(403)
  })

  describe("the planner's history", () => {
    it("warns when the calls lie outside the scenario's area and are mostly calls no care team would take", async () => {
      const h = await get('/api/planning/history?from=2025-07-08&to=2025-07-08&source=imported')

      expect(h.placement).toEqual({ inArea: 0, outside: 0, notPlaced: 20 })
      expect(h.careEligible).toBe(5)
      expect(h.warnings.map((w: { code: string }) => w.code)).toEqual(['outside_area', 'mostly_not_care'])
      expect(h.warnings[0].message).toMatch(
        /^20 of 20 calls \(100%\) lie outside the scenario's area \(0 outside every council district, 20 with no location\)/
      )
      expect(h.warnings[1].message).toMatch(/^Only 5 of 20 calls \(25%\) are calls a care team would take/)
      // the care-team calls of the export were all reached (a whole chain of timestamps): no unmet demand
      expect(h.records.filter((r: { unmet: boolean }) => r.unmet)).toEqual([])
    })

    it('gives no warning for care-team calls in the city, and marks the unmet ones', async () => {
      const areas = { council_districts: 'CD 4', lapd_divisions: 'Hollywood' }
      await insertHistory(f.db.db, [
        ...times(8, { received: '2025-11-18T18:00:00Z', areas }),
        ...times(5, { received: '2025-11-18T20:00:00Z', areas, dispatched: 2, enRoute: 3, onScene: 12, cleared: 40 })
      ])

      const h = await get('/api/planning/history?from=2025-11-18&to=2025-11-18')

      expect(h.placement).toEqual({ inArea: 13, outside: 0, notPlaced: 0 })
      expect(h.careEligible).toBe(13)
      expect(h.warnings).toEqual([])
      expect(h.records.map((r: { unmet: boolean }) => r.unmet)).toEqual([...Array(8).fill(true), ...Array(5).fill(false)])
    })
  })
})
