// Team rows: lookups with row locks, writes with the version bumped, mapped to the wire shape at this edge.
import type { Executor } from '../../db/database'
import type { NextShiftChange, Team } from '../../contracts/teams'
import type { RankableTeam } from '../../domain/ranking'
import type { Updateable } from 'kysely'
import type { NewTeamRow, TeamRow, TeamsTable } from './teams.tables'

export function rowToTeam (r: TeamRow, nowMs: number, staleAfterMs: number, nextShiftChange: NextShiftChange | null = null): Team {
  const hasPos = r.lat !== null && r.lon !== null && r.position_at !== null
  const age = hasPos ? Math.max(0, Math.round((nowMs - r.position_at!.getTime()) / 1000)) : 0
  return {
    id: r.id,
    callSign: r.call_sign,
    kind: r.kind,
    capabilities: r.capabilities,
    languages: r.languages,
    base: r.base_lat !== null && r.base_lon !== null ? { name: r.base_name, lat: r.base_lat, lon: r.base_lon } : null,
    status: r.status,
    onShift: r.on_shift,
    shiftStartedAt: r.shift_started_at?.toISOString() ?? null,
    shiftEndsAt: r.shift_ends_at?.toISOString() ?? null,
    position: hasPos
      ? { lat: r.lat!, lon: r.lon!, at: r.position_at!.toISOString(), ageSeconds: age, stale: age * 1000 > staleAfterMs }
      : null,
    currentCallId: r.current_call_id,
    outOfService:
      r.status === 'out_of_service'
        ? {
            code: r.out_of_service_code ?? null,
            reason: r.out_of_service_reason ?? null,
            since: r.status_changed_at.toISOString(),
            expectedBackAt: r.expected_back_at?.toISOString() ?? null
          }
        : null,
    statusChangedAt: r.status_changed_at.toISOString(),
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    staffSlots: r.staff_slots ?? [],
    retiredAt: r.retired_at?.toISOString() ?? null,
    shiftSource: r.on_shift ? (r.shift_source ?? 'manual') : null,
    nextShiftChange
  }
}

/** The ranking's view of a team: last fix, or the home base when it never reported one. */
export function rowToRankable (r: TeamRow): RankableTeam {
  const pos =
    r.lat !== null && r.lon !== null
      ? { lat: r.lat, lon: r.lon }
      : r.base_lat !== null && r.base_lon !== null
        ? { lat: r.base_lat, lon: r.base_lon }
        : null
  return {
    id: r.id,
    callSign: r.call_sign,
    status: r.status,
    onShift: r.on_shift,
    capabilities: r.capabilities,
    languages: r.languages,
    position: pos,
    positionAtMs: r.lat !== null && r.position_at ? r.position_at.getTime() : null
  }
}

export async function findTeam (db: Executor, id: string, forUpdate = false): Promise<TeamRow | undefined> {
  return await db
    .selectFrom('teams')
    .selectAll()
    .where('id', '=', id)
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirst()
}

/** A team by call sign or by id (as text), for the command line. */
export async function findTeamByName (db: Executor, nameOrId: string): Promise<TeamRow | undefined> {
  return await db
    .selectFrom('teams')
    .selectAll()
    .where((eb) => eb.or([eb('call_sign', '=', nameOrId), eb(eb.cast('id', 'text'), '=', nameOrId)]))
    .executeTakeFirst()
}

/** The roster: retired teams left out unless asked for. */
export async function listTeamRows (db: Executor, retired: 'exclude' | 'include' | 'only' = 'exclude'): Promise<TeamRow[]> {
  return await db
    .selectFrom('teams')
    .selectAll()
    .$if(retired === 'exclude', (q) => q.where('retired_at', 'is', null))
    .$if(retired === 'only', (q) => q.where('retired_at', 'is not', null))
    .orderBy('call_sign')
    .execute()
}

export async function callSignTaken (db: Executor, callSign: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('call_sign', '=', callSign).executeTakeFirst()) !== undefined
}

export async function countTeams (db: Executor): Promise<number> {
  const r = await db
    .selectFrom('teams')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function insertTeam (db: Executor, values: NewTeamRow): Promise<TeamRow> {
  return await db.insertInto('teams').values(values).returningAll().executeTakeFirstOrThrow()
}

/** Writes a change to a locked team row, bumping its version. */
export async function updateTeam (
  db: Executor,
  cur: TeamRow,
  patch: Omit<Updateable<TeamsTable>, 'id' | 'version' | 'updated_at'>,
  at: Date
): Promise<TeamRow> {
  return await db
    .updateTable('teams')
    .set({ ...patch, version: cur.version + 1, updated_at: at })
    .where('id', '=', cur.id)
    .returningAll()
    .executeTakeFirstOrThrow()
}
