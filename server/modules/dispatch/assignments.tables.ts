// Table type for assignments (a team committed to a call). Written and read only by the dispatch module.
import type { Generated, Selectable } from 'kysely'

export type AssignmentRole = 'primary' | 'backup'
/** Why an assignment ended. */
export type AssignmentEnd = 'cancelled' | 'referred' | 'declined' | 'cleared' | 'ack_timeout'

export interface AssignmentsTable {
  id: Generated<string>
  call_id: string
  team_id: string
  role: Generated<AssignmentRole>
  assigned_at: Generated<Date>
  assigned_by: string | null
  auto: Generated<boolean>
  ack_deadline: Date
  acknowledged_at: Date | null
  ended_at: Date | null
  end_reason: AssignmentEnd | null
}

export type AssignmentRow = Selectable<AssignmentsTable>
