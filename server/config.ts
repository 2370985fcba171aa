// The one place that reads process.env: validates, applies defaults for a zero-setup local run, freezes.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_PREFERRED_BONUS_MINUTES } from './domain/ranking'
import { DEFAULT_TRAVEL, invalidTravelField, type TravelParams } from './domain/travel'
import { DEFAULT_QUEUE_POLICY, type QueuePolicy } from './domain/queue'
import type { Priority } from './domain/types'
import { passwordProblem } from './modules/auth/password'
import { ROLES, type Role } from './contracts/users'
import { AreaSetError, LA_AREA_SETS, readAreaSetsFile, type AreaSetConfig } from './lib/area-sets'
import { TimeZoneError, checkTimeZone } from './lib/local-time'
import type { CompiledProtocol } from './domain/triage/protocol'
import { CodeBookError, type CodeBook } from './domain/triage/codebook'
import { ProtocolError } from './domain/triage/protocol-validate'
import { loadProtocolFileSync } from './modules/triage/protocol-file'
import { loadCodeBookFileSync } from './modules/triage/codebook-file'
import { GeocodingConfigError, readGeocodingConfig, type GeocodingConfig } from './modules/geocoding/geocoding.config'

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** The triage protocol shipped with the code, used when PROTOCOL_FILE is not set. */
export const SHIPPED_PROTOCOL_FILE = path.join(ROOT_DIR, 'server/domain/triage/protocol.json')

export interface Config {
  port: number
  host: string
  /** Real PostgreSQL when set; otherwise the embedded PGlite. */
  databaseUrl: string | null
  /** Embedded database folder; null keeps PGlite in memory (tests). */
  dataDir: string | null
  bootstrapAdmin: { email: string; password: string } | null
  demo: boolean
  logLevel: string
  /** Session lifetime. */
  sessionTtlMs: number
  /** How long a process trusts a checked session before asking the database again. */
  sessionCacheMs: number
  /** An assignment not acknowledged within this returns the call to the queue. */
  ackTimeoutMs: number
  /** How often the server checks for overdue acknowledgements. */
  ackSweepMs: number
  /** Team positions older than this are flagged stale. */
  staleAfterMs: number
  /** On a youth call, a youth team is ranked first unless another team is more than this many minutes closer. */
  youthPreferenceMinutes: number
  /** Priorities for which the best team is assigned automatically at intake. */
  autoDispatchPriorities: Priority[]
  travel: TravelParams
  queue: QueuePolicy
  /** Map tile URL template for the web app ('' shows outlines and markers only). */
  tileUrl: string
  tileAttribution: string
  /** Trust X-Forwarded-* headers (behind a reverse proxy). */
  trustProxy: boolean
  /** Sign-in attempts per minute from one address (LOGIN_RATE_PER_MINUTE), before 429. */
  loginRatePerMinute: number
  /** log2 of scrypt's N for new password hashes (PASSWORD_HASH_COST, 14 to 20, default 15). */
  passwordHashCost: number
  /** Boundary sets a call's areas are found in (AREA_SETS_FILE; Los Angeles by default). */
  areaSets: readonly AreaSetConfig[]
  /**
   * The city's IANA zone: CAD times written without one (imports), times in exported EIDO documents, and reports' days, hours, weekdays and
   * weeks.
   */
  timeZone: string
  /** Largest CAD export the import page accepts. */
  importMaxBytes: number
  /** How long an import's rejected rows are kept after the run ends (IMPORT_REJECTS_RETENTION_DAYS). */
  importRejectsRetentionMs: number
  /** How long a team's position fix stays in the track after it arrived (POSITION_RETENTION_DAYS, default 30). */
  positionRetentionMs: number
  /** Our agency's identifier in EIDO documents (NENA-STA-010: a domain name). */
  eidoAgencyId: string
  /** Where the triage protocol was read from (PROTOCOL_FILE; the shipped protocol.json by default). */
  protocolFile: string
  /** That file, validated and compiled at start: in force until an admin activates a version in the database. */
  protocol: CompiledProtocol
  /** The city's code book (TRIAGE_CODEBOOK_FILE): `1182` is triaged as NON-INJURY ACCIDENT; null without one. */
  triageCodeBook: { file: string; book: CodeBook } | null
  /** How often a process checks the database for the active protocol version, besides LISTEN (PROTOCOL_CHECK_SECONDS). */
  protocolCheckMs: number
  /** How often each process runs the rota scheduler (ROTA_CHECK_SECONDS). */
  rotaCheckMs: number
  /** Roles that must sign in with a second step, TOTP (MFA_REQUIRED_ROLES; default admin, none in the demo). */
  mfaRequiredRoles: readonly Role[]
  /** The issuer an authenticator app shows beside the account (MFA_ISSUER). */
  mfaIssuer: string
  /** Geocoders in order (GEOCODERS), the city's files (GEOCODER_FILES), the remote services and their limits. */
  geocoding: GeocodingConfig
  /** On scene or at a facility, the team's phone asks "All OK?" this often (CHECK_IN_SECONDS, default 1200). */
  checkInMs: number
  /** No answer this long after a check-in was due raises check_in.missed (CHECK_IN_GRACE_SECONDS, default 120). */
  checkInGraceMs: number
  /** How often each process looks for missed check-ins (CHECK_IN_SWEEP_MS). */
  checkInSweepMs: number
  /** The public dashboard (/public, GET /api/public/summary) answers (PUBLIC_DASHBOARD, default on). */
  publicDashboard: boolean
  /** How long the public summary is kept, by the server and by browsers and proxies (PUBLIC_DASHBOARD_CACHE_SECONDS). */
  publicCacheMs: number
  /** Days of simulated Los Angeles history the demo seeds into an empty database (DEMO_HISTORY_DAYS; 0: none). */
  demoHistoryDays: number
  /** A facility's capacity older than this is shown as stale (CAPACITY_STALE_HOURS, default 4). */
  capacityStaleMs: number
}

