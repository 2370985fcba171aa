// Rota rows (team_rotas) and the boundaries the scheduler applied (rota_transitions).
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { RotaException, WeeklyShift } from '../../domain/rota'
import type { TeamRotaRow } from './teams.tables'

export async function findRota (db: Executor, teamId: string): Promise<TeamRotaRow | undefined> {
  return await db.selectFrom('team_rotas').selectAll().where('team_id', '=', teamId).executeTakeFirst()
}

export async function allRotas (db: Executor): Promise<TeamRotaRow[]> {
  return await db.selectFrom('team_rotas').selectAll().execute()
}

export interface RotaWrite {
  teamId: string
  weekly: WeeklyShift[]
  exceptions: RotaException[]
  timeZone: string
  at: Date
  by: string | null
}

/** Inserts or replaces a team's rota; it takes effect now. */
export async function saveRota (db: Executor, r: RotaWrite): Promise<TeamRotaRow> {
  return await db
    .insertInto('team_rotas')
    .values({
      team_id: r.teamId,
      weekly: json(r.weekly),
      exceptions: json(r.exceptions),
      time_zone: r.timeZone,
      effective_from: r.at,
      updated_at: r.at,
      updated_by: r.by
    })
    .onConflict((oc) =>
      oc.column('team_id').doUpdateSet({
        weekly: json(r.weekly),
        exceptions: json(r.exceptions),
        time_zone: r.timeZone,
        effective_from: r.at,
        updated_at: r.at,
        updated_by: r.by,
        version: sql<number>`team_rotas.version + 1`
      })
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Claims a boundary for this transaction: true when no process applied it before. A second process
 * claiming the same boundary waits on the primary key until the first commits, then gets false.
 */
export async function claimTransition (
  db: Executor,
  teamId: string,
  at: Date,
  kind: 'start' | 'end',
  appliedAt: Date
): Promise<boolean> {
  const r = await db
    .insertInto('rota_transitions')
    .values({ team_id: teamId, at, kind, applied_at: appliedAt, outcome: 'claimed' })
    .onConflict((oc) => oc.columns(['team_id', 'at', 'kind']).doNothing())
    .returning('team_id')
    .executeTakeFirst()
  return r !== undefined
}

export async function setTransitionOutcome (
  db: Executor,
  teamId: string,
  at: Date,
  kind: 'start' | 'end',
  outcome: string
): Promise<void> {
  await db
    .updateTable('rota_transitions')
    .set({ outcome })
    .where('team_id', '=', teamId)
    .where('at', '=', at)
    .where('kind', '=', kind)
    .execute()
}

/** The boundaries already applied for these teams at or after `since`, as `teamId|ms|kind` keys. */
export async function appliedSince (db: Executor, teamIds: string[], since: Date): Promise<Set<string>> {
  if (teamIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('rota_transitions')
    .select(['team_id', 'at', 'kind'])
    .where('team_id', 'in', teamIds)
    .where('at', '>=', since)
    .execute()
  return new Set(rows.map((r) => transitionKey(r.team_id, r.at.getTime(), r.kind)))
}

export const transitionKey = (teamId: string, ms: number, kind: string): string => `${teamId}|${ms}|${kind}`

/** Teams whose rota shift is over and that are no longer on a call: the scheduler ends their shift. */
export async function overdueRotaShifts (db: Executor, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('teams')
    .select('id')
    .where('on_shift', '=', true)
    .where('shift_source', '=', 'rota')
    .where('shift_ends_at', '<=', now)
    .where('current_call_id', 'is', null)
    .where('retired_at', 'is', null)
    .execute()
  return rows.map((r) => r.id)
}
