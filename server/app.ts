// buildApp(config, deps) → a Fastify instance with every module registered. It never listens.
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import websocket from '@fastify/websocket'
import { Type } from 'typebox'
import type { Config } from './config'
import type { DbHandle } from './db/create-db'
import type { AreaSets } from './lib/area-sets'
import { ping } from './db/create-db'
import { installErrorHandler } from './lib/error-handler'
import { withRedaction } from './lib/log'
import authPlugin from './modules/auth/auth.plugin'
import { authRoutes } from './modules/auth/auth.routes'
import { callsRoutes } from './modules/calls/calls.routes'
import ackSweeper from './modules/dispatch/ack-sweeper.plugin'
import { dispatchRoutes } from './modules/dispatch/dispatch.routes'
import type { EventBus } from './modules/events/event-bus'
import { liveWebPlugin } from './modules/realtime/realtime.routes'
import { reportsRoutes } from './modules/reports/reports.routes'
import { teamsRoutes } from './modules/teams/teams.routes'
import { triageRoutes } from './modules/triage/triage.routes'
import { createServices, type Services } from './services'

export interface AppDeps {
  db: DbHandle
  bus?: EventBus
  now?: () => Date
  /** The area sets a call's location is placed in at intake; omitted in unit tests. */
  areas?: AreaSets
  /** Run the acknowledgement sweeper on a timer (off in tests, which call sweep() directly). */
  sweeper?: boolean
  logger?: boolean | object
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
  const services = createServices(config, db, {
    bus: deps.bus,
    now: deps.now,
    areas: deps.areas,
    onListenerError: (err) => app.log.error({ err }, 'event listener failed')
  })
  const { auth, calls, teams, dispatch, bus } = services
  app.decorate('services', services)

  installErrorHandler(app)

  await app.register(swagger, {
    openapi: {
      info: { title: 'care dispatch API', version: '0.1.0', description: 'Dispatch for unarmed care teams: triage, calls, teams, assignments.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }]
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  await app.register(authPlugin, { auth, pg: deps.db.pg, cachesSessions: config.sessionCacheMs > 0 })

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
  await app.register(callsRoutes, { calls, afterIntake: dispatch.afterIntake })
  await app.register(dispatchRoutes, { dispatch })
  await app.register(liveWebPlugin, { db: deps.db, bus, config, callIdsOfTeam: services.dispatch.callIdsOfTeam })
  await app.register(reportsRoutes, { reports: services.reports, areaSets: deps.areas?.sets ?? [] })

  if (deps.sweeper !== false) await app.register(ackSweeper, { dispatch, intervalMs: config.ackSweepMs })

  return app
}
