// Opens the database: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise embedded PGlite.
import fs from 'node:fs'
import { Kysely, sql } from 'kysely'
import postgres from 'postgres'
import { PGlite } from '@electric-sql/pglite'
import type { Database } from './database'
import { PGliteDialect } from './pglite-dialect'
import { PreparedPostgresJSDialect } from './postgres-dialect'

export interface DbHandle {
  db: Kysely<Database>
  engine: 'postgres' | 'pglite'
  /** The raw postgres.js client (for LISTEN/NOTIFY); null on PGlite. */
  pg: postgres.Sql | null
  /** The raw PGlite instance; null on PostgreSQL. */
  pglite: PGlite | null
  close: () => Promise<void>
}

export interface CreateDbOptions {
  databaseUrl: string | null
  dataDir: string | null
  /** An existing PGlite (tests clone a migrated template into one). */
  pglite?: PGlite
  poolSize?: number
}

export async function createDb (opts: CreateDbOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pg = postgres(opts.databaseUrl, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      // int8 (bigserial seq, counts) as JS numbers: sequences stay far below 2^53.
      types: { bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } }
    })
    const db = new Kysely<Database>({ dialect: new PreparedPostgresJSDialect(pg) })
    const close = async (): Promise<void> => {
      // postgres.js can wait forever on a connection that Kysely reserved and released (porsager/postgres#925),
      // so end the pool ourselves with a grace period for in-flight queries; Kysely's destroy then reuses it.
      await pg.end({ timeout: 5 })
      await db.destroy()
    }
    return { db, engine: 'postgres', pg, pglite: null, close }
  }
  let pglite = opts.pglite
  if (!pglite) {
    if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true })
    pglite = await PGlite.create(opts.dataDir ?? undefined)
  }
  const instance = pglite
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: instance }) })
  return {
    db,
    engine: 'pglite',
    pg: null,
    pglite: instance,
    close: async () => {
      await db.destroy()
      if (!instance.closed) await instance.close()
    }
  }
}

export async function ping (db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
