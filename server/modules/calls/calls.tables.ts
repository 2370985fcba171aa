// Table types for calls, their triage history, assignments, idempotency keys and the access log.
import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'

type Json<T> = ColumnType<T, RawBuilder<T> | RawBuilder<unknown>, RawBuilder<T> | RawBuilder<unknown>>

export interface CallsTable {
  id: Generated<string>
  received_at: Generated<Date>
  source: string
  lat: number
  lon: number
  address: string | null
  area: string | null
  callback: string | null
  caller_name: string | null
  language: string | null
  narrative: string | null
  call_type: string | null
  answers: Json<Record<string, string>>
  category: string
  response: string
  priority: number
  reasons: Json<string[]>
  missing: Json<Array<{ id: string, text: string }>>
  protocol_version: string
  triage_overridden: Generated<boolean>
  status: string
  referred_to: string | null
  team_id: string | null
  backup_requested_at: Date | null
  backup_reason: string | null
  disposition: string | null
  disposition_notes: string | null
  triaged_at: Date | null
  queued_at: Date | null
  dispatched_at: Date | null
  acknowledged_at: Date | null
  en_route_at: Date | null
  on_scene_at: Date | null
  transporting_at: Date | null
  at_facility_at: Date | null
  cleared_at: Date | null
  referred_at: Date | null
  cancelled_at: Date | null
  created_by: string | null
  version: Generated<number>
  updated_at: Generated<Date>
}

export interface CallTriagesTable {
  id: Generated<string>
  call_id: string
  at: Generated<Date>
  kind: string
  actor_id: string | null
  category: string
  response: string
  priority: number
  reasons: Json<string[]>
  missing: Json<Array<{ id: string, text: string }>>
  protocol_version: string
  override_reason: string | null
  input: Json<unknown>
}

export interface AssignmentsTable {
  id: Generated<string>
  call_id: string
  team_id: string
  role: Generated<string>
  assigned_at: Generated<Date>
  assigned_by: string | null
  auto: Generated<boolean>
  ack_deadline: Date
  acknowledged_at: Date | null
  ended_at: Date | null
  end_reason: string | null
}

export interface IdempotencyKeysTable {
  user_id: string
  key: string
  request_hash: string
  call_id: string | null
  created_at: Generated<Date>
}

export interface AccessLogTable {
  id: Generated<string>
  at: Generated<Date>
  user_id: string | null
  action: string
  call_id: string | null
}

export type CallRow = Selectable<CallsTable>
export type CallTriageRow = Selectable<CallTriagesTable>
export type AssignmentRow = Selectable<AssignmentsTable>
