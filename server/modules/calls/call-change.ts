// The shape of every change to one call: lock the row, check, update with version + 1, emit, map.
import type { Kysely } from 'kysely'
import type { Assignment, AssignmentEnd, Call } from '../../contracts/calls'
import type { DomainEvent } from '../../contracts/events'
import type { Database } from '../../db/database'
import type { AreaNames, AreaSets } from '../../lib/area-sets'
import { canCallMove, type FieldStatus } from '../../domain/lifecycle'
import type { TriageInput, TriageResult } from '../../domain/triage/types'
import type { CallStatus } from '../../domain/types'
import type { LocationMismatch, NearestCorner } from '../../contracts/geocoding'
import { ForbiddenError, InvalidTransitionError, NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import type { EventBus } from '../events/event-bus'
import { inTransaction, type TxContext } from '../events/transaction'
import { findCall, rowToCall, updateCall } from './calls.repository'
import type { CallPatch, CallRow } from './calls.tables'

/** The parts of a call a commitment needs. */
export interface CommittedCall {
  id: string
  team_id: string | null
}

/**
 * The team side of a call, as the calls module's lifecycle needs it inside its own transaction: the dispatch
 * module provides it (createCommitments). Declared here, so that calls does not import dispatch (which imports calls).
 */
export interface Commitments {
  /** Ends the call's open assignment and frees its team; answers the released team's call sign (null when none). */
  release: (
    ctx: TxContext,
    call: CommittedCall,
    reason: AssignmentEnd,
    teamStatus: 'available' | 'recovering',
    at: Date,
    actorId: string | null
  ) => Promise<string | null>
  /** The team follows the call's field status. */
  follow: (ctx: TxContext, call: CommittedCall, status: FieldStatus, at: Date, actorId: string | null) => Promise<void>
  ofCall: (callId: string) => Promise<Assignment[]>
}

export interface CallsDeps {
  db: Kysely<Database>
  bus: EventBus
  now: () => Date
  /** The team side of a call: assignments and the team's status. */
  commitments: Commitments
  /** Records each read of a call's details (the audit module). */
  recordRead: (userId: string, callId: string) => Promise<void>
  /** Records a bulk read (a list) in one audit row with the ids of the calls it returned (the audit module). */
  recordBulkRead: (userId: string, action: string, callIds: readonly string[], detail?: Record<string, unknown>) => Promise<void>
  /** The protocol in force. */
  triage: (input: TriageInput) => TriageResult
  /** The area sets a call's location is placed in (none in unit tests). */
  areas?: AreaSets
  /** A user's name (the auth module answers), to sign notes; the email is used without it. */
  nameOf?: (userId: string) => Promise<string | null>
  /**
   * What the city's geocoding data says of a point (in process, never remote): the nearest corner, and where
   * the typed address really is when that is over 500 m away (none in unit tests).
   */
  locationFacts?: (lat: number, lon: number, address: string | null, label: string | null) => LocationFacts
  /**
   * The transport step's destination (the facilities module): checks the facility and records the transport in the
   * status change's transaction; its name goes in the event. Without it, a facilityId is refused.
   */
  startTransport?: (
    trx: TxContext['trx'],
    t: { callId: string; teamId: string | null; facilityId: string; at: Date }
  ) => Promise<{ name: string }>
}

export interface LocationFacts {
  nearestCorner: NearestCorner | null
  mismatch: LocationMismatch | null
}

/** The facts of a point, or none when no geocoder is wired (unit tests). */
export function factsOf (
  deps: Pick<CallsDeps, 'locationFacts'>,
  lat: number,
  lon: number,
  address: string | null,
  label: string | null
): LocationFacts {
  return deps.locationFacts?.(lat, lon, address, label) ?? { nearestCorner: null, mismatch: null }
}

/** A step of a change: checks the locked row, emits its events, and says what to write (null: nothing). */
export type CallStep = (c: CallRow, ctx: TxContext) => Promise<CallPatch | null>

const PII_ROLES = new Set(['dispatcher', 'supervisor', 'responder'])

/** Whether this actor may see a caller's personal data (the roles that work the call). */
export const seesPii = (actor: AuthUser | null): boolean => actor !== null && PII_ROLES.has(actor.role)

/** The call as this actor may see it: personal data only for the roles that work the call. */
export const callForActor = (r: CallRow, actor: AuthUser | null): Call => rowToCall(r, { pii: seesPii(actor) })

/** A location's areas: the first set's name (shown to dispatchers) and every set's. */
export function placeOf (areas: AreaSets | undefined, lat: number, lon: number): { area: string | null; areas: AreaNames } {
  if (!areas) return { area: null, areas: {} }
  const all = areas.locate(lat, lon)
  return { area: all[areas.sets[0].id] ?? null, areas: all }
}

export function assertMayAct (actor: AuthUser, c: CallRow): void {
  if (actor.role === 'responder' && (actor.teamId === null || c.team_id !== actor.teamId)) {
    throw new ForbiddenError("a responder may act only on their own team's call")
  }
}

export function assertMove (c: CallRow, to: CallStatus, action: string): void {
  if (!canCallMove(c.status, to)) throw new InvalidTransitionError(`Call ${c.id}`, c.status, action)
}

export async function lockCall (ctx: TxContext, id: string): Promise<CallRow> {
  const c = await findCall(ctx.trx, id, true)
  if (!c) throw new NotFoundError('Call')
  return c
}

export function createCallChange ({ db, bus, now }: Pick<CallsDeps, 'db' | 'bus' | 'now'>) {
  /** One transaction: lock the call, run the step, write its patch with the version bumped, publish after commit. */
  return async function changeCall (id: string, step: CallStep): Promise<{ row: CallRow; events: DomainEvent[] }> {
    const { result, events } = await inTransaction(db, bus, async (ctx) => {
      const c = await lockCall(ctx, id)
      const patch = await step(c, ctx)
      return patch === null ? c : await updateCall(ctx.trx, c, patch, now())
    })
    return { row: result, events }
  }
}

export type ChangeCall = ReturnType<typeof createCallChange>
