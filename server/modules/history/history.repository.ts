// Historical call records: batch inserts (on PostgreSQL a COPY into a staging table, on PGlite column arrays through
// unnest; a record already there is skipped), counts of them. The batch itself: historical-batch.ts. Runs and rejects:
// import-runs.repository.ts.
import { finished } from 'node:stream/promises'
import { sql, type Kysely } from 'kysely'
import type postgres from 'postgres'
import type { Database, Executor } from '../../db/database'
import { COLUMNS, type HistoricalBatch } from './historical-batch'

const ts = (col: string) => `case when ${col} is null then null else to_timestamp(${col} / 1000.0) end`
const INSERT_COLUMNS = `source, source_id, import_id, received_at, call_type, call_type_text, upstream_priority,
  category, response, priority, protocol_version, lat, lon, address, areas, upstream_area, disposition,
  dispatched_at, en_route_at, on_scene_at, cleared_at`

const STAGE =
  `create temp table if not exists historical_stage (source_id text, received float8, call_type text, call_type_text text,
  upstream_priority text, category text, response text, priority int2, protocol_version text, lat float8, lon float8, address text, ` +
  `areas text,
  upstream_area text, disposition text, dispatched float8, en_route float8, on_scene float8, cleared float8) on commit delete rows`

/**
 * A record's id, time-ordered (UUID version 7's layout): the 48-bit millisecond of its received time, then the version
 * and 74 random bits of a random UUID. Random ids put each insert on a random page of historical_calls' and
 * report_facts' primary keys, far more pages than shared buffers hold, and after every checkpoint a full-page image in
 * the WAL for nearly each (issue 25: a 1,000,000-row import wrote 5,000-20,000 full pages then, by how many checkpoints
 * fell in it, and 120-140 now; its database time fell by a sixth). Such an id tells when the call was received, which
 * its row says anyway; nothing reads meaning into ids. Live calls keep random ids; so does the PGlite path
 * (insertHistorical, the column's default).
 */
const TIME_ORDERED_ID =
  "(lpad(to_hex(floor(u.received)::bigint), 12, '0') || '7' || substr(replace(gen_random_uuid()::text, '-', ''), 14))::uuid"

/** Whether a run has met a record that was already there: from then on its batches insert ON CONFLICT at once. */
export interface ConflictMemo {
  met: boolean
}

/** A unique violation of (source, source_id): a record already there. */
const isSourceConflict = (e: unknown): boolean =>
  e instanceof Error &&
  (e as { code?: string }).code === '23505' &&
  (e as { constraint_name?: string }).constraint_name === 'historical_calls_source_uq'

/**
 * Inserts a batch through COPY (binary) into the connection's staging table (emptied at each commit), then one INSERT … SELECT:
 * PostgreSQL parses the rows (on its own core) instead of the driver serialising parameters. Returns how
 * many rows were new.
 */
export async function copyHistorical (
  pg: postgres.Sql,
  source: string,
  importId: string,
  b: HistoricalBatch,
  project?: ProjectImportedPg,
  prof?: { copy: number; insert: number; commit: number },
  memo?: ConflictMemo
): Promise<number> {
  let t = performance.now()
  const n = await pg.begin(async (tx) => {
    // Made once per connection and emptied by every commit: creating and dropping it in each batch's transaction
    // cost a few milliseconds of catalog work per batch.
    await tx.unsafe(STAGE)
    // The batch's commit does not wait for its WAL to reach the disk: a crash may lose the last batches' commits (never
    // part of one: PostgreSQL stays consistent), and that is safe for an import. Every record is known by (source,
    // source_id), a unique key, and one already there is skipped, so running the file again adds exactly what was lost; and the
    // run is marked done by a synchronous commit on another connection after the last batch, whose WAL flush
    // carries every earlier commit with it, so a run that says done has all its batches on disk.
    await tx.unsafe('set local synchronous_commit = off')
    const w = await tx.unsafe(`copy historical_stage (${COLUMNS.join(', ')}) from stdin with (format binary)`).writable()
    w.end(b.copyData())
    await finished(w)
    if (prof !== undefined) {
      const at = performance.now()
      prof.copy += at - t
      t = at
    }
    const insert = (onConflict: boolean): string => `insert into historical_calls (id, ${INSERT_COLUMNS})
      select ${TIME_ORDERED_ID}, $1::text, u.source_id, $2::uuid, ${ts('u.received')}, u.call_type, u.call_type_text,
        u.upstream_priority,
        u.category, u.response, u.priority, u.protocol_version, u.lat, u.lon, u.address, u.areas::jsonb, u.upstream_area, u.disposition,
        ${ts('u.dispatched')}, ${ts('u.en_route')}, ${ts('u.on_scene')}, ${ts('u.cleared')}
      from historical_stage u${onConflict ? '\n      on conflict (source, source_id) do nothing' : ''}`
    // With the reporting projection, one statement: the new rows, as the INSERT returns them, feed the reporting
    // module's statement (a record already there returns nothing, so is neither counted nor projected again). Its
    // count is the projection's, one row per new record.
    const statement = (onConflict: boolean): string =>
      project ? `with ins as (${insert(onConflict)} returning ${project.returning}) ${project.statement('ins')}` : insert(onConflict)
    const params = [source, importId]
    // A batch of records not there yet (a first import) is inserted plainly, in a savepoint: ON CONFLICT's probe of the
    // unique key before each row and its speculative insertion cost PostgreSQL about as much again as the plain insert
    // (psql, 1,000,000 rows into a table with only that key: 3.1-3.6 s against 1.3-1.4 s). If a record is already there
    // (the file imported again, or a repeat inside it), the batch goes back to the savepoint and is inserted ON CONFLICT
    // DO NOTHING, as are the run's later batches (`memo`), since a file imported again meets its records in every batch.
    let r: postgres.RowList<postgres.Row[]> | null = null
    if (memo?.met !== true) {
      try {
        r = await tx.savepoint(async (sp) => await sp.unsafe(statement(false), params))
      } catch (e) {
        if (!isSourceConflict(e)) throw e
        if (memo) memo.met = true
      }
    }
    r ??= await tx.unsafe(statement(true), params)
    if (prof !== undefined) {
      const at = performance.now()
      prof.insert += at - t
      t = at
    }
    return r.count
  })
  if (prof !== undefined) prof.commit += performance.now() - t
  return n
}

