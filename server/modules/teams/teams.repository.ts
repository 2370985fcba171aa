// Team rows: lookups with row locks, mapped to the wire shape at this edge.
import type { Executor } from '../../db/database'
import type { Team } from '../../contracts/teams'
import type { RankableTeam } from '../../domain/ranking'
import type { Capability, TeamKind, TeamStatus } from '../../domain/types'
import type { TeamRow } from './teams.tables'

export function rowToTeam (r: TeamRow, nowMs: number, staleAfterMs: number): Team {
  const hasPos = r.lat !== null && r.lon !== null && r.position_at !== null
  const age = hasPos ? Math.max(0, Math.round((nowMs - r.position_at!.getTime()) / 1000)) : 0
  return {
    id: r.id,
    callSign: r.call_sign,
    kind: r.kind as TeamKind,
    capabilities: r.capabilities as Capability[],
    languages: r.languages,
    base: r.base_lat !== null && r.base_lon !== null ? { name: r.base_name, lat: r.base_lat, lon: r.base_lon } : null,
    status: r.status as TeamStatus,
    onShift: r.on_shift,
    shiftStartedAt: r.shift_started_at?.toISOString() ?? null,
    shiftEndsAt: r.shift_ends_at?.toISOString() ?? null,
    position: hasPos ? { lat: r.lat!, lon: r.lon!, at: r.position_at!.toISOString(), ageSeconds: age, stale: age * 1000 > staleAfterMs } : null,
    currentCallId: r.current_call_id,
    statusChangedAt: r.status_changed_at.toISOString(),
    version: r.version,
    updatedAt: r.updated_at.toISOString()
  }
}

/** The ranking's view of a team: last fix, or the home base when it never reported one. */
export function rowToRankable (r: TeamRow): RankableTeam {
  const pos = r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : r.base_lat !== null && r.base_lon !== null ? { lat: r.base_lat, lon: r.base_lon } : null
  return {
    id: r.id,
    callSign: r.call_sign,
    status: r.status as TeamStatus,
    onShift: r.on_shift,
    capabilities: r.capabilities as Capability[],
    languages: r.languages,
    position: pos,
    positionAtMs: r.lat !== null && r.position_at ? r.position_at.getTime() : null
  }
}

export async function findTeam (db: Executor, id: string, forUpdate = false): Promise<TeamRow | undefined> {
  return await db.selectFrom('teams').selectAll().where('id', '=', id).$if(forUpdate, (q) => q.forUpdate()).executeTakeFirst()
}

export async function listTeamRows (db: Executor): Promise<TeamRow[]> {
  return await db.selectFrom('teams').selectAll().orderBy('call_sign').execute()
}
