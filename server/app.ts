// buildApp(config, deps) → a Fastify instance with every module registered. It never listens.
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import websocket from '@fastify/websocket'
import { Type } from 'typebox'
import type { Config } from './config'
import type { DbHandle } from './db/create-db'
import { ping } from './db/create-db'
import { installErrorHandler } from './lib/error-handler'
import { withRedaction } from './lib/log'
import authPlugin from './modules/auth/auth.plugin'
import { authRoutes } from './modules/auth/auth.routes'
import { AUTH_CHANNEL, createAuthService, type AuthService } from './modules/auth/auth.service'
import { callsRoutes } from './modules/calls/calls.routes'
import { createCallsService, type CallsService } from './modules/calls/calls.service'
import { createEventBus, type EventBus } from './modules/events/event-bus'
import { teamsRoutes } from './modules/teams/teams.routes'
import { createTeamsService, type TeamsService } from './modules/teams/teams.service'
import { triageRoutes } from './modules/triage/triage.routes'
import { liveWebPlugin } from './modules/realtime/realtime.routes'

export interface AppDeps {
  db: DbHandle
  bus?: EventBus
  now?: () => Date
  /** Names the area of a point (LAPD division); omitted in unit tests. */
  areaOf?: (lat: number, lon: number) => string | null
  /** Run the acknowledgement sweeper on a timer (off in tests, which call sweep() directly). */
  sweeper?: boolean
  logger?: boolean | object
}

export interface Services {
  auth: AuthService
  calls: CallsService
  teams: TeamsService
  bus: EventBus
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

export async function buildApp (config: Readonly<Config>, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedaction(deps.logger),
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: false } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  const db = deps.db.db
  const now = deps.now ?? (() => new Date())
  const bus = deps.bus ?? createEventBus((err) => app.log.error({ err }, 'event listener failed'))
  const auth = createAuthService({ db, sessionTtlMs: config.sessionTtlMs, sessionCacheMs: config.sessionCacheMs, now })
  const teams = createTeamsService({ db, bus, staleAfterMs: config.staleAfterMs, now })
  const calls = createCallsService({
    db,
    bus,
    now,
    areaOf: deps.areaOf,
    ackTimeoutMs: config.ackTimeoutMs,
    staleAfterMs: config.staleAfterMs,
    travel: config.travel,
    queue: config.queue,
    autoDispatchPriorities: config.autoDispatchPriorities
  })
  app.decorate('services', { auth, calls, teams, bus })

  installErrorHandler(app)

  // Several processes on one PostgreSQL: a session revoked on another process leaves this one's cache now.
  const pg = deps.db.pg
  if (pg && config.sessionCacheMs > 0) {
    const sub = await pg.listen(AUTH_CHANNEL, (payload) => { auth.forget(payload) })
    app.addHook('onClose', async () => { await sub.unlisten() })
  }

  await app.register(swagger, {
    openapi: {
      info: { title: 'care dispatch API', version: '0.1.0', description: 'Dispatch for unarmed care teams: triage, calls, teams, assignments.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }]
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(authPlugin, { auth })

  app.get('/health', {
    config: { public: true },
    schema: {
      tags: ['health'],
      summary: 'Ready when migrations have run and the database answers',
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }), 503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }) }
    }
  }, async (_req, reply) => {
    if (await ping(db)) return { status: 'ok' as const, database: deps.db.engine }
    return reply.status(503).send({ status: 'unavailable' as const, database: deps.db.engine })
  })

  await app.register(authRoutes, { auth })
  await app.register(triageRoutes)
  await app.register(teamsRoutes, { teams })
  await app.register(callsRoutes, { calls })
  await app.register(liveWebPlugin, { db: deps.db, bus, config })

  if (deps.sweeper !== false) {
    let timer: NodeJS.Timeout | null = null
    let running = false
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        if (running) return
        running = true
        calls.sweep()
          .then((r) => { if (r.requeued || r.autoAssigned) app.log.info(r, 'sweep') })
          .catch((err) => app.log.error({ err }, 'sweep failed'))
          .finally(() => { running = false })
      }, config.ackSweepMs)
      timer.unref()
    })
    app.addHook('onClose', async () => { if (timer) clearInterval(timer) })
  }

  return app
}
