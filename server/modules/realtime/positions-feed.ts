// The live positions feed: once a second, while this process has live clients, it reads the teams whose latest
// position changed since its last look (every process reads the database, so a fix taken by any process reaches
// every console) and hands each client one batch. A client that joins gets every team's latest position in its
// first batch. Positions are not events: there is no bus, no NOTIFY and no event row behind them.

/** A team's latest fix as the feed reads it; seq (team_position_seq) grows with each fix taken as latest. */
export interface FeedFix {
  teamId: string
  lat: number
  lon: number
  accuracyMeters: number | null
  at: Date
  seq: number
}

export interface FeedClient {
  /** One batch: full = every team's latest position (the client's first), else the teams that moved since the last. */
  deliver: (fixes: readonly FeedFix[], full: boolean) => void
}

export interface PositionsFeed {
  /** Adds a client; its first batch, at the next tick, is full. Answers its removal. */
  add: (client: FeedClient) => () => void
  clientCount: () => number
  close: () => Promise<void>
}

export interface PositionsFeedDeps {
  /** Every team's latest fix (afterSeq null), or those taken as latest after afterSeq. */
  read: (afterSeq: number | null) => Promise<FeedFix[]>
  /** Between one batch and the next (default 1000 ms): a socket never gets two batches closer than this. */
  intervalMs?: number
  /**
   * A fix numbered before the highest number seen may still commit a moment later (numbers are taken before the
   * commit): each read looks this far back (default 5000 ms) and leaves out what was already sent.
   */
  lookbackMs?: number
  log?: { error: (obj: unknown, msg: string) => void }
  now?: () => number
}

/** Clients handed a batch between two turns of the event loop. */
const SLICE = 20

export function createPositionsFeed (deps: PositionsFeedDeps): PositionsFeed {
  const intervalMs = deps.intervalMs ?? 1000
  const lookbackMs = deps.lookbackMs ?? 5000
  const now = deps.now ?? Date.now
  const clients = new Set<FeedClient>()
  const joining = new Set<FeedClient>()
  const gone = new WeakSet<FeedClient>()
  /** The seq of each team's fix last handed to the clients. */
  const sent = new Map<string, number>()
  /** The highest seq seen at each recent tick: the read's lower bound is the last one older than lookbackMs. */
  let marks: Array<{ t: number; seq: number }> = []
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let closed = false

  function lowerBound (t: number): number | null {
    let low: number | null = null
    let keepFrom = 0
    for (let i = 0; i < marks.length; i++) {
      if (marks[i].t <= t - lookbackMs) {
        low = marks[i].seq
        keepFrom = i
      }
    }
    if (keepFrom > 0) marks = marks.slice(keepFrom)
    return low
  }

  async function tick (): Promise<void> {
    timer = null
    if (closed || (clients.size === 0 && joining.size === 0)) {
      marks = []
      sent.clear()
      return
    }
    const t = now()
    const newcomers = [...joining]
    joining.clear()
    // a newcomer needs everything; so does a feed that has not looked back far enough yet
    const low = newcomers.length > 0 ? null : lowerBound(t)
    let rows: FeedFix[]
    try {
      rows = await deps.read(low)
    } catch (err) {
      deps.log?.error({ err }, 'live positions read failed')
      for (const c of newcomers) joining.add(c)
      return
    }
    const moved: FeedFix[] = []
    let max = marks.length > 0 ? marks[marks.length - 1].seq : 0
    for (const f of rows) {
      if (f.seq > max) max = f.seq
      const last = sent.get(f.teamId)
      if (last !== undefined && f.seq <= last) continue
      sent.set(f.teamId, f.seq)
      moved.push(f)
    }
    marks.push({ t, seq: max })
    if (moved.length > 0) await inSlices([...clients], (c) => c.deliver(moved, false))
    for (const c of newcomers) {
      if (closed) break
      // a newcomer that left while the feed was reading or writing is not kept
      if (gone.has(c)) continue
      clients.add(c)
      try {
        c.deliver(rows, true)
      } catch (err) {
        deps.log?.error({ err }, 'live positions client failed')
      }
    }
  }

  /**
   * Hands a batch to the clients a slice at a time, letting the process answer requests between slices: a batch
   * written to hundreds of sockets in one go held every request waiting behind it.
   */
  async function inSlices (targets: FeedClient[], deliver: (c: FeedClient) => void): Promise<void> {
    for (let i = 0; i < targets.length; i++) {
      if (i > 0 && i % SLICE === 0) {
        await new Promise((resolve) => setImmediate(resolve))
        if (closed) return
      }
      // a client that left meanwhile is not written to
      if (!clients.has(targets[i])) continue
      try {
        deliver(targets[i])
      } catch (err) {
        deps.log?.error({ err }, 'live positions client failed')
      }
    }
  }

  function schedule (delay: number): void {
    if (closed || timer || running) return
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null
        // the next batch an interval after this one was handed out, so no socket gets two within intervalMs
        if (clients.size > 0 || joining.size > 0) schedule(intervalMs)
      })
    }, delay)
    timer.unref?.()
  }

  return {
    add (client) {
      joining.add(client)
      // idle: the newcomer's full batch now; otherwise at the next tick
      schedule(0)
      return () => {
        gone.add(client)
        joining.delete(client)
        clients.delete(client)
      }
    },
    clientCount: () => clients.size + joining.size,
    async close () {
      closed = true
      if (timer) clearTimeout(timer)
      timer = null
      await running
      clients.clear()
      joining.clear()
    }
  }
}
