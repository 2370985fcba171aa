// Types of the reporting module's own table report_facts (migration 2026_12_15_1000: the narrow projection of every call,
// kept in step by the calls and history modules through the reporting service, see report-facts.ts), of report_source (the
// view a projected row is computed from) and of report_calls (the view of the projection reports read; migrations
// 2026_11_29_2000 to 2026_12_15_1000): live calls and imported history, de-identified. Read only by the reports module.
import type { Selectable } from 'kysely'
import type { UnmetReason } from '../../domain/outcomes'
import type { Disposition } from '../../domain/lifecycle'
import type { Category, PlaceKind, Priority, ResponseType, TeamKind } from '../../domain/types'
import type { AreaNames } from '../../lib/area-sets'

export type ReportSource = 'live' | 'imported'
export type ReportState = 'open' | 'closed' | 'referred' | 'cancelled'

/** One row per call: times, triage, areas and outcome fields only. No name, callback, narrative, address or coordinates. */
export interface ReportCallsTable {
  source: ReportSource
  received_at: Date
  dispatched_at: Date | null
  en_route_at: Date | null
  on_scene_at: Date | null
  cleared_at: Date | null
  /** When the call stopped waiting for a team: dispatched, referred or cancelled. */
  queue_left_at: Date | null
  category: Category
  response: ResponseType
  priority: Priority
  areas: AreaNames
  /** Kind of the (last) primary team; null when no team was assigned or for imported records. */
  team_kind: TeamKind | null
  state: ReportState
  referred_to: string | null
  /** The controlled vocabulary; an imported record's other dispositions read 'other'. */
  disposition: Disposition | 'other' | null
  transported: boolean
  backup_requested: boolean
  backup_need: 'care_team' | 'ems' | 'police' | null
  backup_team_kind: TeamKind | null
  /** A care response asked for the youth capability; null for imported records (not recorded). */
  youth: boolean | null
  /** The kind of place recorded at intake; null when not recorded (and for imported records). */
  place_kind: PlaceKind | null
  /** Why a care-eligible live call got no care team; null when none was recorded (always for imported records). */
  unmet_reason: UnmetReason | null
  unmet_reason_source: 'dispatcher' | 'system' | null
  /** The cancel code of a cancelled live call (caller_cancelled reads as caller_declined); null for imported records. */
  cancel_code: string | null
  /** An imported record's own word on police: true none came, false they did, null not recorded (always null for live calls). */
  recorded_without_police: boolean | null
  /** 'live', or the source an imported record came from (the import's source name). */
  origin: string
  /** The Monday (a date) of the local week of received_at, in report_facts_zone's zone (migration 2026_12_16_1000). */
  local_week: Date
  /** The local hour 0–23 of received_at, in the same zone. */
  local_hour: number
  /** The local ISO weekday 1 (Monday) – 7 of received_at, in the same zone. */
  local_dow: number
}

export type ReportCallRow = Selectable<ReportCallsTable>

/** report_facts: one row per call (live or imported), keyed by the call's or the record's id. */
export interface ReportFactsTable extends ReportCallsTable {
  call_id: string
}

/** report_source (a view): what report_facts holds, computed from the calls and historical records as they stand. */
export interface ReportSourceTable extends ReportCallsTable {
  call_id: string
}

/** report_facts_zone: one row, the zone report_facts' local columns are in (recomputed on start when TIME_ZONE changed). */
export interface ReportFactsZoneTable {
  only_row: boolean
  time_zone: string
}

/** A completed follow-up (view report_follow_ups, migration 2026_12_14_1200): when it was done and the call's areas, nothing else. */
export interface ReportFollowUpsTable {
  completed_at: Date
  due_at: Date
  areas: AreaNames
}
