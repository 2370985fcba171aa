// Migration 2026_12_15_1000: calls and imported records written before it get their report_facts rows (the backfill),
// report_calls reads the same figures as before, and down puts the old view back, on PGlite and PostgreSQL.
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { migratedUpTo } from '../../helpers/migrations'

const MINE = '2026_12_15_1000_report_facts'

describe.each(ENGINES)('migration %s (%s)', (engine) => {
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const d of drops) await d()
  })

  it('backfills a row for every call and record written before it, equal to what report_calls showed', async () => {
    const { db, m, before: previous, drop } = await migratedUpTo(engine, MINE)
    drops.push(drop)
    await sql`insert into calls (received_at, source, lat, lon, category, response, priority, reasons, missing, protocol_version, status,
      areas, dispatched_at, on_scene_at)
      values (now() - interval '2 hours', 'phone', 34.05, -118.25, 'mental_health', 'care_team', 2, '[]'::jsonb, '[]'::jsonb, 't',
        'on_scene', '{"cd":"CD 1"}'::jsonb, now(), now()),
             (now() - interval '1 hour', 'phone', 34.05, -118.25, 'substance_use', 'police', 1, '[]'::jsonb, '[]'::jsonb, 't', 'referred',
               '{}'::jsonb, null, null)`.execute(db)
    await sql`insert into historical_calls (source, source_id, received_at, call_type, category, response, priority, protocol_version,
      areas, disposition, without_police)
      values ('old-cad', 'a-1', now() - interval '1 day', 'X', 'traffic_safety', 'care_team', 3, 't', '{"cd":"CD 2"}'::jsonb,
        'SOMETHING ELSE', true)`.execute(db)
    const before = (await sql`select to_jsonb(r) as j from report_calls r order by received_at`.execute(db)).rows

    const up = await m.migrateTo(MINE)

    expect(up.error).toBeUndefined()
    expect((await sql`select count(*)::int as n from report_facts`.execute(db)).rows[0]).toEqual({ n: 3 })
    expect((await sql`select to_jsonb(r) as j from report_calls r order by received_at`.execute(db)).rows).toEqual(before)
    const facts = (
      await sql<{
        source: string
        state: string
        disposition: string | null
      }>`select source, state, disposition from report_facts order by received_at`.execute(db)
    ).rows
    expect(facts).toEqual([
      { source: 'imported', state: 'closed', disposition: 'other' },
      { source: 'live', state: 'open', disposition: null },
      { source: 'live', state: 'referred', disposition: null }
    ])

    const down = await m.migrateTo(previous)

    expect(down.error).toBeUndefined()
    expect((await sql`select to_jsonb(r) as j from report_calls r order by received_at`.execute(db)).rows).toEqual(before)
  })
})
