// Live stream (GET /api/live websocket): replay after ?since=, then live events, filtered by the viewer's role.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { WebSocket } from '@fastify/websocket'
import type { Config } from '../../config'
import { LIVE_CLOSE, type DomainEvent } from '../../contracts/events'
import { ROLES } from '../../contracts/users'
import type { DbHandle } from '../../db/create-db'
import { userOf } from '../auth/auth.plugin'
import type { AuthService, AuthUser } from '../auth/auth.service'
import type { EventBus } from '../events/event-bus'
import { eventsSince } from '../events/events.service'
import { createRealtimeHub, type RealtimeHub } from './realtime.hub'
import { filterEvent, isLegacyPosition, type Viewer } from './realtime.filter'
import { createPositionsFeed, type FeedFix } from './positions-feed'
import { createPositionsSender } from './positions-sender'

export interface LiveOptions {
  db: DbHandle
  /** The calls each team is committed to now (the calls module answers): a responder sees these in full. */
  committedCallsOfTeams: (teamIds: readonly string[]) => Promise<Map<string, string[]>>
  /** Teams' latest positions (the teams module answers): every team's (afterSeq null), or those that moved after afterSeq. */
  latestFixes: (afterSeq: number | null) => Promise<FeedFix[]>
  /** Between two positions messages on one socket (default 1000 ms). */
  positionsIntervalMs?: number
  /** Revocations and a check of open sessions (the auth module answers): a socket ends with its session. */
  auth: Pick<AuthService, 'onRevoked' | 'liveSessions'>
  bus: EventBus
  config: Readonly<Config>
  /** How often every open socket's session is checked again (default: SESSION_CACHE_SECONDS, at least 1 s). */
  sessionCheckMs?: number
  /** Websocket ping interval; a socket that misses one pong is dropped. */
  heartbeatMs?: number
  /** Most events replayed on connect; a client further behind gets stream.reset and refetches. */
  maxReplay?: number
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeHub
  }
}

const ALL_ROLES = [...ROLES]
/** A frame of JSON text given as a Buffer (already encoded): sent as text, as a string would be. */
const TEXT = { binary: false }

