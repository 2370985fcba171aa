// One function per API resource the web app uses; wire types come from server/contracts.
import type { Static } from 'typebox'
import type { Call, CallDetail, CallNote, CancelCode, QueueEntrySchema, RecommendationsSchema, ReferralTarget, TeamOption, UpdateCall } from '../../server/contracts/calls'
import type { LocationSource } from '../../server/contracts/geocoding'
import type { CheckInMiss, CheckInStatus, Emergency, MissResolution } from '../../server/contracts/safety'
import type { OutOfServiceCode, Team, TeamStatusChange } from '../../server/contracts/teams'
import type { TriageResultWire } from '../../server/contracts/triage'
import type { User } from '../../server/contracts/users'
import type { PLACE_KINDS } from '../../server/domain/types'
import { api } from './client'

export type { Call, Team, User, TriageResultWire }
export type { CallDetail, CallNote, CancelCode, OutOfServiceCode, ReferralTarget, TeamOption, TeamStatusChange, UpdateCall }
export type { CheckInMiss, CheckInStatus, Emergency, MissResolution }
export type QueueEntry = Static<typeof QueueEntrySchema>
export type Recommendations = Static<typeof RecommendationsSchema>
export type Answer = 'yes' | 'no' | 'unknown'
export interface CallInput {
  location: { lat: number, lon: number, address?: string, source?: LocationSource | null, label?: string | null }
  narrative?: string | null
  callType?: string | null
  answers?: Record<string, Answer>
  language?: string | null
  callback?: string | null
  personAge?: number | null
  placeKind?: PlaceKind | null
  guardianCallback?: string | null
}
export type PlaceKind = typeof PLACE_KINDS[number]

export const ACTIVE_STATUSES = 'queued,assigned,acknowledged,en_route,on_scene,transporting,at_facility'

export const login = async (email: string, password: string) => await api<{ token: string, user: User }>('POST', '/api/auth/login', { email, password })
export const me = async () => await api<User>('GET', '/api/auth/me')
export const logout = async () => await api<unknown>('POST', '/api/auth/logout', {})
export interface AppConfig { tileUrl: string, tileAttribution: string, staleAfterSeconds: number }

let configPromise: Promise<AppConfig> | null = null
// Until the server's setting arrives, the server's default threshold (STALE_LOCATION_SECONDS).
let staleMs = 300_000

/** Server settings for the web app, fetched once. */
export function appConfig (): Promise<AppConfig> {
  configPromise ??= api<AppConfig>('GET', '/api/config').then((c) => { staleMs = c.staleAfterSeconds * 1000; return c })
  configPromise.catch(() => { configPromise = null })
  return configPromise
}

/**
 * Whether a team's last position is stale now: the server said so, or it has aged past the server's
 * STALE_LOCATION_SECONDS since.
 */
export const isStalePosition = (p: Team['position'], now = Date.now()): boolean => p !== null && (p.stale || now - Date.parse(p.at) > staleMs)
export const divisions = async () => await api<GeoJSON.FeatureCollection>('GET', '/api/geo/lapd-divisions')
export const queue = async () => await api<QueueEntry[]>('GET', '/api/queue')
export const activeCalls = async () => (await api<{ items: Call[] }>('GET', `/api/calls?status=${ACTIVE_STATUSES}&limit=500`)).items
/** Calls triage sent elsewhere (police, EMS, fire, 988) in the last `hours`, newest first. */
export const recentReferrals = async (hours = 2) => (await api<{ items: Call[] }>('GET', `/api/calls?status=referred&from=${encodeURIComponent(new Date(Date.now() - hours * 3_600_000).toISOString())}&limit=50`)).items
export const callDetail = async (id: string) => await api<CallDetail>('GET', `/api/calls/${id}`)
export const createCall = async (body: CallInput) => await api<Call>('POST', '/api/calls', body)
export const triagePreview = async (body: { narrative?: string, callType?: string, answers?: Record<string, Answer>, personAge?: number | null, placeKind?: PlaceKind | null }, signal?: AbortSignal) => await api<TriageResultWire>('POST', '/api/triage', body, { signal })
export const recommendations = async (id: string) => await api<Recommendations>('GET', `/api/calls/${id}/recommendations`)
export const assign = async (id: string, teamId: string, override = false) => await api<unknown>('POST', `/api/calls/${id}/assignments`, { teamId, ...(override ? { override } : {}) })
export const cancelCall = async (id: string, body: { code: CancelCode, reason: string }) => await api<Call>('POST', `/api/calls/${id}/cancel`, body)
export const referCall = async (id: string, body: { to: ReferralTarget, reason: string, unmetReason?: string }) => await api<Call>('POST', `/api/calls/${id}/refer`, body)
export const requeueCall = async (id: string, reason: string) => await api<Call>('POST', `/api/calls/${id}/requeue`, { reason })
export const updateCall = async (id: string, body: UpdateCall) => await api<Call>('PATCH', `/api/calls/${id}`, body)
export const unassign = async (id: string, body: { reason: string, version?: number }) => await api<Call>('POST', `/api/calls/${id}/unassign`, body)
export const reassign = async (id: string, body: { teamId: string, reason: string, override?: boolean, version?: number }) => await api<unknown>('POST', `/api/calls/${id}/reassign`, body)
export const addNote = async (id: string, text: string) => await api<CallNote>('POST', `/api/calls/${id}/notes`, { text })
/** Ended calls (closed, cancelled, referred) matching the filters, newest first: the call history. */
export const searchCalls = async (query: URLSearchParams) => await api<{ items: Call[], total: number, limit: number, offset: number }>('GET', `/api/calls?${query.toString()}`)
export const override = async (id: string, body: { category?: string, response?: string, priority?: number, reason: string }) => await api<Call>('POST', `/api/calls/${id}/triage-override`, body)
export const teams = async () => await api<Team[] | { items: Team[] }>('GET', '/api/teams').then((r) => Array.isArray(r) ? r : r.items)
export const team = async (id: string) => await api<Team>('GET', `/api/teams/${id}`)
export const setTeamStatus = async (id: string, body: TeamStatusChange) => await api<Team>('POST', `/api/teams/${id}/status`, body)
export const setShift = async (id: string, onShift: boolean) => await api<Team>('POST', `/api/teams/${id}/shift`, { onShift })

// ------------------------------------------------------------------ responder safety
export const emergencies = async () => await api<Emergency[]>('GET', '/api/emergencies')
export const teamEmergency = async (teamId: string) => (await api<{ emergency: Emergency | null }>('GET', `/api/teams/${teamId}/emergency`)).emergency
export const acknowledgeEmergency = async (teamId: string) => await api<Emergency>('POST', `/api/teams/${teamId}/emergency/acknowledge`, {})
export const checkInStatus = async (callId: string) => await api<CheckInStatus>('GET', `/api/calls/${callId}/check-ins`)
export const checkInMisses = async () => await api<CheckInMiss[]>('GET', '/api/check-in-misses')
export const resolveMiss = async (id: string, body: { resolution: MissResolution, note?: string }) => await api<CheckInMiss>('POST', `/api/check-in-misses/${id}/resolve`, body)
