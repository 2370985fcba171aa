// `npm run migrate`: applies pending migrations to DATABASE_URL or the embedded database in DATA_DIR.
import { loadConfig } from '../config'
import { createDb } from './create-db'
import { migrateToLatest } from './migrate'

const config = loadConfig()
const handle = await createDb(config)
try {
  const applied = await migrateToLatest(handle.db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
} finally {
  await handle.close()
}
