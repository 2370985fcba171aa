// Bulk reads of personal data are audited: a list of calls, the queue and the held transfers each record one audit
// row per request with the ids they returned, and GET /api/audit?callId= finds them; the queue carries no caller's
// name or number, guardian's number or narrative (its screen does not show them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { AuditEntry } from '../../../server/contracts/audit'
import { ENGINES } from '../../helpers/db'
import { api, newCall, newTeam, setup, signIn, type Fixture } from '../../helpers/app'

interface AuditList {
  items: AuditEntry[]
  total: number
}

describe.each(ENGINES)('bulk reads in the audit trail (%s)', (engine) => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup(engine)
  })
  afterAll(async () => {
    await f.close()
  })

  const audit = async (q: string): Promise<AuditList> =>
    (await api(f, 'GET', `/api/audit?${q}`, f.tokens.supervisor)).json() as AuditList

  it('records one row for a read of the calls list, with every id it returned, found by ?callId=', async () => {
    const calls = [await newCall(f, { callerName: 'Ada Bulk', callback: '555-0100' }), await newCall(f), await newCall(f)]
    const reader = await signIn(f.app, 'dispatcher')
    const before = await audit('action=calls.list')

    const r = await api(f, 'GET', '/api/calls?limit=500', reader)

    expect(r.statusCode).toBe(200)
    const returned = (r.json().items as Array<{ id: string }>).map((c) => c.id)
    expect(returned).toEqual(expect.arrayContaining(calls.map((c) => c.id)))
    const after = await audit('action=calls.list')
    expect(after.total).toBe(before.total + 1)
    const row = after.items[0]
    expect(row.user?.role).toBe('dispatcher')
    expect([...row.callIds!].sort()).toEqual([...returned].sort())
    expect(row.detail).toMatchObject({ returned: returned.length })
    for (const c of calls) {
      const found = await audit(`callId=${c.id}`)
      expect(found.items.some((e) => e.action === 'calls.list' && e.user?.id === row.user?.id)).toBe(true)
    }
  })

  it('records a read of the queue with the ids it returned, and gives the queue no caller, number or narrative', async () => {
    const call = await newCall(f, {
      callerName: 'Zed Queue',
      callback: '555-0111',
      narrative: 'hears voices, no weapons, not violent, not injured QUEUE-SECRET',
      personAge: 15,
      guardianCallback: '555-0122'
    })

    const r = await api(f, 'GET', '/api/queue', f.tokens.dispatcher)

    expect(r.statusCode).toBe(200)
    const entry = (r.json() as Array<{ call: Record<string, unknown> & { id: string } }>).find((e) => e.call.id === call.id)!
    expect(entry.call).toMatchObject({ callerName: null, callback: null, guardianCallback: null, narrative: null })
    expect(r.body).not.toContain('QUEUE-SECRET')
    expect(r.body).not.toContain('555-01')
    const found = await audit(`callId=${call.id}&action=queue.read`)
    expect(found.total).toBeGreaterThanOrEqual(1)
    expect(found.items[0].callIds).toContain(call.id)
    // the call itself still gives the desk everything, and that read is audited on its own
    const one = await api(f, 'GET', `/api/calls/${call.id}`, f.tokens.dispatcher)
    expect(one.json()).toMatchObject({ callerName: 'Zed Queue', guardianCallback: '555-0122' })
  })

  it("records a responder's read of their team's list, and no row for an empty list", async () => {
    const team = await newTeam(f)
    const responder = await signIn(f.app, 'responder', team.id)
    const call = await newCall(f)
    const before = await audit('action=calls.list')

    const empty = await api(f, 'GET', '/api/calls?status=closed&area=Nowhere', f.tokens.dispatcher)
    expect((await api(f, 'POST', `/api/calls/${call.id}/assignments`, f.tokens.dispatcher, { teamId: team.id })).statusCode).toBe(201)
    const mine = await api(f, 'GET', '/api/calls', responder)

    expect(empty.json().items).toEqual([])
    expect((mine.json().items as Array<{ id: string }>).map((c) => c.id)).toEqual([call.id])
    const after = await audit('action=calls.list')
    expect(after.total).toBe(before.total + 1)
    expect(after.items[0]).toMatchObject({ callIds: [call.id], user: { role: 'responder' } })
  })

  it('exports bulk reads in the CSV with their call ids', async () => {
    const call = await newCall(f)
    await api(f, 'GET', '/api/queue', f.tokens.dispatcher)

    const r = await api(f, 'GET', `/api/audit/export?callId=${call.id}&action=queue.read`, f.tokens.admin)

    expect(r.statusCode).toBe(200)
    const [header, first] = r.body.trim().split('\n')
    expect(header.split(',').at(-1)).toBe('call_ids')
    expect(first).toContain(call.id)
  })

  it('finds the bulk reads of a call through the GIN index on call_ids (one row per request, not per call)', async () => {
    const idx = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'access_log_call_ids_gin'`.execute(
      f.db.db
    )

    expect(idx.rows[0]?.indexdef).toMatch(/USING gin \(call_ids\)/)
  })
})
