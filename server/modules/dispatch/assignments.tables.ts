// Table type for assignments (a team committed to a call). Written and read only by the dispatch module.
import type { Generated, Selectable } from 'kysely'
import type { AssignmentEnd } from '../../contracts/calls'

export type { AssignmentEnd }
export type AssignmentRole = 'primary' | 'backup'

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
