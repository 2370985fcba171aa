// The live stream client: a plain class that connects, resumes from the last seq after a drop (backoff),
// sends heartbeats, detects a dead socket, and dispatches events by type and batched positions apart.
import type { LiveEvent, LiveStreamMessage } from '../../server/contracts/events'
import type { PositionsMessage } from '../../server/contracts/positions'
import { LIVE_CLOSE } from '../../server/contracts/live-close'

export type ConnectionState = 'connecting' | 'live' | 'offline'

interface Signals {
  /** The stream is live again (also after the first connect): views refetch what they show. */
  reconnected: { first: boolean; seq: number }
  state: ConnectionState
  /** The server closed the stream because the session ended (signed out elsewhere, deactivated, rights changed): sign out. */
  ended: { code: number }
  /** Every event, any type. */
  '*': LiveEvent
  /** Team positions, batched (at most one a second): every team's latest after (re)connecting (full), then the teams that moved. */
  positions: PositionsMessage
}
type Handler<T> = (payload: T) => void

export interface ConnectionOptions {
  /** Builds the websocket URL; since is undefined on the very first connect (start from now). */
  url: (since: number | undefined) => string
  heartbeatMs?: number
  /** No message for this long (pongs included) means the socket is dead. */
  deadAfterMs?: number
  minBackoffMs?: number
  maxBackoffMs?: number
}

export class LiveConnection {
  private ws: WebSocket | null = null
  private handlers = new Map<string, Set<Handler<never>>>()
  private lastSeq: number | undefined = undefined
  private attempts = 0
  private everLive = false
  private stopped = true
  private beat: ReturnType<typeof setInterval> | null = null
  private retry: ReturnType<typeof setTimeout> | null = null
  private lastMessageAt = 0
  state: ConnectionState = 'offline'

  constructor (private readonly opts: ConnectionOptions) {}

  get seq (): number | undefined {
    return this.lastSeq
  }

  on<K extends keyof Signals>(type: K, fn: Handler<Signals[K]>): () => void
  on (type: string, fn: Handler<LiveEvent>): () => void
  on (type: string, fn: Handler<never>): () => void {
    let set = this.handlers.get(type)
    if (!set) {
      set = new Set()
      this.handlers.set(type, set)
    }
    set.add(fn)
    return () => {
      set.delete(fn)
    }
  }

  private emit (type: string, payload: unknown): void {
    for (const fn of this.handlers.get(type) ?? []) (fn as Handler<unknown>)(payload)
  }

  private setState (s: ConnectionState): void {
    if (this.state === s) return
    this.state = s
    this.emit('state', s)
  }

  start (): void {
    if (!this.stopped) return
    this.stopped = false
    this.connect()
  }

  stop (): void {
    this.stopped = true
    if (this.retry) clearTimeout(this.retry)
    this.teardown()
    this.setState('offline')
  }

  /** Drop the socket now and reconnect (used when the browser says it is back online). */
  reconnectNow (): void {
    if (this.stopped) return
    if (this.retry) clearTimeout(this.retry)
    this.retry = null
    this.teardown()
    this.attempts = 0
    this.connect()
  }

  private teardown (): void {
    if (this.beat) clearInterval(this.beat)
    this.beat = null
    const ws = this.ws
    this.ws = null
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null
      try {
        ws.close()
      } catch {
        /* already closed */
      }
    }
  }

  private connect (): void {
    this.setState('connecting')
    const ws = new WebSocket(this.opts.url(this.lastSeq))
    this.ws = ws
    this.lastMessageAt = Date.now()
    ws.onopen = () => {
      this.lastMessageAt = Date.now()
      const every = this.opts.heartbeatMs ?? 15_000
      const dead = this.opts.deadAfterMs ?? every * 3
      this.beat = setInterval(() => {
        if (Date.now() - this.lastMessageAt > dead) {
          this.drop()
          return
        }
        try {
          ws.send(JSON.stringify({ type: 'ping' }))
        } catch {
          this.drop()
        }
      }, every)
    }
    ws.onmessage = (m: MessageEvent) => {
      this.lastMessageAt = Date.now()
      let msg: LiveStreamMessage
      try {
        msg = JSON.parse(String(m.data)) as LiveStreamMessage
      } catch {
        return
      }
      if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') return
      // positions are not events: no seq, nothing to resume from
      if (msg.type === 'positions') {
        if (Array.isArray(msg.teams)) this.emit('positions', msg)
        return
      }
      if (typeof msg.seq !== 'number') return
      if (msg.type === 'pong') return
      // The server is going down: come back as soon as it (or another process) answers, not after a long backoff.
      if (msg.type === 'stream.reconnect') {
        this.attempts = 0
        return
      }
      if (msg.type === 'stream.live' || msg.type === 'stream.reset') {
        this.lastSeq = Math.max(this.lastSeq ?? 0, msg.seq)
        if (msg.type === 'stream.reset') this.lastSeq = msg.seq
        if (msg.type === 'stream.live') {
          this.attempts = 0
          this.setState('live')
          this.emit('reconnected', { first: !this.everLive, seq: this.lastSeq })
          this.everLive = true
        }
        return
      }
      // the server never sends a seq twice on one socket; this guards a replay that overlaps what we have
      if (this.lastSeq !== undefined && msg.seq <= this.lastSeq) return
      this.lastSeq = msg.seq
      this.emit(msg.type, msg)
      this.emit('*', msg)
    }
    ws.onclose = (ev?: { code?: number }) => {
      const code = ev?.code
      if (code === LIVE_CLOSE.sessionEnded) {
        // The session is over on the server: reconnecting with this token would only be refused.
        this.stop()
        this.emit('ended', { code })
        return
      }
      if (code === LIVE_CLOSE.rightsChanged) {
        // Same session, new role or team: come back at once to get the stream as it now is.
        this.reconnectNow()
        return
      }
      this.drop()
    }
    ws.onerror = () => this.drop()
  }

  private drop (): void {
    if (this.ws === null) return
    this.teardown()
    if (this.stopped) return
    this.setState('offline')
    const min = this.opts.minBackoffMs ?? 500
    const max = this.opts.maxBackoffMs ?? 15_000
    const wait = Math.min(max, min * 2 ** this.attempts) * (0.75 + Math.random() * 0.5)
    this.attempts++
    this.retry = setTimeout(() => {
      this.retry = null
      this.connect()
    }, wait)
  }
}

export function liveUrl (token: string, since: number | undefined): string {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws'
  const q = new URLSearchParams({ token })
  if (since !== undefined) q.set('since', String(since))
  return `${proto}://${location.host}/api/live?${q.toString()}`
}
