// Table type for idempotency claims and the answers they replay. Written and read only by the idempotency module.
import type { Generated, Selectable } from 'kysely'

export interface IdempotencyRequestsTable {
  user_id: string
  key: string
  method: string
  route: string
  request_hash: string
  /** The answer's status and body, once the request finished with a 2xx; null while it runs. */
  status: number | null
  response: string | null
  created_at: Generated<Date>
}

export type IdempotencyRequestRow = Selectable<IdempotencyRequestsTable>
