// Privacy of the reports on both engines, for every report endpoint, slice and format, and every role that may read
// them: no caller name, callback, narrative, address or coordinates; no count of 1 to 4 anywhere; other roles refused.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsvObjects } from '../../../server/lib/csv'
import { ENGINES } from '../../helpers/db'
import { api, Clock, newTeam, setup, signIn, type Fixture } from '../../helpers/app'
import { insertHistory, liveCall, times } from '../../helpers/report-rows'
import { SLICES, TREND_SLICES } from '../../../server/contracts/reports'

const SECRETS = [
  'Zebediah',
  'Quux',
  '555-0199',
  'NARR-SECRET',
  'Hidden Hollow',
  'ADDR-SECRET',
  '34.05123',
  '118.24123',
  '34.06123',
  '118.30123'
]
const PII_KEYS = [
  'lat',
  'lon',
  'latitude',
  'longitude',
  'address',
  'narrative',
  'callback',
  'callerName',
  'caller_name',
  'location',
  'callId',
  'teamId'
]
const READERS = ['planner', 'supervisor', 'admin'] as const
const PERIOD = 'from=2025-07-01&to=2025-07-31'

const PATHS = [
  ...SLICES.map((by) => `intervals?by=${by}`),
  ...SLICES.map((by) => `outcomes?by=${by}`),
  ...TREND_SLICES.map((by) => `trends?by=${by}`),
  'intervals?by=area&area_set=council_districts',
  'outcomes?by=area&area_set=council_districts',
  'trends?by=area&area_set=council_districts',
  'equity?area_set=council_districts',
  'equity?area_set=lapd_divisions',
  'equity?area_set=council_districts&table=groups'
]

interface Table {
  columns: Array<{ id: string; label: string; unit: string }>
  rows: Array<{ values: Record<string, unknown> }>
  total: { values: Record<string, unknown> } | null
}

function keysOf (x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) x.forEach((v) => keysOf(v, out))
  else if (x !== null && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      out.add(k)
      keysOf(v, out)
    }
  }
  return out
}

const smallCount = (v: unknown): boolean => typeof v === 'number' && v > 0 && v < 5

