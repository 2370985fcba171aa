// A team's commitment to a call: its assignment row and the team's status along the call. The calls
// module's lifecycle (field status, close, cancel, refer) calls these inside its own transaction.
import type { Kysely } from 'kysely'
import type { Assignment } from '../../contracts/calls'
import type { Database } from '../../db/database'
import { teamStatusForCall, type FieldStatus } from '../../domain/lifecycle'
import type { Commitments, CommittedCall } from '../calls/call-change'
import type { TxContext } from '../events/transaction'
import type { TeamsService } from '../teams/teams.service'
import { acknowledgeOpen, assignmentsOfCall, endAssignment, openAssignment, rowToAssignment } from './assignments.repository'
import type { AssignmentEnd } from './assignments.tables'

export function createCommitments ({ db, teams }: { db: Kysely<Database>; teams: TeamsService }): Commitments {
  return {
    /**
     * Ends the call's open assignment and frees its team (available, or recovering after a hard call), through
     * the team's state machine. Answers the released team's call sign (null when no team was on the call).
     */
    async release (
      ctx: TxContext,
      call: CommittedCall,
      reason: AssignmentEnd,
      teamStatus: 'available' | 'recovering',
      at: Date,
      actorId: string | null
    ): Promise<string | null> {
      if (!call.team_id) return null
      const a = await openAssignment(ctx.trx, call.id, true)
      if (a) await endAssignment(ctx.trx, a.id, at, reason)
      return await teams.releaseFromCall(ctx, call.team_id, call.id, teamStatus, reason, at, actorId)
    },

    /** The team follows the call's field status; an acknowledgement also stops the acknowledgement clock. */
    async follow (ctx: TxContext, call: CommittedCall, status: FieldStatus, at: Date, actorId: string | null): Promise<void> {
      if (!call.team_id) return
      await teams.followCall(ctx, call.team_id, call.id, teamStatusForCall(status), at, actorId)
      if (status === 'acknowledged') await acknowledgeOpen(ctx.trx, call.id, at)
    },

    async ofCall (callId: string): Promise<Assignment[]> {
      return (await assignmentsOfCall(db, callId)).map(rowToAssignment)
    }
  }
}

export type { Commitments }
