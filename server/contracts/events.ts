// Domain events: one payload type per event type (a discriminated union on `type`), and their wire schema.
import type { UnmetReason } from '../domain/outcomes'
import { Type, type Static } from 'typebox'
import type { Disposition, FieldStatus } from '../domain/lifecycle'
import type { CallStatus, Category, Priority, ResponseType, TeamKind, TeamStatus } from '../domain/types'
import type { CancelCode } from './calls'
import type { OutOfServiceCode } from './teams'
import type { HeldReason, LocationSource } from './geocoding'
import type { MissResolution } from './safety'
import type { FacilityKind, TurnAwayReason } from '../domain/destinations'
import type { PositionsMessage } from './positions'

/**
 * Why a call went back to the queue. The web app reads this field, never the prose in `reason`.
 * `reassigned`: the call went straight on to another team in the same transaction (a call.assigned follows);
 * `referral_returned`: a call referred out was taken back into the queue by a dispatcher.
 */
export type RequeueCause = 'declined' | 'ack_timeout' | 'unassigned' | 'reassigned' | 'referral_returned'

/** Why a team's status changed along with a call. */
export type TeamChangeReason = 'cancelled' | 'referred' | 'declined' | 'cleared' | 'ack_timeout' | 'unassigned' | 'reassigned'

/** What a call transfer (NENA EIDO) said beside the call itself: kept with the call.received event. */
export interface TransferDetails {
  /** The sending centre's incident tracking id, as sent. */
  incidentId: string
  issuingElement: string | null
  /** When the call started at the sending centre (UTC ISO), if it said. */
  upstreamReceivedAt: string | null
  /** Other responders' notes (dispatch, units), not the caller's narrative. */
  responseNotes: Array<{ at: string | null; author: string | null; text: string }>
  /** What was sent but not taken, or taken with a guess. */
  warnings: string[]
}

type TriageSummary = { category: Category; response: ResponseType; priority: Priority }
type FieldStep = { deviceTime: string; from: CallStatus }

/** The payload of every event type. Emitting a payload that does not match its type is a type error. */
export interface EventPayloads {
  'call.received': {
    source: string
    lat: number
    lon: number
    area: string | null
    locationSource?: LocationSource | null
    transfer?: TransferDetails
  }
  'call.triaged': TriageSummary & { protocolVersion: string }
  'call.queued': { priority: Priority; reason?: 're-triage' | 'override' }
  'call.referred': { to: string | null; reason: string; from?: CallStatus; unmetReason?: UnmetReason }
  'call.updated': { changed: string[] }
  'call.retriaged': TriageSummary & { applied: boolean; responseChanged: boolean; alert?: string }
  'call.triage_overridden': { from: TriageSummary; to: TriageSummary; reason: string }
  'call.assigned': {
    assignmentId: string
    callSign: string
    auto: boolean
    override: boolean
    ackDeadline: string
    reassignedFrom?: string
  }
  /**
   * `reason` completes a sentence whose subject is the team (`callSign`): "declined: …", "did not acknowledge
   * within 120 s", "taken off the call: …", "reassigned to CT-5: …"; or, with no team, "taken back from 988: …".
   */
  'call.requeued': { cause: RequeueCause; reason: string; deviceTime?: string; callSign?: string }
  'call.acknowledged': FieldStep
  'call.en_route': FieldStep
  'call.on_scene': FieldStep
  /** `facilityId`: the destination chosen in the transport step, when one was. */
  'call.transporting': FieldStep & { facilityId?: string; facilityName?: string }
  'call.at_facility': FieldStep
  'call.backup_requested': { reason: string; need: string; deviceTime: string; lat: number; lon: number }
  'call.closed': { disposition: Disposition; deviceTime: string }
  'call.cancelled': { reason: string; from: CallStatus; code?: CancelCode }
  /** A note was added: its text is personal data, so it is not here; read the call again (GET /api/calls/{id}). */
  'call.note_added': { noteId: string }
  'team.created': { callSign: string; kind: TeamKind }
  'team.updated': { changed: string[] }
  'team.shift_started': { status: TeamStatus; shiftEndsAt: string | null; by?: 'rota' }
  'team.shift_ended': { status: TeamStatus; shiftEndsAt: string | null; by?: 'rota' }
  /** `outOfService`: why, and when it is expected back, when the team goes (or stays) out of service. */
  'team.status_changed': {
    from: TeamStatus
    to: TeamStatus
    reason?: TeamChangeReason
    deviceTime?: string
    outOfService?: { code: OutOfServiceCode | null; reason: string | null; expectedBackAt: string | null }
  }
  /**
   * No longer written: positions have their own store and come on the live stream batched (`positions` messages).
   * Rows of these types written before that stay in the append-only log; the stream never sends them.
   */
  'team.position': { lat: number; lon: number; accuracyMeters: number | null; deviceTime: string }
  /** No longer written (see team.position). */
  'team.position_late': { lat: number; lon: number; deviceTime: string }
  'demo.seeded': { teams: number }
  'team.rota_changed': { version: number; shifts: number; exceptions: number }
  'team.retired': { callSign: string }
  'team.reinstated': { callSign: string }
  /** A protocol version was put in force: every console's top bar shows it (every role receives this). */
  'triage.protocol_activated': { version: string; name: string; previous: string | null }
  /**
   * A 911 transfer whose address could not be placed: held until a person confirms the location (no address here: see the held transfer).
   */
  'transfer.held': { toLocateId: string; category: Category; response: ResponseType; priority: Priority; reason: HeldReason }
  /** A held transfer placed by a person: the event's callId is the call it became. */
  'transfer.located': { toLocateId: string; locationSource: LocationSource }
  'transfer.dismissed': { toLocateId: string; reason: string }
  /** A team held its emergency button: every console alerts until a dispatcher or supervisor acknowledges it. */
  'team.emergency': {
    emergencyId: string
    callSign: string
    lat: number | null
    lon: number | null
    positionAt: string | null
    deviceTime: string
    presses: number
  }
  'team.emergency_acknowledged': { emergencyId: string; callSign: string; byName: string; raisedAt: string }
  /** The team answered "All OK?" on scene. */
  'call.checked_in': { checkInId: string; deviceTime: string }
  /** A check-in due at dueAt was not answered within the grace period: raised once per due time. */
  'check_in.missed': {
    missId: string
    callSign: string
    dueAt: string
    lat: number | null
    lon: number | null
    positionAt: string | null
  }
  'check_in.resolved': { missId: string; callSign: string; resolution: MissResolution; byName: string }
  /** A facility's capacity was reported (by its staff, its own system, or the desk): every console's destination lists follow. */
  'facility.capacity_updated': {
    facilityId: string
    name: string
    kind: FacilityKind
    available: number
    accepting: boolean
    note: string | null
    byName: string | null
  }
  /** An admin added, changed or retired a facility. */
  'facility.changed': { facilityId: string; name: string; changed: string[] }
  /** At the facility's door: the person was accepted, or turned away with a reason from a fixed vocabulary. */
  'call.handoff': {
    transportId: string
    facilityId: string
    facilityName: string
    accepted: boolean
    reason: TurnAwayReason | null
    deviceTime: string
  }
}

