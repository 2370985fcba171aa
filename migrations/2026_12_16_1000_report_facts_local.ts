// Reports within target (issue 25, part 3), continued: report_facts gets each call's local hour, ISO weekday and week
// (in the report time zone, TIME_ZONE) as small columns computed when the row is projected, so that reports group by
// them instead of converting every call's received_at to local time (the largest cost of a year report after reading
// the rows). The zone they were computed in is kept in report_facts_zone (one row): reports use the stored columns only
// when it is the configured zone, and the reporting service recomputes them on start when TIME_ZONE changed
// (alignFactsZone in server/modules/reports/report-facts.ts).
//
// The table is rebuilt rather than altered (an UPDATE would leave a dead copy of every row), with the fixed-width
// columns that are never null first: PostgreSQL reads the columns up to the first varying-width or null one at fixed
// offsets, and every report reads received_at and the local keys.
import { sql, type Kysely } from 'kysely'

// Frozen here, as migrations never import app code: the configuration's default zone (server/config.ts). A
// deployment with another TIME_ZONE gets its columns recomputed on its next start.
const DEFAULT_ZONE = 'America/Los_Angeles'

const OLD_COLUMNS = 'source, received_at, dispatched_at, en_route_at, on_scene_at, cleared_at, queue_left_at, category, response, ' +
  `priority, areas,
  team_kind, state, referred_to, disposition, transported, backup_requested, backup_need, backup_team_kind, youth, place_kind,
  unmet_reason, unmet_reason_source, cancel_code, recorded_without_police, origin`

const NEW_COLUMNS = `local_week, local_hour, local_dow, ${OLD_COLUMNS}`

const local = (zone: string) => `date_trunc('week', received_at at time zone ${zone})::date as local_week,
  date_part('hour', received_at at time zone ${zone})::smallint as local_hour, date_part('isodow', received_at at time ` +
  `zone ${zone})::smallint as local_dow`

export async function up (db: Kysely<any>): Promise<void> {
  await sql`create table report_facts_zone (
    only_row boolean primary key default true check (only_row),
    time_zone text not null
  )`.execute(db)
  await sql`insert into report_facts_zone (time_zone) values (${DEFAULT_ZONE})`.execute(db)
  // report_source, the one definition of a row, gets the local columns in the recorded zone (one row: a cross join).
  await sql`alter view report_source rename to report_source_base`.execute(db)
  await sql
    .raw(
      `create view report_source as select b.call_id, ${local('z.time_zone')}, ${OLD_COLUMNS.replace(/(\w+)/g, 'b.$1')}
    from report_source_base b cross join report_facts_zone z`
    )
    .execute(db)
  await sql`drop view report_calls`.execute(db)
  await sql`alter table report_facts rename to report_facts_old`.execute(db)
  await sql`alter index report_facts_received rename to report_facts_old_received`.execute(db)
  await sql`alter index report_facts_pkey rename to report_facts_old_pkey`.execute(db)
  await sql`create table report_facts (
    call_id uuid primary key,
    received_at timestamptz not null,
    local_week date not null,
    local_hour smallint not null,
    local_dow smallint not null,
    priority smallint not null,
    transported boolean not null,
    backup_requested boolean not null,
    source text not null,
    category text not null,
    response text not null,
    state text not null,
    origin text not null,
    areas jsonb not null,
    dispatched_at timestamptz,
    en_route_at timestamptz,
    on_scene_at timestamptz,
    cleared_at timestamptz,
    queue_left_at timestamptz,
    youth boolean,
    recorded_without_police boolean,
    team_kind text,
    referred_to text,
    disposition text,
    backup_need text,
    backup_team_kind text,
    place_kind text,
    unmet_reason text,
    unmet_reason_source text,
    cancel_code text
  )`.execute(db)
  await sql
    .raw(
      `insert into report_facts (call_id, ${NEW_COLUMNS})
    select call_id, ${local(`'${DEFAULT_ZONE}'`)}, ${OLD_COLUMNS} from report_facts_old order by received_at`
    )
    .execute(db)
  await sql`drop table report_facts_old`.execute(db)
  await sql`create index report_facts_received on report_facts (received_at)`.execute(db)
  await sql`analyze report_facts`.execute(db)
  await sql.raw(`create view report_calls as select ${NEW_COLUMNS} from report_facts`).execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop view report_calls`.execute(db)
  await sql`alter table report_facts drop column local_week, drop column local_hour, drop column local_dow`.execute(db)
  await sql.raw(`create view report_calls as select ${OLD_COLUMNS} from report_facts`).execute(db)
  await sql`drop view report_source`.execute(db)
  await sql`alter view report_source_base rename to report_source`.execute(db)
  await sql`drop table report_facts_zone`.execute(db)
}
