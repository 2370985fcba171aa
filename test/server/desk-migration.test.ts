// Migration 2026_12_06_1500: calls cancelled or referred before it keep their reason (read from the event log)
// for the call history, on PGlite and PostgreSQL.
import { sql, type Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../helpers/db'
import { emptyDb, migrator } from '../helpers/migrations'

const MINE = '2026_12_06_1500_desk_notes_edits_reasons'

describe.each(ENGINES)('migration %s (%s)', (engine) => {
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const d of drops) await d()
  })

  it('fills in the reasons of calls cancelled or referred before it', async () => {
    const { h, drop } = await emptyDb(engine)
    drops.push(drop)
    const db = h.db as Kysely<any>
    const m = migrator(db)
    const names = (await m.getMigrations()).map((x) => x.name)
    const before = names[names.indexOf(MINE) - 1]
    expect((await m.migrateTo(before)).error).toBeUndefined()
    const row = (
      status: string
    ) => sql`insert into calls (source, lat, lon, category, response, priority, reasons, missing, protocol_version, status)
      values ('phone', 34.05, -118.25, 'mental_health', 'care_team', 2, '[]'::jsonb, '[]'::jsonb, 't', ${status}) returning id`
    const cancelled = (await row('cancelled').execute(db)).rows[0] as { id: string }
    const referred = (await row('referred').execute(db)).rows[0] as { id: string }
    const queued = (await row('queued').execute(db)).rows[0] as { id: string }
    await sql`insert into events (type, call_id, data) values
      ('call.cancelled', ${cancelled.id}::uuid, '{"reason":"caller hung up","from":"queued"}'::jsonb),
      ('call.referred', ${referred.id}::uuid, '{"to":"police","reason":"triage"}'::jsonb),
      ('call.referred', ${referred.id}::uuid, '{"to":"phone_988","reason":"prefers the phone line","from":"queued"}'::jsonb)`.execute(
      db
    )

    const up = await m.migrateTo(MINE)

    expect(up.error).toBeUndefined()
    const rows = (
      await sql<{ id: string; cancel_code: string | null; cancel_reason: string | null; referral_reason: string | null }>`
      select id, cancel_code, cancel_reason, referral_reason from calls`.execute(db)
    ).rows
    const by = Object.fromEntries(rows.map((r) => [r.id, r]))
    expect(by[cancelled.id]).toMatchObject({ cancel_code: 'other', cancel_reason: 'caller hung up', referral_reason: null })
    expect(by[referred.id]).toMatchObject({ cancel_code: null, referral_reason: 'prefers the phone line' })
    expect(by[queued.id]).toMatchObject({ cancel_code: null, cancel_reason: null, referral_reason: null })
    expect((await m.migrateDown()).error).toBeUndefined()
    expect((await m.migrateTo(MINE)).error).toBeUndefined()
  })
})
