// The history module's service: imports of CAD exports (from the CLI or an upload), their runs, previews of
// how a mapping reads a file, and rejects. Historical records never go near the live bus, queue or map.
import type { Kysely } from 'kysely'
import type postgres from 'postgres'
import type { Database, Executor } from '../../db/database'
import type { TriageInput, TriageResult } from '../../domain/triage/types'
import type { AreaSets } from '../../lib/area-sets'
import { CsvReader, csvLine, type CsvRecord } from '../../lib/csv'
import { ConflictError, NotFoundError } from '../../lib/errors'
import { TimeZoneError, createTimeReader, type TimeReader } from '../../lib/local-time'
import { CodeBookError, parseCodeBook, type CodeBook } from '../../domain/triage/codebook'
import { createClassifier } from './call-types'
import { createGridLocate } from './area-grid'
import {
  callTypeCounts,
  countHistoricalBetween,
  insertHistorical,
  recordPoliceFromDisposition,
  type ProjectImported,
  type ProjectImportedPg
} from './history.repository'
import { HistoricalBatch } from './historical-batch'
import {
  claimRun,
  deleteRun,
  findRun,
  insertRun,
  listRuns,
  purgeRejectsBefore,
  rejectsAfter,
  updateRun
} from './import-runs.repository'
import type { ImportRunRow } from './history.tables'
import {
  MappingError,
  PRIVATE_FIELDS,
  checkMapping,
  keptColumns,
  resolveMapping,
  type ColumnMapping,
  type MappingField
} from './import-mapping'
import { runPipeline, type AddressPlacer, type ImportHooks, type ImportSummary } from './import-pipeline'
import type { HistoricalInput, RowContext } from './import-row'

/** The source of the demo's simulated past (server/modules/demo/demo-history.ts): labelled as simulated wherever it is counted. */
export const SIMULATED_SOURCE = 'demo-simulated'

export interface HistoryDeps {
  db: Kysely<Database>
  /** PostgreSQL's raw client, for COPY (null on PGlite, which takes the rows as column arrays). */
  pg?: postgres.Sql | null
  /** The protocol in force. */
  triage: (input: TriageInput) => TriageResult
  areas?: AreaSets
  /** Zone of times written without one, unless an import names another. */
  timeZone: string
  /** How long a finished run's rejects are kept (IMPORT_REJECTS_RETENTION_DAYS); default 30 days. */
  rejectsRetentionMs?: number
  now?: () => Date
  /**
   * The reporting service's projection (report_facts, the reporting module's table): every write of records hands it
   * their ids in the same transaction, once per batch. Absent in unit tests, where nothing reports.
   */
  projectImported?: { rows: ProjectImported; pg: ProjectImportedPg }
}

/**
 * Which copy of the rejects: `deidentified` (planners and admins: the mapped columns but the ones with a person's
 * whereabouts or free text, and no coordinates in the messages) or `raw` (admins, audited: every mapped column as read).
 */
export type RejectsView = 'deidentified' | 'raw'

/** Messages that repeat a private column's value, said without it in the de-identified copy. */
const PLAIN_MESSAGES: Record<string, string> = { bad_coordinates: 'the coordinates are not usable (the raw copy shows them)' }

/** Bad input to an import: a 400 on the web, exit status 2 on the command line. The message names the field. */
export class ImportInputError extends Error {
  readonly statusCode = 400
  readonly code = 'CD_BAD_IMPORT'
}

export interface ImportRequest {
  source: string
  fileName: string
  fileBytes: number | null
  mapping: ColumnMapping
  timeZone?: string
  codeBook: { name: string; text: string } | null
  actor: { id: string | null; label: string }
  /** Place rows that have an address and no coordinates (the CLI's --geocode). */
  placer?: AddressPlacer
}

export interface Prepared {
  times: TimeReader
  book: CodeBook | null
}

/** Turns the library's errors into one that names the field of the request. */
function inputError (e: unknown, field: string): never {
  if (e instanceof MappingError) {
    throw new ImportInputError(`mapping${e.field ? `.${e.field}` : ''}: ${e.message.replace(/^\w+: /, '')}`)
  }
  if (e instanceof TimeZoneError || e instanceof CodeBookError) throw new ImportInputError(`${field}: ${e.message}`)
  throw e
}

/** Records of a byte stream, with the bytes read so far. */
export function recordsOf (source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): {
  records: AsyncGenerator<CsvRecord>
  bytesRead: () => number
} {
  let bytes = 0
  async function * gen (): AsyncGenerator<CsvRecord> {
    const reader = new CsvReader()
    for await (const chunk of source) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      yield * reader.push(chunk)
    }
    yield * reader.end()
  }
  return { records: gen(), bytesRead: () => bytes }
}

