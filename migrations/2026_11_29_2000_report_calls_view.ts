// report_calls: the one de-identified view reports read. Live calls and imported history in one shape, with only the
// times, triage, areas, team kind and outcome fields: never a name, callback, narrative, address or coordinates.
import { sql, type Kysely } from 'kysely'

// Dispositions of the controlled vocabulary (server/domain/lifecycle.ts, frozen here as migrations never import app
// code). An imported record's free-text disposition outside it becomes 'other', so no CAD prose reaches a report.
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

export async function up (db: Kysely<any>): Promise<void> {
  const vocabulary = sql.join(DISPOSITIONS.map((d) => sql.lit(d)))
  const transports = sql.join(DISPOSITIONS.filter((d) => d.startsWith('transported_')).map((d) => sql.lit(d)))
  await sql`create view report_calls as
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
      end as backup_team_kind
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
      null::text
    from historical_calls h`.execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop view if exists report_calls`.execute(db)
}
