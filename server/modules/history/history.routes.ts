// HTTP routes for imports of CAD history (admins and planners): preview a mapping, create a run, stream its
// file in, watch its progress, list runs and download the rejects.
import type { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { type ImportRun } from '../../contracts/history'
import type { Role } from '../../contracts/users'
import { ForbiddenError } from '../../lib/errors'
import { userOf } from '../auth/auth.plugin'
import type { AuditService } from '../audit/audit.service'
import { ImportInputError, type HistoryService, type RejectsView } from './history.service'
import type { ImportRunRow } from './history.tables'
import type { ColumnMapping } from './import-mapping'
import { previewImport } from './import-preview'
import { API } from '../../contracts/api'

export interface HistoryRoutesOptions {
  history: HistoryService
  /** Largest file accepted (IMPORT_MAX_MB). */
  maxBytes: number
  /** The audit trail: raw rejects downloads and deletions of runs are recorded. */
  audit: Pick<AuditService, 'recordAction'>
  /** How often expired rejects are removed (off when not given: tests call purgeExpiredRejects). */
  purgeIntervalMs?: number
}

const IMPORTERS: readonly Role[] = ['admin', 'planner']
/** A running import that has not written its counts for this long has lost its process. */
const STALE_MS = 120_000

export function rowToRun (r: ImportRunRow, now = Date.now(), rejectsKeptUntil: Date | null = null): ImportRun {
  const stale = r.status === 'running' && now - r.updated_at.getTime() > STALE_MS
  const seconds =
    r.seconds ?? (r.started_at !== null ? ((r.finished_at ?? r.updated_at).getTime() - r.started_at.getTime()) / 1000 : null)
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
    error: r.error,
    rejectsKeptUntil: rejectsKeptUntil?.toISOString() ?? null,
    rejectsPurgedAt: r.rejects_purged_at?.toISOString() ?? null
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

export const historyRoutes: FastifyPluginAsyncTypebox<HistoryRoutesOptions> = async (
  app,
  { history, maxBytes, audit, purgeIntervalMs }
) => {
  const wire = (r: ImportRunRow): ImportRun => rowToRun(r, Date.now(), history.rejectsKeptUntil(r))
  // Rejects older than IMPORT_REJECTS_RETENTION_DAYS go: on a timer, and before any of them is served.
  if (purgeIntervalMs !== undefined) {
    const timer = setInterval(() => {
      history.purgeExpiredRejects().catch((err: unknown) => app.log.error({ err }, 'purge of expired import rejects failed'))
    }, purgeIntervalMs)
    timer.unref()
    app.addHook('onClose', async () => {
      clearInterval(timer)
    })
  }

  async function sendRejects (id: string, view: RejectsView, reply: FastifyReply): Promise<FastifyReply> {
    await history.purgeExpiredRejects()
    const run = await history.getRun(id)
    const parts: string[] = []
    for await (const part of history.rejectsCsv(run.id, view)) parts.push(part)
    const name = `${run.file_name.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_')}-rejects${view === 'raw' ? '-raw' : ''}.csv`
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(parts.join(''))
  }

  // The file of an import is read as it streams in, never held whole.
  app.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'], (_req, payload, done) => {
    done(null, payload)
  })

  app.post(
    '/api/imports/preview',
    {
      config: { roles: IMPORTERS },
      schema: {
        tags: ['history'],
        summary: 'How a mapping reads the first rows of a CAD export (nothing is stored)',
        description:
          'Send the start of the file; the answer has its header and first rows, a suggested mapping from the column names, and for each ' +
          'row its times in the zone, call type, code-book text and triage, or why it would be rejected.',
        ...API['POST /api/imports/preview']
      }
    },
    async (req) => previewImport(history, req.body)
  )

  app.post(
    '/api/imports',
    {
      config: { roles: IMPORTERS },
      schema: {
        tags: ['history'],
        summary: 'Create an import run; its file follows with PUT /api/imports/:id/file',
        description:
          'The mapping is checked against the header first: a column that is not there answers 400 naming it, and nothing is stored.',
        ...API['POST /api/imports']
      }
    },
    async (req, reply) => {
      const user = userOf(req)
      const b = req.body
      if (b.fileBytes > maxBytes) {
        throw new ImportInputError(`fileBytes: larger than ${Math.round(maxBytes / 1048576)} MB (IMPORT_MAX_MB)`)
      }
      const row = await history.createRun(
        {
          source: b.source,
          fileName: b.fileName,
          fileBytes: b.fileBytes,
          mapping: b.mapping as ColumnMapping,
          timeZone: b.timeZone,
          codeBook: b.codeBook ?? null,
          actor: { id: user.id, label: user.email }
        },
        b.header.map((h) => h.trim())
      )
      return reply.status(201).send(wire(row))
    }
  )

  app.put(
    '/api/imports/:id/file',
    {
      config: { roles: IMPORTERS },
      schema: {
        tags: ['history'],
        summary: 'The CSV file of a waiting import, as the request body (text/csv); answers when it is imported',
        description:
          'Read as it arrives, in constant memory; progress shows on GET /api/imports/:id meanwhile. Records are written in batches: an ' +
          'import cut short keeps what it wrote, and importing the file again adds only the rest.',
        headers: Type.Object({
          'content-type': Type.String({
            pattern: '^(text/csv|application/octet-stream|application/vnd\\.ms-excel)',
            description: 'text/csv'
          })
        }),
        ...API['PUT /api/imports/:id/file']
      }
    },
    async (req) => {
      await history.receiveFile(req.params.id, limited(req.body as Readable, maxBytes))
      return wire(await history.getRun(req.params.id))
    }
  )

  app.get(
    '/api/imports',
    {
      config: { roles: IMPORTERS },
      schema: { tags: ['history'], summary: 'Import runs, newest first: who, when, which file, counts', ...API['GET /api/imports'] }
    },
    async () => {
      await history.purgeExpiredRejects()
      return (await history.listRuns()).map(wire)
    }
  )

  app.get(
    '/api/imports/:id',
    {
      config: { roles: IMPORTERS },
      schema: { tags: ['history'], summary: 'One import run, with its progress while it runs', ...API['GET /api/imports/:id'] }
    },
    async (req) => wire(await history.getRun(req.params.id))
  )

  app.delete(
    '/api/imports/:id',
    {
      config: { roles: IMPORTERS },
      schema: {
        tags: ['history'],
        summary: 'Delete an import run and its rejects (whoever ran it, or an admin; audited). The historical records it imported stay',
        ...API['DELETE /api/imports/:id']
      }
    },
    async (req, reply) => {
      const user = userOf(req)
      const run = await history.getRun(req.params.id)
      if (user.role !== 'admin' && run.actor_id !== user.id) {
        throw new ForbiddenError('only whoever ran an import, or an admin, may delete it')
      }
      await history.deleteRun(run.id)
      await audit.recordAction(user.id, 'import.delete', undefined, {
        subject: `import:${run.id}`,
        detail: { fileName: run.file_name, rejected: run.rejected }
      })
      return await reply.status(204).send(null)
    }
  )

  app.get(
    '/api/imports/:id/rejects',
    {
      config: { roles: IMPORTERS },
      schema: {
        tags: ['history'],
        summary:
          'The rejected rows as CSV: line, reason, message, then the columns the mapping read, but an address, coordinates or a ' +
          'disposition (free text)',
        description:
          "Only the columns the import mapped are ever kept; the file's other columns (a caller's name or phone, a narrative) never are. " +
          'Cells a spreadsheet would run as a formula are neutralized. Rejects go IMPORT_REJECTS_RETENTION_DAYS after the run ends.',
        produces: ['text/csv'],
        ...API['GET /api/imports/:id/rejects']
      }
    },
    async (req, reply) => await sendRejects(req.params.id, 'deidentified', reply)
  )

  app.get(
    '/api/imports/:id/rejects/raw',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['history'],
        summary:
          'Admins: the rejected rows with every mapped column as read (addresses and coordinates included); each download is audited',
        produces: ['text/csv'],
        ...API['GET /api/imports/:id/rejects/raw']
      }
    },
    async (req, reply) => {
      const user = userOf(req)
      const run = await history.getRun(req.params.id)
      await audit.recordAction(user.id, 'import.rejects_raw', undefined, {
        subject: `import:${run.id}`,
        detail: { fileName: run.file_name, rejected: run.rejected }
      })
      return await sendRejects(run.id, 'raw', reply)
    }
  )
}