/** The header: the first record, which must be readable. */
async function headerOf (records: AsyncGenerator<CsvRecord>): Promise<string[]> {
  const first = await records.next()
  if (first.done === true) throw new ImportInputError('file: is empty (no header row)')
  if (first.value.error !== undefined) {
    throw new ImportInputError(`file: the header row is unreadable: line ${first.value.line}: ${first.value.error}`)
  }
  return first.value.fields.map((h) => h.trim())
}

export function createHistoryService (deps: HistoryDeps) {
  const { db } = deps
  const now = deps.now ?? (() => new Date())
  const retentionMs = deps.rejectsRetentionMs ?? 30 * 86_400_000
  const locate = deps.areas ? createGridLocate(deps.areas) : undefined

  /** The time zone and code book of a request, checked; the mapping is checked against the header by context(). */
  function prepare (req: { timeZone?: string; codeBook: { text: string } | null }): Prepared {
    let times: TimeReader
    try {
      times = createTimeReader(req.timeZone ?? deps.timeZone)
    } catch (e) {
      inputError(e, 'timeZone')
    }
    let book: CodeBook | null = null
    try {
      book = req.codeBook === null ? null : parseCodeBook(req.codeBook.text)
    } catch (e) {
      inputError(e, 'codeBook')
    }
    return { times, book }
  }

  function context (p: Prepared, mapping: ColumnMapping, header: string[]): RowContext {
    let cols
    try {
      cols = resolveMapping(mapping, header)
    } catch (e) {
      inputError(e, 'mapping')
    }
    return { cols, width: header.length, times: p.times, types: createClassifier(deps.triage, p.book), locate }
  }

  async function failRun (id: string, e: unknown): Promise<void> {
    await updateRun(db, id, { status: 'failed', finished: new Date(), error: e instanceof Error ? e.message : String(e) }).catch(
      () => {}
    )
  }

  async function run (
    row: ImportRunRow,
    p: Prepared,
    mapping: ColumnMapping,
    header: string[],
    src: ReturnType<typeof recordsOf>,
    hooks?: ImportHooks,
    placer?: AddressPlacer
  ): Promise<ImportSummary> {
    try {
      const ctx = context(p, mapping, header)
      await updateRun(db, row.id, { header })
      hooks?.onHeader?.(header)
      return await runPipeline(
        db,
        { id: row.id, source: row.source, ctx, bytesRead: src.bytesRead, pg: deps.pg ?? null, placer, project: deps.projectImported },
        src.records,
        hooks
      )
    } catch (e) {
      await failRun(row.id, e)
      throw e
    }
  }

  /** Checks a request against the file's header, if known (a missing column is named); nothing is written. */
  function check (req: ImportRequest, header?: string[]): void {
    try {
      checkMapping(req.mapping)
    } catch (e) {
      inputError(e, 'mapping')
    }
    const p = prepare(req)
    if (header !== undefined) context(p, req.mapping, header)
  }

  async function getRun (id: string): Promise<ImportRunRow> {
    const row = await findRun(db, id)
    if (row === undefined) throw new NotFoundError('Import')
    return row
  }

  return {
    /**
     * Stores simulated records (the demo's past) under SIMULATED_SOURCE, with no import run: apart from live calls like
     * any history, and counted as simulated by the reports. A record already there (same id) is skipped. Answers how many were new.
     */
    async addSimulated (rows: readonly HistoricalInput[]): Promise<number> {
      let added = 0
      for (let i = 0; i < rows.length; i += 5000) {
        const b = new HistoricalBatch()
        for (const r of rows.slice(i, i + 5000)) b.add(r)
        added += await insertHistorical(db, SIMULATED_SOURCE, null, b, deps.projectImported?.rows)
      }
      // the simulator knows whether police came, so the reports can say "resolved without police" of its calls
      await db.transaction().execute(async (trx) => {
        const marked = await recordPoliceFromDisposition(trx, SIMULATED_SOURCE)
        await deps.projectImported?.rows(trx, marked)
      })
      return added
    },

    /**
     * How many simulated records were received in [from, to) (null: open), for the reports to say so (in their transaction: PGlite has one
     * connection).
     */
    async simulatedCount (from: Date | null, to: Date | null, executor: Executor = db): Promise<number> {
      return await countHistoricalBetween(executor, SIMULATED_SOURCE, from, to)
    },

    check,
    getRun,
    /** Imported calls of a period by call type and code-book text. */
    callTypeCounts: async (from: Date, to: Date) => await callTypeCounts(db, from, to),

    /** A run that waits for its file (the web page uploads it next). The request is checked first. */
    async createRun (req: ImportRequest, header?: string[]): Promise<ImportRunRow> {
      check(req, header)
      return await insertRun(db, {
        source: req.source,
        fileName: req.fileName,
        fileBytes: req.fileBytes,
        mapping: req.mapping as Record<string, string[]>,
        timeZone: createTimeReader(req.timeZone ?? deps.timeZone).timeZone,
        codeBookName: req.codeBook?.name ?? null,
        codeBook: req.codeBook?.text ?? null,
        status: 'waiting',
        actorId: req.actor.id,
        actor: req.actor.label
      })
    },

    /** Imports a file in one go (the CLI): the mapping is checked against the header before the run is recorded. */
    async importFile (
      req: ImportRequest,
      source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
      hooks?: ImportHooks
    ): Promise<{ run: ImportRunRow; summary: ImportSummary }> {
      try {
        checkMapping(req.mapping)
      } catch (e) {
        inputError(e, 'mapping')
      }
      const p = prepare(req)
      const src = recordsOf(source)
      const header = await headerOf(src.records)
      context(p, req.mapping, header)
      const row = await insertRun(db, {
        source: req.source,
        fileName: req.fileName,
        fileBytes: req.fileBytes,
        mapping: req.mapping as Record<string, string[]>,
        timeZone: p.times.timeZone,
        codeBookName: req.codeBook?.name ?? null,
        codeBook: null,
        status: 'running',
        actorId: req.actor.id,
        actor: req.actor.label
      })
      await updateRun(db, row.id, { started: new Date() })
      return { run: row, summary: await run(row, p, req.mapping, header, src, hooks, req.placer) }
    },

    /** The file of a waiting run arrives: it is read as it streams in. */
    async receiveFile (id: string, source: AsyncIterable<Buffer | string>, hooks?: ImportHooks): Promise<ImportSummary> {
      const row = await findRun(db, id)
      if (row === undefined) throw new NotFoundError('Import')
      if (!(await claimRun(db, id))) throw new ImportInputError(`import ${id} is ${row.status}: its file was already received`)
      const mapping = row.mapping as ColumnMapping
      let p: Prepared
      let header: string[]
      const src = recordsOf(source)
      try {
        p = prepare({ timeZone: row.time_zone, codeBook: row.code_book === null ? null : { text: row.code_book } })
        header = await headerOf(src.records)
      } catch (e) {
        await failRun(id, e)
        throw e
      }
      return await run(row, p, mapping, header, src, hooks)
    },

    listRuns: async (limit = 50): Promise<ImportRunRow[]> => await listRuns(db, limit),

    /** When a finished run's rejects go (null while it runs, or once they are gone). */
    rejectsKeptUntil (row: ImportRunRow): Date | null {
      if (row.rejects_purged_at !== null || row.rejected === 0 || (row.status !== 'done' && row.status !== 'failed')) return null
      return new Date((row.finished_at ?? row.created_at).getTime() + retentionMs)
    },

    /** Removes the rejects of runs finished longer ago than the retention; answers how many runs lost theirs. */
    purgeExpiredRejects: async (): Promise<number> => await purgeRejectsBefore(db, new Date(now().getTime() - retentionMs), now()),

    /**
     * The rejected rows as CSV: line, reason, message, then the columns the mapping read (never the file's others).
     * The de-identified copy leaves out the columns of an address, coordinates or disposition (free text) and says a
     * bad coordinate's message without its values; the raw copy (admins, audited by the route) has them all.
     */
    async * rejectsCsv (id: string, view: RejectsView = 'deidentified'): AsyncGenerator<string> {
      const row = await getRun(id)
      const header = row.header ?? []
      let cols: number[] = []
      const privateCols = new Set<number>()
      try {
        const resolved = resolveMapping(row.mapping as ColumnMapping, header)
        cols = keptColumns(resolved)
        for (const f of PRIVATE_FIELDS) for (const i of resolved[f as MappingField] ?? []) privateCols.add(i)
      } catch {
        /* a run without a readable header kept no columns */
      }
      const shown = cols.map((c, k) => ({ c, k })).filter(({ c }) => view === 'raw' || !privateCols.has(c))
      yield csvLine(['line', 'reason', 'message', ...shown.map(({ c }) => header[c])])
      let after = 0
      for (;;) {
        const page = await rejectsAfter(db, id, after, 2000)
        if (page.length === 0) return
        yield page
          .map((r) =>
            csvLine([
              r.line,
              r.reason,
              view === 'raw' ? r.message : (PLAIN_MESSAGES[r.reason] ?? r.message),
              ...shown.map(({ k }) => r.fields[k] ?? '')
            ])
          )
          .join('')
        after = page[page.length - 1].line
      }
    },

    /** Removes a run and its rejects; the historical records it imported stay. A running import cannot be removed. */
    async deleteRun (id: string): Promise<ImportRunRow> {
      const row = await getRun(id)
      if (row.status === 'running' && now().getTime() - row.updated_at.getTime() < 120_000) {
        throw new ConflictError(`import ${id} is running: wait for it to finish`)
      }
      if (!(await deleteRun(db, id))) throw new NotFoundError('Import')
      return row
    },

    prepare,
    context,
    defaultTimeZone: deps.timeZone
  }
}

export type HistoryService = ReturnType<typeof createHistoryService>
