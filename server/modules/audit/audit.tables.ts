// Table type for the access log: who read which call's details, and when. Written and read only by the audit module.
import type { Generated, Selectable } from 'kysely'

export interface AccessLogTable {
  id: Generated<string>
  at: Generated<Date>
  user_id: string | null
  action: string
  call_id: string | null
}

export type AccessLogRow = Selectable<AccessLogTable>
