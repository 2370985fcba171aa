// report_facts: the reporting module's narrow projection of every call, live and imported (migration 2026_12_15_1000).
// One row per call with only what reports read, so a year of reports scans ~150 bytes a call instead of the wide
// calls and historical_calls rows (narratives, addresses, answers) joined to teams, events and assignments.
//
// Why the reporting module owns it: modules call each other's services, never each other's tables (DESIGN.md §2, and
// the architecture test). The calls, dispatch and history modules own the rows a report is drawn from; the reporting
// module owns what it derives from them. So the writers never name report_facts: every transaction that changes calls
// hands their ids to the reporting service (through the event bus's callsWritten hook, which inTransaction and intake
// run before commit), and each import batch hands the ids it inserted to projectImported (on PostgreSQL the COPY import
// instead runs this module's importedFactsFrom statement on the rows its INSERT returns, in the same statement). The
// projection is then written in the same transaction as the change: it commits with it or not at all, and a
// rolled-back change leaves no row.
//
// A row is always recomputed whole from report_source (the migration's one definition of a row), never patched, so
// the order of the writes inside a transaction does not matter: the hook runs after the last of them.
//
// Each row also holds the local week, hour and ISO weekday of received_at in the zone report_facts_zone names
// (migration 2026_12_16_1000; report_source computes them), so reports group by them without converting every call's time. That zone must
// be the configured TIME_ZONE for reports to use them (they fall back to converting per row otherwise, exact but slow):
// alignFactsZone, run on every start, recomputes them when TIME_ZONE changed.
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type postgres from 'postgres'
import type { Executor } from '../../db/database'
import { DISPOSITION_CODES } from '../../domain/lifecycle'

const COLUMNS =
  'source, received_at, dispatched_at, en_route_at, on_scene_at, cleared_at, queue_left_at, category, response, priority, ' +
  `areas,
  team_kind, state, referred_to, disposition, transported, backup_requested, backup_need, backup_team_kind, youth, place_kind,
  unmet_reason, unmet_reason_source, cancel_code, recorded_without_police, origin`
/** The local columns of received_at in a zone (an SQL expression): the week's Monday, the hour 0–23, the ISO weekday 1–7. */
const LOCAL = (zone: string) => `date_trunc('week', received_at at time zone ${zone})::date,
  date_part('hour', received_at at time zone ${zone})::smallint, date_part('isodow', received_at at time zone ${zone})::smallint`
const LOCAL_COLUMNS = 'local_week, local_hour, local_dow'
const UPDATES = `${LOCAL_COLUMNS}, ${COLUMNS}`
  .split(',')
  .map((c) => `${c.trim()} = excluded.${c.trim()}`)
  .join(', ')

/**
 * One statement: the rows of these ids as report_source now says (upserted), and the rows of ids no longer there
 * removed. `match` is the test of call_id against the parameter (`= $1` for one id, `= any($1)` for several).
 */
const statement = (
  match: string
): string => `with src as (select call_id, ${LOCAL_COLUMNS}, ${COLUMNS} from report_source where call_id ${match}),
  gone as (delete from report_facts f where f.call_id ${match} and not exists (select 1 from src where src.call_id = f.call_id))
  insert into report_facts (call_id, ${LOCAL_COLUMNS}, ${COLUMNS}) select call_id, ${LOCAL_COLUMNS}, ${COLUMNS} from src
  on conflict (call_id) do update set ${UPDATES}`

/**
 * The statement around its parameter, for one id and for several. A live change writes one call, and the one-id form
 * is what keeps it cheap: prepared, PostgreSQL plans `= $1` once and keeps the plan, while `= any($1)` it planned again
 * for every array (1.2 ms a time under load, ten times the statement's own run).
 */
const ONE = statement('= \u0000').split('\u0000')
const MANY = statement('= any(\u0000)').split('\u0000')
const PG_STATEMENT = statement('= any($1::uuid[])')

/** Brings the projection of these calls (live or imported ids) in step with their rows, in the caller's transaction. */
export async function projectCalls (db: Executor, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return
  const [parts, param] = unique.length === 1 ? [ONE, sql`${unique[0]}::uuid`] : [MANY, sql`${unique}::uuid[]`]
  const q: RawBuilder<unknown> = sql.join(
    parts.map((p) => sql.raw(p)),
    param
  )
  await q.execute(db)
}

