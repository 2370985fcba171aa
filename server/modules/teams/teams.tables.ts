// Table type for the care-team roster and live state. Written and read only by the teams module.
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable } from 'kysely'
import type { RotaException, WeeklyShift } from '../../domain/rota'
import type { Capability, TeamKind, TeamStatus } from '../../domain/types'
import type { OutOfServiceCode } from '../../contracts/teams'

type Json<T> = ColumnType<T, RawBuilder<T> | RawBuilder<unknown>, RawBuilder<T> | RawBuilder<unknown>>

export interface TeamsTable {
  id: Generated<string>
  call_sign: string
  kind: TeamKind
  capabilities: Json<Capability[]>
  languages: Json<string[]>
  base_name: string | null
  base_lat: number | null
  base_lon: number | null
  status: ColumnType<TeamStatus, TeamStatus | undefined, TeamStatus>
  on_shift: Generated<boolean>
  shift_started_at: Date | null
  shift_ends_at: Date | null
  lat: number | null
  lon: number | null
  position_at: Date | null
  position_received_at: Date | null
  /** From team_position_seq at each fix taken as the latest: processes find the teams that moved since their last look. */
  position_seq: Generated<number | null>
  position_accuracy_m: Generated<number | null>
  current_call_id: string | null
  status_changed_at: Generated<Date>
  version: Generated<number>
  created_at: Generated<Date>
  updated_at: Generated<Date>
  /** Who the team is staffed with, one entry per seat. */
  staff_slots: ColumnType<string[], RawBuilder<string[]> | RawBuilder<unknown> | undefined, RawBuilder<string[]> | RawBuilder<unknown>>
  /** Retired: history kept, never recommended, left out of the roster by default. */
  retired_at: Generated<Date | null>
  /** Who started the shift in progress: the rota scheduler or a person. */
  shift_source: Generated<'rota' | 'manual' | null>
  /** Why the team is out of service, and when it is expected back (null unless out of service). */
  out_of_service_code: Generated<OutOfServiceCode | null>
  out_of_service_reason: Generated<string | null>
  expected_back_at: Generated<Date | null>
}

export type TeamRow = Selectable<TeamsTable>

/** The track: every fix received, late ones included, kept POSITION_RETENTION_DAYS after it was received. */
export interface TeamPositionsTable {
  id: Generated<number>
  team_id: string
  /** Device time of the fix. */
  at: Date
  received_at: Date
  lat: number
  lon: number
  accuracy_m: number | null
  /** Older than the fix the team held when it arrived (an outbox replay): recorded, not made the latest. */
  late: Generated<boolean>
}
export type NewTeamRow = Insertable<TeamsTable>

/** A team's weekly pattern and dated exceptions, read in time_zone. */
export interface TeamRotasTable {
  team_id: string
  weekly: Json<WeeklyShift[]>
  exceptions: Json<RotaException[]>
  time_zone: string
  /** Boundaries before this are history: saving a rota never ends a shift started by hand. */
  effective_from: Date
  updated_at: Generated<Date>
  updated_by: string | null
  version: Generated<number>
}

export type TeamRotaRow = Selectable<TeamRotasTable>

/** A rota boundary applied by the scheduler: its key is what makes it happen once across processes. */
export interface RotaTransitionsTable {
  team_id: string
  at: Date
  kind: 'start' | 'end'
  applied_at: Generated<Date>
  /** What it did: started, ended, finishing_call, already_on_shift, already_off_shift, retired, … */
  outcome: string
}
