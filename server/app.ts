// buildApp(config, deps) → a Fastify instance with every module registered. It never listens.
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import rateLimit from '@fastify/rate-limit'
import websocket from '@fastify/websocket'
import { Type } from 'typebox'
import type { Config } from './config'
import type { DbHandle } from './db/create-db'
import type { AreaSets } from './lib/area-sets'
import { ping } from './db/create-db'
import { FORM_BODY, installBodyLimits } from './lib/body-limits'
import { installErrorHandler } from './lib/error-handler'
import { schemaErrorFormatter } from './lib/validation-errors'
import { requestValidatorCompiler, responseSerializerCompiler } from './lib/validators'
import { installSecurityHeaders } from './lib/security-headers'
import { installTextGuard } from './lib/text-guard'
import { runWithOrigin } from './lib/request-origin'
import { withRedaction } from './lib/log'
import { auditRoutes } from './modules/audit/audit.routes'
import callChangesAudit from './modules/audit/call-changes.plugin'
import authPlugin from './modules/auth/auth.plugin'
import { authRoutes } from './modules/auth/auth.routes'
import { signInRoutes } from './modules/auth/sign-in.routes'
import { usersAdminRoutes } from './modules/auth/users-admin.routes'
import { callsRoutes } from './modules/calls/calls.routes'
import idempotency from './modules/idempotency/idempotency.plugin'
import ackSweeper from './modules/dispatch/ack-sweeper.plugin'
import { dispatchRoutes } from './modules/dispatch/dispatch.routes'
import type { EventBus } from './modules/events/event-bus'
import { liveRoutes } from './modules/realtime/realtime.routes'
import { webConfigRoutes } from './modules/web/config.routes'
import { webRoutes } from './modules/web/web.routes'
import { geographyRoutes } from './modules/geography/geography.routes'
import { planningRoutes } from './modules/planning/planning.routes'
import { reportsRoutes } from './modules/reports/reports.routes'
import { followUpsRoutes } from './modules/followups/followups.routes'
import { publicRoutes } from './modules/public/public.routes'
import { simulatorCodeVersion } from '../simulations/code-version'
import { teamsRoutes } from './modules/teams/teams.routes'
import { teamAdminRoutes } from './modules/teams/team-admin.routes'
import rotaScheduler from './modules/teams/rota-scheduler.plugin'
import positionPruner from './modules/teams/position-pruner.plugin'
import { triageRoutes } from './modules/triage/triage.routes'
import protocolsPlugin from './modules/triage/protocols.plugin'
import { interopRoutes } from './modules/interop/interop.routes'
import { withEidoExamples } from './modules/interop/interop.openapi'
import { withLiveMessages } from './modules/realtime/realtime.openapi'
import { historyRoutes } from './modules/history/history.routes'
import { geocodingRoutes } from './modules/geocoding/geocoding.routes'
import type { GeocodingService } from './modules/geocoding/geocoding.service'
import { toLocateRoutes } from './modules/calls/to-locate.routes'
import { safetyRoutes } from './modules/safety/safety.routes'
import { facilitiesRoutes } from './modules/facilities/facilities.routes'
import checkInSweeper from './modules/safety/check-in-sweeper.plugin'
import { createServices, type Services } from './services'

