// Hand-made imported records (historical_calls) for report tests: each row says its times as offsets in minutes
// from when it was received, so expected intervals can be worked out by hand.
import { json } from '../../server/db/sql-helpers'
import type { Executor } from '../../server/db/database'
import { projectCalls } from '../../server/modules/reports/report-facts'
import type { Category, Priority, ResponseType } from '../../server/domain/types'
import { api, newCall, type Fixture } from './app'

export interface HistoryRow {
  /** ISO instant the call was received. */
  received: string
  /** Minutes after received; null or absent: not recorded. */
  dispatched?: number | null
  enRoute?: number | null
  onScene?: number | null
  cleared?: number | null
  category?: Category
  response?: ResponseType
  priority?: Priority
  areas?: Record<string, string | null>
  disposition?: string | null
  address?: string | null
  lat?: number | null
  lon?: number | null
  /** The source's own word on police: true none came, false they did; absent or null: not recorded (as a CAD export). */
  withoutPolice?: boolean | null
}

let seq = 0

/** Inserts the records as an import does: with their rows in the reports' projection (report_facts). */
export async function insertHistory (db: Executor, rows: HistoryRow[]): Promise<void> {
  if (rows.length === 0) return
  const at = (r: HistoryRow, m: number | null | undefined): Date | null =>
    m == null ? null : new Date(Date.parse(r.received) + m * 60_000)
  const inserted = await db
    .insertInto('historical_calls')
    .values(
      rows.map((r) => ({
        source: 'test',
        source_id: `t-${process.pid}-${++seq}`,
        received_at: new Date(r.received),
        call_type: 'TEST',
        category: r.category ?? 'mental_health',
        response: r.response ?? 'care_team',
        priority: r.priority ?? 2,
        protocol_version: 'test',
        areas: json(r.areas ?? {}),
        disposition: r.disposition === undefined ? 'resolved_on_scene' : r.disposition,
        address: r.address ?? null,
        lat: r.lat ?? null,
        lon: r.lon ?? null,
        dispatched_at: at(r, r.dispatched),
        en_route_at: at(r, r.enRoute),
        on_scene_at: at(r, r.onScene),
        cleared_at: at(r, r.cleared),
        without_police: r.withoutPolice ?? null
      }))
    )
    .returning('id')
    .execute()
  await projectCalls(
    db,
    inserted.map((x) => x.id)
  )
}

/** `n` copies of a row, received a minute apart. */
export function times (n: number, row: HistoryRow): HistoryRow[] {
  return Array.from({ length: n }, (_, i) => ({ ...row, received: new Date(Date.parse(row.received) + i * 60_000).toISOString() }))
}

export interface LiveRun {
  /** Minutes after intake for each step; omit a step to stop before it. */
  assign?: number
  acknowledged?: number
  enRoute?: number
  onScene?: number
  close?: number
  disposition?: string
  backup?: { at: number; need: 'care_team' | 'ems' | 'police' }
  body?: Record<string, unknown>
}

/**
 * One live call through the real API: intake at the clock's time, then each step when its minute comes (the
 * clock is advanced). Returns the call id; the clock ends at the last step.
 */
export async function liveCall (f: Fixture, teamId: string, run: LiveRun): Promise<string> {
  const start = f.clock.t
  const call = await newCall(f, run.body ?? {})
  const at = (m: number): void => {
    f.clock.t = start + m * 60_000
  }
  const ok = async (p: Promise<{ statusCode: number; body: string }>): Promise<void> => {
    const r = await p
    if (r.statusCode !== 200 && r.statusCode !== 201) throw new Error(`live call step failed: ${r.statusCode} ${r.body}`)
  }
  const d = f.tokens.dispatcher
  if (run.assign === undefined) return call.id
  at(run.assign)
  await ok(api(f, 'POST', `/api/calls/${call.id}/assignments`, d, { teamId }))
  for (const [status, m] of [
    ['acknowledged', run.acknowledged],
    ['en_route', run.enRoute],
    ['on_scene', run.onScene]
  ] as const) {
    if (m === undefined) return call.id
    at(m)
    await ok(api(f, 'POST', `/api/calls/${call.id}/status`, d, { status }))
    if (status === 'on_scene' && run.backup) {
      at(run.backup.at)
      await ok(api(f, 'POST', `/api/calls/${call.id}/backup`, d, { reason: 'second person', need: run.backup.need }))
    }
  }
  if (run.close === undefined) return call.id
  at(run.close)
  await ok(api(f, 'POST', `/api/calls/${call.id}/close`, d, { disposition: run.disposition ?? 'resolved_on_scene' }))
  return call.id
}
