// HTTP routes for sign-in, sign-out, the current user, and user management (admins).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errors, IdParams } from '../../contracts/common'
import { CreateUserSchema, LoginResultSchema, LoginSchema, UpdateUserSchema, UserSchema, type Role } from '../../contracts/users'
import { userOf } from './auth.plugin'
import type { AuthService } from './auth.service'

const ALL: readonly Role[] = ['dispatcher', 'responder', 'planner', 'supervisor', 'admin']

export const authRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService, loginRatePerMinute: number }> = async (app, { auth, loginRatePerMinute }) => {
  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: loginRatePerMinute, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Sign in; returns a bearer token', body: LoginSchema, response: { 200: LoginResultSchema, ...errors(400, 401, 429) } }
  }, async (req) => {
    const r = await auth.login(req.body.email, req.body.password, req.ip)
    return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user }
  })

  app.post('/api/auth/logout', {
    config: { roles: ALL },
    schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null(), ...errors(401) } }
  }, async (req, reply) => {
    await auth.logout(userOf(req).sessionId)
    return reply.status(204).send(null)
  })

  app.get('/api/auth/me', {
    config: { roles: ALL },
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserSchema, ...errors(401) } }
  }, async (req) => await auth.getUser(userOf(req).id))

  app.get('/api/users', {
    config: { roles: ['admin'] },
    schema: { tags: ['users'], summary: 'All users', response: { 200: Type.Array(UserSchema), ...errors(401, 403) } }
  }, async () => await auth.listUsers())

  app.post('/api/users', {
    config: { roles: ['admin'] },
    schema: { tags: ['users'], summary: 'Create a user (a responder must name a team)', body: CreateUserSchema, response: { 201: UserSchema, ...errors(400, 401, 403, 409) } }
  }, async (req, reply) => reply.status(201).send(await auth.createUser(req.body)))

  app.get('/api/users/:id', {
    config: { roles: ['admin'] },
    schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: UserSchema, ...errors(400, 401, 403, 404) } }
  }, async (req) => await auth.getUser(req.params.id))

  app.patch('/api/users/:id', {
    config: { roles: ['admin'] },
    schema: { tags: ['users'], summary: 'Change role, team, name, password or deactivate; ends the user\'s sessions', params: IdParams, body: UpdateUserSchema, response: { 200: UserSchema, ...errors(400, 401, 403, 404) } }
  }, async (req) => await auth.updateUser(req.params.id, req.body))
}