describe.each(ENGINES)('report privacy (%s)', (engine) => {
  let f: Fixture
  let responder: string
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-07-08T17:00:00Z')) })
    const team = await newTeam(f, { lat: 34.0513, lon: -118.2413 })
    responder = await signIn(f.app, 'responder', team.id)
    const body = {
      location: { lat: 34.0512345, lon: -118.2412345, address: '1234 Hidden Hollow Rd' },
      narrative: 'man talking to himself, hears voices, no weapons, not violent, not injured NARR-SECRET',
      callerName: 'Zebediah Quux',
      callback: '555-0199-7777'
    }
    for (let i = 0; i < 7; i++) {
      const start = f.clock.t
      await liveCall(f, team.id, {
        assign: 1,
        acknowledged: 2,
        enRoute: 3,
        onScene: 9 + i,
        close: 40,
        body,
        ...(i < 2 ? { backup: { at: 12, need: 'ems' as const }, disposition: 'handed_to_ems' } : {})
      })
      f.clock.t = start + 3_600_000
    }
    const at = { lat: 34.0612345, lon: -118.3012345, address: 'ADDR-SECRET-99 Elm' }
    await insertHistory(f.db.db, [
      ...times(9, {
        received: '2025-07-10T18:00:00Z',
        dispatched: 1,
        enRoute: 2,
        onScene: 12,
        cleared: 40,
        areas: { council_districts: 'CD 10', lapd_divisions: 'Wilshire' },
        ...at
      }),
      ...times(3, {
        received: '2025-07-11T18:00:00Z',
        dispatched: 2,
        enRoute: 3,
        onScene: null,
        cleared: null,
        areas: { council_districts: 'CD 10', lapd_divisions: 'Wilshire' },
        ...at
      }),
      ...times(2, {
        received: '2025-07-12T18:00:00Z',
        response: 'police',
        disposition: null,
        areas: { council_districts: 'CD 4', lapd_divisions: 'Olympic' },
        ...at
      }),
      ...times(1, {
        received: '2025-07-13T18:00:00Z',
        response: 'ems',
        disposition: null,
        areas: { council_districts: 'CD 5', lapd_divisions: 'West LA' },
        ...at
      }),
      ...times(4, {
        received: '2025-07-14T18:00:00Z',
        dispatched: 1,
        enRoute: 2,
        onScene: 8,
        cleared: 50,
        disposition: 'transported_crisis',
        category: 'substance_use',
        areas: { council_districts: 'CD 10', lapd_divisions: 'Wilshire' },
        ...at
      })
    ])
  })
  afterAll(async () => {
    await f.close()
  })

  it('draws report_calls without any personal column', async () => {
    const r = await sql<{
      column_name: string
    }>`select column_name from information_schema.columns where table_name = 'report_calls'`.execute(f.db.db)

    const columns = r.rows.map((x) => x.column_name)
    expect(columns).toContain('received_at')
    expect(
      columns.filter((c) => /lat|lon|address|narrative|callback|caller|name|call_type|answers|reasons|language|notes|^id$/.test(c))
    ).toEqual([])
  })

  it.each(READERS)('gives %s every report as JSON with no personal data and no count of 1 to 4', async (role) => {
    for (const path of PATHS) {
      const r = await api(f, 'GET', `/api/reports/${path}&${PERIOD}`, f.tokens[role])
      expect([path, r.statusCode]).toEqual([path, 200])

      for (const s of SECRETS) expect([path, r.body.includes(s)]).toEqual([path, false])
      expect([path, [...keysOf(r.json())].filter((k) => PII_KEYS.includes(k))]).toEqual([path, []])
      const json = r.json()
      const tables: Table[] = path.startsWith('equity') ? [json.areas, json.groups] : [json.table]
      for (const t of tables) {
        const counts = t.columns.filter((c) => c.unit === 'calls').map((c) => c.id)
        const figures = t.columns.filter((c) => c.unit !== 'flag' && c.unit !== 'areas').map((c) => c.id)
        for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
          expect([path, counts.filter((c) => smallCount(row.values[c]))]).toEqual([path, []])
          if (row.values.calls === 'suppressed') {
            expect([path, figures.every((c) => row.values[c] === 'suppressed' || row.values[c] === null)]).toEqual([path, true])
          }
        }
      }
    }
  })

  it.each(READERS)('gives %s every report as CSV with no personal data and no count of 1 to 4', async (role) => {
    let suppressedSeen = 0
    for (const path of PATHS) {
      const json = (await api(f, 'GET', `/api/reports/${path}&${PERIOD}`, f.tokens[role])).json()
      const r = await api(f, 'GET', `/api/reports/${path}&${PERIOD}&format=csv`, f.tokens[role])
      expect([path, r.statusCode, r.headers['content-type']]).toEqual([path, 200, 'text/csv; charset=utf-8'])

      for (const s of SECRETS) expect([path, r.body.includes(s)]).toEqual([path, false])
      const t: Table = path.startsWith('equity') ? (path.includes('groups') ? json.groups : json.areas) : json.table
      const countLabels = t.columns.filter((c) => c.unit === 'calls').map((c) => c.label)
      for (const row of parseCsvObjects(r.body).rows) {
        for (const label of countLabels) {
          const v = row.values[label]
          // "not recorded" (resolved without police, for records that do not say who came) gives no count away
          expect([path, label, v === '' || v === 'suppressed' || v === 'not recorded' || v === '0' || Number(v) >= 5]).toEqual([
            path,
            label,
            true
          ])
          if (v === 'suppressed') suppressedSeen++
        }
      }
    }
    // the data has small cells, so the check above has something to look at
    expect(suppressedSeen).toBeGreaterThan(20)
  })

  it('refuses dispatchers and responders every report, JSON and CSV', async () => {
    for (const token of [f.tokens.dispatcher, responder]) {
      for (const path of PATHS) {
        for (const format of ['json', 'csv']) {
          const r = await api(f, 'GET', `/api/reports/${path}&format=${format}`, token)
          expect([path, r.statusCode, r.json().code]).toEqual([path, 403, 'CD_FORBIDDEN'])
        }
      }
    }
  })

  it('refuses a request without a session', async () => {
    const r = await f.app.inject({ method: 'GET', url: '/api/reports/intervals' })

    expect(r.statusCode).toBe(401)
  })
})
