// Table types for calls and their triage history. Written and read only by the calls module.
import type { UnmetReason, UnmetReasonSource } from '../../domain/outcomes'
import type { ColumnType, Generated, RawBuilder, Selectable, Updateable } from 'kysely'
import type { Disposition } from '../../domain/lifecycle'
import type { Capability, CallStatus, Category, PlaceKind, Priority, ResponseType } from '../../domain/types'
import type { HandoffStep, MissingQuestion } from '../../domain/triage/types'
import type { CallSource, CancelCode, ReferralTarget } from '../../contracts/calls'
import type { AreaNames } from '../../lib/area-sets'
import type { Candidate, HeldReason, LocationMismatch, LocationSource, NearestCorner } from '../../contracts/geocoding'
import type { TransferDetails } from '../../contracts/events'

type Json<T> = ColumnType<T, RawBuilder<T> | RawBuilder<unknown>, RawBuilder<T> | RawBuilder<unknown>>

export interface CallsTable {
  id: Generated<string>
  received_at: Generated<Date>
  source: CallSource
  lat: number
  lon: number
  address: string | null
  area: string | null
  /** Area set id → area name (null: outside every area of the set), found at intake. */
  areas: ColumnType<AreaNames, RawBuilder<AreaNames> | undefined, RawBuilder<AreaNames>>
  callback: string | null
  caller_name: string | null
  language: string | null
  /** Approximate age of the person the call is about. */
  person_age: Generated<number | null>
  place_kind: Generated<PlaceKind | null>
  /** A parent's or guardian's callback (personal data, like callback). */
  guardian_callback: Generated<string | null>
  narrative: string | null
  call_type: string | null
  answers: Json<Record<string, string>>
  /** Capabilities the protocol's need rules asked for (youth), beyond the category's. */
  needs: ColumnType<
    Capability[],
    RawBuilder<Capability[]> | RawBuilder<unknown> | undefined,
    RawBuilder<Capability[]> | RawBuilder<unknown>
  >
  /** Hand-off steps for the team, from the protocol that triaged. */
  handoff: ColumnType<
    HandoffStep[],
    RawBuilder<HandoffStep[]> | RawBuilder<unknown> | undefined,
    RawBuilder<HandoffStep[]> | RawBuilder<unknown>
  >
  category: Category
  response: ResponseType
  priority: Priority
  reasons: Json<string[]>
  missing: Json<MissingQuestion[]>
  protocol_version: string
  triage_overridden: Generated<boolean>
  status: CallStatus
  referred_to: ReferralTarget | null
  team_id: string | null
  backup_requested_at: Date | null
  backup_reason: string | null
  disposition: Disposition | null
  disposition_notes: string | null
  cancel_code: Generated<CancelCode | null>
  cancel_reason: Generated<string | null>
  /** Why it was referred out: a person's words, or "triage"/"re-triage"/"override" when the protocol or an override referred it. */
  referral_reason: Generated<string | null>
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
  /** The sending centre's incident, for a transferred call (unique: a second transfer of it makes no second call). */
  upstream_id: Generated<string | null>
  /** Where the point came from: geocoded, map_click, typed_coordinates, 911_transfer (null: not said, or before this was kept). */
  location_source: Generated<LocationSource | null>
  /** The chosen search result's label, or the map click's "near Main & 5th (40 m)". */
  location_label: Generated<string | null>
  /** The nearest street corner at intake (for the care team's phone). */
  nearest_corner: ColumnType<NearestCorner | null, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>
  /** The typed address found more than 500 m from the pin. */
  location_mismatch: ColumnType<LocationMismatch | null, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>
  /** Why a care-eligible call got no care team (server/domain/outcomes.ts): a dispatcher's choice at refer, or the queue sweep's. */
  unmet_reason: Generated<UnmetReason | null>
  unmet_reason_source: Generated<UnmetReasonSource | null>
  unmet_reason_at: Generated<Date | null>
  version: Generated<number>
  updated_at: Generated<Date>
}

export type TriageKind = 'initial' | 'retriage' | 'override' | 'repair'

export interface CallTriagesTable {
  id: Generated<string>
  call_id: string
  at: Generated<Date>
  kind: TriageKind
  actor_id: string | null
  category: Category
  response: ResponseType
  priority: Priority
  reasons: Json<string[]>
  missing: Json<MissingQuestion[]>
  protocol_version: string
  override_reason: string | null
  input: Json<unknown>
}

/** A note on a call: personal data, kept here and never in events. */
export interface CallNotesTable {
  id: Generated<string>
  /** The order notes were written in. */
  seq: Generated<string>
  call_id: string
  at: Date
  author_id: string | null
  /** The author's name (or email) when the note was written. */
  author_name: string
  author_role: string
  text: string
}

/** One field of an edit: its value before and after. */
export interface FieldChange {
  field: string
  from: unknown
  to: unknown
}

/** One edit of a call's details (personal data: the old and new values), never in events. */
export interface CallEditsTable {
  id: Generated<string>
  call_id: string
  at: Date
  actor_id: string | null
  changes: Json<FieldChange[]>
}

export type CallNoteRow = Selectable<CallNotesTable>
export type CallEditRow = Selectable<CallEditsTable>
/** A 911 transfer whose address could not be placed, held until a person confirms the location. */
export interface CallsToLocateTable {
  id: Generated<string>
  received_at: Date
  upstream_id: string
  incident_id: string
  address: string
  reason: HeldReason
  reason_text: string
  candidates: Json<Candidate[]>
  /** The intake input without its location. */
  input: Json<HeldInput>
  transfer: Json<TransferDetails>
  category: Category
  response: ResponseType
  priority: Priority
  status: Generated<'waiting' | 'located' | 'dismissed'>
  call_id: string | null
  dismiss_reason: string | null
  created_by: string | null
  resolved_by: string | null
  resolved_at: Date | null
}

/** What a held transfer keeps of the intake input: everything but the location. */
export interface HeldInput {
  narrative: string | null
  callType: string | null
  callback: string | null
  source: CallSource
}

export type CallRow = Selectable<CallsTable>
export type CallToLocateRow = Selectable<CallsToLocateTable>
/** What a change to a call may set; the version and updated_at are the repository's business. */
export type CallPatch = Omit<Updateable<CallsTable>, 'id' | 'version' | 'updated_at' | 'received_at'>
export type CallTriageRow = Selectable<CallTriagesTable>
