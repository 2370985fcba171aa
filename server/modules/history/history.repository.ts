// Historical call records and import runs: batch inserts (one statement per batch, column arrays through
// unnest, ON CONFLICT DO NOTHING so a record already there is skipped), run bookkeeping, rejects.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { ImportRejectRow, ImportRunRow, ImportStatus } from './history.tables'
import type { HistoricalInput } from './import-row'

/** Column arrays of one batch: a few arrays per statement instead of a parameter per value. */
export class HistoricalBatch {
  readonly sourceId: string[] = []
  readonly receivedAt: number[] = []
  readonly callType: string[] = []
  readonly callTypeText: Array<string | null> = []
  readonly upstreamPriority: Array<string | null> = []
  readonly category: string[] = []
  readonly response: string[] = []
  readonly priority: number[] = []
  readonly protocolVersion: string[] = []
  readonly lat: Array<number | null> = []
  readonly lon: Array<number | null> = []
  readonly address: Array<string | null> = []
  readonly areas: string[] = []
  readonly upstreamArea: Array<string | null> = []
  readonly disposition: Array<string | null> = []
  readonly dispatchedAt: Array<number | null> = []
  readonly enRouteAt: Array<number | null> = []
  readonly onSceneAt: Array<number | null> = []
  readonly clearedAt: Array<number | null> = []

  get size (): number { return this.sourceId.length }

  add (r: HistoricalInput): void {
    this.sourceId.push(r.sourceId)
    this.receivedAt.push(r.receivedAt)
    this.callType.push(r.callType)
    this.callTypeText.push(r.callTypeText)
    this.upstreamPriority.push(r.upstreamPriority)
    this.category.push(r.category)
    this.response.push(r.response)
    this.priority.push(r.priority)
    this.protocolVersion.push(r.protocolVersion)
    this.lat.push(r.lat)
    this.lon.push(r.lon)
    this.address.push(r.address)
    this.areas.push(areasJson(r.areas))
    this.upstreamArea.push(r.upstreamArea)
    this.disposition.push(r.disposition)
    this.dispatchedAt.push(r.dispatchedAt)
    this.enRouteAt.push(r.enRouteAt)
    this.onSceneAt.push(r.onSceneAt)
    this.clearedAt.push(r.clearedAt)
  }
}

let lastAreas: object | null = null
let lastAreasJson = '{}'
/** Neighbouring rows often share their areas object (and rows without coordinates all share {}). */
function areasJson (a: object): string {
  if (a !== lastAreas) { lastAreas = a; lastAreasJson = JSON.stringify(a) }
  return lastAreasJson
}

/** Inserts a batch; returns how many rows were new (the others were already there: same source and id). */
export async function insertHistorical (db: Executor, source: string, importId: string, b: HistoricalBatch): Promise<number> {
  const ts = (col: string) => sql.raw(`case when ${col} is null then null else to_timestamp(${col} / 1000.0) end`)
  const res = await sql<{ n: number }>`
    with ins as (
      insert into historical_calls (source, source_id, import_id, received_at, call_type, call_type_text, upstream_priority,
        category, response, priority, protocol_version, lat, lon, address, areas, upstream_area, disposition,
        dispatched_at, en_route_at, on_scene_at, cleared_at)
      select ${source}::text, u.source_id, ${importId}::uuid, ${ts('u.received')}, u.call_type, u.call_type_text, u.upstream_priority,
        u.category, u.response, u.priority, u.protocol_version, u.lat, u.lon, u.address, u.areas::jsonb, u.upstream_area, u.disposition,
        ${ts('u.dispatched')}, ${ts('u.en_route')}, ${ts('u.on_scene')}, ${ts('u.cleared')}
      from unnest(${b.sourceId}::text[], ${b.receivedAt}::float8[], ${b.callType}::text[], ${b.callTypeText}::text[], ${b.upstreamPriority}::text[],
        ${b.category}::text[], ${b.response}::text[], ${b.priority}::int2[], ${b.protocolVersion}::text[], ${b.lat}::float8[], ${b.lon}::float8[],
        ${b.address}::text[], ${b.areas}::text[], ${b.upstreamArea}::text[], ${b.disposition}::text[],
        ${b.dispatchedAt}::float8[], ${b.enRouteAt}::float8[], ${b.onSceneAt}::float8[], ${b.clearedAt}::float8[])
        as u(source_id, received, call_type, call_type_text, upstream_priority, category, response, priority, protocol_version, lat, lon,
          address, areas, upstream_area, disposition, dispatched, en_route, on_scene, cleared)
      on conflict (source, source_id) do nothing
      returning 1
    )
    select count(*)::int as n from ins`.execute(db)
  return Number(res.rows[0].n)
}

