// Test databases: a migrated PGlite template cloned per file, or a database on PostgreSQL (DATABASE_URL) per file
// created from a migrated template, so every integration suite runs on both engines.
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

let pgTemplate: Promise<string> | null = null

/**
 * A migrated PostgreSQL database on DATABASE_URL's server, named by what it depends on (the migrations and PGlite's
 * version, as the PGlite template above): each test file's database is created from it, a copy of files, instead of
 * migrating a database of its own. Built under a lock, whole or not at all (migrated under another name, then renamed),
 * so that concurrent workers and runs find it ready; kept for the next run.
 */
async function postgresTemplate (adminUrl: string): Promise<string> {
  pgTemplate ??= (async () => {
    const name = `care_dispatch_test_template_${templateKey()}`
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe("select pg_advisory_lock(hashtext('care_dispatch_test_template'))")
      const found = await admin.unsafe('select 1 from pg_database where datname = $1', [name])
      if (found.length === 0) {
        const building = `${name}_${crypto.randomBytes(4).toString('hex')}`
        await admin.unsafe(`create database "${building}"`)
        try {
          const h = await createDb({ databaseUrl: withDatabase(adminUrl, building), dataDir: null, poolSize: 2 })
          try {
            await migrateToLatest(h.db)
          } finally {
            await h.close()
          }
          await admin.unsafe(`alter database "${building}" rename to "${name}"`)
        } catch (err) {
          await admin.unsafe(`drop database if exists "${building}" with (force)`)
          throw err
        }
        // templates of earlier migrations, unless a run of them still copies one
        const stale = await admin.unsafe(
          "select datname from pg_database where datname like 'care\\_dispatch\\_test\\_template\\_%' and datname <> $1",
          [name]
        )
        for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}"`).catch(() => {})
      }
      await admin.unsafe("select pg_advisory_unlock(hashtext('care_dispatch_test_template'))")
      return name
    } finally {
      await admin.end()
    }
  })()
  return await pgTemplate
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
  const template = await postgresTemplate(adminUrl)
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}" template "${template}"`)
  await admin.end()
  const url = withDatabase(adminUrl, name)
  const h = await createDb({ databaseUrl: url, dataDir: null, poolSize: 25 })
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
