// Imported history made by the simulator: a run of the Los Angeles baseline scenario written into historical_calls,
// with the simulated times, triage and areas (council district and LAPD division, the names the live area sets use).
// For the browser test and the reports screenshot: the demo seed itself has no history to report on.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/database'
import { createDb } from '../../server/db/create-db'
import { migrateToLatest } from '../../server/db/migrate'
import { json } from '../../server/db/sql-helpers'
import { OUTCOME } from '../../simulations/call-table'
import { prepare } from '../../simulations/prepare'
import { runOne } from '../../simulations/replication'
import { loadScenario } from '../../simulations/scenario-file'

const LA = join(fileURLToPath(new URL('../../', import.meta.url)), 'simulations/scenarios/la-baseline.json')

const TRANSPORT: Record<string, string> = { hospital: 'transported_hospital', crisis: 'transported_crisis', mental_health: 'transported_crisis', shelter: 'transported_shelter' }

/** Simulates `days` of calls ending at `end` and inserts them; returns how many. */
export async function insertSimulatedHistory (db: Kysely<Database>, opts: { days: number, end: Date, seed?: number }): Promise<number> {
  const prep = prepare(loadScenario(LA).scenario, '', { days: opts.days })
  const { calls } = runOne(prep, opts.seed ?? 11, 0, null)
  const lo = prep.warmupDays * 1440
  const start = opts.end.getTime() - opts.days * 86_400_000
  const at = (minute: number): Date | null => Number.isNaN(minute) ? null : new Date(start + (minute - lo) * 60_000)
  const rows = []
  for (let j = 0; j < calls.n; j++) {
    if (calls.time[j] < lo) continue
    const info = prep.callTypes[calls.type[j]]
    const o = calls.outcome[j]
    const served = o === OUTCOME.served && !Number.isNaN(calls.dispatchT[j])
    const disposition = o === OUTCOME.fallbackToPolice
      ? 'handed_to_police'
      : served && calls.transport[j] === 1 && calls.facility[j] >= 0 ? TRANSPORT[prep.facilities[calls.facility[j]].type] : served ? 'resolved_on_scene' : null
    rows.push({
      source: 'simulated-demo',
      source_id: `sim-${opts.seed ?? 11}-${j}`,
      received_at: at(calls.time[j])!,
      call_type: info.callType,
      category: info.category,
      response: info.response,
      priority: info.priority,
      protocol_version: 'simulated',
      areas: json({
        council_districts: calls.area[j] >= 0 ? prep.areaNames[calls.area[j]] : null,
        lapd_divisions: calls.division[j] >= 0 ? prep.divisionNames[calls.division[j]] : null
      }),
      disposition,
      dispatched_at: served ? at(calls.dispatchT[j]) : null,
      en_route_at: served ? at(calls.dispatchT[j] + calls.turnout[j]) : null,
      on_scene_at: served ? at(calls.onSceneT[j]) : null,
      cleared_at: served ? at(calls.clearT[j]) : null
    })
  }
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('historical_calls').values(rows.slice(i, i + 500)).execute()
  return rows.length
}

/** For startDemoServer's `prepare`: the embedded database in `dataDir` migrated and given `days` of simulated history. */
export function seedSimulatedHistory (opts: { days: number, end: Date }): (dataDir: string) => Promise<void> {
  return async (dataDir) => {
    const h = await createDb({ databaseUrl: null, dataDir })
    await migrateToLatest(h.db)
    await insertSimulatedHistory(h.db, opts)
    await h.close()
  }
}
