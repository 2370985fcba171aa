// The planner's workspace: scenarios (shipped ones read-only, planners' own stored as the exact file the CLI
// reads), runs saved from planners' browsers, and the history a scenario is built from. Scenarios are validated
// by the simulator's own schema, so the messages are those of `npm run simulate`.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import type { History, RunInfo, ScenarioInfo } from '../../contracts/planning'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, fieldError } from '../../lib/errors'
import { transactionWithFirstWrite } from '../../lib/request-context'
import { ScenarioError, validateScenario, type Scenario } from '../../../simulations/scenario'
import { stableJson } from '../../../simulations/stable-json'
import type { AuthUser } from '../auth/auth.service'
import type { ReportsService } from '../reports/reports.service'
import type { Team } from '../../contracts/teams'
import * as repo from './planning.repository'
import { planningHistory } from './planning-history'
import type { PlanningRunRow, PlanningScenarioRow, RunKind } from './planning.tables'

const SHIPPED_DIR = fileURLToPath(new URL('../../../simulations/scenarios/', import.meta.url))
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface PlanningDeps {
  db: Kysely<Database>
  now: () => Date
  emailsOf: (ids: string[]) => Promise<Map<string, string>>
  records: ReportsService['planningRecords']
  roster: () => Promise<Team[]>
  /** How many simulated calls (the demo's past) fall in [from, to); none without it. */
  simulatedCount?: (from: Date, to: Date) => Promise<number>
  /** Folder of shipped scenarios (tests may point elsewhere). */
  shippedDir?: string
}

interface Shipped {
  id: string
  text: string
  scenario: Scenario
  sha256: string
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

/** Parses and validates as the CLI does; the error message is the CLI's, naming every field. */
export function parseScenarioText (text: string, source = 'scenario'): Scenario {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new BadRequestError(new ScenarioError([`not valid JSON (${(e as Error).message})`], source).message)
  }
  return checkScenario(raw, source)
}

export function checkScenario (raw: unknown, source = 'scenario'): Scenario {
  try {
    return validateScenario(raw, source)
  } catch (e) {
    if (e instanceof ScenarioError) throw new BadRequestError(e.message)
    throw e
  }
}

/** Who may change or delete a stored scenario or run: its owner and admins (a row owned by nobody: admins only). */
export function mayChange (ownerId: string | null, user: Pick<AuthUser, 'id' | 'role'>): boolean {
  return user.role === 'admin' || (ownerId !== null && ownerId === user.id)
}

function info (
  id: string,
  s: Scenario,
  sha256: string,
  o: {
    shipped: boolean
    author: string | null
    owner: string | null
    editable: boolean
    createdAt: Date | null
    updatedAt: Date | null
  }
): ScenarioInfo {
  const perDay = Object.values(s.demand.callsPerDay).reduce<number>((a, x) => a + (x ?? 0), 0)
  return {
    id,
    name: s.name,
    description: s.description ?? null,
    shipped: o.shipped,
    author: o.author,
    owner: o.owner,
    editable: o.editable,
    createdAt: o.createdAt?.toISOString() ?? null,
    updatedAt: o.updatedAt?.toISOString() ?? null,
    sha256,
    teams: s.teams.reduce((a, t) => a + (t.count ?? 1), 0),
    callsPerDay: perDay
  }
}

