// What every dialect of ours shares: PostgreSQL's SQL, adapter and introspection (PGlite is PostgreSQL too); each
// gives its own driver.
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler
} from 'kysely'

export abstract class PostgresFamilyDialect implements Dialect {
  abstract createDriver (): Driver

  createAdapter (): DialectAdapter {
    return new PostgresAdapter()
  }

  createIntrospector (db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler (): QueryCompiler {
    return new PostgresQueryCompiler()
  }
}

/**
 * Thrown by a commit that PostgreSQL answered with ROLLBACK: a statement of the transaction failed and the failure was
 * caught, so nothing the transaction wrote was kept. Both engines' drivers throw it; Kysely's own let it pass.
 */
export class RolledBackAtCommitError extends Error {
  constructor () {
    super('the transaction was rolled back: one of its statements had failed')
    this.name = 'RolledBackAtCommitError'
  }
}

/** Throws if a COMMIT's command tag says the transaction was rolled back instead. */
export function assertCommitted (command: string | undefined): void {
  if (command === 'ROLLBACK') throw new RolledBackAtCommitError()
}
