// Youth and schools (issue 14): the person's approximate age, the kind of place and a guardian's callback on a call,
// the capabilities the protocol's need rules asked for (youth) and the hand-off steps shown to the team; the youth
// team kind; report_calls gains youth and place_kind (never the age or the guardian's number).
import { sql, type Kysely } from 'kysely'

// Frozen here, as migrations never import app code (server/domain/types.ts PLACE_KINDS, TEAM_KINDS).
const PLACE_KINDS = ['home', 'street', 'school', 'business', 'park', 'other']
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

function reportCallsView (withYouth: boolean) {
  const vocabulary = sql.join(DISPOSITIONS.map((d) => sql.lit(d)))
  const transports = sql.join(DISPOSITIONS.filter((d) => d.startsWith('transported_')).map((d) => sql.lit(d)))
  const liveYouth = withYouth ? sql`, c.needs ? 'youth' as youth, c.place_kind` : sql``
  const importedYouth = withYouth ? sql`, null::boolean, null::text` : sql``
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
      end as backup_team_kind
      ${liveYouth}
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
      ${importedYouth}
    from historical_calls h`
}

export async function up (db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('calls')
    .addColumn('person_age', 'integer')
    .addColumn('place_kind', 'text')
    .addColumn('guardian_callback', 'text')
    .addColumn('needs', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('handoff', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute()
  await sql`alter table calls add constraint calls_person_age_check check (person_age between 0 and 120)`.execute(db)
  await sql`alter table calls add constraint calls_place_kind_check check (place_kind in
    (${sql.join(PLACE_KINDS.map((k) => sql.lit(k)))}))`.execute(
    db
  )
  await sql`alter table teams drop constraint teams_kind_check`.execute(db)
  await sql`alter table teams add constraint teams_kind_check check (kind in
    ('crisis','medic_crisis','outreach','traffic','youth'))`.execute(
      db
    )
  await sql`drop view report_calls`.execute(db)
  await reportCallsView(true).execute(db)
}

export async function down (db: Kysely<any>): Promise<void> {
  await sql`drop view report_calls`.execute(db)
  await reportCallsView(false).execute(db)
  await sql`alter table teams drop constraint teams_kind_check`.execute(db)
  await sql`alter table teams add constraint teams_kind_check check (kind in ('crisis','medic_crisis','outreach','traffic'))`.execute(
    db
  )
  await db.schema
    .alterTable('calls')
    .dropColumn('person_age')
    .dropColumn('place_kind')
    .dropColumn('guardian_callback')
    .dropColumn('needs')
    .dropColumn('handoff')
    .execute()
}
