// The program's own administration over the API: sign-in steps and a user's own security, users, teams and
// their rotas, triage protocol versions, the audit trail. Each is a call of the route table (server/contracts/api.ts).
import type { Static } from 'typebox'
import type { AuditEntry, AuditListSchema } from '../../server/contracts/audit'
import type { CreateTeam, RotaBody, RotaResult, Team, UpdateTeam } from '../../server/contracts/teams'
import type {
  ProtocolCheckSchema,
  ProtocolImpactSchema,
  ProtocolListSchema,
  ProtocolUploadResultSchema,
  ProtocolVersionSchema
} from '../../server/contracts/triage'
import type {
  CreatedUserSchema,
  EnrolledSignInSchema,
  PasswordResetResultSchema,
  Role,
  SignInResult,
  TotpEnrolmentSchema,
  TotpStatusSchema,
  UserAdmin
} from '../../server/contracts/users'
import { call, pathOf, type Body, type Query } from './client'

export type { AuditEntry, RotaBody, RotaResult, Role, SignInResult, Team, UserAdmin }
export type CreatedUser = Static<typeof CreatedUserSchema>
export type PasswordResetResult = Static<typeof PasswordResetResultSchema>
export type TotpEnrolment = Static<typeof TotpEnrolmentSchema>
export type TotpStatus = Static<typeof TotpStatusSchema>
export type EnrolledSignIn = Static<typeof EnrolledSignInSchema>
export type AuditList = Static<typeof AuditListSchema>
export type ProtocolList = Static<typeof ProtocolListSchema>
export type ProtocolVersion = Static<typeof ProtocolVersionSchema>
export type ProtocolCheck = Static<typeof ProtocolCheckSchema>
export type ProtocolUploadResult = Static<typeof ProtocolUploadResultSchema>
export type ProtocolImpact = Static<typeof ProtocolImpactSchema>
export type WeeklyShift = RotaBody['weekly'][number]
export type RotaException = RotaBody['exceptions'][number]

// ------------------------------------------------------------------ sign-in steps

export const signIn = async (email: string, password: string) => await call('POST /api/auth/login', { body: { email, password } })
export const newPasswordStep = async (challenge: string, password: string) =>
  await call('POST /api/auth/password', { body: { challenge, password } })
export const totpStep = async (challenge: string, input: { code: string } | { recoveryCode: string }) =>
  await call('POST /api/auth/totp', { body: { challenge, ...input } })
export const enrolStep = async (challenge: string) => await call('POST /api/auth/totp/enrol', { body: { challenge } })
export const enrolConfirmStep = async (challenge: string, code: string) =>
  await call('POST /api/auth/totp/enrol/confirm', { body: { challenge, code } })

// ------------------------------------------------------------------ my own security

export const myTotp = async () => await call('GET /api/auth/totp')
export const myTotpSetup = async () => await call('POST /api/auth/totp/setup')
export const myTotpConfirm = async (code: string) => await call('POST /api/auth/totp/confirm', { body: { code } })
export const myRecoveryCodes = async (code: string) => await call('POST /api/auth/totp/recovery-codes', { body: { code } })
export const changeMyPassword = async (currentPassword: string, password: string) =>
  await call('POST /api/auth/me/password', { body: { currentPassword, password } })

// ------------------------------------------------------------------ users

export const listUsers = async () => await call('GET /api/users')
export const createUser = async (body: Body<'POST /api/users'>) => await call('POST /api/users', { body })
export const updateUser = async (id: string, body: Body<'PATCH /api/users/:id'>) =>
  await call('PATCH /api/users/:id', { params: { id }, body })
export const resetPassword = async (id: string) => await call('POST /api/users/:id/password-reset', { params: { id }, body: {} })
export const endSessions = async (id: string) => await call('DELETE /api/users/:id/sessions', { params: { id } })
export const resetTotp = async (id: string) => await call('POST /api/users/:id/totp-reset', { params: { id } })

// ------------------------------------------------------------------ teams and rotas

export const allTeams = async () => await call('GET /api/teams', { query: { retired: 'include' } })
export const getTeam = async (id: string) => await call('GET /api/teams/:id', { params: { id } })
export const createTeam = async (body: CreateTeam) => await call('POST /api/teams', { body })
export const updateTeam = async (id: string, body: UpdateTeam) => await call('PATCH /api/teams/:id', { params: { id }, body })
export const retireTeam = async (id: string) => await call('POST /api/teams/:id/retire', { params: { id } })
export const reinstateTeam = async (id: string) => await call('POST /api/teams/:id/reinstate', { params: { id } })
export const getRota = async (id: string) => await call('GET /api/teams/:id/rota', { params: { id } })
export const saveRota = async (id: string, body: RotaBody) => await call('PUT /api/teams/:id/rota', { params: { id }, body })

// ------------------------------------------------------------------ triage protocols

export const listProtocols = async () => await call('GET /api/triage/protocols')
export const getProtocol = async (version: string) => await call('GET /api/triage/protocols/:version', { params: { version } })
export const validateProtocol = async (doc: unknown) => await call('POST /api/triage/protocols/validate', { body: doc })
export const uploadProtocol = async (doc: unknown) => await call('POST /api/triage/protocols', { body: doc })
export const protocolImpact = async (version: string, body: Body<'POST /api/triage/protocols/:version/impact'>) =>
  await call('POST /api/triage/protocols/:version/impact', { params: { version }, body })
export const activateProtocol = async (version: string) =>
  await call('POST /api/triage/protocols/:version/activate', { params: { version } })

// ------------------------------------------------------------------ audit

type AuditQuery = Query<'GET /api/audit'>
export type AuditFilters = Pick<AuditQuery, 'userId' | 'callId' | 'action' | 'actionPrefix' | 'from' | 'to'>

/** The filters as the routes take them: empty ones left out. */
export function auditQuery (f: AuditFilters): AuditFilters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string' && v !== '')) as AuditFilters
}
export const auditTrail = async (f: AuditFilters, page: { limit: number; offset: number }, signal?: AbortSignal) =>
  await call('GET /api/audit', { query: { ...auditQuery(f), ...page } }, { signal })
export const auditExportPath = (f: AuditFilters): string => pathOf('GET /api/audit/export', { query: auditQuery(f) })
