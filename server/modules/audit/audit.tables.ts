// Table type for the access log: who read which call's details, and when. Written and read only by the audit module.
import type { ColumnType, Generated, RawBuilder, Selectable } from 'kysely'

export interface AccessLogTable {
  id: Generated<string>
  at: Generated<Date>
  user_id: string | null
  action: string
  call_id: string | null
  /** The client's address of the request that read or changed (null for the server's own work). */
  ip: Generated<string | null>
  /** What an administrative change was about, e.g. user:<id>, team:<id>, triage_protocol:<version>. */
  subject: Generated<string | null>
  /** A bulk read (a list, the queue): every call it returned, in one row. */
  call_ids: ColumnType<string[] | null, string[] | null | undefined, never>
  /** What changed (field names and non-personal values, e.g. {"role": {"from": "dispatcher", "to": "supervisor"}}). */
  detail: ColumnType<unknown, RawBuilder<unknown> | null | undefined, never>
}

export type AccessLogRow = Selectable<AccessLogTable>
