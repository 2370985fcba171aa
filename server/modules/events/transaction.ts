// One transaction per state change, with its events appended inside it and published after commit.
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database'
import type { DomainEvent, NewEvent } from '../../contracts/events'
import { transactionWithFirstWrite } from '../../lib/request-context'
import { appendEvents } from './events.repository'
import { callIdsOf, type EventBus } from './event-bus'

export interface TxContext {
  trx: Transaction<Database>
  emit: (event: NewEvent) => void
}

/**
 * Runs `fn` in a transaction, appends the events it emitted, runs the bus's calls-written work for the calls they
 * name (the reports' projection), commits, then publishes them. A request's pending first write (its idempotency
 * claim) is made first in the same transaction, so the change and the claim commit together or not at all; a
 * duplicate that lost the race is refused (409).
 */
export async function inTransaction<T> (
  db: Kysely<Database>,
  bus: EventBus,
  fn: (ctx: TxContext) => Promise<T>
): Promise<{ result: T; events: DomainEvent[] }> {
  const out = await transactionWithFirstWrite(db, async (trx) => {
    const pending: NewEvent[] = []
    const result = await fn({
      trx,
      emit: (e) => {
        pending.push(e)
      }
    })
    const events = await appendEvents(trx, pending)
    // after every write of the change, so what runs here (the reports' projection) sees the call as it will commit
    await bus.callsWritten(trx, callIdsOf(events))
    return { result, events }
  })
  bus.publish(out.events)
  return out
}
