// Migration 2026_12_22_1000_team_positions_fix_once: repeats already in a track (same team, device time and place)
// go, the earliest arrival of each kept; other fixes stay; afterwards the track refuses a repeat; both engines.
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { migratedUpTo } from '../helpers/migrations'

const MINE = '2026_12_22_1000_team_positions_fix_once'

describe.each(ENGINES)('migration %s (%s)', (engine) => {
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const d of drops) await d()
  })

  it('keeps the first arrival of each repeated fix and then refuses repeats', async () => {
    const { db, m, drop } = await migratedUpTo(engine, MINE)
    drops.push(drop)
    const teams = (
      await sql<{ id: string }>`insert into teams (call_sign, kind, capabilities, languages) values
        ('F-1', 'crisis', '[]'::jsonb, '["en"]'::jsonb), ('F-2', 'crisis', '[]'::jsonb, '["en"]'::jsonb) returning id`.execute(db)
    ).rows.map((r) => r.id)
    const at = '2026-12-01T10:00:00Z'
    // [team, device time, lat, lon, arrived]: a repeat of the first fix arriving twice, the same time at another
    // place, the same place at another time, and the same fix of another team
    const rows: Array<[string, string, number, number, string]> = [
      [teams[0], at, 34.1, -118.1, '2026-12-01T10:00:01Z'],
      [teams[0], at, 34.1, -118.1, '2026-12-01T10:03:00Z'],
      [teams[0], at, 34.2, -118.1, '2026-12-01T10:00:02Z'],
      [teams[0], '2026-12-01T10:00:05Z', 34.1, -118.1, '2026-12-01T10:00:06Z'],
      [teams[0], at, 34.1, -118.1, '2026-12-01T10:09:00Z'],
      [teams[1], at, 34.1, -118.1, '2026-12-01T10:00:01Z']
    ]
    for (const [team, t, lat, lon, arrived] of rows) {
      await sql`insert into team_positions (team_id, at, received_at, lat, lon)
        values (${team}::uuid, ${t}::timestamptz, ${arrived}::timestamptz, ${lat}, ${lon})`.execute(db)
    }

    expect((await m.migrateTo(MINE)).error).toBeUndefined()

    const left = (
      await sql<{ team_id: string; lat: number; at: Date; received_at: Date }>`select team_id, lat, at, received_at
        from team_positions order by id`.execute(db)
    ).rows.map((r) => [teams.indexOf(r.team_id), r.lat, new Date(r.at).toISOString(), new Date(r.received_at).toISOString()])
    expect(left).toEqual([
      [0, 34.1, '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:01.000Z'],
      [0, 34.2, '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:02.000Z'],
      [0, 34.1, '2026-12-01T10:00:05.000Z', '2026-12-01T10:00:06.000Z'],
      [1, 34.1, '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:01.000Z']
    ])
    const repeat = sql`insert into team_positions (team_id, at, received_at, lat, lon)
      values (${teams[0]}::uuid, ${at}::timestamptz, now(), 34.1, -118.1)`.execute(db)
    await expect(repeat).rejects.toThrow(/team_positions_fix|duplicate key/)

    expect((await m.migrateDown()).error).toBeUndefined()
    await sql`insert into team_positions (team_id, at, received_at, lat, lon)
      values (${teams[0]}::uuid, ${at}::timestamptz, now(), 34.1, -118.1)`.execute(db)
  })
})
