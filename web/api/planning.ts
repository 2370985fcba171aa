// The planner's workspace API: scenarios, saved runs, history (times, triage results and areas only).
import type { History, HistoryRecord, RunInfo, ScenarioInfo } from '../../server/contracts/planning'
import type { Summary } from '../../server/contracts/summary'
import type { Scenario } from '../../simulations/scenario'
import { ApiError, call, getToken, pathOf, type Reply, type Query } from './client'
import { attachmentName, saveBlob } from '../lib/download'

export type { History, HistoryRecord, RunInfo, ScenarioInfo }
/** A stored scenario; its document passed the simulator's schema on the server, so it is a Scenario. */
export type StoredScenario = Omit<Reply<'GET /api/planning/scenarios/:id'>, 'document'> & { document: Scenario }

const key = (): string => crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`
const asStored = async (p: Promise<Reply<'GET /api/planning/scenarios/:id'>>): Promise<StoredScenario> => (await p) as StoredScenario

export const listScenarios = async () => await call('GET /api/planning/scenarios')
export const getScenario = async (id: string) => await asStored(call('GET /api/planning/scenarios/:id', { params: { id } }))
export const createScenario = async (document: Record<string, unknown>) =>
  await asStored(call('POST /api/planning/scenarios', { body: { document } }, { idempotencyKey: key() }))
export const importScenario = async (text: string) =>
  await asStored(call('POST /api/planning/scenarios/import', { body: { text } }, { idempotencyKey: key() }))
export const saveScenario = async (id: string, document: Record<string, unknown>) =>
  await asStored(call('PUT /api/planning/scenarios/:id', { params: { id }, body: { document } }, { idempotencyKey: key() }))
export const renameScenario = async (id: string, name: string) =>
  await asStored(call('PATCH /api/planning/scenarios/:id', { params: { id }, body: { name } }, { idempotencyKey: key() }))
export const duplicateScenario = async (id: string, name?: string) =>
  await asStored(
    call('POST /api/planning/scenarios/:id/duplicate', { params: { id }, body: name ? { name } : {} }, { idempotencyKey: key() })
  )
export const deleteScenario = async (id: string) => {
  await call('DELETE /api/planning/scenarios/:id', { params: { id } }, { idempotencyKey: key() })
}

export const listRuns = async (scenarioId: string) => await call('GET /api/planning/runs', { query: { scenario: scenarioId } })
/** A saved run; its summary is summary.json as the simulator wrote it (SummarySchema). */
export const getRun = async (id: string) =>
  (await call('GET /api/planning/runs/:id', { params: { id } })) as RunInfo & { summary: Summary }
export const saveRun = async (body: {
  scenarioId: string
  kind: 'simulation' | 'replay'
  codeVersion: string
  elapsedMs: number
  summary: Summary
}) => await call('POST /api/planning/runs', { body: { ...body, platform: 'browser' } }, { idempotencyKey: key() })
export const deleteRun = async (id: string) => {
  await call('DELETE /api/planning/runs/:id', { params: { id } }, { idempotencyKey: key() })
}

export const history = async (from: string, to: string, source: NonNullable<Query<'GET /api/planning/history'>['source']>) =>
  await call('GET /api/planning/history', { query: { from, to, source } })

/** The scenario file as the server stores it (what `npm run simulate` reads), for download. */
export async function exportScenario (id: string): Promise<{ text: string; fileName: string }> {
  const res = await fetch(pathOf('GET /api/planning/scenarios/:id/export', { params: { id } }), {
    headers: { authorization: `Bearer ${getToken() ?? ''}` }
  })
  const text = await res.text()
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, text)
  return { text, fileName: attachmentName(res, 'scenario.json') }
}

/** Offers text as a file download. */
export function downloadText (name: string, text: string, type = 'application/json'): void {
  saveBlob(name, new Blob([text], { type }))
}
