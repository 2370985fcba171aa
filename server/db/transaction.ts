// One transaction per state change, with its events appended inside it and published after commit.
import type { Kysely, Transaction } from 'kysely'
import type { Database } from './database'
import { appendEvents, type NewEvent } from '../modules/events/events.repository'
import type { EventBus } from '../modules/events/event-bus'
import type { DomainEvent } from '../contracts/events'

export interface TxContext {
  trx: Transaction<Database>
  emit: (event: NewEvent) => void
}

export async function inTransaction<T> (db: Kysely<Database>, bus: EventBus, fn: (ctx: TxContext) => Promise<T>): Promise<{ result: T, events: DomainEvent[] }> {
  const out = await db.transaction().execute(async (trx) => {
    const pending: NewEvent[] = []
    const result = await fn({ trx, emit: (e) => { pending.push(e) } })
    const events = await appendEvents(trx, pending)
    return { result, events }
  })
  bus.publish(out.events)
  return out
}
