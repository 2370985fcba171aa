// Kysely dialect for PGlite: one connection, lent to one holder at a time (a transaction keeps it to its end).
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite'
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely'
import { assertCommitted, PostgresFamilyDialect } from './postgres-family-dialect'

class PGliteConnection implements DatabaseConnection {
  constructor (private readonly pglite: PGlite | PGliteTransaction) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const r = await this.pglite.query<R>(query.sql, query.parameters as unknown[], { rowMode: 'object' })
    return { rows: r.rows ?? [], numAffectedRows: r.affectedRows !== undefined ? BigInt(r.affectedRows) : undefined }
  }

  async * streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results')
  }
}

/**
 * Kysely 0.28 (the last line that supports Node 20) has no PGlite dialect of its own. PGlite is a single
 * connection, so holders queue on a promise chain: queries outside a transaction wait for it to end,
 * exactly as they would behind a lock on a real server.
 */
class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection
  private tail: Promise<void> = Promise.resolve()
  private release: (() => void) | null = null

  constructor (private readonly pglite: PGlite) {
    this.connection = new PGliteConnection(pglite)
  }

  async init (): Promise<void> {
    await this.pglite.waitReady
  }

  async acquireConnection (): Promise<DatabaseConnection> {
    const previous = this.tail
    let release!: () => void
    this.tail = new Promise<void>((resolve) => {
      release = resolve
    })
    await previous
    this.release = release
    return this.connection
  }

  async releaseConnection (): Promise<void> {
    const release = this.release
    this.release = null
    release?.()
  }

  async beginTransaction (conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''
    await conn.executeQuery(CompiledQuery.raw(`begin${level}`))
  }

  async commitTransaction (): Promise<void> {
    // as on PostgreSQL: a COMMIT answered with ROLLBACK (a failed statement was caught) wrote nothing, and says so
    assertCommitted((await this.pglite.query('commit')).command)
  }

  async rollbackTransaction (conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'))
  }

  async destroy (): Promise<void> {}
}

export class PGliteDialect extends PostgresFamilyDialect {
  constructor (private readonly config: { pglite: PGlite }) {
    super()
  }

  createDriver (): Driver {
    return new PGliteDriver(this.config.pglite)
  }
}
