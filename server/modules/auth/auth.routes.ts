// HTTP routes for sign-in, sign-out, the current user, and user management (admins).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ROLES, type Role } from '../../contracts/users'
import { userOf } from './auth.plugin'
import type { AuthService } from './auth.service'
import { temporaryPassword } from './user-admin'
import { API } from '../../contracts/api'

const ALL: readonly Role[] = [...ROLES]

export const authRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; loginRatePerMinute: number }> = async (
  app,
  { auth, loginRatePerMinute }
) => {
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: loginRatePerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in: a bearer token (status signed_in), or the next step (a new password, a TOTP code, an authenticator to enrol) with ' +
          'its challenge',
        ...API['POST /api/auth/login']
      }
    },
    async (req) => await auth.login(req.body.email, req.body.password, req.ip)
  )

  app.post(
    '/api/auth/logout',
    {
      config: { roles: ALL },
      schema: { tags: ['auth'], summary: 'End this session', ...API['POST /api/auth/logout'] }
    },
    async (req, reply) => {
      await auth.logout(userOf(req).sessionId)
      return reply.status(204).send(null)
    }
  )

  app.get(
    '/api/auth/me',
    {
      config: { roles: ALL },
      schema: { tags: ['auth'], summary: 'The signed-in user', ...API['GET /api/auth/me'] }
    },
    async (req) => await auth.getUser(userOf(req).id)
  )

  app.get(
    '/api/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'All users with role, team, state, last sign-in, authenticator and open sessions',
        ...API['GET /api/users']
      }
    },
    async () => await auth.adminView()
  )

  app.post(
    '/api/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary:
          'Create a user (a responder must name a team); without a password the server makes a temporary one, shown once, that must be ' +
          'replaced at first sign-in. Audited.',
        ...API['POST /api/users']
      }
    },
    async (req, reply) => {
      const made = req.body.password === undefined ? temporaryPassword() : null
      const user = await auth.createUser(
        { ...req.body, password: req.body.password ?? made!, mustChangePassword: req.body.mustChangePassword ?? made !== null },
        userOf(req)
      )
      return reply.status(201).send({ ...(await auth.adminUser(user.id)), temporaryPassword: made })
    }
  )

  app.get(
    '/api/users/:id',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['users'], summary: 'One user', ...API['GET /api/users/:id'] }
    },
    async (req) => await auth.adminUser(req.params.id)
  )

  app.patch(
    '/api/users/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary:
          "Change role, team, name, password or state (active: false deactivates); ends the user's sessions unless only the name " +
          'changed. Audited.',
        ...API['PATCH /api/users/:id']
      }
    },
    async (req) => {
      const u = await auth.updateUser(req.params.id, req.body, userOf(req))
      return await auth.adminUser(u.id)
    }
  )
}
