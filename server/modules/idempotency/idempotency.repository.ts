// Idempotency claims: taken in the transaction of the change they guard (or in its single statement),
// then given the answer to replay.
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'
import type { IdempotencyRequestRow } from './idempotency.tables'

export interface Claim {
  userId: string
  key: string
  method: string
  route: string
  requestHash: string
}

export async function findClaim (db: Executor, userId: string, key: string): Promise<IdempotencyRequestRow | undefined> {
  return await db.selectFrom('idempotency_requests').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst()
}

/** Takes the claim; false when it was already taken (a concurrent duplicate got there first). */
export async function insertClaim (db: Executor, c: Claim, answer?: { status: number; response: string }): Promise<boolean> {
  const r = await db
    .insertInto('idempotency_requests')
    .values({
      user_id: c.userId,
      key: c.key,
      method: c.method,
      route: c.route,
      request_hash: c.requestHash,
      status: answer?.status ?? null,
      response: answer?.response ?? null
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst()
  return r !== undefined
}

/** The claim as the CTE `claim` of a single-statement write: it yields a row only when it took. */
export function claimCte (c: Claim): RawBuilder<unknown> {
  return sql`claim as (insert into idempotency_requests (user_id, key, method, route, request_hash)
    values (${c.userId}::uuid, ${c.key}, ${c.method}, ${c.route}, ${c.requestHash})
    on conflict (user_id, key) do nothing returning key)`
}

export async function saveAnswer (db: Executor, userId: string, key: string, status: number, response: string): Promise<void> {
  await db.updateTable('idempotency_requests').set({ status, response }).where('user_id', '=', userId).where('key', '=', key).execute()
}

/** Forgets claims older than `before` (a retry comes within minutes, not days). */
export async function pruneClaims (db: Executor, before: Date): Promise<number> {
  const r = await db.deleteFrom('idempotency_requests').where('created_at', '<', before).executeTakeFirst()
  return Number(r.numDeletedRows)
}
