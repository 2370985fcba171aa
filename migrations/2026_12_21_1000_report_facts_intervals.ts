// Reports within target (issue 25, part 3), continued: each call's six response intervals stored in report_facts as
// generated columns (seconds, NULL when not counted), so that a report sorts them for its percentiles without
// computing them from the timestamps for every call first. PostgreSQL computes a generated column whenever the row is
// written, so the projection's writers (the reporting service's upsert, the import's insert) do nothing new.
//
// Frozen here, as migrations never import app code: the definitions of server/domain/intervals.ts (intervalSql) at
// the time of writing. test/server/reports/report-facts-intervals.test.ts holds every column equal to the domain's
// definition over calls with missing, reversed and multi-day timestamps, on both engines.
import { sql, type Kysely } from 'kysely'

const VIEW_COLUMNS =
  'local_week, local_hour, local_dow, source, received_at, dispatched_at, en_route_at, on_scene_at, cleared_at, ' +
  `queue_left_at, category, response, priority, areas,
  team_kind, state, referred_to, disposition, transported, backup_requested, backup_need, backup_team_kind, youth, place_kind,
  unmet_reason, unmet_reason_source, cancel_code, recorded_without_police, origin`

/** Column, start stamp, end stamp. */
const INTERVALS = [
  ['iv_call_processing', 'received_at', 'dispatched_at'],
  ['iv_turnout', 'dispatched_at', 'en_route_at'],
  ['iv_travel', 'en_route_at', 'on_scene_at'],
  ['iv_response', 'received_at', 'on_scene_at'],
  ['iv_on_scene', 'on_scene_at', 'cleared_at'],
  ['iv_committed', 'dispatched_at', 'cleared_at']
] as const

const IV_COLUMNS = INTERVALS.map(([c]) => c).join(', ')

export async function up (db: Kysely<any>): Promise<void> {
  await sql`drop view report_calls`.execute(db)
  const add = INTERVALS.map(
    ([c, a, b]) =>
      `add column ${c} double precision generated always as (case when ${b} >= ${a} then date_part('epoch', ${b} - ${a}) end) stored`
  )
  await sql.raw(`alter table report_facts ${add.join(', ')}`).execute(db)
  await sql`analyze report_facts`.execute(db)
  await sql.raw(`create view report_calls as select ${VIEW_COLUMNS}, ${IV_COLUMNS} from report_facts`).execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop view report_calls`.execute(db)
  await sql.raw(`alter table report_facts ${INTERVALS.map(([c]) => `drop column ${c}`).join(', ')}`).execute(db)
  await sql.raw(`create view report_calls as select ${VIEW_COLUMNS} from report_facts`).execute(db)
}
