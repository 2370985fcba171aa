// The composition root: every module's service, wired with its narrow dependencies. The app, the
// command-line tools and the tests build services here, so they all get the same wiring.
import type { Kysely } from 'kysely'
import type postgres from 'postgres'
import type { Config } from './config'
import type { Database } from './db/database'
import type { AreaSets } from './lib/area-sets'
import { createAuditService, type AuditService } from './modules/audit/audit.service'
import { createAuthService, type AuthService } from './modules/auth/auth.service'
import { createCallsService, type CallsService } from './modules/calls/calls.service'
import { createCommitments } from './modules/dispatch/commitments'
import { createDispatchService, type DispatchService } from './modules/dispatch/dispatch.service'
import { createEventBus, type EventBus } from './modules/events/event-bus'
import { createFacilitiesService, type FacilitiesService } from './modules/facilities/facilities.service'
import { createFollowUpsService, type FollowUpsService } from './modules/followups/followups.service'
import { createHistoryService, type HistoryService } from './modules/history/history.service'
import { createPlanningService, type PlanningService } from './modules/planning/planning.service'
import { createPublicService, type PublicService } from './modules/public/public.service'
import { createReportsService, type ReportsService } from './modules/reports/reports.service'
import { IMPORTED_RETURNING } from './modules/reports/report-facts'
import { createSafetyService, type SafetyService } from './modules/safety/safety.service'
import { createTeamsService, type TeamsService } from './modules/teams/teams.service'
import { createProtocolsService, type ProtocolsService } from './modules/triage/protocols.service'
import { createGeocodingService, type GeocodingService } from './modules/geocoding/geocoding.service'
import type { FetchLike } from './modules/geocoding/remote'
import type { GeocoderName } from './contracts/geocoding'

export interface Services {
  auth: AuthService
  audit: AuditService
  calls: CallsService
  teams: TeamsService
  dispatch: DispatchService
  history: HistoryService
  reports: ReportsService
  planning: PlanningService
  /** The triage protocol in force and its stored versions. */
  protocols: ProtocolsService
  /** Search, reverse, nearest corner, address placing: GEOCODERS in order over the city's own index. */
  geocoding: GeocodingService
  /** Emergencies (SOS), check-ins on scene and check-ins missed. */
  safety: SafetyService
  /** Follow-ups and referrals after a call (personal health data). */
  followUps: FollowUpsService
  /** The public summary (no sign-in), cached; off when PUBLIC_DASHBOARD=0. */
  publicSummary: PublicService
  /** Facilities and their live capacity, transports to them and the hand-off at the door. */
  facilities: FacilitiesService
  bus: EventBus
}

export interface ServiceDeps {
  bus?: EventBus
  now?: () => Date
  /** The area sets a call's location is placed in at intake; omitted in unit tests. */
  areas?: AreaSets
  onListenerError?: (err: unknown) => void
  /** PostgreSQL's raw client (COPY for imports); null or absent on PGlite. */
  pg?: postgres.Sql | null
  /** A geocoding service built elsewhere (tests with recorded remote answers); else one from config.geocoding. */
  geocoding?: GeocodingService
  /** The HTTP client of remote geocoders (tests pass recorded answers); the global fetch otherwise. */
  fetch?: FetchLike
  onGeocoderError?: (provider: GeocoderName, err: Error) => void
}

