// Migration tests: every migration file as Kysely's Migrator sees it (so a test can stop just before one), and an
// empty database on either engine to run them on.
import crypto from 'node:crypto'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { Migrator, type Kysely, type Migration } from 'kysely'
import postgres from 'postgres'
import { createDb, type DbHandle } from '../../server/db/create-db'
import { MIGRATIONS_DIR } from '../../server/db/migrate'
import type { Engine } from './db'

export function migrator (db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: {
      async getMigrations () {
        const out: Record<string, Migration> = {}
        for (const f of readdirSync(MIGRATIONS_DIR)
          .filter((x) => /^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+\.ts$/.test(x))
          .sort()) {
          out[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, f)).href)) as Migration
        }
        return out
      }
    }
  })
}

/** A database with no migrations applied, and how to drop it. */
export async function emptyDb (engine: Engine): Promise<{ h: DbHandle; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const h = await createDb({ databaseUrl: null, dataDir: null, pglite: await PGlite.create() })
    return {
      h,
      drop: async () => {
        await h.close()
      }
    }
  }
  const admin = process.env.DATABASE_URL!
  const name = `cd_mig_${crypto.randomBytes(6).toString('hex')}`
  const a = postgres(admin, { max: 1, onnotice: () => {} })
  await a.unsafe(`create database "${name}"`)
  await a.end()
  const u = new URL(admin)
  u.pathname = `/${name}`
  const h = await createDb({ databaseUrl: u.toString(), dataDir: null, poolSize: 2 })
  return {
    h,
    drop: async () => {
      await h.close()
      const b = postgres(admin, { max: 1, onnotice: () => {} })
      await b.unsafe(`drop database if exists "${name}" with (force)`)
      await b.end()
    }
  }
}

/**
 * A fresh database migrated up to the migration just before `name` (the one a test is about), with its migrator, the
 * name of that previous migration and how to drop the database.
 */
export async function migratedUpTo (
  engine: Engine,
  name: string
): Promise<{ db: Kysely<any>; m: Migrator; before: string; drop: () => Promise<void> }> {
  const { h, drop } = await emptyDb(engine)
  const db = h.db as Kysely<any>
  const m = migrator(db)
  const names = (await m.getMigrations()).map((x) => x.name)
  if (!names.includes(name)) throw new Error(`no migration ${name}`)
  const before = names[names.indexOf(name) - 1]
  const { error } = await m.migrateTo(before)
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return { db, m, before, drop }
}
