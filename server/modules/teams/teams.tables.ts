// Table type for the care-team roster and live state.
import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'

type Json<T> = ColumnType<T, RawBuilder<T> | RawBuilder<unknown>, RawBuilder<T> | RawBuilder<unknown>>

export interface TeamsTable {
  id: Generated<string>
  call_sign: string
  kind: string
  capabilities: Json<string[]>
  languages: Json<string[]>
  base_name: string | null
  base_lat: number | null
  base_lon: number | null
  status: Generated<string>
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
