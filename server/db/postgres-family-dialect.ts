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
