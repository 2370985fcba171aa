// The program's own administration over the API: sign-in steps and a user's own security, users, teams and
// their rotas, triage protocol versions, the audit trail. Wire types come from server/contracts.
import type { Static } from 'typebox'
import type { AuditEntry, AuditListSchema } from '../../server/contracts/audit'
import type { CreateTeam, RotaBody, RotaResult, Team, UpdateTeam } from '../../server/contracts/teams'
import type {
  ProtocolCheckSchema, ProtocolImpactSchema, ProtocolListSchema, ProtocolUploadResultSchema, ProtocolVersionSchema
} from '../../server/contracts/triage'
import type {
  CreatedUserSchema, EnrolledSignInSchema, PasswordResetResultSchema, Role, SignInResult, TotpEnrolmentSchema, TotpStatusSchema, UserAdmin
} from '../../server/contracts/users'
import { api } from './client'

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

export const signIn = async (email: string, password: string) => await api<SignInResult>('POST', '/api/auth/login', { email, password })
export const newPasswordStep = async (challenge: string, password: string) => await api<SignInResult>('POST', '/api/auth/password', { challenge, password })
export const totpStep = async (challenge: string, input: { code: string } | { recoveryCode: string }) => await api<SignInResult>('POST', '/api/auth/totp', { challenge, ...input })
export const enrolStep = async (challenge: string) => await api<TotpEnrolment>('POST', '/api/auth/totp/enrol', { challenge })
export const enrolConfirmStep = async (challenge: string, code: string) => await api<EnrolledSignIn>('POST', '/api/auth/totp/enrol/confirm', { challenge, code })

// ------------------------------------------------------------------ my own security

export const myTotp = async () => await api<TotpStatus>('GET', '/api/auth/totp')
export const myTotpSetup = async () => await api<TotpEnrolment>('POST', '/api/auth/totp/setup', {})
export const myTotpConfirm = async (code: string) => await api<{ recoveryCodes: string[] }>('POST', '/api/auth/totp/confirm', { code })
export const myRecoveryCodes = async (code: string) => await api<{ recoveryCodes: string[] }>('POST', '/api/auth/totp/recovery-codes', { code })
export const changeMyPassword = async (currentPassword: string, password: string) => await api<{ sessionsEnded: number }>('POST', '/api/auth/me/password', { currentPassword, password })

// ------------------------------------------------------------------ users

export const listUsers = async () => await api<UserAdmin[]>('GET', '/api/users')
export const createUser = async (body: { email: string, name?: string, role: Role, teamId?: string | null, facilityId?: string }) =>
  await api<CreatedUser>('POST', '/api/users', body)
export const updateUser = async (id: string, body: { name?: string, role?: Role, teamId?: string | null, active?: boolean }) => await api<UserAdmin>('PATCH', `/api/users/${id}`, body)
export const resetPassword = async (id: string) => await api<PasswordResetResult>('POST', `/api/users/${id}/password-reset`, {})
export const endSessions = async (id: string) => await api<{ sessionsEnded: number }>('DELETE', `/api/users/${id}/sessions`)
export const resetTotp = async (id: string) => await api<UserAdmin>('POST', `/api/users/${id}/totp-reset`, {})

// ------------------------------------------------------------------ teams and rotas

export const allTeams = async () => await api<Team[]>('GET', '/api/teams?retired=include')
export const getTeam = async (id: string) => await api<Team>('GET', `/api/teams/${id}`)
export const createTeam = async (body: CreateTeam) => await api<Team>('POST', '/api/teams', body)
export const updateTeam = async (id: string, body: UpdateTeam) => await api<Team>('PATCH', `/api/teams/${id}`, body)
export const retireTeam = async (id: string) => await api<Team>('POST', `/api/teams/${id}/retire`, {})
export const reinstateTeam = async (id: string) => await api<Team>('POST', `/api/teams/${id}/reinstate`, {})
export const getRota = async (id: string) => await api<RotaResult>('GET', `/api/teams/${id}/rota`)
export const saveRota = async (id: string, body: RotaBody) => await api<RotaResult>('PUT', `/api/teams/${id}/rota`, body)

// ------------------------------------------------------------------ triage protocols

export const listProtocols = async () => await api<ProtocolList>('GET', '/api/triage/protocols')
export const getProtocol = async (version: string) => await api<ProtocolVersion & { document: unknown }>('GET', `/api/triage/protocols/${encodeURIComponent(version)}`)
export const validateProtocol = async (doc: unknown) => await api<ProtocolCheck>('POST', '/api/triage/protocols/validate', doc)
export const uploadProtocol = async (doc: unknown) => await api<ProtocolUploadResult>('POST', '/api/triage/protocols', doc)
export const protocolImpact = async (version: string, body: { days?: number, callTypes?: Array<string | { callType: string, count?: number }> }) =>
  await api<ProtocolImpact>('POST', `/api/triage/protocols/${encodeURIComponent(version)}/impact`, body)
export const activateProtocol = async (version: string) => await api<ProtocolVersion>('POST', `/api/triage/protocols/${encodeURIComponent(version)}/activate`, {})

// ------------------------------------------------------------------ audit

export interface AuditFilters { userId?: string, callId?: string, action?: string, actionPrefix?: string, from?: string, to?: string }

export function auditQuery (f: AuditFilters, page?: { limit: number, offset: number }): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (typeof v === 'string' && v !== '') q.set(k, v)
  if (page) { q.set('limit', String(page.limit)); q.set('offset', String(page.offset)) }
  return q.toString()
}
export const auditTrail = async (f: AuditFilters, page: { limit: number, offset: number }, signal?: AbortSignal) =>
  await api<AuditList>('GET', `/api/audit?${auditQuery(f, page)}`, undefined, { signal })
