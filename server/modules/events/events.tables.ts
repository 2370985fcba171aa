// Table type for the append-only events table (audit trail and live feed).
import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'

export interface EventsTable {
  seq: ColumnType<string, never, never>
  at: Generated<Date>
  type: string
  call_id: string | null
  team_id: string | null
  actor_id: string | null
  data: ColumnType<unknown, RawBuilder<unknown>, never>
}

export type EventRow = Selectable<EventsTable>
