// A report's statements side by side (report-session.ts), on both engines: every statement of a report sees the
// report's one snapshot, whether it runs in the report's transaction or on a connection of its own (PostgreSQL), even
// when a record is written and committed between the report's start and its side statements (PostgreSQL); the side statements
// really run on other connections there; and a failing statement fails the report.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, ENGINES, type TestDb } from '../../helpers/db'
import { insertHistory } from '../../helpers/report-rows'
import { REPORT_SETTINGS, reportSession, sideConnections } from '../../../server/modules/reports/report-session'
import type { Executor } from '../../../server/db/database'

describe.each(ENGINES)('report session (%s)', (engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await createTestDb(engine)
    await insertHistory(db.db, [{ received: '2025-03-03T10:00:00Z', dispatched: 5, onScene: 20 }])
  })
  afterAll(async () => {
    await db.destroy()
  })

  const facts = async (x: Executor): Promise<number> =>
    Number((await sql<{ n: number }>`select count(*)::int as n from report_facts`.execute(x)).rows[0].n)
  // long enough that the three overlap, so that a pool cannot hand one connection to two of them in turn
  const backend = async (x: Executor): Promise<number> =>
    Number((await sql<{ pid: number }>`select pg_backend_pid() as pid from pg_sleep(0.2)`.execute(x)).rows[0].pid)
  const settings = async (x: Executor): Promise<string> =>
    (
      await sql<{
        w: string
      }>`select current_setting('work_mem') || ' jit ' || current_setting('jit') || ' ' || current_setting('plan_cache_mode') || ' workers ' ||
        current_setting('max_parallel_workers_per_gather') as w`.execute(x)
    ).rows[0].w

  it('runs every statement in the report snapshot, side by side where the engine has several connections', async () => {
    const sideBySide = engine === 'postgres'
    const seen = await db.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`select ${REPORT_SETTINGS}`.execute(trx)
        const before = await facts(trx)
        // a record imported and committed by another writer after the report's snapshot was taken (PGlite has one
        // connection, held by the report: no other writer can come in between there)
        if (sideBySide) {
          await insertHistory(db.db, [{ received: '2025-03-04T10:00:00Z', dispatched: 5, onScene: 20 }])
          expect(await facts(db.db)).toBe(before + 1)
        }
        const s = reportSession(db.db, trx, sideBySide ? sideConnections(2) : null)
        const [a, b, c] = await s.all([facts, facts, facts])
        const pids = await s.all([backend, backend, backend])
        const mem = await s.all([settings, settings])
        return { before, counts: [a, b, c], pids, mem }
      })
    expect(seen.counts).toEqual([seen.before, seen.before, seen.before])
    expect(new Set(seen.pids).size).toBe(sideBySide ? 3 : 1)
    expect(seen.mem).toEqual(['256MB jit off force_custom_plan workers 1', '256MB jit off force_custom_plan workers 1'])
  })

  it('runs a statement in the report transaction when the side connections are taken, and frees them after', async () => {
    const sides = sideConnections(1)
    const pids = await db.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const s = reportSession(db.db, trx, engine === 'postgres' ? sides : null)
        return await s.all([backend, backend, backend])
      })
    // the first and the third here, the second on the one side connection (PostgreSQL); all here on PGlite
    expect(pids[0]).toBe(pids[2])
    expect(new Set(pids).size).toBe(engine === 'postgres' ? 2 : 1)
    expect(sides.take()).toBe(true)
    expect(sides.take()).toBe(false)
  })

  it('fails the report when one of its statements fails', async () => {
    const run = db.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const s = reportSession(db.db, trx, engine === 'postgres' ? sideConnections(2) : null)
        await s.all([facts, async (x: Executor) => await sql`select no_such_column from report_facts`.execute(x)])
      })
    await expect(run).rejects.toThrow(/no_such_column/)
  })
})