export interface AppDeps {
  db: DbHandle
  bus?: EventBus
  now?: () => Date
  /** The area sets a call's location is placed in at intake; omitted in unit tests. */
  areas?: AreaSets
  /**
   * Run the acknowledgement sweeper, the rota scheduler and the check-in sweeper on timers (off in tests, which call sweep(), runRotas()
   * and safety.sweep() directly).
   */
  sweeper?: boolean
  logger?: boolean | object
  /** A geocoding service built elsewhere (tests with recorded remote answers); else one from config. */
  geocoding?: GeocodingService
  /** Told of every route as it is registered (the route-table test compares them with server/contracts/api.ts). */
  onRoute?: (route: RouteOptions) => void
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
    bodyLimit: FORM_BODY,
    schemaErrorFormatter
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(requestValidatorCompiler())
  app.setSerializerCompiler(responseSerializerCompiler())
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute)

  const db = deps.db.db
  const services = createServices(config, db, {
    bus: deps.bus,
    now: deps.now,
    areas: deps.areas,
    pg: deps.db.pg,
    geocoding: deps.geocoding,
    onListenerError: (err) => app.log.error({ err }, 'event listener failed'),
    onGeocoderError: (provider, err) =>
      app.log.warn({ provider, err: err.message }, 'geocoder failed: the next one in GEOCODERS answers')
  })
  const { auth, audit, calls, teams, dispatch, bus } = services
  app.decorate('services', services)
  // The file's protocol version is stored if absent; the database's active version, if any, is in force.
  await services.protocols.start(config.protocolFile)
  // The city's geocoding index (built once per process): intake's nearest corner and address check need it.
  await services.geocoding.ready()

  installErrorHandler(app)
  // The audit trail records each read and change with the client's address.
  app.addHook('onRequest', (req, _reply, done) => {
    runWithOrigin({ ip: req.ip }, done)
  })
  installTextGuard(app)
  installBodyLimits(app)

  await installSecurityHeaders(app, { tileUrl: config.tileUrl })
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'care dispatch API',
        version: '0.1.0',
        description: 'Dispatch for unarmed care teams: triage, calls, teams, assignments.'
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }]
    },
    transformObject: (d) => withLiveMessages(withEidoExamples('openapiObject' in d ? d.openapiObject : d.swaggerObject))
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // On shutdown, tell every live client to reconnect (to this server once it is back, or another one).
    preClose (done) {
      for (const client of this.websocketServer.clients) {
        try {
          client.send(JSON.stringify({ type: 'stream.reconnect', seq: 0 }))
          client.close(1012, 'server restarting')
        } catch {
          /* already gone */
        }
      }
      done()
    }
  })
  // Limits are per route (login); the message keeps the one error shape.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'CD_TOO_MANY_REQUESTS',
      message: `too many requests from this address: try again in ${ctx.after}`
    })
  })
  await app.register(authPlugin, { auth, pg: deps.db.pg, cachesSessions: config.sessionCacheMs > 0 })
  await app.register(idempotency, { db, now: deps.now ?? (() => new Date()) })
  await app.register(callChangesAudit, { audit })

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Ready when migrations have run and the database answers',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() })
        }
      }
    },
    async (_req, reply) => {
      if (await ping(db)) return { status: 'ok' as const, database: deps.db.engine }
      return reply.status(503).send({ status: 'unavailable' as const, database: deps.db.engine })
    }
  )

  await app.register(authRoutes, { auth, loginRatePerMinute: config.loginRatePerMinute })
  await app.register(signInRoutes, { auth, loginRatePerMinute: config.loginRatePerMinute })
  await app.register(usersAdminRoutes, { auth })
  await app.register(protocolsPlugin, { protocols: services.protocols, pg: deps.db.pg, checkMs: config.protocolCheckMs })
  await app.register(triageRoutes, {
    protocols: services.protocols,
    impactSources: { liveCalls: calls.triageInputsSince, importedCallTypes: services.history.callTypeCounts }
  })
  await app.register(teamsRoutes, { teams })
  await app.register(teamAdminRoutes, { teams })
  await app.register(callsRoutes, { calls, afterIntake: dispatch.afterIntake })
  await app.register(dispatchRoutes, { dispatch })
  await app.register(auditRoutes, { audit })
  await app.register(interopRoutes, {
    calls,
    teams,
    geocoding: services.geocoding,
    afterIntake: dispatch.afterIntake,
    agencyId: config.eidoAgencyId,
    timeZone: config.timeZone
  })
  await app.register(geocodingRoutes, { geocoding: services.geocoding })
  await app.register(toLocateRoutes, { calls, afterIntake: dispatch.afterIntake })
  await app.register(historyRoutes, {
    history: services.history,
    maxBytes: config.importMaxBytes,
    audit,
    ...(deps.sweeper !== false ? { purgeIntervalMs: 3_600_000 } : {})
  })
  await app.register(liveRoutes, {
    db: deps.db,
    bus,
    config,
    auth,
    committedCallsOfTeams: calls.committedCallsOfTeams,
    latestFixes: teams.latestFixes
  })
  await app.register(webConfigRoutes, { config })
  await app.register(geographyRoutes)
  await app.register(reportsRoutes, { reports: services.reports, areaSets: deps.areas?.sets ?? [] })
  await app.register(followUpsRoutes, { followUps: services.followUps })
  await app.register(publicRoutes, { publicSummary: services.publicSummary })
  await app.register(planningRoutes, { planning: services.planning, codeVersion: simulatorCodeVersion() })
  await app.register(safetyRoutes, { safety: services.safety })
  await app.register(facilitiesRoutes, { facilities: services.facilities })
  // The built web app last: any other GET outside /api and /docs answers with it.
  await app.register(webRoutes)

  if (deps.sweeper !== false) await app.register(ackSweeper, { dispatch, intervalMs: config.ackSweepMs })
  if (deps.sweeper !== false) await app.register(rotaScheduler, { teams, intervalMs: config.rotaCheckMs })
  // every 10 minutes: at a city's 300 teams that is about 180,000 fixes a run, 36 batches
  if (deps.sweeper !== false) await app.register(positionPruner, { teams, intervalMs: 600_000 })
  if (deps.sweeper !== false) await app.register(checkInSweeper, { safety: services.safety, intervalMs: config.checkInSweepMs })

  return app
}