/** The reporting service's step for the new records of a batch, in the batch's transaction (one flavour per client). */
export type ProjectImported = (db: Executor, ids: readonly string[]) => Promise<void>
/**
 * On PostgreSQL the step is part of the batch's INSERT: `statement(rel)` projects the rows of `rel`, the new records
 * with the `returning` columns (set-based, instead of reading 5,000 ids back per batch).
 */
export interface ProjectImportedPg {
  returning: string
  statement: (rel: string) => string
}

/**
 * Inserts a batch as column arrays through unnest (PGlite); returns how many rows were new (the others were already
 * there: same source and id). With `project`, the new rows' ids go to it in the same transaction.
 */
export async function insertHistorical (
  db: Kysely<Database>,
  source: string,
  importId: string | null,
  b: HistoricalBatch,
  project?: ProjectImported
): Promise<number> {
  if (project) {
    return await db.transaction().execute(async (trx) => {
      const ids = await insertHistoricalRows(trx, source, importId, b)
      await project(trx, ids)
      return ids.length
    })
  }
  return (await insertHistoricalRows(db, source, importId, b)).length
}

async function insertHistoricalRows (db: Executor, source: string, importId: string | null, b: HistoricalBatch): Promise<string[]> {
  const res = await sql<{ ids: string[] | null }>`
    with ins as (
      insert into historical_calls (${sql.raw(INSERT_COLUMNS)})
      select ${source}::text, u.source_id, ${importId}::uuid, ${sql.raw(ts('u.received'))}, u.call_type, u.call_type_text,
        u.upstream_priority,
        u.category, u.response, u.priority, u.protocol_version, u.lat, u.lon, u.address, u.areas::jsonb, u.upstream_area, u.disposition,
        ${sql.raw(ts('u.dispatched'))}, ${sql.raw(ts('u.en_route'))}, ${sql.raw(ts('u.on_scene'))}, ${sql.raw(ts('u.cleared'))}
      from unnest(${b.sourceId}::text[], ${b.receivedAt}::float8[], ${b.callType}::text[], ${b.callTypeText}::text[], ${b.upstreamPriority}::text[],
        ${b.category}::text[], ${b.response}::text[], ${b.priority}::int2[], ${b.protocolVersion}::text[], ${b.lat}::float8[], ${b.lon}::float8[],
        ${b.address}::text[], ${b.areas}::text[], ${b.upstreamArea}::text[], ${b.disposition}::text[],
        ${b.dispatchedAt}::float8[], ${b.enRouteAt}::float8[], ${b.onSceneAt}::float8[], ${b.clearedAt}::float8[])
        as u(source_id, received, call_type, call_type_text, upstream_priority, category, response, priority, protocol_version, lat, lon,
          address, areas, upstream_area, disposition, dispatched, en_route, on_scene, cleared)
      on conflict (source, source_id) do nothing
      returning id
    )
    select array_agg(id)::text[] as ids from ins`.execute(db)
  return res.rows[0].ids ?? []
}

/** Records of a source received in [from, to) (either end open when null). */
export async function countHistoricalBetween (db: Executor, source: string, from: Date | null, to: Date | null): Promise<number> {
  const r = await db
    .selectFrom('historical_calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', source)
    .$if(from !== null, (q) => q.where('received_at', '>=', from!))
    .$if(to !== null, (q) => q.where('received_at', '<', to!))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * A source whose records know whether police came (the simulator does: a call ends with police only when it fell back
 * to them): those not yet saying are marked, ended without police unless handed to police or never ended. Answers their ids.
 */
export async function recordPoliceFromDisposition (db: Executor, source: string): Promise<string[]> {
  const rows = await db
    .updateTable('historical_calls')
    .set({ without_police: sql<boolean>`disposition is not null and disposition <> 'handed_to_police'` })
    .where('source', '=', source)
    .where('without_police', 'is', null)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/** How many historical records there are of a source (tests and the bench compare it with the counts). */
export async function countHistorical (db: Executor, source?: string): Promise<number> {
  const r = await db
    .selectFrom('historical_calls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(source !== undefined, (q) => q.where('source', '=', source!))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Imported calls received in [from, to) counted by call type and code-book text (the impact review of a protocol change). */
export async function callTypeCounts (
  db: Executor,
  from: Date,
  to: Date
): Promise<Array<{ callType: string; description: string | null; count: number }>> {
  const rows = await db
    .selectFrom('historical_calls')
    .select((eb) => ['call_type', 'call_type_text', eb.fn.countAll<string>().as('n')])
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .groupBy(['call_type', 'call_type_text'])
    .execute()
  return rows.map((r) => ({ callType: r.call_type, description: r.call_type_text, count: Number(r.n) }))
}
