// The realtime hub: committed events fan out to live-stream clients, each filtered for its viewer.
// One process (PGlite): events come from the in-process bus. Several processes on one PostgreSQL: every
// commit that appends events NOTIFYs its highest seq (inside the writing statement), and every process
// reads new events from the table by seq, so a client on any process sees every event exactly once.
import type { Kysely } from 'kysely'
import type postgres from 'postgres'
import type { DomainEvent } from '../../contracts/events'
import type { Database } from '../../db/database'
import type { EventBus } from '../events/event-bus'
import { EVENTS_CHANNEL, eventsSince, latestSeq } from '../events/events.service'

/** A seq gap on PostgreSQL may be a transaction that has not committed yet; wait this long before skipping it. */
const GAP_GRACE_MS = 2000
/** How long a notification waits for others to share its read (adds at most this to delivery). */
const COALESCE_MS = 5

export interface HubClient {
  /** Receives committed events in seq order, each once. */
  deliver: (events: DomainEvent[]) => void
}

export interface RealtimeHub {
  /** Highest seq handed to clients; a new client replays up to here from the table, then gets the rest live. */
  readonly watermark: number
  /** Resolves once the hub has started and has read every event announced so far. */
  ready: () => Promise<void>
  add: (client: HubClient) => () => void
  clientCount: () => number
  close: () => Promise<void>
}

export interface HubDeps {
  db: Kysely<Database>
  bus: EventBus
  /** postgres.js client: LISTEN/NOTIFY relay across processes. Null on PGlite (one process). */
  pg: postgres.Sql | null
  log?: { error: (obj: unknown, msg: string) => void }
}

export function createRealtimeHub (deps: HubDeps): RealtimeHub {
  const clients = new Set<HubClient>()
  let watermark = 0
  let closed = false
  const cleanups: Array<() => void | Promise<void>> = []

  function fanOut (events: DomainEvent[]): void {
    if (events.length === 0) return
    watermark = events[events.length - 1].seq
    for (const c of clients) {
      try {
        c.deliver(events)
      } catch (err) {
        deps.log?.error({ err }, 'live client failed')
      }
    }
  }

  // PostgreSQL relay: read the table after the watermark, in order, one reader at a time. Concurrent
  // callers share the running read, which goes round again if more was announced meanwhile.
  let pulling: Promise<void> | null = null
  let again = false
  let gapSince = 0
  let gapTimer: NodeJS.Timeout | null = null
  // With nobody listening the relay does not read; it notes that it is behind and catches up in ready().
  let behind = false
  function pull (): Promise<void> {
    if (pulling) {
      again = true
      return pulling
    }
    pulling = (async () => {
      try {
        do {
          again = false
          const batch = await eventsSince(deps.db, watermark, 2000)
          const out: DomainEvent[] = []
          let last = watermark
          for (const e of batch) {
            if (e.seq !== last + 1) {
              gapSince ||= Date.now()
              if (Date.now() - gapSince < GAP_GRACE_MS) {
                gapTimer ??= setTimeout(() => {
                  gapTimer = null
                  pull().catch(() => {})
                }, 100)
                break
              }
            }
            gapSince = 0
            out.push(e)
            last = e.seq
          }
          if (out.length && out.length === batch.length) gapSince = 0
          fanOut(out)
          if (batch.length === 2000 && out.length === batch.length) again = true
          // eslint-disable-next-line no-unmodified-loop-condition -- close() sets it
        } while (again && !closed)
      } catch (err) {
        deps.log?.error({ err }, 'live relay read failed')
      } finally {
        pulling = null
      }
    })()
    return pulling
  }
  // Notifications a few milliseconds apart share one read and one delivery: under a busy shift (hundreds
  // of positions a second) that is one corked write per console instead of one per event.
  let soon: NodeJS.Timeout | null = null
  const announced = (): void => {
    if (clients.size === 0) {
      behind = true
      return
    }
    soon ??= setTimeout(() => {
      soon = null
      pull().catch(() => {})
    }, COALESCE_MS)
  }

  const started = (async () => {
    watermark = await latestSeq(deps.db)
    const pg = deps.pg
    if (pg) {
      const sub = await pg.listen(EVENTS_CHANNEL, announced)
      cleanups.push(async () => {
        await sub.unlisten()
      })
      // a periodic pull closes gaps even if a notification was lost (e.g. during a reconnect of the listener)
      const t = setInterval(announced, 1000)
      t.unref()
      cleanups.push(() => clearInterval(t))
      await pull()
    } else {
      cleanups.push(deps.bus.subscribe((events) => fanOut(events.filter((e) => e.seq > watermark))))
    }
  })()
  started.catch((err: unknown) => deps.log?.error({ err }, 'live hub failed to start'))

  return {
    get watermark () {
      return watermark
    },
    ready: async () => {
      await started
      if (behind) {
        behind = false
        await pull()
      } else if (pulling) await pulling
    },
    add (client) {
      clients.add(client)
      if (behind) {
        behind = false
        pull().catch(() => {})
      }
      return () => {
        clients.delete(client)
      }
    },
    clientCount: () => clients.size,
    async close () {
      closed = true
      if (gapTimer) clearTimeout(gapTimer)
      if (soon) clearTimeout(soon)
      await started.catch(() => {})
      for (const c of cleanups.splice(0)) await c()
      clients.clear()
    }
  }
}