export type EventType = keyof EventPayloads

// A record keyed by every event type, so adding a payload type without listing it fails to compile.
const LISTED: Record<EventType, true> = {
  'call.received': true,
  'call.triaged': true,
  'call.queued': true,
  'call.referred': true,
  'call.updated': true,
  'call.retriaged': true,
  'call.triage_overridden': true,
  'call.assigned': true,
  'call.requeued': true,
  'call.acknowledged': true,
  'call.en_route': true,
  'call.on_scene': true,
  'call.transporting': true,
  'call.at_facility': true,
  'call.backup_requested': true,
  'call.closed': true,
  'call.cancelled': true,
  'call.note_added': true,
  'team.created': true,
  'team.updated': true,
  'team.shift_started': true,
  'team.shift_ended': true,
  'team.status_changed': true,
  'team.position': true,
  'team.position_late': true,
  'demo.seeded': true,
  'team.rota_changed': true,
  'team.retired': true,
  'team.reinstated': true,
  'triage.protocol_activated': true,
  'transfer.held': true,
  'transfer.located': true,
  'transfer.dismissed': true,
  'team.emergency': true,
  'team.emergency_acknowledged': true,
  'call.checked_in': true,
  'check_in.missed': true,
  'check_in.resolved': true,
  'facility.capacity_updated': true,
  'facility.changed': true,
  'call.handoff': true
}
export const EVENT_TYPES = Object.keys(LISTED) as EventType[]

/** The field-status events, by the status they record. */
export const fieldStatusEvent = (status: FieldStatus): `call.${FieldStatus}` => `call.${status}`

interface EventEnvelope {
  seq: number
  at: string
  callId: string | null
  teamId: string | null
  actorId: string | null
}

/** A committed event: the audit trail entry and the live-stream message body. Narrow it on `type`. */
export type DomainEvent<K extends EventType = EventType> = K extends EventType
  ? EventEnvelope & { type: K; data: EventPayloads[K] }
  : never

/** An event as a viewer receives it on the live stream: roles that may not see all of it get part of its payload. */
export type LiveEvent<K extends EventType = EventType> = K extends EventType
  ? EventEnvelope & { type: K; data: Partial<EventPayloads[K]> }
  : never

/**
 * The live stream's own messages: the answer to a ping, the replay's end, "start again from seq", and
 * "this server is shutting down: reconnect now" (sent before the socket closes with 1012).
 */
export interface StreamControl {
  type: 'pong' | 'stream.live' | 'stream.reset' | 'stream.reconnect'
  seq: number
}

// the live stream's close codes, in a module of their own so that the web app's shell loads no schema library
export { LIVE_CLOSE } from './live-close'

/** What the live stream sends with a seq: events and control messages. */
export type LiveMessage = LiveEvent | StreamControl

/** Anything the live stream sends: those, and batched team positions (no seq: not events, never replayed). */
export type LiveStreamMessage = LiveMessage | PositionsMessage

/** An event to append inside a transaction. */
export type NewEvent<K extends EventType = EventType> = K extends EventType
  ? { type: K; data: EventPayloads[K]; callId?: string | null; teamId?: string | null; actorId?: string | null }
  : never

export const DomainEventSchema = Type.Object({
  seq: Type.Integer({ description: 'Monotonic sequence number; resume the live stream after it' }),
  at: Type.String({ format: 'date-time' }),
  type: Type.Enum([...EVENT_TYPES], { description: 'Dotted past tense, e.g. call.triaged, team.status_changed' }),
  callId: Type.Union([Type.String(), Type.Null()]),
  teamId: Type.Union([Type.String(), Type.Null()]),
  actorId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The payload of this event type (see EventPayloads in server/contracts/events.ts)'
  })
})
export type DomainEventWire = Static<typeof DomainEventSchema>
