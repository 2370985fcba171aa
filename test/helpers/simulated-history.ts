// History made by the simulator for browser tests that give the demo a past of their own length before the server
// opens the database (reports, planner): the demo's own generator (server/modules/demo/demo-history.ts), stored with
// its source (demo-simulated) through the history module's repository and projected for reports, as the demo's first
// start does.
import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/database'
import { createDb } from '../../server/db/create-db'
import { migrateToLatest } from '../../server/db/migrate'
import { simulateDemoHistory } from '../../server/modules/demo/demo-history'
import { HistoricalBatch } from '../../server/modules/history/historical-batch'
import { insertHistorical } from '../../server/modules/history/history.repository'
import { SIMULATED_SOURCE } from '../../server/modules/history/history.service'
import { projectCalls } from '../../server/modules/reports/report-facts'

/** Simulates `days` of calls ending at `end` and inserts them; returns how many. */
export async function insertSimulatedHistory (db: Kysely<Database>, opts: { days: number; end: Date; seed?: number }): Promise<number> {
  const rows = simulateDemoHistory(opts)
  let n = 0
  for (let i = 0; i < rows.length; i += 5000) {
    const b = new HistoricalBatch()
    for (const r of rows.slice(i, i + 5000)) b.add(r)
    // projected for reports in the same transaction, as an import is
    n += await insertHistorical(db, SIMULATED_SOURCE, null, b, projectCalls)
  }
  return n
}

/** For startDemoServer's `prepare`: the embedded database in `dataDir` migrated and given `days` of simulated history. */
export function seedSimulatedHistory (opts: { days: number; end: Date }): (dataDir: string) => Promise<void> {
  return async (dataDir) => {
    const h = await createDb({ databaseUrl: null, dataDir })
    await migrateToLatest(h.db)
    await insertSimulatedHistory(h.db, opts)
    await h.close()
  }
}
