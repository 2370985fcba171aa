// Table types for follow-ups, their attempts and referrals (migration 2026_12_13_1100). Written and read only by the
// followups module. Personal health data: never copied into events or report_calls.
import type { Generated, Selectable } from 'kysely'
import type { FollowUpAttemptOutcome, ReferralStatus } from '../../domain/outcomes'

export interface FollowUpsTable {
  id: Generated<string>
  call_id: string
  due_at: Date
  reason: string
  created_at: Date
  created_by: string | null
  completed_at: Date | null
  completed_by: string | null
  completion_note: string | null
}

export interface FollowUpAttemptsTable {
  id: Generated<string>
  follow_up_id: string
  seq: Generated<string>
  at: Date
  by_user: string | null
  outcome: FollowUpAttemptOutcome
  note: Generated<string>
}

export interface ReferralsTable {
  id: Generated<string>
  call_id: string
  service: string
  facility_id: string | null
  note: Generated<string>
  status: Generated<ReferralStatus>
  created_by: string | null
  sent_at: Date
  accepted_at: Date | null
  declined_at: Date | null
  completed_at: Date | null
  version: Generated<number>
}

export type FollowUpRow = Selectable<FollowUpsTable>
export type AttemptRow = Selectable<FollowUpAttemptsTable>
export type ReferralRow = Selectable<ReferralsTable>
