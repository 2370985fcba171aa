// One function per API resource the web app uses, each a call of the route table; wire types come from server/contracts.
import type { Static } from 'typebox'
import type {
  Call,
  CallDetail,
  CallNote,
  CancelCode,
  CreateCall,
  QueueEntrySchema,
  ReferralTarget,
  UpdateCall
} from '../../server/contracts/calls'
import type { RecommendationsSchema, TeamOption } from '../../server/contracts/calls-actions'
import type { CheckInMiss, CheckInStatus, Emergency, MissResolution } from '../../server/contracts/safety'
import type { OutOfServiceCode, Team, TeamStatusChange } from '../../server/contracts/teams'
import type { AnswerSchema, TriageResultWire } from '../../server/contracts/triage'
import type { User } from '../../server/contracts/users'
import type { AppConfig } from '../../server/contracts/web'
import type { PlaceKind } from '../../server/domain/types'
import { call, type Body, type Query } from './client'

export type { AppConfig, Call, CreateCall, PlaceKind, Team, User, TriageResultWire }
export type { CallDetail, CallNote, CancelCode, OutOfServiceCode, ReferralTarget, TeamOption, TeamStatusChange, UpdateCall }
export type { CheckInMiss, CheckInStatus, Emergency, MissResolution }
export type QueueEntry = Static<typeof QueueEntrySchema>
export type Recommendations = Static<typeof RecommendationsSchema>
export type Answer = Static<typeof AnswerSchema>

export const ACTIVE_STATUSES = 'queued,assigned,acknowledged,en_route,on_scene,transporting,at_facility'

export const login = async (email: string, password: string) => await call('POST /api/auth/login', { body: { email, password } })
export const me = async () => await call('GET /api/auth/me')
export const logout = async () => await call('POST /api/auth/logout')

let configPromise: Promise<AppConfig> | null = null
// Until the server's setting arrives, the server's default threshold (STALE_LOCATION_SECONDS).
let staleMs = 300_000

/** Server settings for the web app, fetched once. */
export function appConfig (): Promise<AppConfig> {
  configPromise ??= call('GET /api/config').then((c) => {
    staleMs = c.staleAfterSeconds * 1000
    return c
  })
  configPromise.catch(() => {
    configPromise = null
  })
  return configPromise
}

/**
 * Whether a team's last position is stale now: the server said so, or it has aged past the server's
 * STALE_LOCATION_SECONDS since.
 */
export const isStalePosition = (p: Team['position'], now = Date.now()): boolean =>
  p !== null && (p.stale || now - Date.parse(p.at) > staleMs)
export const divisions = async () => await call('GET /api/geo/lapd-divisions')
export const queue = async () => await call('GET /api/queue')
export const activeCalls = async () => (await call('GET /api/calls', { query: { status: ACTIVE_STATUSES, limit: 500 } })).items
/** Calls triage sent elsewhere (police, EMS, fire, 988) in the last `hours`, newest first. */
export const recentReferrals = async (hours = 2) =>
  (
    await call('GET /api/calls', {
      query: { status: 'referred', from: new Date(Date.now() - hours * 3_600_000).toISOString(), limit: 50 }
    })
  ).items
export const callDetail = async (id: string) => await call('GET /api/calls/:id', { params: { id } })
export const createCall = async (body: CreateCall) => await call('POST /api/calls', { body })
export const triagePreview = async (body: Body<'POST /api/triage'>, signal?: AbortSignal) =>
  await call('POST /api/triage', { body }, { signal })
export const recommendations = async (id: string) => await call('GET /api/calls/:id/recommendations', { params: { id } })
export const assign = async (id: string, teamId: string, override = false) =>
  await call('POST /api/calls/:id/assignments', { params: { id }, body: { teamId, ...(override ? { override } : {}) } })
export const cancelCall = async (id: string, body: Body<'POST /api/calls/:id/cancel'>) =>
  await call('POST /api/calls/:id/cancel', { params: { id }, body })
export const referCall = async (id: string, body: Body<'POST /api/calls/:id/refer'>) =>
  await call('POST /api/calls/:id/refer', { params: { id }, body })
export const requeueCall = async (id: string, reason: string) =>
  await call('POST /api/calls/:id/requeue', { params: { id }, body: { reason } })
export const updateCall = async (id: string, body: UpdateCall) => await call('PATCH /api/calls/:id', { params: { id }, body })
export const unassign = async (id: string, body: Body<'POST /api/calls/:id/unassign'>) =>
  await call('POST /api/calls/:id/unassign', { params: { id }, body })
export const reassign = async (id: string, body: Body<'POST /api/calls/:id/reassign'>) =>
  await call('POST /api/calls/:id/reassign', { params: { id }, body })
export const addNote = async (id: string, text: string) => await call('POST /api/calls/:id/notes', { params: { id }, body: { text } })
/** Calls matching the filters, newest first: the call history. */
export const searchCalls = async (query: Query<'GET /api/calls'>) => await call('GET /api/calls', { query })
export const override = async (id: string, body: Body<'POST /api/calls/:id/triage-override'>) =>
  await call('POST /api/calls/:id/triage-override', { params: { id }, body })
export const teams = async () => await call('GET /api/teams')
export const team = async (id: string) => await call('GET /api/teams/:id', { params: { id } })
export const setTeamStatus = async (id: string, body: TeamStatusChange) =>
  await call('POST /api/teams/:id/status', { params: { id }, body })
export const setShift = async (id: string, onShift: boolean) =>
  await call('POST /api/teams/:id/shift', { params: { id }, body: { onShift } })

// ------------------------------------------------------------------ responder safety
export const emergencies = async () => await call('GET /api/emergencies')
export const teamEmergency = async (teamId: string) =>
  (await call('GET /api/teams/:id/emergency', { params: { id: teamId } })).emergency
export const acknowledgeEmergency = async (teamId: string) =>
  await call('POST /api/teams/:id/emergency/acknowledge', { params: { id: teamId } })
export const checkInStatus = async (callId: string) => await call('GET /api/calls/:id/check-ins', { params: { id: callId } })
export const checkInMisses = async () => await call('GET /api/check-in-misses')
export const resolveMiss = async (id: string, body: { resolution: MissResolution; note?: string }) =>
  await call('POST /api/check-in-misses/:id/resolve', { params: { id }, body })
