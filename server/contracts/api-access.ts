// The route table's access routes: audit, sign-in and session, users (combined in api.ts).
import { Type } from 'typebox'
import { AuditExportQuerySchema, AuditListSchema, AuditQuerySchema } from './audit'
import { IdParams, errors } from './common'
import {
  ChallengeSchema,
  ChangePasswordSchema,
  CreateUserAdminSchema,
  CreatedUserSchema,
  EnrolConfirmSchema,
  EnrolledSignInSchema,
  LoginSchema,
  NewPasswordSchema,
  PasswordResetResultSchema,
  PasswordResetSchema,
  RecoveryCodesSchema,
  SessionsEndedSchema,
  SignInResultSchema,
  TotpCodeSchema,
  TotpEnrolmentSchema,
  TotpStatusSchema,
  TotpStepSchema,
  UpdateUserSchema,
  UserAdminSchema,
  UserSchema
} from './users'

export const ACCESS_ROUTES = {
  // audit/audit.routes.ts
  'GET /api/audit': { querystring: AuditQuerySchema, response: { 200: AuditListSchema, ...errors(400, 401, 403) } },
  'GET /api/audit/export': {
    querystring: AuditExportQuerySchema,
    response: { 200: Type.String({ description: 'CSV' }), ...errors(400, 401, 403) }
  },

  // auth/auth.routes.ts
  'POST /api/auth/login': { body: LoginSchema, response: { 200: SignInResultSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/logout': { response: { 204: Type.Null(), ...errors(401) } },
  'GET /api/auth/me': { response: { 200: UserSchema, ...errors(401) } },
  'GET /api/users': { response: { 200: Type.Array(UserAdminSchema), ...errors(401, 403) } },
  'POST /api/users': { body: CreateUserAdminSchema, response: { 201: CreatedUserSchema, ...errors(400, 401, 403, 409) } },
  'GET /api/users/:id': { params: IdParams, response: { 200: UserAdminSchema, ...errors(400, 401, 403, 404) } },
  'PATCH /api/users/:id': {
    params: IdParams,
    body: UpdateUserSchema,
    response: { 200: UserAdminSchema, ...errors(400, 401, 403, 404, 409) }
  },

  // auth/sign-in.routes.ts
  'POST /api/auth/password': { body: NewPasswordSchema, response: { 200: SignInResultSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/totp': { body: TotpStepSchema, response: { 200: SignInResultSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/totp/enrol': { body: ChallengeSchema, response: { 200: TotpEnrolmentSchema, ...errors(400, 401, 409, 429) } },
  'POST /api/auth/totp/enrol/confirm': {
    body: EnrolConfirmSchema,
    response: { 200: EnrolledSignInSchema, ...errors(400, 401, 409, 429) }
  },
  'GET /api/auth/totp': { response: { 200: TotpStatusSchema, ...errors(401) } },
  'POST /api/auth/totp/setup': { response: { 200: TotpEnrolmentSchema, ...errors(401, 409) } },
  'POST /api/auth/totp/confirm': { body: TotpCodeSchema, response: { 200: RecoveryCodesSchema, ...errors(400, 401, 409, 429) } },
  'POST /api/auth/totp/recovery-codes': { body: TotpCodeSchema, response: { 200: RecoveryCodesSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/me/password': {
    body: ChangePasswordSchema,
    response: {
      200: Type.Object({ sessionsEnded: Type.Integer({ description: 'My other sessions, now ended' }) }),
      ...errors(400, 401, 429)
    }
  },

  // auth/users-admin.routes.ts
  'POST /api/users/:id/password-reset': {
    params: IdParams,
    body: PasswordResetSchema,
    response: { 200: PasswordResetResultSchema, ...errors(400, 401, 403, 404) }
  },
  'DELETE /api/users/:id/sessions': { params: IdParams, response: { 200: SessionsEndedSchema, ...errors(400, 401, 403, 404) } },
  'POST /api/users/:id/totp-reset': { params: IdParams, response: { 200: UserAdminSchema, ...errors(400, 401, 403, 404) } }
}
