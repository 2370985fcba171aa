// An admin's actions on a user beyond editing: reset the password (a temporary one, replaced at next
// sign-in), end every session, remove the authenticator. Each is audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { userOf } from './auth.plugin'
import type { AuthService } from './auth.service'
import { API } from '../../contracts/api'

export const usersAdminRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    '/api/users/:id/password-reset',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary:
          'Reset a password: a temporary one (made by the server unless given, shown once) that the user must replace at next sign-in; ' +
          'ends their sessions',
        ...API['POST /api/users/:id/password-reset']
      }
    },
    async (req) => {
      const r = await auth.resetPassword(req.params.id, req.body?.password, userOf(req))
      return { user: await auth.adminUser(r.user.id), temporaryPassword: r.temporaryPassword, sessionsEnded: r.sessionsEnded }
    }
  )

  app.delete(
    '/api/users/:id/sessions',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'End every session of the user now (open consoles, phones and live streams are signed out)',
        ...API['DELETE /api/users/:id/sessions']
      }
    },
    async (req) => ({ sessionsEnded: await auth.endSessions(req.params.id, userOf(req)) })
  )

  app.post(
    '/api/users/:id/totp-reset',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary:
          "Remove the user's authenticator and recovery codes (a lost phone) and end their sessions; they enrol again when their role " +
          'requires it',
        ...API['POST /api/users/:id/totp-reset']
      }
    },
    async (req) => {
      await auth.resetTotp(req.params.id, userOf(req))
      return await auth.adminUser(req.params.id)
    }
  )
}
