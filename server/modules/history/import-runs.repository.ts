// Import runs and their rejects: a run's row and counts, claiming a waiting run, rejects by line, deleting and purging.
import { sql, type Kysely } from 'kysely'
import type { Database, Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { ImportRejectRow, ImportRunRow, ImportStatus } from './history.tables'

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
  return await db
    .insertInto('import_runs')
    .values({
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
    })
    .returningAll()
    .executeTakeFirstOrThrow()
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

export async function updateRun (
  db: Executor,
  id: string,
  patch: {
    status?: ImportStatus
    header?: string[]
    counts?: RunCounts
    started?: Date
    finished?: Date
    seconds?: number
    error?: string
  }
): Promise<void> {
  const c = patch.counts
  await db
    .updateTable('import_runs')
    .set({
      updated_at: sql`now()`,
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.header !== undefined ? { header: json(patch.header) } : {}),
      ...(patch.started !== undefined ? { started_at: patch.started } : {}),
      ...(patch.finished !== undefined ? { finished_at: patch.finished } : {}),
      ...(patch.seconds !== undefined ? { seconds: patch.seconds } : {}),
      ...(patch.error !== undefined ? { error: patch.error } : {}),
      ...(c !== undefined
        ? {
            bytes_read: c.bytesRead,
            rows_read: c.read,
            imported: c.imported,
            skipped: c.skipped,
            rejected: c.rejected,
            rejected_by_reason: json(c.byReason),
            responses: json(c.responses),
            call_types: c.callTypes
          }
        : {})
    })
    .where('id', '=', id)
    .execute()
}

/** Moves a waiting run to running; false when another request took it first. */
export async function claimRun (db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('import_runs')
    .set({ status: 'running', started_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'waiting')
    .returning('id')
    .executeTakeFirst()
  return r !== undefined
}

export async function findRun (db: Executor, id: string): Promise<ImportRunRow | undefined> {
  return await db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listRuns (db: Executor, limit: number): Promise<ImportRunRow[]> {
  return await db.selectFrom('import_runs').selectAll().orderBy('created_at', 'desc').limit(limit).execute()
}

export interface RejectInput {
  line: number
  reason: string
  message: string
  fields: string[]
}

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
  return await db
    .selectFrom('import_rejects')
    .selectAll()
    .where('import_id', '=', importId)
    .where('line', '>', afterLine)
    .orderBy('line')
    .limit(limit)
    .execute()
}
/** Removes a run and its rejects (the historical records it imported stay). Answers whether it was there. */
export async function deleteRun (db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('import_runs').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Removes the rejects of runs that ended (or were created, if they never ended) before `cutoff`; answers how many runs. */
export async function purgeRejectsBefore (db: Kysely<Database>, cutoff: Date, at: Date): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    const runs = await trx
      .updateTable('import_runs')
      .set({ rejects_purged_at: at })
      .where('rejects_purged_at', 'is', null)
      .where((eb) => eb(eb.fn.coalesce('finished_at', 'created_at'), '<', cutoff))
      .where('status', 'in', ['done', 'failed'])
      .returning('id')
      .execute()
    if (runs.length > 0) {
      await trx
        .deleteFrom('import_rejects')
        .where(
          'import_id',
          'in',
          runs.map((r) => r.id)
        )
        .execute()
    }
    return runs.length
  })
}
