// A report's transaction, and its statements side by side (issue 25, part 3).
//
// A year of calls is sorted once per percentile: the intervals report sorts six columns, the equity report the
// response twice (by area, and by high-need group). PostgreSQL runs an ordered-set aggregate (percentile_cont) on one
// core, so on PostgreSQL a report's independent statements run at the same time, each on its own connection, all in
// the report's one snapshot: the report's transaction exports it (pg_export_snapshot) and each side transaction
// imports it (SET TRANSACTION SNAPSHOT) before anything else, so every statement sees exactly the same calls. PGlite
// has one connection: there they run one after another in the report's transaction, and so do they on PostgreSQL when
// the process's side connections are all taken (SideConnections). Same statements, same figures.
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
 * What each of a report's transactions sets for itself (local to the transaction; a select list, so the report's
 * transaction sets them in the statement that reads what else it needs): room to sort a year of calls in
 * memory (at 64 MB the intervals' sort by area spilled 34 MB to disk at 1,000,000 calls; a sort takes only what it
 * needs, so a month's reports use far less), a date's text form YYYY-MM-DD whatever the server's default, and no
 * JIT compilation: a year's statements cost enough to be compiled, which took 20–70 ms and made none of them faster
 * (measured on 1,000,000 calls: a count by area 259–292 ms without, 331–336 ms with). And a plan made for each
 * statement's own values: statements are prepared (server/db/postgres-dialect.ts), and a plan kept for any period
 * would be chosen for a day's selectivity and then run over a year. And one parallel worker per statement, not
 * PostgreSQL's default two: a report's statements already run two at a time, and with two workers each, six processes
 * took turns on a 2-core machine. The two statements of a year's intervals by area, side by side in psql, took
 * 0.88–0.90 s with one worker or none, 0.97–1.07 s with two. bench:reports on one database, 8 runs each: at p50,
 * 13 of the 14 year reports 4–79 ms faster (intervals by area 885 against 910 ms), one 7 ms slower. On a database
 * server with many cores, more would help: this is tuned for the 2-core machine the targets are set on.
 */
export const REPORT_SETTINGS = sql`set_config('work_mem', '256MB', true), set_config('datestyle', 'ISO, YMD', true), set_config('jit',
  'off', true), set_config('plan_cache_mode', 'force_custom_plan', true), set_config('max_parallel_workers_per_gather', '1', true)`

/**
 * How many side connections the reports of one process may hold at once. A report holds its own connection while it
 * waits for its side statements, so without a bound, as many year reports as the pool has connections would each hold
 * one and wait forever for a second. With at most `max` taken (fewer than the pool's connections), a report that finds
 * none free runs that statement in its own transaction instead, finishes, and gives its connection back.
 */
export interface SideConnections {
  take: () => boolean
  give: () => void
}

export function sideConnections (max: number): SideConnections {
  let used = 0
  return {
    take: () => used < max && ++used > 0,
    give: () => {
      used--
    }
  }
}

/** A session over `trx`, the report's repeatable-read transaction; `sides` where the database has several connections. */
export function reportSession (db: Kysely<Database>, trx: Executor, sides: SideConnections | null): ReportSession {
  let snapshot: string | null = null
  const side = async <R>(id: string, fn: (db: Executor) => Promise<R>): Promise<R> =>
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (t) => {
        await sql`set transaction snapshot ${sql.lit(id)}`.execute(t)
        await sql`select ${REPORT_SETTINGS}`.execute(t)
        return await fn(t)
      })
  return {
    db: trx,
    all: async (fns) => {
      const out: unknown[] = new Array(fns.length)
      // the first always here; each other on a side connection if one is free, else here after the ones before it
      const away = fns.map((_, i) => i > 0 && sides !== null && sides.take())
      try {
        if (away.some(Boolean)) snapshot ??= (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx)).rows[0].id
        const id = snapshot
        const here = (async () => {
          for (let i = 0; i < fns.length; i++) if (!away[i]) out[i] = await fns[i](trx)
        })()
        // every statement settled before the report goes on (and its side connections are counted free again)
        const settled = await Promise.allSettled([
          here,
          ...fns.map(async (fn, i) => (away[i] ? (out[i] = await side(id!, fn)) : undefined))
        ])
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
        if (failed) throw failed.reason
      } finally {
        for (const a of away) if (a) sides!.give()
      }
      return out as never
    }
  }
}
