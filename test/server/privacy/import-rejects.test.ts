// An import's rejects carry only what the reader may see: the columns the mapping read (never a caller's name, phone,
// guardian's phone or narrative the import did not need), a planner's copy without the address; the raw copy for
// admins only, audited; runs deletable by whoever ran them or an admin; rejects gone after the retention; and every
// cell a spreadsheet would run as a formula neutralized.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { parseCsv } from '../../../server/lib/csv'
import { ENGINES } from '../../helpers/db'
import { api, auth, setup, signIn, type Fixture } from '../../helpers/app'

const HEADER = ['incident', 'received', 'call_type', 'address', 'narrative', 'caller_name', 'caller_phone', 'guardian_phone']
const MAPPING = { id: ['incident'], received: ['received'], type: ['call_type'], address: ['address'] }
const FILE =
  [
    HEADER.join(','),
    'R-1,2025-03-01 10:00,EDP,100 N MAIN ST,quiet,Ann Ok,555-0001,',
    // rejected: no call type; the unmapped columns hold what must never be kept
    'R-2,2025-03-01 10:05,,12 SECRET LN,NARR-SECRET hears voices,Zebediah Quux,555-0199,555-0177',
    // rejected: a received time it cannot read; a formula in the incident id and one in the narrative
    '"=HYPERLINK(""http://evil.example"",""x"")",yesterday,EDP,@SUM(1+1),"=cmd|\' /C calc\'!A0",Mallory,+1 555 0100,-2+3',
    // rejected: broken quoting (its raw line would carry every column)
    'R-4,2025-03-01 10:15,"EDP,9 HIDDEN WAY,NARR-MALFORMED,Broken Quote,555-0155,'
  ].join('\n') + '\n'
const SECRETS = [
  'NARR-SECRET',
  'Zebediah',
  'Quux',
  '555-0199',
  '555-0177',
  'Mallory',
  '555 0100',
  'calc',
  'NARR-MALFORMED',
  'Broken Quote',
  'HIDDEN WAY'
]

