// Test databases: a migrated PGlite template cloned per file, or a fresh database on PostgreSQL
// (DATABASE_URL) per file, so every integration suite runs on both engines.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { createDb, type DbHandle } from '../../server/db/create-db'
import { migrateToLatest } from '../../server/db/migrate'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MIGRATIONS = path.join(ROOT, 'migrations')
const PGLITE_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')
).version

export type Engine = 'pglite' | 'postgres'

/** Engines to run integration tests on: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const ENGINES: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

let template: Promise<Blob> | null = null

/** What the template depends on: every migration's text and PGlite's version. */
export function templateKey (): string {
  const h = crypto.createHash('sha256').update(PGLITE_VERSION)
  for (const f of fs.readdirSync(MIGRATIONS).sort()) h.update(f).update(fs.readFileSync(path.join(MIGRATIONS, f)))
  return h.digest('hex').slice(0, 16)
}

/**
 * The migrated PGlite data directory, built once per run and kept on disk (keyed by the migrations),
 * so that each test file loads it instead of migrating a database of its own (seconds a file).
 */
async function pgliteTemplate (): Promise<Blob> {
  template ??= (async () => {
    const file = path.join(os.tmpdir(), `care-dispatch-pglite-template-${templateKey()}.tar`)
    if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)])
    const pg = await PGlite.create()
    const h = await createDb({ databaseUrl: null, dataDir: null, pglite: pg })
    await migrateToLatest(h.db)
    const dump = await pg.dumpDataDir('none')
    await h.close()
    // Written whole under another name, then renamed: a concurrent reader sees all of it or none.
    const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    fs.renameSync(partial, file)
    return dump
  })()
  return await template
}

function withDatabase (url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

export interface TestDb extends DbHandle {
  /** Drops the per-file PostgreSQL database (no-op on PGlite). */
  destroy: () => Promise<void>
  /** Connection string of this database (PostgreSQL only). */
  url: string | null
}

export async function createTestDb (engine: Engine): Promise<TestDb> {
  if (engine === 'pglite') {
    const pg = await PGlite.create({ loadDataDir: await pgliteTemplate() })
    const h = await createDb({ databaseUrl: null, dataDir: null, pglite: pg })
    return {
      ...h,
      destroy: async () => {
        await h.close()
      },
      url: null
    }
  }
  const adminUrl = process.env.DATABASE_URL!
  const name = `cd_test_${crypto.randomBytes(6).toString('hex')}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  const url = withDatabase(adminUrl, name)
  const h = await createDb({ databaseUrl: url, dataDir: null, poolSize: 25 })
  await migrateToLatest(h.db)
  return {
    ...h,
    url,
    destroy: async () => {
      await h.close()
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists "${name}" with (force)`)
      await a.end()
    }
  }
}

/**
 * A migrated PGlite data directory on disk, built once per run (keyed like the template above): the browser tests
 * copy it into each demo server's DATA_DIR, so the server starts on migrated tables instead of migrating afresh.
 */
export async function pgliteDataDirTemplate (): Promise<string> {
  const dir = path.join(os.tmpdir(), `care-dispatch-pglite-datadir-${templateKey()}`)
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir
  const partial = `${dir}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`
  const pg = await PGlite.create(partial)
  const h = await createDb({ databaseUrl: null, dataDir: null, pglite: pg })
  await migrateToLatest(h.db)
  await h.close()
  // whole or not at all: another file may have renamed its copy into place first
  try {
    fs.renameSync(partial, dir)
  } catch {
    fs.rmSync(partial, { recursive: true, force: true })
  }
  return dir
}
