// Migration 2026_12_13_0803: an import's rejects kept before it are cut down to the columns the mapping read (a
// caller's name or narrative in an unmapped column goes), and a malformed record keeps no field; both engines.
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { ENGINES } from '../../helpers/db'
import { migratedUpTo } from '../../helpers/migrations'

const MINE = '2026_12_13_0803_import_rejects_mapped_only'

describe.each(ENGINES)('migration %s (%s)', (engine) => {
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const d of drops) await d()
  })

  it('keeps only the mapped columns of the rejects already stored', async () => {
    const { db, m, drop } = await migratedUpTo(engine, MINE)
    drops.push(drop)
    const header = ['Incident', 'Narrative', 'When', 'Caller', 'Type']
    const run = (
      await sql<{ id: string }>`insert into import_runs (source, file_name, mapping, time_zone, header, status, actor)
      values ('old', 'old.csv', ${JSON.stringify({ id: ['Incident'], received: ['when'], type: ['Type'] })}::text::jsonb,
        'America/Los_Angeles', ${JSON.stringify(header)}::text::jsonb, 'done', 'test')
      returning id`.execute(db)
    ).rows[0]
    await sql`insert into import_rejects (import_id, line, reason, message, fields) values
      (${run.id}::uuid, 2, 'missing_call_type', 'no call type', ${JSON.stringify(['I-1', 'hears voices SECRET', '2024-01-01 ' +
        '10:00', 'Zebediah Quux', ''])}::text::jsonb),
      (${run.id}::uuid, 3, 'wrong_field_count', '3 fields, the header has 5', ${JSON.stringify(['I-2', 'short'])}::text::jsonb),
      (${run.id}::uuid, 4, 'malformed_csv', 'unterminated quoted field', ${JSON.stringify(['I-3,"broken,Zebediah'])}::text::jsonb)`.execute(
          db
        )

    expect((await m.migrateTo(MINE)).error).toBeUndefined()

    const rows = (await sql<{ line: number; fields: string[] }>`select line, fields from import_rejects order by line`.execute(db)).rows
    // the mapped columns in header order: Incident, When (matched case-insensitively), Type
    expect(rows.map((r) => [r.line, r.fields])).toEqual([
      [2, ['I-1', '2024-01-01 10:00', '']],
      [3, ['I-2', '', '']],
      [4, []]
    ])
    expect(JSON.stringify(rows)).not.toMatch(/SECRET|Zebediah/)
    expect((await m.migrateDown()).error).toBeUndefined()
    expect((await m.migrateTo(MINE)).error).toBeUndefined()
  })
})
