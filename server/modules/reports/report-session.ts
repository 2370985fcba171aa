// A report's transaction, and its statements side by side (issue 25, part 3).
//
// A year of calls is sorted once per percentile: the intervals report sorts six columns, the equity report the
// response twice (by area, and by high-need group). PostgreSQL runs an ordered-set aggregate (percentile_cont) on one
// core, so on PostgreSQL a report's independent statements run at the same time, each on its own connection, all in
// the report's one snapshot: the report's transaction exports it (pg_export_snapshot) and each side transaction
// imports it (SET TRANSACTION SNAPSHOT) before anything else, so every statement sees exactly the same calls. PGlite
// has one connection: there they run one after another in the report's transaction. Same statements, same figures.
import { sql, type Kysely } from 'kysely'
import type { Database, Executor } from '../../db/database'

export interface ReportSession {
  /** The report's transaction. */
  db: Executor
  /**
   * Runs each function with an executor in the report's snapshot and returns their results in order: at the same time
   * (the first in the report's transaction, the others on connections of their own) where the engine allows it.
   */
  all: <T extends readonly unknown[]>(fns: { [K in keyof T]: (db: Executor) => Promise<T[K]> }) => Promise<T>
}

/**
 * What each of a report's transactions sets for itself (local to the transaction): room to sort a year of calls in
 * memory (at 64 MB the intervals' sort by area spilled 34 MB to disk at 1,000,000 calls; a sort takes only what it
 * needs, so a month's reports use far less), and a date's text form YYYY-MM-DD whatever the server's default.
 */
export const REPORT_SETTINGS = sql`select set_config('work_mem', '256MB', true), set_config('datestyle', 'ISO, YMD', true)`

/** A session over `trx`, the report's repeatable-read transaction; `sideBySide` where the database has several connections. */
export async function reportSession (db: Kysely<Database>, trx: Executor, sideBySide: boolean): Promise<ReportSession> {
  if (!sideBySide) {
    return {
      db: trx,
      all: async (fns) => {
        const out: unknown[] = []
        for (const fn of fns) out.push(await fn(trx))
        return out as never
      }
    }
  }
  let snapshot: string | null = null
  const side = async <R>(id: string, fn: (db: Executor) => Promise<R>): Promise<R> =>
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (t) => {
        await sql`set transaction snapshot ${sql.lit(id)}`.execute(t)
        await REPORT_SETTINGS.execute(t)
        return await fn(t)
      })
  return {
    db: trx,
    all: async (fns) => {
      const [first, ...rest] = fns
      if (first === undefined) return [] as never
      if (rest.length > 0) snapshot ??= (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx)).rows[0].id
      const id = snapshot
      return (await Promise.all([first(trx), ...rest.map(async (fn) => await side(id!, fn))])) as never
    }
  }
}
