// Table types for facilities with their live capacity, and the transports to them. Written and read only by the
// facilities module.
import type { ColumnType, Generated, Selectable } from 'kysely'
import type { FacilityKind, TurnAwayReason } from '../../contracts/facilities'

export interface FacilitiesTable {
  id: Generated<string>
  name: string
  kind: FacilityKind
  address: Generated<string>
  lat: number
  lon: number
  phone: string | null
  hours: Generated<string>
  /** What it accepts, in words: a JSON array of strings. */
  accepts: ColumnType<string[], string[] | undefined, string[]>
  /** Where a seeded row came from ("dmh:12"); null for a facility an admin added. */
  source_ref: string | null
  available: number | null
  accepting: boolean | null
  capacity_note: string | null
  capacity_at: Date | null
  capacity_by: string | null
  capacity_by_name: string | null
  /** The figures are the demo's, not a facility's report. */
  capacity_demo: Generated<boolean>
  retired_at: Date | null
  created_at: Date
  version: Generated<number>
}

export type FacilityRow = Selectable<FacilitiesTable>

export interface TransportsTable {
  id: Generated<string>
  call_id: string
  team_id: string | null
  facility_id: string
  started_at: Date
  handoff_at: Date | null
  accepted: boolean | null
  turn_away_reason: TurnAwayReason | null
  handoff_by: string | null
}

export type TransportRow = Selectable<TransportsTable>
