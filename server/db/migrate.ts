// Runs the Kysely migrations in migrations/ — at start-up, from `npm run migrate`, and in tests.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Kysely } from 'kysely'
import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import { ROOT_DIR } from '../config'

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations')

/**
 * Loads migrations with an import from this module rather than Kysely's FileMigrationProvider, so the
 * same TypeScript files load under tsx (server) and under Vitest's transform (tests).
 */
const provider: MigrationProvider = {
  async getMigrations (): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {}
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+\.ts$/.test(f))
      .sort()
    for (const f of files) {
      out[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, f)).href)) as Migration
    }
    return out
  }
}

export async function migrateToLatest (db: Kysely<any>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
