// Per-request context that reaches code far from the route: a write that must happen in the same
// transaction as the request's first state change (an idempotency claim), set by a plugin, made by
// the transaction helper or by a single-statement write.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Kysely, RawBuilder, Transaction } from 'kysely'
import type { Database } from '../db/database'

export interface FirstWrite {
  /** Makes the write inside a transaction; false when another request got there first. */
  inTransaction: (trx: Transaction<Database>) => Promise<boolean>
  /** The same write as a CTE named `claim` for a single-statement write; it yields a row when it took. */
  asCte: () => RawBuilder<unknown>
  /** When another request made the write first: what to throw (its answer once given, or a 409). */
  lostRace: () => Promise<Error>
}

export interface FirstWriteContext {
  firstWrite: FirstWrite
  /** Whether a transaction holding the write has committed. */
  made: boolean
}

const storage = new AsyncLocalStorage<FirstWriteContext>()

/** Runs `fn` (and everything it leads to) with the context's first write pending. */
export function runWithFirstWrite (ctx: FirstWriteContext, fn: () => void): void {
  storage.run(ctx, fn)
}

/** The pending first write, until a transaction that made it commits (then null). */
export function pendingFirstWrite (): FirstWrite | null {
  const ctx = storage.getStore()
  return ctx && !ctx.made ? ctx.firstWrite : null
}

/** Called after the commit of a transaction that made the first write. */
export function markFirstWriteMade (): void {
  const ctx = storage.getStore()
  if (ctx) ctx.made = true
}

/**
 * Runs `fn` in a transaction that first makes the request's pending first write (its idempotency claim), so the
 * change and the claim commit together or not at all; a duplicate that lost the race is refused (its answer, or 409).
 */
export async function transactionWithFirstWrite<T> (db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const first = pendingFirstWrite()
  const out = await db.transaction().execute(async (trx) => {
    if (first && !(await first.inTransaction(trx))) throw await first.lostRace()
    return await fn(trx)
  })
  if (first) markFirstWriteMade()
  return out
}
