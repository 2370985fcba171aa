// The steps of a sign-in after the password (a new password, a TOTP or recovery code, enrolling an
// authenticator), each with the challenge sign-in answered, rate-limited like sign-in; and a signed-in
// user's own authenticator (status, enrolment, new recovery codes) and password.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ROLES, type Role } from '../../contracts/users'
import { userOf } from './auth.plugin'
import type { AuthService } from './auth.service'
import { API } from '../../contracts/api'

const ALL: readonly Role[] = [...ROLES]

export const signInRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; loginRatePerMinute: number }> = async (
  app,
  { auth, loginRatePerMinute }
) => {
  const step = { public: true, rateLimit: { max: loginRatePerMinute, timeWindow: 60_000 } } as const

  app.post(
    '/api/auth/password',
    {
      config: step,
      schema: {
        tags: ['auth'],
        summary: 'Sign-in step password_change_required: the new password replaces the temporary one; then signed in or the next step',
        ...API['POST /api/auth/password']
      }
    },
    async (req) => await auth.setPassword(req.body.challenge, req.body.password, req.ip)
  )

  app.post(
    '/api/auth/totp',
    {
      config: step,
      schema: {
        tags: ['auth'],
        summary: "Sign-in step totp_required: the authenticator's 6-digit code, or a recovery code (each works once)",
        ...API['POST /api/auth/totp']
      }
    },
    async (req) => await auth.totpStep(req.body.challenge, { code: req.body.code, recoveryCode: req.body.recoveryCode }, req.ip)
  )

  app.post(
    '/api/auth/totp/enrol',
    {
      config: step,
      schema: {
        tags: ['auth'],
        summary:
          'Sign-in step totp_enrolment_required: a new secret with its otpauth:// URI and QR code (scan it, then confirm with the first ' +
          'code)',
        ...API['POST /api/auth/totp/enrol']
      }
    },
    async (req) => await auth.enrolStart(req.body.challenge)
  )

  app.post(
    '/api/auth/totp/enrol/confirm',
    {
      config: step,
      schema: {
        tags: ['auth'],
        summary: "Confirm the enrolment with the app's first code: signed in, with the recovery codes (shown once)",
        ...API['POST /api/auth/totp/enrol/confirm']
      }
    },
    async (req) => await auth.enrolConfirm(req.body.challenge, req.body.code, req.ip)
  )

  app.get(
    '/api/auth/totp',
    {
      config: { roles: ALL },
      schema: {
        tags: ['auth'],
        summary: 'My authenticator: enrolled, required for my role, recovery codes left',
        ...API['GET /api/auth/totp']
      }
    },
    async (req) => await auth.totpStatus(userOf(req).id)
  )

  app.post(
    '/api/auth/totp/setup',
    {
      config: { roles: ALL },
      schema: {
        tags: ['auth'],
        summary: 'Enrol an authenticator (signed in): a new secret with its URI and QR code; confirm with POST /api/auth/totp/confirm',
        ...API['POST /api/auth/totp/setup']
      }
    },
    async (req) => await auth.totpSetup(userOf(req).id)
  )

  app.post(
    '/api/auth/totp/confirm',
    {
      config: { roles: ALL, rateLimit: { max: loginRatePerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: "Confirm an enrolment with the app's first code; answers the recovery codes (shown once)",
        ...API['POST /api/auth/totp/confirm']
      }
    },
    async (req) => ({ recoveryCodes: await auth.totpConfirm(userOf(req).id, req.body.code, req.ip) })
  )

  app.post(
    '/api/auth/totp/recovery-codes',
    {
      config: { roles: ALL, rateLimit: { max: loginRatePerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'New recovery codes for a current code; the old ones stop working',
        ...API['POST /api/auth/totp/recovery-codes']
      }
    },
    async (req) => ({ recoveryCodes: await auth.renewRecoveryCodes(userOf(req).id, req.body.code, req.ip) })
  )

  app.post(
    '/api/auth/me/password',
    {
      config: { roles: ALL, rateLimit: { max: loginRatePerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Change my own password (the current one first); my other sessions end. Audited.',
        ...API['POST /api/auth/me/password']
      }
    },
    async (req) => ({ sessionsEnded: await auth.changeOwnPassword(userOf(req), req.body.currentPassword, req.body.password, req.ip) })
  )
}
