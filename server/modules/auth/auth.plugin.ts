// Authentication and role checks for every route: each route declares `config.roles` or `config.public`.
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type postgres from 'postgres'
import type { Role } from '../../contracts/users'
import { ForbiddenError, UnauthorizedError } from '../../lib/errors'
import { AUTH_CHANNEL, type AuthService, type AuthUser } from './auth.service'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call the route. */
    roles?: readonly Role[]
    /** No session needed (health, login, docs, the web app's files). */
    public?: boolean
    /** Accept the token as ?token= (browsers cannot set headers on a websocket). */
    queryToken?: boolean
  }
  interface FastifyRequest {
    user: AuthUser | null
  }
}

function bearer (request: FastifyRequest): string | null {
  const h = request.headers.authorization
  if (typeof h === 'string') {
    const m = /^Bearer\s+(\S+)$/i.exec(h.trim())
    if (m) return m[1]
  }
  if (request.routeOptions.config.queryToken) {
    const q = request.query as Record<string, unknown> | undefined
    if (q && typeof q.token === 'string' && q.token) return q.token
  }
  return null
}

/** The signed-in user of a request that passed the auth hook. */
export function userOf (request: FastifyRequest): AuthUser {
  if (!request.user) throw new UnauthorizedError('sign in first')
  return request.user
}

export interface AuthPluginOptions {
  auth: AuthService
  /** PostgreSQL's raw client, to hear revocations made by other processes; null on PGlite (one process). */
  pg: postgres.Sql | null
  /** Whether sessions are cached at all (SESSION_CACHE_SECONDS > 0). */
  cachesSessions: boolean
}

export default fp(
  async function authPlugin (app: FastifyInstance, opts: AuthPluginOptions) {
    app.decorateRequest('user', null)

    // Several processes on one PostgreSQL: a session revoked on another process leaves this one's cache now, and
    // this process's open live-stream sockets of that session close (auth.onRevoked), cached sessions or not.
    if (opts.pg) {
      const sub = await opts.pg.listen(AUTH_CHANNEL, (payload) => {
        opts.auth.forget(payload)
      })
      app.addHook('onClose', async () => {
        await sub.unlisten()
      })
    }

    app.addHook('onRoute', (route) => {
      const cfg = (route.config ?? {}) as { roles?: readonly Role[]; public?: boolean }
      // Fail at start-up, not in production, when a route forgets to say who may use it.
      if (!cfg.public && (!cfg.roles || cfg.roles.length === 0) && route.method !== 'HEAD' && !route.url.startsWith('/docs')) {
        throw new Error(`route ${String(route.method)} ${route.url} declares neither config.roles nor config.public`)
      }
      // A public route takes no bearer token: say so in the OpenAPI document (the default asks for one).
      if (cfg.public && route.url.startsWith('/api/')) (route.schema ??= {} as NonNullable<typeof route.schema>).security ??= []
    })

    // onRequest runs before body parsing and before a websocket upgrade: 401/403 come first, live stream included.
    app.addHook('onRequest', async (request) => {
      const cfg = request.routeOptions.config
      if (cfg.public || request.routeOptions.url?.startsWith('/docs') || request.routeOptions.url === undefined) return
      const token = bearer(request)
      const user = token ? await opts.auth.authenticate(token) : null
      if (!user) {
        throw new UnauthorizedError(
          token ? 'session expired or revoked: sign in again' : 'sign in first (Authorization: Bearer <token>)'
        )
      }
      request.user = user
      if (cfg.roles && !cfg.roles.includes(user.role)) {
        throw new ForbiddenError(`role ${user.role} may not ${request.method} ${request.routeOptions.url}`)
      }
    })
  },
  { name: 'auth' }
)
