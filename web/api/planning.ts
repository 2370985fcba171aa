// The planner's workspace API: scenarios, saved runs, history (times, triage results and areas only).
import { api, getToken, ApiError } from './client'
import { attachmentName, saveBlob } from '../lib/download'
import type { Scenario } from '../../simulations/scenario'

export interface ScenarioInfo {
  id: string
  name: string
  description: string | null
  shipped: boolean
  author: string | null
  /** Who may change or delete it (with admins); null for shipped ones and admin-only ones. */
  owner: string | null
  /** Whether the signed-in user may change or delete it. */
  editable: boolean
  createdAt: string | null
  updatedAt: string | null
  sha256: string
  teams: number
  callsPerDay: number
}
export type StoredScenario = ScenarioInfo & { document: Scenario }

export interface RunInfo {
  id: string
  scenarioId: string
  scenarioName: string
  scenarioSha256: string
  kind: 'simulation' | 'replay'
  seed: number
  replications: number
  days: number
  codeVersion: string
  platform: string
  elapsedMs: number | null
  author: string | null
  owner: string | null
  editable: boolean
  createdAt: string
  responseP90: number | null
}

export interface HistoryRecord {
  minute: number
  source: 'live' | 'imported'
  category: string
  response: string
  priority: number
  councilDistrict: string | null
  lapdDivision: string | null
  /** Care-team eligible, ended with no care team on scene. */
  unmet: boolean
  turnoutMinutes: number | null
  onSceneMinutes: number | null
  responseMinutes: number | null
}
export interface RosterGroup { kind: string, count: number, capabilities: string[], baseName: string | null, baseLat: number | null, baseLon: number | null }
export interface History {
  from: string
  to: string
  timeZone: string
  startDay: string
  days: number
  records: HistoryRecord[]
  truncated: boolean
  /** How many of the records are simulated (the demo's past). */
  simulated: number
  roster: RosterGroup[]
  /** Where the calls lie against the council districts (before small areas are merged). */
  placement: { inArea: number, outside: number, notPlaced: number }
  /** Calls a care team would take (triaged to a care-team response). */
  careEligible: number
  /** Why these calls may not describe a plan: shown before running and beside the results. */
  warnings: Array<{ code: 'outside_area' | 'mostly_not_care', message: string }>
}

const key = (): string => crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`
const enc = encodeURIComponent

export const listScenarios = async () => await api<ScenarioInfo[]>('GET', '/api/planning/scenarios')
export const getScenario = async (id: string) => await api<StoredScenario>('GET', `/api/planning/scenarios/${enc(id)}`)
export const createScenario = async (document: unknown) => await api<StoredScenario>('POST', '/api/planning/scenarios', { document }, { idempotencyKey: key() })
export const importScenario = async (text: string) => await api<StoredScenario>('POST', '/api/planning/scenarios/import', { text }, { idempotencyKey: key() })
export const saveScenario = async (id: string, document: unknown) => await api<StoredScenario>('PUT', `/api/planning/scenarios/${enc(id)}`, { document }, { idempotencyKey: key() })
export const renameScenario = async (id: string, name: string) => await api<StoredScenario>('PATCH', `/api/planning/scenarios/${enc(id)}`, { name }, { idempotencyKey: key() })
export const duplicateScenario = async (id: string, name?: string) => await api<StoredScenario>('POST', `/api/planning/scenarios/${enc(id)}/duplicate`, name ? { name } : {}, { idempotencyKey: key() })
export const deleteScenario = async (id: string) => { await api<null>('DELETE', `/api/planning/scenarios/${enc(id)}`, undefined, { idempotencyKey: key() }) }

export const listRuns = async (scenarioId: string) => await api<RunInfo[]>('GET', `/api/planning/runs?scenario=${enc(scenarioId)}`)
export const getRun = async (id: string) => await api<RunInfo & { summary: Record<string, unknown> }>('GET', `/api/planning/runs/${enc(id)}`)
export const saveRun = async (body: { scenarioId: string, kind: 'simulation' | 'replay', codeVersion: string, elapsedMs: number, summary: Record<string, unknown> }) =>
  await api<RunInfo>('POST', '/api/planning/runs', { ...body, platform: 'browser' }, { idempotencyKey: key() })
export const deleteRun = async (id: string) => { await api<null>('DELETE', `/api/planning/runs/${enc(id)}`, undefined, { idempotencyKey: key() }) }

export const history = async (from: string, to: string, source: string) =>
  await api<History>('GET', `/api/planning/history?from=${enc(from)}&to=${enc(to)}&source=${enc(source)}`)

/** The scenario file as the server stores it (what `npm run simulate` reads), for download. */
export async function exportScenario (id: string): Promise<{ text: string, fileName: string }> {
  const res = await fetch(`/api/planning/scenarios/${enc(id)}/export`, { headers: { authorization: `Bearer ${getToken() ?? ''}` } })
  const text = await res.text()
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, text)
  return { text, fileName: attachmentName(res, 'scenario.json') }
}

/** Offers text as a file download. */
export function downloadText (name: string, text: string, type = 'application/json'): void {
  saveBlob(name, new Blob([text], { type }))
}
