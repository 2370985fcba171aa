// HTTP routes for imports of CAD history (admins and planners): preview a mapping, create a run, stream its
// file in, watch its progress, list runs and download the rejects.
import type { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errors, IdParams } from '../../contracts/common'
import { CreateImportSchema, ImportRunSchema, PreviewRequestSchema, PreviewSchema, type ImportRun } from '../../contracts/history'
import type { Role } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import { ImportInputError, type HistoryService } from './history.service'
import type { ImportRunRow } from './history.tables'
import type { ColumnMapping } from './import-mapping'
import { previewImport } from './import-preview'

export interface HistoryRoutesOptions {
  history: HistoryService
  /** Largest file accepted (IMPORT_MAX_MB). */
  maxBytes: number
}

const IMPORTERS: readonly Role[] = ['admin', 'planner']
/** A running import that has not written its counts for this long has lost its process. */
const STALE_MS = 120_000

export function rowToRun (r: ImportRunRow, now = Date.now()): ImportRun {
  const stale = r.status === 'running' && now - r.updated_at.getTime() > STALE_MS
  const seconds = r.seconds ?? (r.started_at !== null ? ((r.finished_at ?? r.updated_at).getTime() - r.started_at.getTime()) / 1000 : null)
  return {
    id: r.id,
    source: r.source,
    fileName: r.file_name,
    fileBytes: r.file_bytes === null ? null : Number(r.file_bytes),
    mapping: r.mapping,
    timeZone: r.time_zone,
    codeBookName: r.code_book_name,
    status: stale ? 'interrupted' : r.status,
    actor: r.actor,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    bytesRead: Number(r.bytes_read),
    read: r.rows_read,
    imported: r.imported,
    skipped: r.skipped,
    rejected: { total: r.rejected, byReason: r.rejected_by_reason },
    responses: r.responses,
    callTypes: r.call_types,
    seconds,
    rowsPerSecond: seconds !== null && seconds > 0 ? Math.round(r.rows_read / seconds) : null,
    error: r.error
  }
}

/** The request body, counted as it streams in; past the limit it stops with a 400. */
async function * limited (body: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  let n = 0
  for await (const chunk of body) {
    n += (chunk as Buffer).length
    if (n > maxBytes) throw new ImportInputError(`file: larger than ${Math.round(maxBytes / 1048576)} MB (IMPORT_MAX_MB)`)
    yield chunk as Buffer
  }
}

export const historyRoutes: FastifyPluginAsyncTypebox<HistoryRoutesOptions> = async (app, { history, maxBytes }) => {
  // The file of an import is read as it streams in, never held whole.
  app.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'], (_req, payload, done) => { done(null, payload) })

  app.post('/api/imports/preview', {
    config: { roles: IMPORTERS },
    schema: {
      tags: ['history'],
      summary: 'How a mapping reads the first rows of a CAD export (nothing is stored)',
      description: 'Send the start of the file; the answer has its header and first rows, a suggested mapping from the column names, and for each row its times in the zone, call type, code-book text and triage, or why it would be rejected.',
      body: PreviewRequestSchema,
      response: { 200: PreviewSchema, ...errors(400, 401, 403) }
    }
  }, async (req) => previewImport(history, req.body))

  app.post('/api/imports', {
    config: { roles: IMPORTERS },
    schema: {
      tags: ['history'],
      summary: 'Create an import run; its file follows with PUT /api/imports/:id/file',
      description: 'The mapping is checked against the header first: a column that is not there answers 400 naming it, and nothing is stored.',
      body: CreateImportSchema,
      response: { 201: ImportRunSchema, ...errors(400, 401, 403) }
    }
  }, async (req, reply) => {
    const user = userOf(req)
    const b = req.body
    if (b.fileBytes > maxBytes) throw new ImportInputError(`fileBytes: larger than ${Math.round(maxBytes / 1048576)} MB (IMPORT_MAX_MB)`)
    const row = await history.createRun({
      source: b.source,
      fileName: b.fileName,
      fileBytes: b.fileBytes,
      mapping: b.mapping as ColumnMapping,
      timeZone: b.timeZone,
      codeBook: b.codeBook ?? null,
      actor: { id: user.id, label: user.email }
    }, b.header.map((h) => h.trim()))
    return reply.status(201).send(rowToRun(row))
  })

  app.put('/api/imports/:id/file', {
    config: { roles: IMPORTERS },
    schema: {
      tags: ['history'],
      summary: 'The CSV file of a waiting import, as the request body (text/csv); answers when it is imported',
      description: 'Read as it arrives, in constant memory; progress shows on GET /api/imports/:id meanwhile. Records are written in batches: an import cut short keeps what it wrote, and importing the file again adds only the rest.',
      params: IdParams,
      headers: Type.Object({ 'content-type': Type.String({ pattern: '^(text/csv|application/octet-stream|application/vnd\\.ms-excel)', description: 'text/csv' }) }),
      response: { 200: ImportRunSchema, ...errors(400, 401, 403, 404) }
    }
  }, async (req) => {
    await history.receiveFile(req.params.id, limited(req.body as Readable, maxBytes))
    return rowToRun(await history.getRun(req.params.id))
  })

  app.get('/api/imports', {
    config: { roles: IMPORTERS },
    schema: { tags: ['history'], summary: 'Import runs, newest first: who, when, which file, counts', response: { 200: Type.Array(ImportRunSchema), ...errors(401, 403) } }
  }, async () => (await history.listRuns()).map((r) => rowToRun(r)))

  app.get('/api/imports/:id', {
    config: { roles: IMPORTERS },
    schema: { tags: ['history'], summary: 'One import run, with its progress while it runs', params: IdParams, response: { 200: ImportRunSchema, ...errors(400, 401, 403, 404) } }
  }, async (req) => rowToRun(await history.getRun(req.params.id)))

  app.get('/api/imports/:id/rejects', {
    config: { roles: IMPORTERS },
    schema: {
      tags: ['history'],
      summary: 'The rejected rows as CSV: line, reason, message, then the file\'s own columns',
      params: IdParams,
      produces: ['text/csv'],
      response: { 200: Type.String({ description: 'CSV' }), ...errors(400, 401, 403, 404) }
    }
  }, async (req, reply) => {
    const run = await history.getRun(req.params.id)
    const parts: string[] = []
    for await (const part of history.rejectsCsv(run.id)) parts.push(part)
    const name = `${run.file_name.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_')}-rejects.csv`
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(parts.join(''))
  })
}
