// The outcome of a care-eligible call: served (on time or late) or not served, with a reason from a fixed
// vocabulary; and the reason the system can tell by itself from the teams at hand. Pure.
import { coversNeeds, isDispatchable, type RankableTeam } from './ranking'
import type { Capability } from './types'

export const UNMET_REASONS = [
  'no_team_on_shift',
  'all_teams_busy',
  'team_too_far',
  'safety_concern',
  'caller_declined',
  'gone_on_arrival',
  'dispatcher_judgement',
  'other'
] as const
export type UnmetReason = (typeof UNMET_REASONS)[number]

/** Who recorded the reason: a person (refer), or the system (the queue sweep). */
export type UnmetReasonSource = 'dispatcher' | 'system'

export const UNMET_REASON_LABELS: Readonly<Record<UnmetReason | 'not_recorded', string>> = {
  no_team_on_shift: 'No team on shift',
  all_teams_busy: 'All teams busy',
  team_too_far: 'Team too far',
  safety_concern: 'Safety concern',
  caller_declined: 'Caller declined',
  gone_on_arrival: 'Gone on arrival',
  dispatcher_judgement: "Dispatcher's judgement",
  other: 'Other',
  not_recorded: 'Not recorded'
}

/**
 * What the teams say about a waiting call, where it is certain: no team that covers its needs is on shift,
 * or every such team is busy. Otherwise null (a free team exists: why it was not sent is a person's call).
 */
export function systemUnmetReason (
  teams: readonly Pick<RankableTeam, 'status' | 'onShift' | 'capabilities'>[],
  needs: readonly Capability[]
): UnmetReason | null {
  let onShift = 0
  let free = 0
  for (const t of teams) {
    if (!coversNeeds(t.capabilities, needs) || !t.onShift || t.status === 'off_duty') continue
    onShift++
    if (isDispatchable(t.status, t.onShift)) free++
  }
  if (onShift === 0) return 'no_team_on_shift'
  return free === 0 ? 'all_teams_busy' : null
}

/** How an attempt to reach a person for a follow-up went. */
export const FOLLOW_UP_ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'declined', 'wrong_number'] as const
export type FollowUpAttemptOutcome = (typeof FOLLOW_UP_ATTEMPT_OUTCOMES)[number]

/** A referral's status: sent → accepted or declined; accepted → completed. */
export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'completed'] as const
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number]

const REFERRAL_MOVES: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  sent: ['accepted', 'declined'],
  accepted: ['completed'],
  declined: [],
  completed: []
}

export const canReferralMove = (from: ReferralStatus, to: ReferralStatus): boolean => REFERRAL_MOVES[from].includes(to)

/** Where a follow-up stands at `nowMs`: done, overdue (past its due time), or due (waiting for its time or a call back). */
export function followUpState (f: { dueAtMs: number; completed: boolean }, nowMs: number): 'due' | 'overdue' | 'done' {
  if (f.completed) return 'done'
  return nowMs > f.dueAtMs ? 'overdue' : 'due'
}