export class ConfigError extends Error {
  constructor (message: string) {
    super(`Invalid configuration: ${message}`)
    this.name = 'ConfigError'
  }
}

function int (env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return def
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`)
  const v = Number(raw)
  if (v < min || v > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${v}`)
  return v
}

function num (env: NodeJS.ProcessEnv, name: string, def: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return def
  const v = Number(raw)
  if (!Number.isFinite(v)) throw new ConfigError(`${name} must be a number, got "${raw}"`)
  return v
}

function bool (env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '') return def
  if (/^(1|true|yes|on)$/i.test(raw)) return true
  if (/^(0|false|no|off)$/i.test(raw)) return false
  throw new ConfigError(`${name} must be 1/0, true/false, yes/no or on/off, got "${raw}"`)
}

export function loadConfig (env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : null
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://')
  }
  const adminEmail = env.BOOTSTRAP_ADMIN_EMAIL?.trim() ?? ''
  const adminPassword = env.BOOTSTRAP_ADMIN_PASSWORD ?? ''
  if ((adminEmail === '') !== (adminPassword === '')) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together')
  }
  if (adminEmail !== '' && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL must be an email address')
  }
  const weak = adminPassword !== '' ? passwordProblem(adminPassword, adminEmail) : null
  if (weak) throw new ConfigError(`BOOTSTRAP_ADMIN_PASSWORD ${weak}`)

  const priorities = (env.AUTO_DISPATCH_PRIORITIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const p of priorities) {
    if (!['1', '2', '3'].includes(p)) throw new ConfigError(`AUTO_DISPATCH_PRIORITIES must list priorities 1, 2 or 3, got "${p}"`)
  }

  const travel: TravelParams = {
    ...DEFAULT_TRAVEL,
    circuity: num(env, 'TRAVEL_CIRCUITY', DEFAULT_TRAVEL.circuity),
    speedFactor: num(env, 'TRAVEL_SPEED_FACTOR', DEFAULT_TRAVEL.speedFactor)
  }
  const bad = invalidTravelField(travel)
  if (bad) throw new ConfigError(`travel parameter ${bad} is out of range`)

  let areaSets: readonly AreaSetConfig[] = LA_AREA_SETS
  if (env.AREA_SETS_FILE && env.AREA_SETS_FILE.trim() !== '') {
    try {
      areaSets = readAreaSetsFile(path.resolve(env.AREA_SETS_FILE.trim()))
    } catch (e) {
      if (e instanceof AreaSetError) throw new ConfigError(e.message)
      throw e
    }
  }

  let timeZone: string
  // The city's zone: one setting for CAD times written without a zone, EIDO times, and the days and hours of reports.
  try {
    timeZone = checkTimeZone(env.TIME_ZONE?.trim() || 'America/Los_Angeles')
  } catch (e) {
    if (e instanceof TimeZoneError) throw new ConfigError(`TIME_ZONE: ${e.message}`)
    throw e
  }
  const eidoAgencyId = env.EIDO_AGENCY_ID?.trim() || 'care-dispatch.invalid'
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(eidoAgencyId)) {
    throw new ConfigError('EIDO_AGENCY_ID must be a domain name, e.g. care.lacity.gov')
  }

  // The triage protocol is data: a broken file stops the server here, its first problem's JSON path first.
  const protocolFile =
    env.PROTOCOL_FILE && env.PROTOCOL_FILE.trim() !== '' ? path.resolve(env.PROTOCOL_FILE.trim()) : SHIPPED_PROTOCOL_FILE
  let protocol: CompiledProtocol
  try {
    protocol = loadProtocolFileSync(protocolFile)
  } catch (e) {
    if (e instanceof ProtocolError) throw new ConfigError(`PROTOCOL_FILE ${protocolFile}: ${e.problems.join('\n  ')}`)
    throw e
  }
  let triageCodeBook: Config['triageCodeBook'] = null
  if (env.TRIAGE_CODEBOOK_FILE && env.TRIAGE_CODEBOOK_FILE.trim() !== '') {
    const file = path.resolve(env.TRIAGE_CODEBOOK_FILE.trim())
    try {
      triageCodeBook = { file, book: loadCodeBookFileSync(file) }
    } catch (e) {
      if (e instanceof CodeBookError) throw new ConfigError(`TRIAGE_CODEBOOK_FILE: ${e.message}`)
      throw e
    }
  }

  // Two-step sign-in is required for admins by default; the demo leaves it off unless MFA_REQUIRED_ROLES says otherwise.
  const demo = bool(env, 'DEMO', databaseUrl === null)
  const mfaRaw = env.MFA_REQUIRED_ROLES
  const mfaRequiredRoles = (mfaRaw === undefined ? (demo ? '' : 'admin') : mfaRaw)
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
  for (const r of mfaRequiredRoles) {
    if (!(ROLES as readonly string[]).includes(r)) {
      throw new ConfigError(`MFA_REQUIRED_ROLES must list roles (${ROLES.join(', ')}), got "${r}"`)
    }
  }
  let geocoding: GeocodingConfig
  try {
    geocoding = readGeocodingConfig(env, (name, def, min, max) => int(env, name, def, min, max))
  } catch (e) {
    if (e instanceof GeocodingConfigError) throw new ConfigError(e.message)
    throw e
  }

  const dataDirRaw = env.DATA_DIR ?? './data'
  const config: Config = {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: dataDirRaw === ':memory:' ? null : path.resolve(dataDirRaw),
    bootstrapAdmin: adminEmail ? { email: adminEmail.toLowerCase(), password: adminPassword } : null,
    // The demo seeds the embedded database by default; a real PostgreSQL gets it only when asked (DEMO=1).
    demo,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    sessionTtlMs: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30) * 3_600_000,
    sessionCacheMs: int(env, 'SESSION_CACHE_SECONDS', 5, 0, 60) * 1000,
    ackTimeoutMs: int(env, 'ACK_TIMEOUT_SECONDS', 120, 5, 3600) * 1000,
    ackSweepMs: int(env, 'ACK_SWEEP_MS', 2000, 100, 60_000),
    staleAfterMs: int(env, 'STALE_LOCATION_SECONDS', 300, 10, 86_400) * 1000,
    youthPreferenceMinutes: int(env, 'YOUTH_PREFERENCE_MINUTES', DEFAULT_PREFERRED_BONUS_MINUTES, 0, 240),
    autoDispatchPriorities: priorities.map(Number) as Priority[],
    travel: Object.freeze(travel),
    queue: DEFAULT_QUEUE_POLICY,
    tileUrl: env.TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    tileAttribution: env.TILE_ATTRIBUTION ?? '&copy; OpenStreetMap contributors',
    trustProxy: bool(env, 'TRUST_PROXY', false),
    loginRatePerMinute: int(env, 'LOGIN_RATE_PER_MINUTE', 30, 1, 100_000),
    passwordHashCost: int(env, 'PASSWORD_HASH_COST', 15, 14, 20),
    areaSets,
    timeZone,
    importMaxBytes: int(env, 'IMPORT_MAX_MB', 2048, 1, 65536) * 1024 * 1024,
    importRejectsRetentionMs: int(env, 'IMPORT_REJECTS_RETENTION_DAYS', 30, 1, 3650) * 86_400_000,
    positionRetentionMs: int(env, 'POSITION_RETENTION_DAYS', 30, 1, 3650) * 86_400_000,
    eidoAgencyId,
    protocolFile,
    protocol,
    triageCodeBook,
    protocolCheckMs: int(env, 'PROTOCOL_CHECK_SECONDS', 30, 0, 3600) * 1000,
    rotaCheckMs: int(env, 'ROTA_CHECK_SECONDS', 15, 1, 600) * 1000,
    mfaRequiredRoles: Object.freeze([...new Set(mfaRequiredRoles)]) as readonly Role[],
    mfaIssuer: env.MFA_ISSUER?.trim() || 'care dispatch',
    geocoding,
    checkInMs: int(env, 'CHECK_IN_SECONDS', 1200, 5, 86_400) * 1000,
    checkInGraceMs: int(env, 'CHECK_IN_GRACE_SECONDS', 120, 1, 3600) * 1000,
    checkInSweepMs: int(env, 'CHECK_IN_SWEEP_MS', 5000, 100, 600_000),
    publicDashboard: bool(env, 'PUBLIC_DASHBOARD', true),
    publicCacheMs: int(env, 'PUBLIC_DASHBOARD_CACHE_SECONDS', 300, 0, 86_400) * 1000,
    demoHistoryDays: int(env, 'DEMO_HISTORY_DAYS', 90, 0, 366),
    capacityStaleMs: int(env, 'CAPACITY_STALE_HOURS', 4, 1, 168) * 3_600_000
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${config.logLevel}"`)
  }
  return Object.freeze(config)
}
