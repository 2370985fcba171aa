// Kysely over postgres.js, with a transaction's BEGIN sent together with its first statement (issue 25, part 2).
//
// Kysely awaits BEGIN before it sends a transaction's first statement: one round trip to the server that carries no
// work. A status change is a dozen statements one after another, and under load each round trip also waits its turn in
// a busy event loop, so every one left out shortens the tail. Here BEGIN is written to the connection when the
// transaction starts and not awaited; the first statement follows it on the same connection (postgres.js pipelines a
// connection's queries), and the two answers come back together. Statements still run one after another, in the
// order sent. If BEGIN fails (the connection is gone), the statement behind it fails too, and its error is BEGIN's.
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'

class PipelinedConnection implements DatabaseConnection {
  /** BEGIN, written and not yet awaited; the next statement awaits it. */
  begun: Promise<unknown> | null = null

  constructor (readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const begun = this.begun
    if (begun === null) return await this.inner.executeQuery<R>(query)
    this.begun = null
    const result = this.inner.executeQuery<R>(query)
    result.catch(() => {}) // awaited below, after BEGIN: its rejection is not lost, only not reported twice
    await begun
    return await result
  }

  async * streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const begun = this.begun
    this.begun = null
    if (begun !== null) await begun
    yield * this.inner.streamQuery<R>(query, chunkSize)
  }
}

function pipelining (driver: Driver): Driver {
  const unwrap = (c: DatabaseConnection): DatabaseConnection => (c as PipelinedConnection).inner
  return {
    init: async () => await driver.init(),
    acquireConnection: async () => new PipelinedConnection(await driver.acquireConnection()),
    beginTransaction: async (c: DatabaseConnection, settings: TransactionSettings) => {
      const begun = driver.beginTransaction(unwrap(c), settings)
      begun.catch(() => {}) // awaited by the transaction's first statement
      ;(c as PipelinedConnection).begun = begun
    },
    commitTransaction: async (c: DatabaseConnection) => {
      await flush(c)
      await driver.commitTransaction(unwrap(c))
    },
    rollbackTransaction: async (c: DatabaseConnection) => {
      await flush(c).catch(() => {})
      await driver.rollbackTransaction(unwrap(c))
    },
    savepoint: async (c, name, compile) => {
      await flush(c)
      await driver.savepoint!(unwrap(c), name, compile)
    },
    rollbackToSavepoint: async (c, name, compile) => {
      await flush(c)
      await driver.rollbackToSavepoint!(unwrap(c), name, compile)
    },
    releaseSavepoint: async (c, name, compile) => {
      await flush(c)
      await driver.releaseSavepoint!(unwrap(c), name, compile)
    },
    releaseConnection: async (c: DatabaseConnection) => {
      await driver.releaseConnection(unwrap(c))
    },
    destroy: async () => await driver.destroy()
  }
}

/** A transaction that ends (or sets a savepoint) before any statement: BEGIN answered first. */
async function flush (c: DatabaseConnection): Promise<void> {
  const p = c as PipelinedConnection
  const begun = p.begun
  p.begun = null
  if (begun !== null) await begun
}

export class PipelinedPostgresJSDialect extends PostgresJSDialect {
  override createDriver (): Driver {
    return pipelining(super.createDriver())
  }
}