/** The same on postgres.js's raw client (the COPY import's transaction). */
export async function projectCallsPg (tx: postgres.TransactionSql, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return
  await tx.unsafe(PG_STATEMENT, [unique])
}

/**
 * The historical_calls columns an imported record's row is drawn from (what the import's INSERT returns), and its received
 * time in report_facts_zone's zone, converted once here instead of once for each of the three local columns (the zone's
 * lookup was a twentieth of the import's database time).
 */
export const IMPORTED_RETURNING =
  'id, source, received_at, dispatched_at, en_route_at, on_scene_at, cleared_at, category, response, priority, areas, disposition, ' +
  'without_police, received_at at time zone (select time_zone from report_facts_zone) as local_received_at'

const vocabulary = DISPOSITION_CODES.map((d) => `'${d}'`).join(', ')
const transports = DISPOSITION_CODES.filter((d) => d.startsWith('transported_'))
  .map((d) => `'${d}'`)
  .join(', ')

/**
 * The statement that projects imported records straight from `rel`, a relation of just-inserted historical_calls rows
 * with IMPORTED_RETURNING's columns (the import's `with ins as (insert … returning …)`), so that each batch inserts its
 * rows and their projection in one statement. Reading them back by id through report_source cost as much as the
 * insert itself (issue 25: a 200,000-row import's commit step went from 1.9 s to 14.5 s with that projection): 5,000
 * probes of historical_calls' random-UUID key, the union's live branch, and the delete's anti-join on every batch.
 * The select list is report_source's imported branch (migration 2026_12_15_1000), column for column; the report-facts
 * test holds the two equal. New records only: a record already there is skipped by the import and never reaches `rel`,
 * and a new record's id was made by that INSERT, so no row of report_facts has it yet: a plain insert, without the ON
 * CONFLICT arbiter's second probe of the primary key and its speculative insertion (issue 25: a seventh of the batch's
 * database time).
 */
export function importedFactsFrom (rel: string): string {
  return `insert into report_facts (call_id, ${LOCAL_COLUMNS}, ${COLUMNS})
  select h.id, date_trunc('week', h.local_received_at)::date, date_part('hour', h.local_received_at)::smallint,
    date_part('isodow', h.local_received_at)::smallint,
    'imported', h.received_at, h.dispatched_at, h.en_route_at, h.on_scene_at, h.cleared_at, h.dispatched_at,
    h.category, h.response, h.priority, h.areas, null, 'closed', null,
    case when h.disposition is null then null when h.disposition in (${vocabulary}) then h.disposition else 'other' end,
    coalesce(h.disposition in (${transports}), false), false, null, null, null, null, null, null, null,
    h.without_police, h.source
  from ${rel} h`
}

/** Rebuilds the whole projection from report_source (after bulk writes that went around the services: the bench's synthetic rows). */
export async function rebuildFacts (db: Executor): Promise<void> {
  await sql.raw('delete from report_facts').execute(db)
  await sql
    .raw(
      `insert into report_facts (call_id, ${LOCAL_COLUMNS}, ${COLUMNS})
    select call_id, ${LOCAL_COLUMNS}, ${COLUMNS} from report_source order by received_at`
    )
    .execute(db)
  await sql.raw('analyze report_facts').execute(db)
}

/**
 * Recomputes the local columns in `timeZone` when they were computed in another zone (TIME_ZONE changed), and records
 * it; true when it did. Run on start, before serving. It locks report_facts against writers (share row exclusive: a
 * writer's projection waits, then reads the new zone in its statement's snapshot), so no row keeps the old zone.
 */
export async function alignFactsZone (db: Kysely<any>, timeZone: string): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    await sql`lock table report_facts in share row exclusive mode`.execute(trx)
    const r = await sql<{ time_zone: string }>`select time_zone from report_facts_zone`.execute(trx)
    if (r.rows[0]?.time_zone === timeZone) return false
    await sql`update report_facts_zone set time_zone = ${timeZone}`.execute(trx)
    const zone = `'${timeZone.replace(/'/g, "''")}'`
    await sql.raw(`update report_facts set (${LOCAL_COLUMNS}) = (${LOCAL(zone)})`).execute(trx)
    return true
  })
}
