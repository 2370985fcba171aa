// Offline outbox: field actions are queued with their device time (localStorage) and replayed in order.
import { ApiError, isNetworkError } from '../api/client'

export interface OutboxItem {
  id: string
  /** What the responder did, in words ("On scene", "Backup: police"). */
  label: string
  path: string
  body: Record<string, unknown>
  /** When it happened on the device; sent as body.deviceTime so the server records it, not the sync time. */
  deviceTime: string
  /** Only the newest item of a kind is kept (positions). */
  coalesce?: string
  /** Sent before everything else (an emergency): it jumps the queue, behind older urgent items only. */
  urgent?: boolean
}

export interface Rejected {
  item: OutboxItem
  message: string
}

/** Sends one item; the item's id goes as its Idempotency-Key, so a resend whose first answer was lost is answered, not refused. */
export type Sender = (path: string, body: Record<string, unknown>, idempotencyKey: string) => Promise<unknown>
interface Store {
  getItem: (k: string) => string | null
  setItem: (k: string, v: string) => void
}

export class Outbox {
  items: OutboxItem[]
  rejected: Rejected[] = []
  /** Bumped on every change (a React external-store snapshot). */
  rev = 0
  private flushing: Promise<void> | null = null
  /** The item on the wire: it keeps its place (an urgent item queued meanwhile goes behind it). */
  private sending: OutboxItem | null = null
  private listeners = new Set<() => void>()

  constructor (
    private readonly key: string,
    private readonly send: Sender,
    private readonly store: Store = localStorage,
    private readonly now = () => new Date()
  ) {
    try {
      this.items = JSON.parse(store.getItem(key) ?? '[]') as OutboxItem[]
    } catch {
      this.items = []
    }
  }

  subscribe (fn: () => void): () => void {
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }

  private changed (): void {
    this.rev++
    this.store.setItem(this.key, JSON.stringify(this.items))
    for (const fn of this.listeners) fn()
  }

  /**
   * Queues an action stamped with the device time now, then tries to send everything in order. An urgent
   * action (an emergency) goes ahead of everything not urgent, so it is the first thing sent when the
   * connection returns.
   */
  add (label: string, path: string, body: Record<string, unknown>, coalesce?: string, opts: { urgent?: boolean } = {}): Promise<void> {
    const deviceTime = this.now().toISOString()
    const item: OutboxItem = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      label,
      path,
      body: { ...body, deviceTime },
      deviceTime,
      coalesce,
      ...(opts.urgent ? { urgent: true } : {})
    }
    if (coalesce) this.items = this.items.filter((x) => x.coalesce !== coalesce || x === this.sending)
    if (item.urgent) {
      // behind the urgent items already queued (and the one on the wire), ahead of the rest
      let at = 0
      while (at < this.items.length && (this.items[at].urgent === true || this.items[at] === this.sending)) at++
      this.items.splice(at, 0, item)
    } else {
      this.items.push(item)
    }
    this.changed()
    return this.flush()
  }

  /** Whether an urgent action waits to be sent. */
  get urgentPending (): boolean {
    return this.items.some((x) => x.urgent === true)
  }

  /** Sends queued items oldest first. Stops at a network failure or a server error (kept for later);
   *  an item the server refuses (4xx) is set aside and shown, so it cannot block the rest. */
  flush (): Promise<void> {
    if (this.flushing) return this.flushing
    if (this.items.length === 0) return Promise.resolve()
    this.flushing = (async () => {
      await Promise.resolve() // never finish synchronously: the finally below must run after the assignment
      try {
        while (this.items.length > 0) {
          const item = this.items[0]
          this.sending = item
          try {
            await this.send(item.path, item.body, item.id)
          } catch (err) {
            if (isNetworkError(err) || (err instanceof ApiError && (err.status >= 500 || err.status === 401 || err.status === 429))) {
              return
            }
            this.rejected.push({ item, message: err instanceof Error ? err.message : String(err) })
          } finally {
            this.sending = null
          }
          // by identity: items may have been queued ahead of others while it was on the wire
          this.items = this.items.filter((x) => x !== item)
          this.changed()
        }
      } finally {
        this.flushing = null
      }
    })()
    return this.flushing
  }

  dismissRejected (): void {
    this.rejected = []
    this.rev++
    for (const fn of this.listeners) fn()
  }
}
