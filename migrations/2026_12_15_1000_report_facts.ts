// Reports within target at city scale (issue 25, part 3): report_facts, the reporting module's narrow projection of
// every call (live and imported), one row each with only what reports read (times, triage, area names, team kinds,
// outcome fields and flags). Reports used to read report_calls, a view over the wide calls and historical_calls rows
// (narratives, addresses, answers, coordinates) joined to teams, events and assignments: a year of them cost seconds.
//
// report_source is the old view's definition with each record's id: the projection's one definition of a row,
// read by the reporting module to write (upsert) the rows of the calls that changed, in the transaction that changed
// them. report_calls stays the name reports and the privacy test read, now a plain view of the projection.
import { sql, type Kysely } from 'kysely'

// Frozen here, as migrations never import app code (server/domain/lifecycle.ts).
const DISPOSITIONS = [
  'resolved_on_scene',
  'referred_services',
  'transported_crisis',
  'transported_hospital',
  'transported_shelter',
  'handed_to_police',
  'handed_to_ems',
  'refused_services',
  'unable_to_locate',
  'no_service_needed',
  'duplicate'
]

const COLUMNS = 'source, received_at, dispatched_at, en_route_at, on_scene_at, cleared_at, queue_left_at, category, response, priority, ' +
  `areas,
  team_kind, state, referred_to, disposition, transported, backup_requested, backup_need, backup_team_kind, youth, place_kind,
  unmet_reason, unmet_reason_source, cancel_code, recorded_without_police, origin`

/** The old report_calls view (migration 2026_12_13_1230), with each record's id when `withId`. */
function sourceView (name: 'report_source' | 'report_calls', withId: boolean) {
  const liveId = withId ? sql`c.id as call_id,` : sql``
  const importedId = withId ? sql`h.id,` : sql``
  const vocabulary = sql.join(DISPOSITIONS.map((d) => sql.lit(d)))
  const transports = sql.join(DISPOSITIONS.filter((d) => d.startsWith('transported_')).map((d) => sql.lit(d)))
  return sql`create view ${sql.table(name)} as
    select
      ${liveId}
      'live'::text as source,
      c.received_at, c.dispatched_at, c.en_route_at, c.on_scene_at, c.cleared_at,
      coalesce(c.dispatched_at, c.referred_at, c.cancelled_at) as queue_left_at,
      c.category, c.response, c.priority, c.areas,
      t.kind as team_kind,
      case c.status when 'closed' then 'closed' when 'referred' then 'referred' when 'cancelled' then 'cancelled' else 'open' end as state,
      c.referred_to,
      c.disposition,
      c.transporting_at is not null as transported,
      c.backup_requested_at is not null as backup_requested,
      case when c.backup_requested_at is not null then
        (select e.data->>'need' from events e where e.call_id = c.id and e.type = 'call.backup_requested' order by e.seq desc limit 1)
      end as backup_need,
      case when c.backup_requested_at is not null then
        (select bt.kind from assignments a join teams bt on bt.id = a.team_id where a.call_id = c.id and a.role = 'backup' order by
          a.assigned_at limit 1)
      end as backup_team_kind,
      c.needs ? 'youth' as youth, c.place_kind,
      c.unmet_reason, c.unmet_reason_source, c.cancel_code,
      null::boolean as recorded_without_police, 'live'::text as origin
    from calls c
    left join teams t on t.id = c.team_id
    union all
    select
      ${importedId}
      'imported'::text,
      h.received_at, h.dispatched_at, h.en_route_at, h.on_scene_at, h.cleared_at,
      h.dispatched_at,
      h.category, h.response, h.priority, h.areas,
      null::text,
      'closed'::text,
      null::text,
      case when h.disposition is null then null when h.disposition in (${vocabulary}) then h.disposition else 'other' end,
      coalesce(h.disposition in (${transports}), false),
      false,
      null::text,
      null::text,
      null::boolean, null::text,
      null::text, null::text, null::text,
      h.without_police, h.source
    from historical_calls h`
}

export async function up (db: Kysely<any>): Promise<void> {
  await sourceView('report_source', true).execute(db)
  // No foreign key: the id is a live call's or an imported record's (both random UUIDs), and the reporting module
  // owns this table; the modules that own the calls keep it in step through the reporting service.
  await sql`create table report_facts (
    call_id uuid primary key,
    source text not null,
    received_at timestamptz not null,
    dispatched_at timestamptz,
    en_route_at timestamptz,
    on_scene_at timestamptz,
    cleared_at timestamptz,
    queue_left_at timestamptz,
    category text not null,
    response text not null,
    priority smallint not null,
    areas jsonb not null,
    team_kind text,
    state text not null,
    referred_to text,
    disposition text,
    transported boolean not null,
    backup_requested boolean not null,
    backup_need text,
    backup_team_kind text,
    youth boolean,
    place_kind text,
    unmet_reason text,
    unmet_reason_source text,
    cancel_code text,
    recorded_without_police boolean,
    origin text not null
  )`.execute(db)
  // Backfill in received order, so a month's rows sit together on disk (the month reports read one stretch).
  await sql
    .raw(`insert into report_facts (call_id, ${COLUMNS}) select call_id, ${COLUMNS} from report_source order by received_at`)
    .execute(db)
  await sql`create index report_facts_received on report_facts (received_at)`.execute(db)
  await sql`analyze report_facts`.execute(db)
  await sql`drop view report_calls`.execute(db)
  await sql.raw(`create view report_calls as select ${COLUMNS} from report_facts`).execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop view report_calls`.execute(db)
  await sql`drop table report_facts`.execute(db)
  await sql`drop view report_source`.execute(db)
  await sourceView('report_calls', false).execute(db)
}
