// Queries of the planner's workspace: stored scenarios and saved runs.
import type { Executor } from '../../db/database'
import type { PlanningRunRow, PlanningRunsTable, PlanningScenarioRow } from './planning.tables'
import type { Insertable } from 'kysely'

export async function listScenarios (db: Executor): Promise<PlanningScenarioRow[]> {
  return await db.selectFrom('planning_scenarios').selectAll().orderBy('updated_at', 'desc').orderBy('id').execute()
}

export async function findScenario (db: Executor, id: string): Promise<PlanningScenarioRow | undefined> {
  return await db.selectFrom('planning_scenarios').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertScenario (
  db: Executor,
  row: { name: string; document: string; sha256: string; author_id: string; owner_id: string }
): Promise<PlanningScenarioRow> {
  return await db.insertInto('planning_scenarios').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateScenario (
  db: Executor,
  id: string,
  row: { name: string; document: string; sha256: string },
  at: Date
): Promise<PlanningScenarioRow | undefined> {
  return await db
    .updateTable('planning_scenarios')
    .set({ ...row, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteScenario (db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('planning_scenarios').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function insertRun (db: Executor, row: Insertable<PlanningRunsTable>): Promise<PlanningRunRow> {
  return await db.insertInto('planning_runs').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function listRuns (db: Executor, scenarioRef: string | undefined, limit: number): Promise<PlanningRunRow[]> {
  let q = db.selectFrom('planning_runs').selectAll()
  if (scenarioRef !== undefined) q = q.where('scenario_ref', '=', scenarioRef)
  return await q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute()
}

export async function findRun (db: Executor, id: string): Promise<PlanningRunRow | undefined> {
  return await db.selectFrom('planning_runs').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function deleteRun (db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('planning_runs').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