export interface NewRun {
  source: string
  fileName: string
  fileBytes: number | null
  mapping: Record<string, string[]>
  timeZone: string
  codeBookName: string | null
  codeBook: string | null
  status: ImportStatus
  actorId: string | null
  actor: string
}

export async function insertRun (db: Executor, r: NewRun): Promise<ImportRunRow> {
  return await db.insertInto('import_runs').values({
    source: r.source,
    file_name: r.fileName,
    file_bytes: r.fileBytes,
    mapping: json(r.mapping),
    time_zone: r.timeZone,
    code_book_name: r.codeBookName,
    code_book: r.codeBook,
    status: r.status,
    actor_id: r.actorId,
    actor: r.actor,
    rejected_by_reason: json({}),
    responses: json({})
  }).returningAll().executeTakeFirstOrThrow()
}

export interface RunCounts {
  bytesRead: number
  read: number
  imported: number
  skipped: number
  rejected: number
  byReason: Record<string, number>
  responses: Record<string, number>
  callTypes: number
}

export async function updateRun (db: Executor, id: string, patch: { status?: ImportStatus, header?: string[], counts?: RunCounts, started?: Date, finished?: Date, seconds?: number, error?: string }): Promise<void> {
  const c = patch.counts
  await db.updateTable('import_runs').set({
    updated_at: sql`now()`,
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.header !== undefined ? { header: json(patch.header) } : {}),
    ...(patch.started !== undefined ? { started_at: patch.started } : {}),
    ...(patch.finished !== undefined ? { finished_at: patch.finished } : {}),
    ...(patch.seconds !== undefined ? { seconds: patch.seconds } : {}),
    ...(patch.error !== undefined ? { error: patch.error } : {}),
    ...(c !== undefined
      ? { bytes_read: c.bytesRead, rows_read: c.read, imported: c.imported, skipped: c.skipped, rejected: c.rejected, rejected_by_reason: json(c.byReason), responses: json(c.responses), call_types: c.callTypes }
      : {})
  }).where('id', '=', id).execute()
}

/** Moves a waiting run to running; false when another request took it first. */
export async function claimRun (db: Executor, id: string): Promise<boolean> {
  const r = await db.updateTable('import_runs').set({ status: 'running', started_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id).where('status', '=', 'waiting').returning('id').executeTakeFirst()
  return r !== undefined
}

export async function findRun (db: Executor, id: string): Promise<ImportRunRow | undefined> {
  return await db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listRuns (db: Executor, limit: number): Promise<ImportRunRow[]> {
  return await db.selectFrom('import_runs').selectAll().orderBy('created_at', 'desc').limit(limit).execute()
}

export interface RejectInput { line: number, reason: string, message: string, fields: string[] }

export async function insertRejects (db: Executor, importId: string, rows: RejectInput[]): Promise<void> {
  if (rows.length === 0) return
  await sql`
    insert into import_rejects (import_id, line, reason, message, fields)
    select ${importId}::uuid, u.line, u.reason, u.message, u.fields::jsonb
    from unnest(${rows.map((r) => r.line)}::int4[], ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.message)}::text[], ${rows.map((r) => JSON.stringify(r.fields))}::text[])
      as u(line, reason, message, fields)
    on conflict do nothing`.execute(db)
}

/** Rejects of a run in line order, a page at a time (keyset on the line). */
export async function rejectsAfter (db: Executor, importId: string, afterLine: number, limit: number): Promise<ImportRejectRow[]> {
  return await db.selectFrom('import_rejects').selectAll().where('import_id', '=', importId).where('line', '>', afterLine).orderBy('line').limit(limit).execute()
}

/** How many historical records there are of a source (tests and the bench compare it with the counts). */
export async function countHistorical (db: Executor, source?: string): Promise<number> {
  const r = await db.selectFrom('historical_calls').select((eb) => eb.fn.countAll<number>().as('n')).$if(source !== undefined, (q) => q.where('source', '=', source!)).executeTakeFirstOrThrow()
  return Number(r.n)
}
