// In-process bus: committed events go to subscribers (the realtime hub) after the transaction commits.
import type { DomainEvent } from '../../contracts/events'

export type EventListener = (events: DomainEvent[]) => void

export interface EventBus {
  publish: (events: DomainEvent[]) => void
  subscribe: (fn: EventListener) => () => void
}

export function createEventBus (onError: (err: unknown) => void = () => {}): EventBus {
  const listeners = new Set<EventListener>()
  return {
    publish (events) {
      if (events.length === 0) return
      for (const fn of listeners) {
        try { fn(events) } catch (err) { onError(err) }
      }
    },
    subscribe (fn) {
      listeners.add(fn)
      return () => { listeners.delete(fn) }
    }
  }
}
