// Integration fixture: buildApp on a fresh test database, with a controllable clock and factories.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../server/app'
import { loadConfig, type Config } from '../../server/config'
import type { Role } from '../../server/contracts/users'
import type { CreateTeam, Team } from '../../server/contracts/teams'
import type { Call } from '../../server/contracts/calls'
import { createDb } from '../../server/db/create-db'
import { LA_AREA_SETS, loadAreaSets, type AreaSets } from '../../server/lib/area-sets'
import { createTestDb, type Engine, type TestDb } from './db'
import { ALL_SAFE } from '../server/domain/triage-cases'

export const PASSWORD = 'test-password-123'

/** Every safety question answered the safe way (the triage suite's table). */
export const SAFE_ANSWERS = ALL_SAFE

export const ELIGIBLE = 'man on the corner talking to himself, says he hears voices, no weapons, not violent, not injured'

export class Clock {
  constructor (public t = Date.now()) {}
  now = (): Date => new Date(this.t)
  advance (ms: number): void {
    this.t += ms
  }
}

export interface Fixture {
  app: FastifyInstance
  db: TestDb
  clock: Clock
  config: Readonly<Config>
  tokens: Record<Role, string>
  close: () => Promise<void>
}

/**
 * Tests hash passwords at scrypt N = 2^10 (milliseconds, not 0.15 s): every suite signs four users in.
 * Operators cannot go below 2^14 (PASSWORD_HASH_COST); only this typed config, built here, does.
 */
export const TEST_HASH_COST = 10

export function testConfig (overrides: Record<string, string> = {}): Readonly<Config> {
  const config = loadConfig({
    DATA_DIR: ':memory:',
    ACK_TIMEOUT_SECONDS: '60',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    LOGIN_RATE_PER_MINUTE: '10000',
    ...overrides
  })
  return Object.freeze({
    ...config,
    passwordHashCost: overrides.PASSWORD_HASH_COST !== undefined ? config.passwordHashCost : TEST_HASH_COST
  })
}

let laAreas: AreaSets | null = null
/** Los Angeles's area sets, read once per test file. */
export const testAreas = (): AreaSets => (laAreas ??= loadAreaSets(LA_AREA_SETS))

let userSeq = 0

/** Creates a user through the service and signs in through the API; returns the bearer token. */
export async function signIn (app: FastifyInstance, role: Role, teamId?: string, facilityId?: string): Promise<string> {
  const email = `${role}-${process.pid}-${++userSeq}-${Math.random().toString(36).slice(2, 8)}@test.care`
  await app.services.auth.createUser({ email, password: PASSWORD, role, teamId, facilityId })
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } })
  if (r.statusCode !== 200) throw new Error(`login failed: ${r.body}`)
  return r.json().token as string
}

export interface SetupOptions {
  config?: Record<string, string>
  db?: TestDb
  clock?: Clock
  /** Hooks a test adds to the app before it is ready (they apply to every route). */
  beforeReady?: (app: FastifyInstance) => void
}

export async function setup (engine: Engine, opts: SetupOptions = {}): Promise<Fixture> {
  const db = opts.db ?? (await createTestDb(engine))
  const clock = opts.clock ?? new Clock()
  const config = testConfig(opts.config)
  const app = await buildApp(config, { db, now: clock.now, sweeper: false, areas: testAreas() })
  opts.beforeReady?.(app)
  await app.ready()
  const tokens = {} as Record<Role, string>
  for (const role of ['dispatcher', 'supervisor', 'planner', 'admin'] as const) tokens[role] = await signIn(app, role)
  return {
    app,
    db,
    clock,
    config,
    tokens,
    close: async () => {
      await app.close()
      if (!opts.db) await db.destroy()
    }
  }
}

/**
 * Two server processes' worth of app on one fresh PostgreSQL database (DATABASE_URL), each with its own
 * pool and LISTEN connection. close() shuts both apps, then the second pool, then drops the database.
 */
export async function setupTwoProcesses (opts: { clock?: Clock } = {}): Promise<{ a: Fixture; b: Fixture; close: () => Promise<void> }> {
  const db = await createTestDb('postgres')
  const second = await createDb({ databaseUrl: db.url!, dataDir: null, poolSize: 5 })
  const a = await setup('postgres', { db, clock: opts.clock })
  const b = await setup('postgres', {
    db: {
      ...second,
      destroy: async () => {
        await second.close()
      },
      url: db.url
    },
    clock: opts.clock
  })
  return {
    a,
    b,
    close: async () => {
      await b.close()
      await a.close()
      await second.close()
      await db.destroy()
    }
  }
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` })

export async function api (
  f: Fixture,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  token: string,
  payload?: unknown,
  headers: Record<string, string> = {}
): Promise<LightMyRequestResponse> {
  return await f.app.inject({
    method,
    url,
    headers: { ...auth(token), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {})
  })
}

let teamSeq = 0

/** A team on shift and available at a position (default downtown LA), created through the API. */
export async function newTeam (
  f: Fixture,
  input: Partial<CreateTeam> & { lat?: number; lon?: number; onShift?: boolean } = {}
): Promise<Team> {
  const { lat = 34.05, lon = -118.25, onShift = true, ...rest } = input
  const create = await api(f, 'POST', '/api/teams', f.tokens.admin, {
    callSign: `T-${process.pid % 1000}-${++teamSeq}`,
    kind: 'crisis',
    base: { name: 'Test base', lat, lon },
    ...rest
  })
  if (create.statusCode !== 201) throw new Error(`team create failed: ${create.body}`)
  let team = create.json() as Team
  if (onShift) {
    const s = await api(f, 'POST', `/api/teams/${team.id}/shift`, f.tokens.supervisor, { onShift: true })
    if (s.statusCode !== 200) throw new Error(`shift failed: ${s.body}`)
    const p = await api(f, 'POST', `/api/teams/${team.id}/position`, f.tokens.dispatcher, {
      lat,
      lon,
      deviceTime: f.clock.now().toISOString()
    })
    if (p.statusCode !== 200) throw new Error(`position failed: ${p.body}`)
    team = p.json() as Team
  }
  return team
}

/** An eligible mental-health call (care_team), created through the API. */
export async function newCall (f: Fixture, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Call> {
  const r = await api(
    f,
    'POST',
    '/api/calls',
    f.tokens.dispatcher,
    {
      location: { lat: 34.052, lon: -118.243, address: '200 N Spring St' },
      narrative: ELIGIBLE,
      answers: SAFE_ANSWERS,
      ...body
    },
    headers
  )
  if (r.statusCode !== 201) throw new Error(`call create failed: ${r.body}`)
  return r.json() as Call
}
