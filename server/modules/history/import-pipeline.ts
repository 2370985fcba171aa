// The import loop: CSV records in, batches of historical records out, with a bounded pipeline (the next
// batch is read while the last one is written), rejects accounted for, progress and counts kept on the run.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import type { CsvRecord } from '../../lib/csv'
import type postgres from 'postgres'
import { copyHistorical, insertHistorical, type ConflictMemo, type ProjectImported, type ProjectImportedPg } from './history.repository'
import { HistoricalBatch } from './historical-batch'
import { insertRejects, updateRun, type RejectInput, type RunCounts } from './import-runs.repository'
import { keptColumns } from './import-mapping'
import { readRow, type RowContext } from './import-row'
import type { HeldReason } from '../../contracts/geocoding'

/** Rows per INSERT statement: large enough that round trips vanish, small enough that memory stays flat. */
export const BATCH_ROWS = 5000
/** Batches written at once: PostgreSQL inserts them on several connections while the next one is read. */
export const WRITES_IN_FLIGHT = 3
/** Rejected rows kept per run for download (all of them go to the CLI's --rejects file). */
export const REJECTS_KEPT = 100_000
/**
 * Rows read between two turns of the event loop. The reader runs synchronously through a whole chunk of the file
 * (about 5,000 rows), and without a turn the writes in flight could not send their COPY data or read their answers
 * meanwhile: they waited for the reader, and the reader for them (the profile showed the batches' COPY taking 20
 * times longer inside an import than alone).
 */
export const ROWS_PER_TURN = 250

export interface ImportSummary {
  read: number
  imported: number
  skipped: number
  rejected: { total: number; byReason: Record<string, number> }
  responses: Record<string, number>
  seconds: number
  /** With --geocode: rows with an address and no coordinates, placed or not (only when asked). */
  geocoded?: GeocodeCounts
}

/** What geocoding the rows without coordinates did: each distinct address asked once. */
export interface GeocodeCounts {
  /** Distinct addresses asked. */
  addresses: number
  /**
   * Rows placed, left ambiguous (several places match equally), or not found (nothing, only the street, outside the city, no geocoder
   * answering).
   */
  placed: number
  ambiguous: number
  notFound: number
  /** Rows not placed, by reason: not_found, ambiguous, approximate, outside, unavailable. */
  byReason: Record<string, number>
}

/** Places an address without coordinates (the geocoding service's place(), cached per distinct address by the caller). */
export type AddressPlacer = (address: string) => Promise<{ status: 'placed'; lat: number; lon: number } | { status: HeldReason }>

export interface ImportProgress extends RunCounts {
  seconds: number
  rowsPerSecond: number
}

/**
 * Where an import's time went, in seconds (the CLI's --profile, which the bench passes). The reader's stages run one
 * after another on the JavaScript thread; the writes overlap them and each other (WRITES_IN_FLIGHT), so `copy`,
 * `insert` and `commit` are sums over the writes, and `waitWrites` is how long the reader stood waiting for a free slot.
 */
export interface ImportProfile {
  /** Reading the file and splitting it into records (csv-parse), between two records. */
  read: number
  /** readRow as a whole: cleaning the cells, times, the record's id, coordinates, and the two below. */
  row: number
  /** Triage of the call type (once per distinct type, a cache hit after that). */
  triage: number
  /** Area placement from the coordinates (the grid). */
  areas: number
  /** Adding the row to its batch (as COPY text on PostgreSQL). */
  batch: number
  waitWrites: number
  /**
   * COPY into the staging table; INSERT … SELECT into historical_calls (on PostgreSQL with the reporting projection of the new rows in the
   * same statement); commit.
   */
  copy: number
  insert: number
  commit: number
  /** Inserting rejects and updating the run's counts. */
  bookkeeping: number
  batches: number
}

export const emptyProfile = (): ImportProfile => ({
  read: 0,
  row: 0,
  triage: 0,
  areas: 0,
  batch: 0,
  waitWrites: 0,
  copy: 0,
  insert: 0,
  commit: 0,
  bookkeeping: 0,
  batches: 0
})

