// Table type for the care-team roster and live state. Written and read only by the teams module.
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable } from 'kysely'
import type { Capability, TeamKind, TeamStatus } from '../../domain/types'

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
  current_call_id: string | null
  status_changed_at: Generated<Date>
  version: Generated<number>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export type TeamRow = Selectable<TeamsTable>
export type NewTeamRow = Insertable<TeamsTable>