describe.each(ENGINES)('import rejects (%s)', (engine) => {
  let f: Fixture
  let otherPlanner: string
  beforeAll(async () => {
    f = await setup(engine)
    otherPlanner = await signIn(f.app, 'planner')
  })
  afterAll(async () => {
    await f.close()
  })

  async function importFile (token = f.tokens.planner): Promise<string> {
    const c = await api(f, 'POST', '/api/imports', token, {
      fileName: 'cad.csv',
      fileBytes: Buffer.byteLength(FILE),
      source: `privacy-${Math.random().toString(36).slice(2, 8)}`,
      mapping: MAPPING,
      header: HEADER,
      timeZone: 'America/Los_Angeles'
    })
    expect(c.statusCode).toBe(201)
    const u = await f.app.inject({
      method: 'PUT',
      url: `/api/imports/${c.json().id as string}/file`,
      headers: { ...auth(token), 'content-type': 'text/csv' },
      payload: FILE
    })
    expect(u.statusCode).toBe(200)
    expect(u.json()).toMatchObject({ imported: 1, rejected: { total: 3 } })
    return c.json().id as string
  }

  it('gives another planner the rejects without any unmapped column, the address, or a runnable formula', async () => {
    const id = await importFile()

    const r = await api(f, 'GET', `/api/imports/${id}/rejects`, otherPlanner)

    expect(r.statusCode).toBe(200)
    expect(r.headers['cache-control']).toBe('no-store')
    const rows = parseCsv(r.body).map((x) => x.fields)
    expect(rows[0]).toEqual(['line', 'reason', 'message', 'incident', 'received', 'call_type'])
    expect(rows.slice(1).map((x) => [x[0], x[1]])).toEqual([
      ['3', 'missing_call_type'],
      ['4', 'bad_received_time'],
      ['5', 'malformed_csv']
    ])
    for (const s of [...SECRETS, 'SECRET LN', '@SUM']) expect([s, r.body.includes(s)]).toEqual([s, false])
    expect(rows[2][3]).toBe('\'=HYPERLINK("http://evil.example","x")')
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('never stores an unmapped column: the database holds the mapped columns of a reject and nothing of a malformed one', async () => {
    const id = await importFile()

    const stored = await sql<{
      line: number
      fields: string[]
    }>`select line, fields from import_rejects where import_id = ${id}::uuid order by line`.execute(f.db.db)

    expect(stored.rows.map((r) => [r.line, r.fields])).toEqual([
      [3, ['R-2', '2025-03-01 10:05', '', '12 SECRET LN']],
      [4, ['=HYPERLINK("http://evil.example","x")', 'yesterday', 'EDP', '@SUM(1+1)']],
      [5, []]
    ])
  })

  it('gives admins the raw mapped columns through an audited route, and refuses it to planners', async () => {
    const id = await importFile()

    const planner = await api(f, 'GET', `/api/imports/${id}/rejects/raw`, f.tokens.planner)
    const admin = await api(f, 'GET', `/api/imports/${id}/rejects/raw`, f.tokens.admin)

    expect(planner.statusCode).toBe(403)
    expect(admin.statusCode).toBe(200)
    const rows = parseCsv(admin.body).map((x) => x.fields)
    expect(rows[0]).toEqual(['line', 'reason', 'message', 'incident', 'received', 'call_type', 'address'])
    expect(rows[1][6]).toBe('12 SECRET LN')
    expect(rows[2][6]).toBe("'@SUM(1+1)")
    for (const s of SECRETS) expect([s, admin.body.includes(s)]).toEqual([s, false])
    const trail = (await api(f, 'GET', `/api/audit?action=import.rejects_raw&subject=import:${id}`, f.tokens.admin)).json()
    expect(trail.total).toBe(1)
    expect(trail.items[0].user.role).toBe('admin')
  })

  it('lets whoever ran an import, or an admin, delete it with its rejects; another planner gets 403', async () => {
    const mine = await importFile()
    const forAdmin = await importFile()

    const refused = await api(f, 'DELETE', `/api/imports/${mine}`, otherPlanner)
    const owner = await api(f, 'DELETE', `/api/imports/${mine}`, f.tokens.planner)
    const admin = await api(f, 'DELETE', `/api/imports/${forAdmin}`, f.tokens.admin)

    expect([refused.statusCode, owner.statusCode, admin.statusCode]).toEqual([403, 204, 204])
    expect((await api(f, 'GET', `/api/imports/${mine}/rejects`, f.tokens.planner)).statusCode).toBe(404)
    const left = await sql<{
      n: number
    }>`select count(*)::int as n from import_rejects where import_id in (${mine}::uuid, ${forAdmin}::uuid)`.execute(f.db.db)
    expect(left.rows[0].n).toBe(0)
    const trail = (await api(f, 'GET', `/api/audit?action=import.delete&subject=import:${mine}`, f.tokens.admin)).json()
    expect(trail.total).toBe(1)
  })

  it('removes rejects IMPORT_REJECTS_RETENTION_DAYS (30) after the run, keeping the run and its counts', async () => {
    const id = await importFile()
    const before = (await api(f, 'GET', `/api/imports/${id}`, f.tokens.planner)).json()
    expect(Date.parse(before.rejectsKeptUntil) - Date.parse(before.finishedAt)).toBe(30 * 86_400_000)

    // the run ended 31 days ago (the sessions of the test would not survive moving the clock that far)
    await f.db.db
      .updateTable('import_runs')
      .set({ finished_at: new Date(f.clock.t - 31 * 86_400_000) })
      .where('id', '=', id)
      .execute()

    const runs = (await api(f, 'GET', '/api/imports', f.tokens.planner)).json() as Array<{
      id: string
      rejectsPurgedAt: string | null
      rejectsKeptUntil: string | null
      rejected: { total: number }
    }>
    const rejects = await api(f, 'GET', `/api/imports/${id}/rejects`, f.tokens.planner)

    const run = runs.find((r) => r.id === id)!
    expect(run.rejectsPurgedAt).not.toBeNull()
    expect(run.rejectsKeptUntil).toBeNull()
    expect(run.rejected.total).toBe(3)
    expect(parseCsv(rejects.body)).toHaveLength(1)
    const left = await sql<{ n: number }>`select count(*)::int as n from import_rejects where import_id = ${id}::uuid`.execute(f.db.db)
    expect(left.rows[0].n).toBe(0)
    const fresh = await importFile()
    expect(parseCsv((await api(f, 'GET', `/api/imports/${fresh}/rejects`, f.tokens.planner)).body)).toHaveLength(4)
  })
})