/** readRow's context with its triage and area placement timed into the profile. */
function timedContext (ctx: RowContext, prof: ImportProfile): RowContext {
  const { types, locate } = ctx
  return {
    ...ctx,
    types: {
      classify (callType) {
        const t0 = performance.now()
        const r = types.classify(callType)
        prof.triage += performance.now() - t0
        return r
      },
      distinct: () => types.distinct()
    },
    ...(locate !== undefined
      ? {
          locate (lat: number, lon: number) {
            const t0 = performance.now()
            const r = locate(lat, lon)
            prof.areas += performance.now() - t0
            return r
          }
        }
      : {})
  }
}

export interface ImportHooks {
  /** The file's header, once read and matched by the mapping. */
  onHeader?: (header: string[]) => void
  onProgress?: (p: ImportProgress) => void
  /**
   * Every rejected row with all its fields, in file order (the CLI writes them to the operator's --rejects file and the first few to
   * stderr).
   */
  onReject?: (r: RejectInput) => void
  progressMs?: number
  /** Filled with the time per stage, in milliseconds while running (the CLI's --profile; see ImportProfile). */
  profile?: ImportProfile
}

export interface PipelineRun {
  id: string
  source: string
  ctx: RowContext
  /** Bytes of the file read so far. */
  bytesRead: () => number
  /** PostgreSQL's raw client: batches go in through COPY. Null on PGlite. */
  pg: postgres.Sql | null
  /** --geocode: rows with an address and no coordinates are placed through this. */
  placer?: AddressPlacer
  /** The reporting service's projection of each batch's new records, in the batch's transaction (HistoryDeps.projectImported). */
  project?: { rows: ProjectImported; pg: ProjectImportedPg }
}

