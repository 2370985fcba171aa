// Tables of the planner's workspace: scenarios (the JSON file the simulator reads, as stored text) and the runs
// made of them in planners' browsers. Written and read only by the planning module.
import type { Generated, Selectable } from 'kysely'

export interface PlanningScenariosTable {
  id: Generated<string>
  name: string
  /** The scenario file's exact bytes (two-space JSON and a final newline), as `npm run simulate` reads them. */
  document: string
  /** SHA-256 of `document`: the hash a run's summary names. */
  sha256: string
  author_id: string | null
  /** Who may change or delete it (with admins); null: admins only. Others read and duplicate it. */
  owner_id: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export type PlanningScenarioRow = Selectable<PlanningScenariosTable>

export type RunKind = 'simulation' | 'replay'

export interface PlanningRunsTable {
  id: Generated<string>
  /** The stored scenario (null for a shipped one or after it was deleted); scenario_ref names shipped ones. */
  scenario_id: string | null
  scenario_ref: string
  scenario_name: string
  scenario_sha256: string
  kind: RunKind
  seed: number
  replications: number
  days: number
  /** The simulator's code version the run was made with (package version and a hash of its sources). */
  code_version: string
  /** Where it ran: 'browser' (a planner's Web Worker) or 'node'. */
  platform: string
  elapsed_ms: number | null
  /** summary.json's exact text. */
  summary: string
  author_id: string | null
  /** Who may delete it (with admins); null: admins only. */
  owner_id: string | null
  created_at: Generated<Date>
}

export type PlanningRunRow = Selectable<PlanningRunsTable>
