// Table types for responder safety: emergencies (SOS), check-ins on scene and check-ins missed. Written and
// read only by the safety module.
import type { Generated, Selectable } from 'kysely'
import type { MissResolution } from '../../contracts/safety'

export interface TeamEmergenciesTable {
  id: Generated<string>
  team_id: string
  call_id: string | null
  /** When the server received the first press. */
  raised_at: Date
  /** When the phone says it was pressed (an outbox may send it late). */
  device_time: Date
  raised_by: string | null
  lat: number | null
  lon: number | null
  /** When that position was taken (the device's time, or the team's last fix). */
  position_at: Date | null
  /** Presses while it was open: a second press adds to it. */
  presses: Generated<number>
  last_pressed_at: Date
  acknowledged_at: Date | null
  acknowledged_by: string | null
  acknowledged_by_name: string | null
}

export type EmergencyRow = Selectable<TeamEmergenciesTable>

export interface CheckInsTable {
  id: Generated<string>
  call_id: string
  team_id: string
  /** The device's time of the answer. */
  at: Date
  received_at: Date
  actor_id: string | null
}

export type CheckInRow = Selectable<CheckInsTable>

/** A check-in due and not answered in time: (call_id, due_at) is unique, so it is raised once. */
export interface CheckInMissesTable {
  id: Generated<string>
  call_id: string
  team_id: string
  due_at: Date
  raised_at: Date
  lat: number | null
  lon: number | null
  position_at: Date | null
  resolved_at: Date | null
  resolved_by: string | null
  resolved_by_name: string | null
  resolution: MissResolution | null
  resolution_note: string | null
}

export type CheckInMissRow = Selectable<CheckInMissesTable>
