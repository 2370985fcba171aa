// A team's status: the one state machine (canTeamMove), used by the roster and by dispatch alike.
import type { TeamChangeReason } from '../../contracts/events'
import { canTeamMove } from '../../domain/lifecycle'
import type { TeamStatus } from '../../domain/types'
import { InvalidTransitionError } from '../../lib/errors'
import type { TxContext } from '../events/transaction'
import { updateTeam } from './teams.repository'
import type { TeamRow, TeamsTable } from './teams.tables'
import type { Updateable } from 'kysely'

export interface TeamMove {
  to: TeamStatus
  /** When the change happened (the device's time when it reported it). */
  at: Date
  actorId: string | null
  /** The call the change belongs to, for the event. */
  callId?: string | null
  reason?: TeamChangeReason
  deviceTime?: string
  /** Other columns that change with the status (current call, shift). */
  also?: Omit<Updateable<TeamsTable>, 'id' | 'status' | 'status_changed_at' | 'version' | 'updated_at'>
  /** Emit team.status_changed (the default); a shift change announces itself with its own event. */
  announce?: boolean
}

/** Moves a locked team row to a new status when the state machine allows it; otherwise 409. */
export async function moveTeam (ctx: TxContext, cur: TeamRow, move: TeamMove, now: Date): Promise<TeamRow> {
  if (!canTeamMove(cur.status, move.to)) throw new InvalidTransitionError(`Team ${cur.call_sign}`, cur.status, `change to ${move.to}`)
  // why it was out of service, and when it was expected back, hold only while it is
  const leaving =
    cur.status === 'out_of_service' && move.to !== 'out_of_service'
      ? { out_of_service_code: null, out_of_service_reason: null, expected_back_at: null }
      : {}
  const row = await updateTeam(ctx.trx, cur, { status: move.to, status_changed_at: move.at, ...leaving, ...move.also }, now)
  if (move.announce !== false) {
    ctx.emit({
      type: 'team.status_changed',
      teamId: cur.id,
      callId: move.callId ?? null,
      actorId: move.actorId,
      data: {
        from: cur.status,
        to: move.to,
        ...(move.reason !== undefined ? { reason: move.reason } : {}),
        ...(move.deviceTime !== undefined ? { deviceTime: move.deviceTime } : {}),
        ...(move.to === 'out_of_service'
          ? {
              outOfService: {
                code: row.out_of_service_code ?? null,
                reason: row.out_of_service_reason ?? null,
                expectedBackAt: row.expected_back_at?.toISOString() ?? null
              }
            }
          : {})
      }
    })
  }
  return row
}