export const liveRoutes: FastifyPluginAsyncTypebox<LiveOptions> = async (app, opts) => {
  const hub = createRealtimeHub({ db: opts.db.db, bus: opts.bus, pg: opts.db.pg, log: app.log })
  app.decorate('realtime', hub)
  const feed = createPositionsFeed({ read: opts.latestFixes, intervalMs: opts.positionsIntervalMs, log: app.log })
  app.addHook('onClose', async () => {
    await hub.close()
    await feed.close()
  })
  const positions = createPositionsSender()
  const heartbeatMs = opts.heartbeatMs ?? 25_000
  const maxReplay = opts.maxReplay ?? 10_000
  // Roles that see every event unchanged share one serialization per event, encoded once (sent as a text frame).
  const shared = new WeakMap<DomainEvent, Buffer>()

  // Open sockets and the session each was opened with. A revocation (this process's, or another's heard through
  // AUTH_CHANNEL) checks the sockets it names at once; every socket is checked again every sessionCheckMs in any
  // case (an expiry, a notification lost), and a responder's current calls are read again then too.
  interface LiveSocket {
    user: AuthUser
    viewer: Viewer
    end: (code: number, reason: string) => void
  }
  const sockets = new Set<LiveSocket>()
  async function recheck (which: (s: LiveSocket) => boolean): Promise<void> {
    const targets = [...sockets].filter(which)
    if (targets.length === 0) return
    const valid = await opts.auth.liveSessions([...new Set(targets.map((s) => s.user.sessionId))])
    for (const s of targets) {
      const now = valid.get(s.user.sessionId)
      if (now === undefined) s.end(LIVE_CLOSE.sessionEnded, 'session ended')
      else if (now.role !== s.user.role || now.teamId !== s.user.teamId) s.end(LIVE_CLOSE.rightsChanged, 'rights changed')
    }
  }
  async function resyncOwnCalls (): Promise<void> {
    const responders = [...sockets].filter((s) => s.viewer.role === 'responder' && s.viewer.teamId !== null)
    if (responders.length === 0) return
    const before = new Map(responders.map((s) => [s, new Set(s.viewer.ownCalls)]))
    const current = await opts.committedCallsOfTeams([...new Set(responders.map((s) => s.viewer.teamId!))])
    for (const s of responders) {
      const now = new Set(current.get(s.viewer.teamId!) ?? [])
      for (const id of now) s.viewer.ownCalls.add(id)
      // only what was there before the read and is not the team's now: an assignment heard meanwhile stays
      for (const id of before.get(s)!) if (!now.has(id)) s.viewer.ownCalls.delete(id)
    }
  }
  const offRevoked = opts.auth.onRevoked((r) => {
    recheck((s) => r.kind === 'any' || (r.kind === 'session' ? s.user.sessionId === r.id : s.user.id === r.id)).catch((err: unknown) =>
      app.log.error({ err }, 'live stream session check failed')
    )
  })
  const sessionCheckMs = Math.max(1000, opts.sessionCheckMs ?? opts.config.sessionCacheMs)
  const checker = setInterval(() => {
    recheck(() => true)
      .then(resyncOwnCalls)
      .catch((err: unknown) => app.log.error({ err }, 'live stream session check failed'))
  }, sessionCheckMs)
  checker.unref()
  app.addHook('onClose', async () => {
    clearInterval(checker)
    offRevoked()
  })

  app.get(
    '/api/live',
    {
      websocket: true,
      config: { roles: ALL_ROLES, queryToken: true },
      schema: {
        tags: ['realtime'],
        summary:
          'Websocket: domain events as JSON, each with its seq; replays after ?since=, then live. Team positions come batched, at most ' +
          'once a second: {type: "positions", full, teams: [{teamId, lat, lon, accuracyMeters?, at}]} (no seq, never replayed); after ' +
          'stream.live the first one is full (every team\'s latest position), the next ones carry the teams that moved. Filtered by role ' +
          'as GET /api/teams is',
        querystring: Type.Object({
          since: Type.Optional(Type.Integer({ minimum: 0, description: 'Last seq the client has; omitted = start from now' })),
          token: Type.Optional(Type.String({ description: 'Session token (browsers cannot set headers on a websocket)' }))
        })
      }
    },
    (socket: WebSocket, req) => {
      const user = userOf(req)
      const since = (req.query as { since?: number }).since
      const viewer: Viewer = { role: user.role, teamId: user.teamId, ownCalls: new Set() }
      const fullView = user.role === 'dispatcher' || user.role === 'supervisor' || user.role === 'admin'
      let lastSent = -1
      let live = false
      let open = true
      let alive = true
      const buffered: DomainEvent[] = []

      const sendRaw = (msg: object): void => {
        if (open && socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg))
      }
      // The frames of one delivery leave in one write (cork), not one system call each: with many consoles
      // open, positions alone are hundreds of frames a second per socket.
      const raw = (socket as unknown as { _socket?: { cork: () => void; uncork: () => void } })._socket
      const sendEvents = (events: DomainEvent[]): void => {
        if (events.length > 1 && raw) {
          raw.cork()
          try {
            sendEach(events)
          } finally {
            raw.uncork()
          }
        } else {
          sendEach(events)
        }
      }
      const sendEach = (events: DomainEvent[]): void => {
        for (const e of events) {
          if (e.seq <= lastSent) continue
          lastSent = e.seq
          if (!open || socket.readyState !== socket.OPEN) continue
          if (fullView) {
            if (isLegacyPosition(e)) continue
            let s = shared.get(e)
            if (s === undefined) {
              s = Buffer.from(JSON.stringify(e))
              shared.set(e, s)
            }
            socket.send(s, TEXT)
          } else {
            const f = filterEvent(viewer, e)
            if (f) socket.send(JSON.stringify(f))
          }
        }
      }

      // Attached before any await, so a message sent right after the upgrade is not lost.
      socket.on('message', (raw: Buffer | string) => {
        alive = true
        let msg: { type?: unknown } | null = null
        try {
          msg = JSON.parse(String(raw)) as { type?: unknown }
        } catch {
          /* not JSON: ignored */
        }
        if (msg && msg.type === 'ping') sendRaw({ type: 'pong', seq: Math.max(lastSent, 0) })
      })
      socket.on('pong', () => {
        alive = true
      })
      const beat = setInterval(() => {
        if (!alive) {
          socket.terminate()
          return
        }
        alive = false
        socket.ping()
      }, heartbeatMs)
      let remove = (): void => {}
      const entry: LiveSocket = {
        user,
        viewer,
        end: (code, reason) => {
          if (!open) return
          // nothing more is sent from now on, whatever the client does with the close
          open = false
          sockets.delete(entry)
          try {
            socket.close(code, reason)
          } catch {
            socket.terminate()
          }
        }
      }
      sockets.add(entry)
      let leaveFeed = (): void => {}
      socket.on('close', () => {
        open = false
        sockets.delete(entry)
        clearInterval(beat)
        remove()
        leaveFeed()
      })

      const start = async (): Promise<void> => {
        await hub.ready()
        if (!open) return
        const upTo = hub.watermark
        // Registered before the replay: live events arriving meanwhile wait in the buffer, then seq settles duplicates.
        remove = hub.add({
          deliver: (events) => {
            if (live) sendEvents(events)
            else buffered.push(...events)
          }
        })
        if (user.role === 'responder' && user.teamId) {
          for (const id of (await opts.committedCallsOfTeams([user.teamId])).get(user.teamId) ?? []) viewer.ownCalls.add(id)
        }
        if (since === undefined || since >= upTo) {
          lastSent = since !== undefined && since === upTo ? since : upTo
          if (since !== undefined && since > upTo) sendRaw({ type: 'stream.reset', seq: upTo })
        } else if (upTo - since > maxReplay) {
          lastSent = upTo
          sendRaw({ type: 'stream.reset', seq: upTo })
        } else {
          lastSent = since
          let cursor = since
          // eslint-disable-next-line no-unmodified-loop-condition -- the socket's close handler clears it
          while (open && cursor < upTo) {
            const batch = (await eventsSince(opts.db.db, cursor, 1000)).filter((e) => e.seq <= upTo)
            if (batch.length === 0) break
            sendEvents(batch)
            cursor = batch[batch.length - 1].seq
          }
          lastSent = Math.max(lastSent, upTo)
        }
        live = true
        sendEvents(buffered.splice(0))
        sendRaw({ type: 'stream.live', seq: lastSent })
        // positions after the events: the first batch, at the feed's next tick, has every team's latest position
        if (open && positions.sees(viewer)) {
          leaveFeed = feed.add({
            deliver: (fixes, full) => {
              if (open && socket.readyState === socket.OPEN) socket.send(positions.frame(viewer, fixes, full), TEXT)
            }
          })
        }
      }
      start().catch((err: unknown) => {
        req.log.error({ err }, 'live stream replay failed')
        socket.close(1011, 'replay failed')
      })
    }
  )
}

export default liveRoutes