export function createPlanningService (deps: PlanningDeps) {
  const { db, now } = deps
  const dir = deps.shippedDir ?? SHIPPED_DIR
  const shipped: Shipped[] = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8')
      return { id: `shipped-${basename(f, '.json')}`, text, scenario: validateScenario(JSON.parse(text), f), sha256: sha(text) }
    })

  async function authors (ids: Array<string | null>): Promise<Map<string, string>> {
    return await deps.emailsOf([...new Set(ids.filter((x): x is string => x !== null))])
  }
  const emailOf = (id: string | null, emails: Map<string, string>): string | null => (id === null ? null : (emails.get(id) ?? null))

  function rowInfo (r: PlanningScenarioRow, emails: Map<string, string>, user: AuthUser): ScenarioInfo {
    return info(r.id, JSON.parse(r.document) as Scenario, r.sha256, {
      shipped: false,
      author: emailOf(r.author_id, emails),
      owner: emailOf(r.owner_id, emails),
      editable: mayChange(r.owner_id, user),
      createdAt: r.created_at,
      updatedAt: r.updated_at
    })
  }

  async function load (
    id: string,
    user: AuthUser
  ): Promise<{ info: ScenarioInfo; text: string; scenario: Scenario; row: PlanningScenarioRow | null }> {
    const s = shipped.find((x) => x.id === id)
    if (s) {
      return {
        info: info(s.id, s.scenario, s.sha256, {
          shipped: true,
          author: null,
          owner: null,
          editable: false,
          createdAt: null,
          updatedAt: null
        }),
        text: s.text,
        scenario: s.scenario,
        row: null
      }
    }
    if (id.startsWith('shipped-') || !UUID.test(id)) throw new NotFoundError(`Scenario ${id}`)
    const r = await repo.findScenario(db, id)
    if (!r) throw new NotFoundError(`Scenario ${id}`)
    return {
      info: rowInfo(r, await authors([r.author_id, r.owner_id]), user),
      text: r.document,
      scenario: JSON.parse(r.document) as Scenario,
      row: r
    }
  }

  function editable (id: string): void {
    if (id.startsWith('shipped-')) throw new ConflictError('a shipped scenario is read-only: duplicate it to change it')
  }

  /** A stored scenario the user may change: 404 when unknown, 409 when shipped, 403 when another planner's. */
  async function owned (id: string, user: AuthUser): Promise<Awaited<ReturnType<typeof load>>> {
    editable(id)
    const s = await load(id, user)
    if (!s.info.editable) {
      throw new ForbiddenError(
        `scenario ${id} is ${s.info.owner ?? 'no planner'}'s: only its owner or an admin may change or delete it (duplicate it to make ` +
          'your own)'
      )
    }
    return s
  }

  async function create (scenario: Scenario, user: AuthUser): Promise<ScenarioInfo & { document: Scenario }> {
    const text = stableJson(scenario)
    const row = await transactionWithFirstWrite(db, (trx) =>
      repo.insertScenario(trx, { name: scenario.name, document: text, sha256: sha(text), author_id: user.id, owner_id: user.id })
    )
    return {
      ...info(row.id, scenario, row.sha256, {
        shipped: false,
        author: user.email,
        owner: user.email,
        editable: true,
        createdAt: row.created_at,
        updatedAt: row.updated_at
      }),
      document: scenario
    }
  }

  async function replace (id: string, scenario: Scenario, user: AuthUser): Promise<ScenarioInfo & { document: Scenario }> {
    editable(id)
    const text = stableJson(scenario)
    const row = await transactionWithFirstWrite(db, (trx) =>
      repo.updateScenario(trx, id, { name: scenario.name, document: text, sha256: sha(text) }, now())
    )
    if (!row) throw new NotFoundError(`Scenario ${id}`)
    return { ...rowInfo(row, await authors([row.author_id, row.owner_id]), user), document: scenario }
  }

  function runInfo (r: PlanningRunRow, emails: Map<string, string>, user: AuthUser): RunInfo {
    const s = JSON.parse(r.summary) as { responseMinutes?: { p90?: number } }
    return {
      id: r.id,
      scenarioId: r.scenario_ref,
      scenarioName: r.scenario_name,
      scenarioSha256: r.scenario_sha256,
      kind: r.kind,
      seed: r.seed,
      replications: r.replications,
      days: r.days,
      codeVersion: r.code_version,
      platform: r.platform,
      elapsedMs: r.elapsed_ms,
      author: emailOf(r.author_id, emails),
      owner: emailOf(r.owner_id, emails),
      editable: mayChange(r.owner_id, user),
      createdAt: r.created_at.toISOString(),
      responseP90: typeof s.responseMinutes?.p90 === 'number' ? s.responseMinutes.p90 : null
    }
  }

  return {
    async list (user: AuthUser): Promise<ScenarioInfo[]> {
      const rows = await repo.listScenarios(db)
      const emails = await authors(rows.flatMap((r) => [r.author_id, r.owner_id]))
      return [
        ...shipped.map((s) =>
          info(s.id, s.scenario, s.sha256, {
            shipped: true,
            author: null,
            owner: null,
            editable: false,
            createdAt: null,
            updatedAt: null
          })
        ),
        ...rows.map((r) => rowInfo(r, emails, user))
      ]
    },

    async get (id: string, user: AuthUser): Promise<ScenarioInfo & { document: Scenario }> {
      const s = await load(id, user)
      return { ...s.info, document: s.scenario }
    },

    /** The file's exact bytes, for download: `npm run simulate -- FILE` reads the same scenario and hash. */
    async exportText (id: string, user: AuthUser): Promise<{ text: string; fileName: string }> {
      const s = await load(id, user)
      const slug =
        s.info.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 60) || 'scenario'
      return { text: s.text, fileName: `${slug}.json` }
    },

    async create (document: unknown, user: AuthUser) {
      return await create(checkScenario(document, 'body/document'), user)
    },

    /** A file's text; problems are named as in the body (`body/text is invalid: …`), then as the CLI names them. */
    async importText (text: string, user: AuthUser) {
      return await create(parseScenarioText(text, 'body/text'), user)
    },

    async replace (id: string, document: unknown, user: AuthUser) {
      // An unknown, read-only or another planner's scenario is said first: its document does not matter then.
      await owned(id, user)
      return await replace(id, checkScenario(document, 'body/document'), user)
    },

    async rename (id: string, name: string, user: AuthUser) {
      const s = await owned(id, user)
      return await replace(id, { ...s.scenario, name }, user)
    },

    async duplicate (id: string, name: string | undefined, user: AuthUser) {
      const s = await load(id, user)
      return await create({ ...structuredClone(s.scenario), name: name ?? `Copy of ${s.scenario.name}` }, user)
    },

    async remove (id: string, user: AuthUser): Promise<void> {
      await owned(id, user)
      const gone = await transactionWithFirstWrite(db, (trx) => repo.deleteScenario(trx, id))
      if (!gone) throw new NotFoundError(`Scenario ${id}`)
    },

    async saveRun (
      body: {
        scenarioId: string
        kind: RunKind
        codeVersion: string
        platform: string
        elapsedMs?: number
        summary: Record<string, unknown>
      },
      user: AuthUser
    ): Promise<RunInfo> {
      const s = await load(body.scenarioId, user)
      const sm = body.summary
      const int = (k: string, min: number): number => {
        const v = sm[k]
        if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
          throw fieldError(`body/summary/${k}`, `must be an integer ≥ ${min}`)
        }
        return v
      }
      const seed = int('seed', 0)
      const replications = int('replications', 1)
      if (typeof sm.days !== 'number' || !(sm.days > 0)) throw fieldError('body/summary/days', 'must be a number above 0')
      if (typeof sm.scenarioSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sm.scenarioSha256)) {
        throw fieldError('body/summary/scenarioSha256', 'must be a SHA-256 in hex')
      }
      if (body.kind === 'simulation' && sm.scenarioSha256 !== s.info.sha256) {
        throw fieldError(
          'body/summary/scenarioSha256',
          'is not the hash of the scenario as stored: save the scenario, then run it again'
        )
      }
      const row = await transactionWithFirstWrite(db, (trx) =>
        repo.insertRun(trx, {
          scenario_id: s.row?.id ?? null,
          scenario_ref: s.info.id,
          scenario_name: s.info.name,
          scenario_sha256: sm.scenarioSha256 as string,
          kind: body.kind,
          seed,
          replications,
          days: sm.days as number,
          code_version: body.codeVersion,
          platform: body.platform,
          elapsed_ms: body.elapsedMs ?? null,
          summary: stableJson(sm),
          author_id: user.id,
          owner_id: user.id
        })
      )
      return runInfo(row, new Map([[user.id, user.email]]), user)
    },

    async runs (scenarioId: string | undefined, user: AuthUser): Promise<RunInfo[]> {
      const rows = await repo.listRuns(db, scenarioId, 200)
      const emails = await authors(rows.flatMap((r) => [r.author_id, r.owner_id]))
      return rows.map((r) => runInfo(r, emails, user))
    },

    async run (id: string, user: AuthUser): Promise<RunInfo & { summary: Record<string, unknown> }> {
      const r = await repo.findRun(db, id)
      if (!r) throw new NotFoundError(`Run ${id}`)
      return {
        ...runInfo(r, await authors([r.author_id, r.owner_id]), user),
        summary: JSON.parse(r.summary) as Record<string, unknown>
      }
    },

    async removeRun (id: string, user: AuthUser): Promise<void> {
      const r = await repo.findRun(db, id)
      if (!r) throw new NotFoundError(`Run ${id}`)
      if (!mayChange(r.owner_id, user)) {
        throw new ForbiddenError(`run ${id} is another planner's: only its owner or an admin may delete it`)
      }
      const gone = await transactionWithFirstWrite(db, (trx) => repo.deleteRun(trx, id))
      if (!gone) throw new NotFoundError(`Run ${id}`)
    },

    /** Calls of a period (times, triage, areas) and today's roster, for a scenario from history or a replay. */
    async history (q: { from: string; to: string; source?: 'live' | 'imported' | 'both' }): Promise<History> {
      return await planningHistory(deps, q)
    }
  }
}

export type PlanningService = ReturnType<typeof createPlanningService>