export function createServices (config: Readonly<Config>, db: Kysely<Database>, deps: ServiceDeps = {}): Services {
  const now = deps.now ?? (() => new Date())
  const bus = deps.bus ?? createEventBus(deps.onListenerError)
  // auth needs teams (a responder's team) and teams names who saved a rota through auth: a late lookup.
  const emailsOf = async (ids: string[]): Promise<Map<string, string>> =>
    new Map((await auth.usersByIds(ids)).map((u) => [u.id, u.email]))
  const teams = createTeamsService({
    db,
    bus,
    staleAfterMs: config.staleAfterMs,
    positionRetentionMs: config.positionRetentionMs,
    now,
    timeZone: config.timeZone,
    emailsOf
  })
  const auth = createAuthService({
    db,
    teamExists: teams.exists,
    // the facilities module is built after calls (it reads them): a late lookup
    facilityExists: async (id) => await facilities.exists(id),
    sessionTtlMs: config.sessionTtlMs,
    sessionCacheMs: config.sessionCacheMs,
    now,
    mfaRequiredRoles: config.mfaRequiredRoles,
    mfaIssuer: config.mfaIssuer,
    passwordHashCost: config.passwordHashCost,
    // the audit module is built after auth (it names users through auth): a late lookup
    recordAction: async (userId, action, executor, about) => {
      await audit.recordAction(userId, action, executor, about)
    }
  })
  const audit = createAuditService({ db, now, usersByIds: auth.usersByIds })
  const protocols = createProtocolsService({
    db,
    now,
    filed: config.protocol,
    codeBook: config.triageCodeBook?.book ?? null,
    recordAction: audit.recordAction,
    bus,
    emailsOf
  })
  // Intake, re-triage, imports and the preview all triage with the protocol in force at that moment.
  const triage = protocols.triage
  const commitments = createCommitments({ db, teams })
  const nameOf = async (id: string): Promise<string | null> => (await auth.usersByIds([id]))[0]?.name || null
  const geocoding =
    deps.geocoding ??
    createGeocodingService({ config: config.geocoding, areas: deps.areas, fetch: deps.fetch, onProviderError: deps.onGeocoderError })
  // In process only: intake never waits on a remote geocoder. Before the index is built (a CLI that never geocodes), nothing.
  const locationFacts = (lat: number, lon: number, address: string | null, label: string | null) =>
    geocoding.isReady()
      ? {
          nearestCorner: geocoding.nearestCorner(lat, lon),
          mismatch: address !== null && address.trim() !== '' && address !== label ? geocoding.checkAddress(address, lat, lon) : null
        }
      : { nearestCorner: null, mismatch: null }
  const calls = createCallsService({
    db,
    bus,
    now,
    commitments,
    recordRead: audit.recordRead,
    recordBulkRead: audit.recordBulkRead,
    areas: deps.areas,
    triage,
    nameOf,
    locationFacts,
    queue: config.queue,
    startTransport: async (trx, t) => await facilities.startTransport(trx, t)
  })
  const dispatch = createDispatchService({
    db,
    calls,
    teams,
    commitments,
    now,
    ackTimeoutMs: config.ackTimeoutMs,
    staleAfterMs: config.staleAfterMs,
    youthPreferenceMinutes: config.youthPreferenceMinutes,
    travel: config.travel,
    queue: config.queue,
    autoDispatchPriorities: config.autoDispatchPriorities,
    recordBulkRead: audit.recordBulkRead
  })
  const history = createHistoryService({
    db,
    pg: deps.pg,
    triage,
    areas: deps.areas,
    timeZone: config.timeZone,
    rejectsRetentionMs: config.importRejectsRetentionMs,
    now,
    // the reports module is built after history (it counts simulated records through it): a late lookup
    projectImported: {
      rows: async (trx, ids) => {
        await reports.projectCalls(trx, ids)
      },
      pg: { returning: IMPORTED_RETURNING, statement: (rel) => reports.importedFactsFrom(rel) }
    }
  })
  const reports = createReportsService({
    db,
    areaSets: deps.areas?.sets ?? [],
    timeZone: config.timeZone,
    queue: config.queue,
    simulatedCount: history.simulatedCount,
    sideBySide: deps.pg != null
  })
  // Every transaction that writes calls keeps the reports' projection in step before it commits (report-facts.ts says why
  // the reporting module owns that table and the writers only hand it ids).
  bus.onCallsWritten(reports.projectCalls)
  const planning = createPlanningService({
    db,
    now,
    emailsOf,
    records: reports.planningRecords,
    roster: teams.list,
    simulatedCount: history.simulatedCount
  })
  const safety = createSafetyService({
    db,
    bus,
    teams,
    calls,
    nameOf,
    checkInMs: config.checkInMs,
    checkInGraceMs: config.checkInGraceMs,
    now
  })
  const followUps = createFollowUpsService({
    db,
    now,
    findCall: calls.find,
    audit: async (userId, action, callId, subject) => {
      await audit.recordAction(userId, action, db, { callId, subject })
    },
    emailsOf,
    timeZone: config.timeZone
  })
  const publicSummary = createPublicService({ reports, enabled: config.publicDashboard, cacheMs: config.publicCacheMs, now })
  const facilities = createFacilitiesService({
    db,
    bus,
    calls,
    nameOf,
    facilityOf: auth.facilityOf,
    travel: config.travel,
    capacityStaleMs: config.capacityStaleMs,
    now
  })
  return {
    auth,
    audit,
    calls,
    teams,
    dispatch,
    history,
    reports,
    protocols,
    planning,
    geocoding,
    safety,
    followUps,
    publicSummary,
    facilities,
    bus
  }
}
