// Reports that do not overclaim (issue 23, part 5): an imported record says whether the call ended without police only
// when its source recorded it (historical_calls.without_police, null: not recorded), and report_calls carries that and
// the name of each record's source (live, or the import's source), for the range of the data each source holds.
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

function reportCallsView (honest: boolean) {
  const vocabulary = sql.join(DISPOSITIONS.map((d) => sql.lit(d)))
  const transports = sql.join(DISPOSITIONS.filter((d) => d.startsWith('transported_')).map((d) => sql.lit(d)))
  const liveHonest = honest ? sql`, null::boolean as recorded_without_police, 'live'::text as origin` : sql``
  const importedHonest = honest ? sql`, h.without_police, h.source` : sql``
  return sql`create view report_calls as
    select
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
      c.unmet_reason, c.unmet_reason_source, c.cancel_code
      ${liveHonest}
    from calls c
    left join teams t on t.id = c.team_id
    union all
    select
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
      null::text, null::text, null::text
      ${importedHonest}
    from historical_calls h`
}

export async function up (db: Kysely<any>): Promise<void> {
  // true: the source recorded that no police came; false: that police came; null: it does not say (a CAD export).
  await db.schema.alterTable('historical_calls').addColumn('without_police', 'boolean').execute()
  await sql`drop view report_calls`.execute(db)
  await reportCallsView(true).execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop view report_calls`.execute(db)
  await reportCallsView(false).execute(db)
  await db.schema.alterTable('historical_calls').dropColumn('without_police').execute()
}
