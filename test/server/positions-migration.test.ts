// Migration 2026_12_20_1000_team_positions: position events written before it are copied to the track (late ones
// marked), they stay in the append-only log, and the teams' latest positions get their numbers; both engines.
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { migratedUpTo } from '../helpers/migrations'

const MINE = '2026_12_20_1000_team_positions'

describe.each(ENGINES)('migration %s (%s)', (engine) => {
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const d of drops) await d()
  })

  it('copies the position events to the track and numbers the latest positions', async () => {
    const { db, m, drop } = await migratedUpTo(engine, MINE)
    drops.push(drop)
    const team = (
      await sql<{ id: string }>`insert into teams (call_sign, kind, capabilities, languages, lat, lon, position_at)
      values ('M-1', 'crisis', '[]'::jsonb, '["en"]'::jsonb, 34.2, -118.2, '2026-12-01T10:05:00Z') returning id`.execute(db)
    ).rows[0]
    const none = (
      await sql<{
        id: string
      }>`insert into teams (call_sign, kind, capabilities, languages) values ('M-2', 'crisis', '[]'::jsonb, '["en"]'::jsonb) returning
        id`.execute(
          db
        )
    ).rows[0]
    await sql`insert into events (type, team_id, data, at) values
      ('team.position', ${team.id}::uuid, ${JSON.stringify({ lat: 34.1, lon: -118.1, accuracyMeters: 6, deviceTime: '2026-12-01T10:00:00.000Z' })}::text::jsonb, '2026-12-01T10:00:01Z'),
      ('team.position_late', ${team.id}::uuid, ${JSON.stringify({ lat: 34.0, lon: -118.0, deviceTime: '2026-12-01T09:00:00.000Z' })}::text::jsonb, '2026-12-01T10:02:00Z'),
      ('team.position', ${team.id}::uuid, ${JSON.stringify({ lat: 34.2, lon: -118.2, accuracyMeters: null, deviceTime: '2026-12-01T10:05:00.000Z' })}::text::jsonb, '2026-12-01T10:05:01Z'),
      ('team.status_changed', ${team.id}::uuid, ${JSON.stringify({ from: 'off_duty', to: 'available' })}::text::jsonb,
        '2026-12-01T10:06:00Z')`.execute(
        db
      )

    expect((await m.migrateTo(MINE)).error).toBeUndefined()

    const track = (
      await sql<{
        lat: number
        late: boolean
        accuracy_m: number | null
        at: Date
        received_at: Date
      }>`select lat, late, accuracy_m, at, received_at from team_positions order by id`.execute(db)
    ).rows
    expect(
      track.map((r) => [r.lat, r.late, r.accuracy_m, new Date(r.at).toISOString(), new Date(r.received_at).toISOString()])
    ).toEqual([
      [34.1, false, 6, '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:01.000Z'],
      [34.0, true, null, '2026-12-01T09:00:00.000Z', '2026-12-01T10:02:00.000Z'],
      [34.2, false, null, '2026-12-01T10:05:00.000Z', '2026-12-01T10:05:01.000Z']
    ])
    // the log is append-only: the old rows stay
    expect(
      Number((await sql<{ n: string }>`select count(*) as n from events where type like 'team.position%'`.execute(db)).rows[0].n)
    ).toBe(3)
    const seqs = (await sql<{ id: string; position_seq: string | number | null }>`select id, position_seq from teams`.execute(db)).rows
    expect(seqs.find((r) => r.id === team.id)!.position_seq).not.toBeNull()
    expect(seqs.find((r) => r.id === none.id)!.position_seq).toBeNull()
    expect((await m.migrateDown()).error).toBeUndefined()
    expect((await m.migrateTo(MINE)).error).toBeUndefined()
  })
})
