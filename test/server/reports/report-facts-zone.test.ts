// report_facts' local week, hour and weekday (migration 2026_12_16_1000), on both engines: the migration backfills them
// in the recorded zone and down takes them away; reports give the same figures whether they group by the stored
// columns (recorded zone = TIME_ZONE) or convert per row (the zone differs: TIME_ZONE changed, not yet recomputed); and
// alignFactsZone recomputes them in the configured zone once, recording it, and a writer then projects in that zone.
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { api, Clock, newCall, setup, type Fixture } from '../../helpers/app'
import { emptyDb, migrator } from '../../helpers/migrations'
import { insertHistory, times } from '../../helpers/report-rows'
import { alignFactsZone } from '../../../server/modules/reports/report-facts'

const MINE = '2026_12_16_1000_report_facts_local'
const CD = (n: number) => ({ council_districts: `CD ${n}`, lapd_divisions: 'Central' })

describe.each(ENGINES)('report_facts local columns (%s)', (engine) => {
  let f: Fixture
  const drops: Array<() => Promise<void>> = []
  beforeAll(async () => {
    f = await setup(engine, { clock: new Clock(Date.parse('2025-05-05T16:00:00Z')) })
  })
  afterAll(async () => {
    await f.close()
    for (const d of drops) await d()
  })

  const get = async (path: string): Promise<unknown> => {
    const r = await api(f, 'GET', `/api/reports/${path}`, f.tokens.planner)
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
    const body = r.json()
    delete body.generatedAt
    return body
  }
  const REPORTS = [
    'intervals?from=2025-03-01&to=2025-03-09&by=hour',
    'intervals?from=2025-03-01&to=2025-03-09&by=weekday',
    'intervals?from=2025-03-01&to=2025-03-09&by=week',
    'trends?from=2025-03-01&to=2025-03-09',
    'unmet?from=2025-03-01&to=2025-03-09',
    'outcomes?from=2025-03-01&to=2025-03-09&by=hour'
  ]
  const all = async () => await Promise.all(REPORTS.map(get))
  const stored = async (): Promise<string> =>
    (await sql<{ z: string }>`select time_zone as z from report_facts_zone`.execute(f.db.db)).rows[0].z
  const locals = async () =>
    (
      await sql<{ w: string; h: number; d: number }>`select local_week::text as w, local_hour as h, local_dow as d
    from report_facts order by received_at, local_hour`.execute(f.db.db)
    ).rows

  it('groups by the stored columns and by converting per row alike, and recomputes them once when TIME_ZONE changed', async () => {
    // 03:30 UTC on Monday 3 March 2025 is 19:30 on Sunday 2 March in Los Angeles: another hour, weekday and week in UTC.
    await insertHistory(f.db.db, [
      ...times(5, { received: '2025-03-03T03:30:00Z', dispatched: 1, enRoute: 2, onScene: 10, cleared: 30, areas: CD(2) }),
      ...times(6, { received: '2025-03-05T18:00:00Z', dispatched: 2, enRoute: 3, onScene: 14, cleared: 40, areas: CD(1) })
    ])
    f.clock.t = Date.parse('2025-03-06T07:10:00Z')
    await newCall(f)
    expect(await stored()).toBe('America/Los_Angeles')
    expect((await locals())[0]).toEqual({ w: '2025-02-24', h: 19, d: 7 })
    const fast = await all()

    // The recorded zone is no longer TIME_ZONE (as after a change of TIME_ZONE): reports convert per row, same figures.
    expect(await alignFactsZone(f.db.db, 'UTC')).toBe(true)
    expect(await stored()).toBe('UTC')
    expect((await locals())[0]).toEqual({ w: '2025-03-03', h: 3, d: 1 })
    expect(await all()).toEqual(fast)

    // A writer projects in the recorded zone (a record after the reports' period).
    await insertHistory(f.db.db, [{ received: '2025-03-20T02:00:00Z', dispatched: 1, enRoute: 2, onScene: 10, cleared: 30 }])
    expect((await locals()).at(-1)).toEqual({ w: '2025-03-17', h: 2, d: 4 })

    // The start with TIME_ZONE as configured recomputes them once.
    expect(await f.app.services.reports.alignTimeZone()).toBe(true)
    expect(await f.app.services.reports.alignTimeZone()).toBe(false)
    expect(await stored()).toBe('America/Los_Angeles')
    expect((await locals())[0]).toEqual({ w: '2025-02-24', h: 19, d: 7 })
    expect((await locals()).at(-1)).toEqual({ w: '2025-03-17', h: 19, d: 3 })
    expect(await all()).toEqual(fast)
  })

  it('migration: backfills the local columns in the recorded zone and down takes them away', async () => {
    const { h, drop } = await emptyDb(engine)
    drops.push(drop)
    const db = h.db as Kysely<any>
    const m = migrator(db)
    const names = (await m.getMigrations()).map((x) => x.name)
    const before = names[names.indexOf(MINE) - 1]
    expect((await m.migrateTo(before)).error).toBeUndefined()
    await sql`insert into historical_calls (source, source_id, received_at, call_type, category, response, priority, protocol_version,
      areas, disposition, without_police)
      values ('old-cad', 'a-1', '2025-03-03T03:30:00Z', 'X', 'traffic_safety', 'care_team', 3, 't', '{"cd":"CD 2"}'::jsonb,
        'resolved_on_scene', true)`.execute(db)
    await sql`insert into report_facts select * from report_source`.execute(db)
    const view = (await sql`select to_jsonb(r) as j from report_calls r`.execute(db)).rows

    expect((await m.migrateTo(MINE)).error).toBeUndefined()
    const row = (await sql<{ j: Record<string, unknown> }>`select to_jsonb(r) as j from report_calls r`.execute(db)).rows[0].j
    expect(row).toMatchObject({ local_week: '2025-02-24', local_hour: 19, local_dow: 7 })
    const { local_week: _w, local_hour: _h, local_dow: _d, ...rest } = row
    expect(rest).toEqual((view[0] as { j: unknown }).j)
    expect((await sql`select to_jsonb(f) from report_facts f except select to_jsonb(s) from report_source s`.execute(db)).rows).toEqual(
      []
    )

    expect((await m.migrateTo(before)).error).toBeUndefined()
    expect((await sql`select to_jsonb(r) as j from report_calls r`.execute(db)).rows).toEqual(view)
  })
})
