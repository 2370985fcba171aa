// Kysely over postgres.js, with fewer round trips per statement (issue 25, part 2).
//
// - Statements are prepared on their connection. Kysely's postgres.js dialect sends every statement unprepared, and
//   postgres.js then asks the server to describe a statement with parameters before it can bind them: two round trips,
//   and the server parses and plans it again every time (the reports' projection took 2.5 ms to plan and 0.25 ms to
//   run). Prepared, a statement is described once per connection and then takes one round trip, and PostgreSQL may keep
//   its plan. Behind a pooler that cannot hold prepared statements, `?prepare=false` on DATABASE_URL turns it off
//   (postgres.js reads it), and every statement is sent as before.
// - A transaction's BEGIN is written to the connection and not awaited; the first statement follows it on the same
//   connection (postgres.js pipelines a connection's queries), and the two answers come back together. Statements still
//   run one after another, in the order sent. If BEGIN fails (the connection is gone), the statement behind it fails
//   too, and its error is BEGIN's.
// - A COMMIT that PostgreSQL answers with ROLLBACK (a statement of the transaction failed and the failure was caught)
//   throws: Kysely's dialect let it pass as a commit, though nothing was written.
import { CompiledQuery, PostgresDriver, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely'
import type postgres from 'postgres'
import { assertCommitted, PostgresFamilyDialect } from './postgres-family-dialect'

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

class PreparedConnection implements DatabaseConnection {
  /** BEGIN, written and not yet awaited; the next statement awaits it. */
  begun: Promise<unknown> | null = null

  constructor (readonly reserved: postgres.ReservedSql) {}

  /** One statement, prepared on this connection (a statement without parameters goes as a simple query). */
  async run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.reserved.unsafe(query.sql, [...query.parameters] as postgres.ParameterOrJSON<never>[], { prepare: true })
    return {
      numAffectedRows: WRITES.has(result.command) ? BigInt(result.count) : undefined,
      rows: Array.from(result) as R[]
    }
  }

  /** The pending BEGIN, now the next thing to wait for (null when there is none). */
  takeBegun (): Promise<unknown> | null {
    const begun = this.begun
    this.begun = null
    return begun
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const begun = this.takeBegun()
    if (begun === null) return await this.run<R>(query)
    const result = this.run<R>(query)
    result.catch(() => {}) // awaited below, after BEGIN: its rejection is not lost, only not reported twice
    await begun
    return await result
  }

  /** Rows in chunks through a cursor (an export): unprepared, as it runs once. */
  async * streamQuery<R>(query: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    await this.takeBegun()
    const cursor = this.reserved.unsafe(query.sql, [...query.parameters] as postgres.ParameterOrJSON<never>[]).cursor(chunkSize)
    for await (const rows of cursor) yield { rows: rows as R[] }
  }
}

class PreparedPostgresJSDriver extends PostgresDriver {
  constructor (private readonly pg: postgres.Sql) {
    super({ pool: undefined as never })
  }

  override async init (): Promise<void> {}

  override async acquireConnection (): Promise<DatabaseConnection> {
    return new PreparedConnection(await this.pg.reserve())
  }

  override async beginTransaction (c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // sent now (the connection has no BEGIN pending), awaited by the transaction's next statement
    const begun = super.beginTransaction(c, settings)
    begun.catch(() => {})
    ;(c as PreparedConnection).begun = begun
  }

  override async commitTransaction (c: DatabaseConnection): Promise<void> {
    const p = c as PreparedConnection
    await p.takeBegun()
    // PostgreSQL answers COMMIT with ROLLBACK when a statement of the transaction failed: nothing was written
    assertCommitted((await p.reserved.unsafe('commit')).command)
  }

  override async rollbackTransaction (c: DatabaseConnection): Promise<void> {
    const p = c as PreparedConnection
    await p.takeBegun()?.catch(() => {})
    await p.run(CompiledQuery.raw('rollback'))
  }

  override async releaseConnection (c: DatabaseConnection): Promise<void> {
    ;(c as PreparedConnection).reserved.release()
  }

  override async destroy (): Promise<void> {
    await this.pg.end()
  }
}

/** Kysely's PostgreSQL dialect over a postgres.js client, with prepared statements and BEGIN sent with the first. */
export class PreparedPostgresJSDialect extends PostgresFamilyDialect {
  constructor (private readonly pg: postgres.Sql) {
    super()
  }

  createDriver (): Driver {
    return new PreparedPostgresJSDriver(this.pg)
  }
}
