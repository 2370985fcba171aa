// In-process bus: committed events go to subscribers (the realtime hub) after the transaction commits; work that must
// commit with a change of calls (the reporting module's projection) runs inside its transaction, before commit.
import type { DomainEvent } from '../../contracts/events'
import type { Executor } from '../../db/database'

export type EventListener = (events: DomainEvent[]) => void

/** Work inside a transaction that wrote these calls (live or imported ids), before it commits; a throw rolls it back. */
export type CallsWrittenHook = (trx: Executor, callIds: readonly string[]) => Promise<void>

export interface EventBus {
  publish: (events: DomainEvent[]) => void
  subscribe: (fn: EventListener) => () => void
  /** Registers work to run in every transaction that writes calls (inTransaction: every call its events name). */
  onCallsWritten: (fn: CallsWrittenHook) => () => void
  /** Runs that work for these calls, in the writer's transaction (a no-op with none registered, as in unit tests). */
  callsWritten: (trx: Executor, callIds: readonly string[]) => Promise<void>
}

export function createEventBus (onError: (err: unknown) => void = () => {}): EventBus {
  const listeners = new Set<EventListener>()
  const hooks = new Set<CallsWrittenHook>()
  return {
    publish (events) {
      if (events.length === 0) return
      for (const fn of listeners) {
        try {
          fn(events)
        } catch (err) {
          onError(err)
        }
      }
    },
    subscribe (fn) {
      listeners.add(fn)
      return () => {
        listeners.delete(fn)
      }
    },
    onCallsWritten (fn) {
      hooks.add(fn)
      return () => {
        hooks.delete(fn)
      }
    },
    async callsWritten (trx, callIds) {
      if (callIds.length === 0) return
      // in order, never concurrently: one transaction is one connection
      for (const fn of hooks) await fn(trx, callIds)
    }
  }
}

/** The calls a batch of events is about. */
export function callIdsOf (events: ReadonlyArray<{ callId?: string | null }>): string[] {
  const ids = new Set<string>()
  for (const e of events) if (e.callId) ids.add(e.callId)
  return [...ids]
}
