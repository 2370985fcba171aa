// Table type for historical call records (a city's CAD history). Written and read only by the history module.
import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'
import type { Category, Priority, ResponseType } from '../../domain/types'
import type { AreaNames } from '../../lib/area-sets'

type Json<T> = ColumnType<T, RawBuilder<T> | RawBuilder<unknown> | undefined, RawBuilder<T> | RawBuilder<unknown>>

export interface HistoricalCallsTable {
  id: Generated<string>
  source: string
  source_id: string
  import_id: string | null
  received_at: Date
  call_type: string
  call_type_text: string | null
  upstream_priority: string | null
  category: Category
  response: ResponseType
  priority: Priority
  protocol_version: string
  lat: number | null
  lon: number | null
  address: string | null
  areas: Json<AreaNames>
  upstream_area: string | null
  disposition: string | null
  dispatched_at: Date | null
  en_route_at: Date | null
  on_scene_at: Date | null
  cleared_at: Date | null
  /** Whether the source recorded that the call ended with no police (null: it does not say; a CAD export never does). */
  without_police: ColumnType<boolean | null, boolean | null | undefined, boolean | null>
  imported_at: Generated<Date>
}

export type HistoricalCallRow = Selectable<HistoricalCallsTable>

export type ImportStatus = 'waiting' | 'running' | 'done' | 'failed'

/** One import of a CAD export: who, when, which file and mapping, and the counts (updated as it runs). */
export interface ImportRunsTable {
  id: Generated<string>
  source: string
  file_name: string
  file_bytes: number | null
  mapping: Json<Record<string, string[]>>
  time_zone: string
  code_book_name: string | null
  code_book: string | null
  header: ColumnType<string[] | null, RawBuilder<unknown> | null | undefined, RawBuilder<unknown> | null>
  status: ImportStatus
  actor_id: string | null
  actor: string
  created_at: Generated<Date>
  started_at: Date | null
  finished_at: Date | null
  updated_at: Generated<Date>
  bytes_read: Generated<number>
  rows_read: Generated<number>
  imported: Generated<number>
  skipped: Generated<number>
  rejected: Generated<number>
  rejected_by_reason: Json<Record<string, number>>
  responses: Json<Record<string, number>>
  call_types: Generated<number>
  seconds: number | null
  error: string | null
  /** When the run's rejects were removed (IMPORT_REJECTS_RETENTION_DAYS); null while kept. */
  rejects_purged_at: Date | null
}

/**
 * A rejected row of an import: its line, why, and the values of the columns the mapping reads (keptColumns, in
 * header order), never the file's other columns; a malformed record keeps none.
 */
export interface ImportRejectsTable {
  import_id: string
  line: number
  reason: string
  message: string
  fields: Json<string[]>
}

export type ImportRunRow = Selectable<ImportRunsTable>
export type ImportRejectRow = Selectable<ImportRejectsTable>