/** Reads every record after the header, writes them, and returns the summary; the run row follows along. */
export async function runPipeline (
  db: Kysely<Database>,
  run: PipelineRun,
  records: AsyncIterable<CsvRecord>,
  hooks: ImportHooks = {}
): Promise<ImportSummary> {
  const t0 = performance.now()
  const counts: RunCounts = { bytesRead: 0, read: 0, imported: 0, skipped: 0, rejected: 0, byReason: {}, responses: {}, callTypes: 0 }
  let sent = 0
  let written = 0
  let batch = new HistoricalBatch(run.pg !== null)
  let rejects: RejectInput[] = []
  let kept = 0
  // Each write in flight resolves to its error, if any, so that a failure waits for the next await instead of going unhandled.
  const inflight: Array<Promise<unknown>> = []
  // Whether a batch met a record already there (the file imported before): the later batches insert ON CONFLICT at once.
  const conflicts: ConflictMemo = { met: false }
  let lastProgress = t0
  const every = hooks.progressMs ?? 500
  const geo: GeocodeCounts | null = run.placer ? { addresses: 0, placed: 0, ambiguous: 0, notFound: 0, byReason: {} } : null
  const asked = new Map<string, ReturnType<AddressPlacer>>()

  const progress = (): ImportProgress => {
    const seconds = (performance.now() - t0) / 1000
    counts.bytesRead = run.bytesRead()
    counts.skipped = written - counts.imported
    counts.callTypes = run.ctx.types.distinct()
    return {
      ...counts,
      byReason: { ...counts.byReason },
      responses: { ...counts.responses },
      seconds,
      rowsPerSecond: seconds > 0 ? counts.read / seconds : 0
    }
  }

  const prof = hooks.profile
  const ctx = prof !== undefined ? timedContext(run.ctx, prof) : run.ctx
  const now = (): number => (prof !== undefined ? performance.now() : 0)

  const settle = async (keep: number): Promise<void> => {
    const t = now()
    while (inflight.length > keep) {
      const failed = await inflight.shift()
      if (failed !== null) throw failed
    }
    if (prof !== undefined) prof.waitWrites += performance.now() - t
  }

  const flush = async (): Promise<void> => {
    await settle(WRITES_IN_FLIGHT - 1)
    const b = batch
    const rj = rejects
    batch = new HistoricalBatch(run.pg !== null)
    rejects = []
    inflight.push(
      (async () => {
        // One write per batch, in one transaction: on PostgreSQL copyHistorical's pg.begin (COPY into staging, then
        // INSERT … SELECT), on PGlite insertHistorical; the reporting projection's step for the new rows runs inside it.
        const added =
          b.size === 0
            ? 0
            : run.pg !== null
              ? await copyHistorical(run.pg, run.source, run.id, b, run.project?.pg, prof, conflicts)
              : await insertHistorical(db, run.source, run.id, b, run.project?.rows)
        counts.imported += added
        written += b.size
        const t = now()
        await insertRejects(db, run.id, rj)
        const at = performance.now()
        if (at - lastProgress >= every) {
          lastProgress = at
          const p = progress()
          hooks.onProgress?.(p)
          await updateRun(db, run.id, { counts: p })
        }
        if (prof !== undefined) {
          prof.bookkeeping += performance.now() - t
          prof.batches++
        }
        return null
      })().catch((e: unknown) => e)
    )
  }

  // A kept reject holds the columns the mapping reads and no other (a name, a phone, a narrative the import did not
  // need never reach the database); a malformed record, whose raw line cannot be split safely, holds none.
  const columns = keptColumns(ctx.cols)
  const reject = (line: number, reason: RejectInput['reason'], message: string, fields: string[]): void => {
    counts.rejected++
    counts.byReason[reason] = (counts.byReason[reason] ?? 0) + 1
    hooks.onReject?.({ line, reason, message, fields })
    if (kept < REJECTS_KEPT) {
      kept++
      rejects.push({ line, reason, message, fields: reason === 'malformed_csv' ? [] : columns.map((i) => fields[i] ?? '') })
    }
  }

  let t = now()
  for await (const rec of records) {
    if (prof !== undefined) {
      const at = performance.now()
      prof.read += at - t
      t = at
    }
    counts.read++
    if (rec.error !== undefined) {
      reject(rec.line, 'malformed_csv', rec.error, rec.fields)
    } else {
      const r = readRow(rec.fields, ctx)
      if (prof !== undefined) {
        const at = performance.now()
        prof.row += at - t
        t = at
      }
      if (r.ok && geo !== null && run.placer && r.row.lat === null && r.row.address !== null) {
        // Each distinct address is asked once, however many rows share it.
        const key = r.row.address.toUpperCase().replace(/\s+/g, ' ').trim()
        let answer = asked.get(key)
        if (answer === undefined) {
          answer = run.placer(r.row.address)
          asked.set(key, answer)
          geo.addresses++
        }
        const a = await answer
        if (a.status === 'placed') {
          geo.placed++
          r.row.lat = a.lat
          r.row.lon = a.lon
          r.row.areas = ctx.locate ? ctx.locate(a.lat, a.lon) : {}
        } else {
          if (a.status === 'ambiguous') geo.ambiguous++
          else geo.notFound++
          geo.byReason[a.status] = (geo.byReason[a.status] ?? 0) + 1
        }
      }
      if (r.ok) {
        batch.add(r.row)
        if (prof !== undefined) {
          const at = performance.now()
          prof.batch += at - t
          t = at
        }
        sent++
        counts.responses[r.row.response] = (counts.responses[r.row.response] ?? 0) + 1
      } else {
        reject(rec.line, r.reason, r.message, rec.fields)
      }
    }
    if (batch.size >= BATCH_ROWS || rejects.length >= BATCH_ROWS) await flush()
    else if (counts.read % ROWS_PER_TURN === 0) await new Promise(setImmediate)
    t = now()
  }
  await flush()
  await settle(0)
  if (written !== sent) throw new Error(`import bookkeeping: ${sent} rows sent, ${written} written`)

  const p = progress()
  hooks.onProgress?.(p)
  await updateRun(db, run.id, { counts: p, status: 'done', finished: new Date(), seconds: p.seconds })
  return {
    read: p.read,
    imported: p.imported,
    skipped: p.skipped,
    rejected: { total: p.rejected, byReason: p.byReason },
    responses: p.responses,
    seconds: Math.round(p.seconds * 100) / 100,
    ...(geo !== null ? { geocoded: geo } : {})
  }
}
