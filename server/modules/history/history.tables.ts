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
  imported_at: Generated<Date>
}

export type HistoricalCallRow = Selectable<HistoricalCallsTable>
