// Table type for the append-only events table (audit trail and live feed). Written only by the events module.
import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'
import type { EventType } from '../../contracts/events'

export interface EventsTable {
  seq: ColumnType<string, never, never>
  at: Generated<Date>
  type: EventType
  call_id: string | null
  team_id: string | null
  actor_id: string | null
  data: ColumnType<unknown, RawBuilder<unknown>, never>
}

export type EventRow = Selectable<EventsTable>
