// Call rows: locked lookups, versioned writes, intake in one statement, triage history, idempotency and
// the access log; rows mapped to the wire shape at this edge.
import type { UnmetReason } from '../../domain/outcomes'
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { DomainEvent, EventPayloads } from '../../contracts/events'
import type { Call, CallSource, CancelCode, ReferralTarget } from '../../contracts/calls'
import { COMMITTED_CALL_STATUSES, type Disposition } from '../../domain/lifecycle'
import type { CallStatus, Category, PlaceKind, Priority, ResponseType } from '../../domain/types'
import type { TriageResult } from '../../domain/triage/types'
import type { AreaNames } from '../../lib/area-sets'
import type { LocationMismatch, LocationSource, NearestCorner } from '../../contracts/geocoding'
import { eventsOfRowCte, insertedEventsJson, notifyNewEvents } from '../events/events.service'
import type { CallPatch, CallRow, CallTriageRow, TriageKind } from './calls.tables'

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

export function rowToCall (r: CallRow, opts: { pii: boolean }): Call {
  return {
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    source: r.source,
    location: {
      lat: r.lat,
      lon: r.lon,
      address: r.address,
      area: r.area,
      areas: r.areas,
      outsideAreas: Object.keys(r.areas).length > 0 && Object.values(r.areas).every((a) => a === null),
      source: r.location_source,
      label: r.location_label,
      nearestCorner: r.nearest_corner,
      mismatch: r.location_mismatch
    },
    callback: opts.pii ? r.callback : null,
    callerName: opts.pii ? r.caller_name : null,
    language: r.language,
    personAge: r.person_age,
    placeKind: r.place_kind,
    guardianCallback: opts.pii ? r.guardian_callback : null,
    narrative: r.narrative,
    callType: r.call_type,
    answers: r.answers,
    triage: {
      category: r.category,
      response: r.response,
      priority: r.priority,
      reasons: r.reasons,
      missing: r.missing,
      protocolVersion: r.protocol_version,
      needs: r.needs,
      handoff: r.handoff,
      overridden: r.triage_overridden
    },
    status: r.status,
    referredTo: r.referred_to,
    teamId: r.team_id,
    backupRequestedAt: iso(r.backup_requested_at),
    backupReason: r.backup_reason,
    disposition: r.disposition,
    dispositionNotes: r.disposition_notes,
    cancelCode: r.cancel_code,
    cancelReason: r.cancel_reason,
    referralReason: r.referral_reason,
    times: {
      received: r.received_at.toISOString(),
      triaged: iso(r.triaged_at),
      queued: iso(r.queued_at),
      dispatched: iso(r.dispatched_at),
      acknowledged: iso(r.acknowledged_at),
      enRoute: iso(r.en_route_at),
      onScene: iso(r.on_scene_at),
      transporting: iso(r.transporting_at),
      atFacility: iso(r.at_facility_at),
      cleared: iso(r.cleared_at),
      referred: iso(r.referred_at),
      cancelled: iso(r.cancelled_at)
    },
    version: r.version,
    updatedAt: r.updated_at.toISOString()
  }
}

export function rowToTriageEntry (r: CallTriageRow) {
  return {
    at: r.at.toISOString(),
    kind: r.kind,
    actorId: r.actor_id,
    category: r.category,
    response: r.response,
    priority: r.priority,
    reasons: r.reasons,
    protocolVersion: r.protocol_version,
    overrideReason: r.override_reason
  }
}

export async function findCall (db: Executor, id: string, forUpdate = false): Promise<CallRow | undefined> {
  return await db
    .selectFrom('calls')
    .selectAll()
    .where('id', '=', id)
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirst()
}

export type IntakeEvent = {
  [K in 'call.received' | 'call.triaged' | 'call.queued' | 'call.referred']: { type: K; data: EventPayloads[K] }
}['call.received' | 'call.triaged' | 'call.queued' | 'call.referred']

export interface IntakeRow {
  id: string
  at: Date
  /** When the call reached us, when that was before intake (a held transfer located later); else `at`. */
  receivedAt?: Date
  source: CallSource
  lat: number
  lon: number
  address: string | null
  area: string | null
  areas: AreaNames
  locationSource: LocationSource | null
  locationLabel: string | null
  nearestCorner: NearestCorner | null
  mismatch: LocationMismatch | null
  callback: string | null
  callerName: string | null
  language: string | null
  personAge: number | null
  placeKind: PlaceKind | null
  guardianCallback: string | null
  narrative: string | null
  callType: string | null
  answers: Record<string, string>
  triage: TriageResult
  status: 'queued' | 'referred'
  referredTo: ReferralTarget | null
  actorId: string
  /** The three intake events, in order. */
  events: IntakeEvent[]
  /** The request's idempotency claim as a CTE named `claim` (written with the call, or the call is not). */
  claim: RawBuilder<unknown> | null
  /** A transferred call's upstream incident: a second intake of it inserts nothing. */
  upstreamId?: string | null
}

/**
 * Intake in ONE statement (data-modifying CTEs): the idempotency claim, the call, its first triage
 * row and its events, so a call costs one round trip and commits atomically. Returns null when the
 * claim was already taken (a concurrent duplicate of the request).
 */
export async function insertCallWithTriage (db: Executor, r: IntakeRow): Promise<{ row: CallRow; events: DomainEvent[] } | null> {
  const j = (v: unknown) => sql`${JSON.stringify(v)}::text::jsonb`
  const t = r.triage
  const claim = r.claim ? sql`${r.claim},` : sql``
  const res = await sql<
    CallRow & { notified: string; events: Array<{ seq: number; at: string; type: IntakeEvent['type']; data: IntakeEvent['data'] }> }
  >`
    with ${claim}
    c as (
      insert into calls (id, received_at, source, lat, lon, address, area, areas, location_source, location_label, nearest_corner,
        location_mismatch,
        callback, caller_name, language, person_age, place_kind, guardian_callback,
        narrative, call_type, answers, category, response, priority, reasons, missing, protocol_version, needs, handoff,
        status, referred_to, referral_reason, triaged_at, queued_at, referred_at, created_by, upstream_id)
      select ${r.id}::uuid, ${r.receivedAt ?? r.at}::timestamptz, ${r.source}::text, ${r.lat}::float8, ${r.lon}::float8, ${r.address}::text, ${r.area}::text, ${j(r.areas)},
        ${r.locationSource}::text, ${r.locationLabel}::text, ${r.nearestCorner === null ? null : JSON.stringify(r.nearestCorner)}::text::jsonb,
        ${r.mismatch === null ? null : JSON.stringify(r.mismatch)}::text::jsonb,
        ${r.callback}::text, ${r.callerName}::text, ${r.language}::text, ${r.personAge}::int, ${r.placeKind}::text, ${r.guardianCallback}::text,
        ${r.narrative}::text, ${r.callType}::text, ${j(r.answers)},
        ${t.category}::text, ${t.response}::text, ${t.priority}::smallint, ${j(t.reasons)}, ${j(t.missing)}, ${t.protocolVersion}::text,
        ${j(t.needs ?? [])}, ${j(t.handoff ?? [])},
        ${r.status}::text, ${r.referredTo}::text, ${r.status === 'referred' ? 'triage' : null}::text, ${r.at}::timestamptz,
        ${r.status === 'queued' ? r.at : null}::timestamptz, ${r.status === 'referred' ? r.at : null}::timestamptz, ${r.actorId}::uuid,
        ${r.upstreamId ?? null}::text
      ${r.claim ? sql`where exists (select 1 from claim)` : sql``}
      ${r.upstreamId ? sql`on conflict (upstream_id) where upstream_id is not null do nothing` : sql``}
      returning *
    ),
    t as (
      insert into call_triages (call_id, at, kind, actor_id, category, response, priority, reasons, missing, protocol_version, input)
      select id, triaged_at, 'initial', created_by, category, response, priority, reasons, missing, protocol_version,
        ${j({ answers: r.answers, narrative: r.narrative, callType: r.callType, personAge: r.personAge, placeKind: r.placeKind })} from c
    ),
    ${eventsOfRowCte(r.events, { from: 'c', callId: 'id', actorId: 'created_by' })}
    select c.*, ${insertedEventsJson} as events, ${notifyNewEvents} as notified
    from c`.execute(db)
  const first = res.rows[0]
  if (!first) return null
  const { events: evs, notified: _notified, ...row } = first
  return {
    row: row as CallRow,
    events: evs.map(
      (e) =>
        ({
          seq: Number(e.seq),
          at: new Date(e.at).toISOString(),
          type: e.type,
          callId: row.id,
          teamId: null,
          actorId: r.actorId,
          data: e.data
        }) as DomainEvent
    )
  }
}

/** Writes a change to a locked call row, bumping its version. */
export async function updateCall (db: Executor, cur: CallRow, patch: CallPatch, at: Date): Promise<CallRow> {
  return await db
    .updateTable('calls')
    .set({ ...patch, version: cur.version + 1, updated_at: at })
    .where('id', '=', cur.id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export interface CallFilter {
  statuses?: CallStatus[]
  category?: Category
  priority?: Priority
  response?: ResponseType
  from?: Date
  to?: Date
  teamId?: string
  /** Part of the address, any case. */
  address?: string
  /** An area's name in any set, any case. */
  area?: string
  /** Part of the call type, any case. */
  callType?: string
  dispositions?: Disposition[]
  referredTo?: ReferralTarget
  cancelCode?: CancelCode
  limit: number
  offset: number
}

/** A LIKE pattern that finds `text` anywhere, its own %, _ and \ taken literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export async function listCalls (db: Executor, q: CallFilter): Promise<{ rows: CallRow[]; total: number }> {
  const base = db
    .selectFrom('calls')
    .$if(q.statuses !== undefined && q.statuses.length > 0, (qb) => qb.where('status', 'in', q.statuses!))
    .$if(q.category !== undefined, (qb) => qb.where('category', '=', q.category!))
    .$if(q.priority !== undefined, (qb) => qb.where('priority', '=', q.priority!))
    .$if(q.response !== undefined, (qb) => qb.where('response', '=', q.response!))
    .$if(q.from !== undefined, (qb) => qb.where('received_at', '>=', q.from!))
    .$if(q.to !== undefined, (qb) => qb.where('received_at', '<', q.to!))
    .$if(q.teamId !== undefined, (qb) => qb.where('team_id', '=', q.teamId!))
    .$if(q.address !== undefined, (qb) => qb.where(sql<boolean>`address ilike ${containsPattern(q.address!)}`))
    .$if(q.callType !== undefined, (qb) => qb.where(sql<boolean>`call_type ilike ${containsPattern(q.callType!)}`))
    .$if(q.area !== undefined, (qb) =>
      qb.where(
        sql<boolean>`(lower(area) = lower(${q.area!}) or exists (select 1 from jsonb_each_text(areas) a where lower(a.value) =
          lower(${q.area!})))`
      )
    )
    .$if(q.dispositions !== undefined && q.dispositions.length > 0, (qb) => qb.where('disposition', 'in', q.dispositions!))
    .$if(q.referredTo !== undefined, (qb) => qb.where('referred_to', '=', q.referredTo!))
    .$if(q.cancelCode !== undefined, (qb) => qb.where('cancel_code', '=', q.cancelCode!))
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('received_at', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(total.n) }
}

/** Calls waiting for a team, optionally only those of some priorities. */
/** The calls each team is committed to now (assigned through at facility): a responder's live stream shows these in full. */
export async function committedCallsOfTeams (db: Executor, teamIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(teamIds.map((t) => [t, []]))
  if (teamIds.length === 0) return out
  const rows = await db
    .selectFrom('calls')
    .select(['id', 'team_id'])
    .where('team_id', 'in', [...teamIds])
    .where('status', 'in', [...COMMITTED_CALL_STATUSES])
    .execute()
  for (const r of rows) if (r.team_id !== null) out.get(r.team_id)?.push(r.id)
  return out
}

export async function queuedCalls (db: Executor, priorities?: readonly Priority[]): Promise<CallRow[]> {
  return await db
    .selectFrom('calls')
    .selectAll()
    .where('status', '=', 'queued')
    .$if(priorities !== undefined, (q) => q.where('priority', 'in', [...priorities!]))
    .execute()
}

/** Calls a team is working on scene or at a facility, with when that status began (the check-in clock). */
export async function callsOnScene (
  db: Executor
): Promise<Array<{ id: string; teamId: string; status: 'on_scene' | 'at_facility'; since: Date }>> {
  const rows = await db
    .selectFrom('calls')
    .select(['id', 'team_id', 'status', 'on_scene_at', 'at_facility_at'])
    .where('status', 'in', ['on_scene', 'at_facility'])
    .where('team_id', 'is not', null)
    .execute()
  return rows.flatMap((r) => {
    const since = r.status === 'at_facility' ? r.at_facility_at : r.on_scene_at
    return since && r.team_id ? [{ id: r.id, teamId: r.team_id, status: r.status as 'on_scene' | 'at_facility', since }] : []
  })
}

/**
 * Records the system's reason a waiting call is unmet demand (no team on shift, every team busy), once: never over a
 * reason already recorded, and only while it still waits. Not a change of the call (no version bump, no event).
 */
export async function recordSystemUnmetReason (db: Executor, id: string, reason: UnmetReason, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('calls')
    .set({ unmet_reason: reason, unmet_reason_source: 'system', unmet_reason_at: at })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('unmet_reason', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function insertTriageEntry (
  db: Executor,
  e: {
    callId: string
    at: Date
    kind: TriageKind
    actorId: string | null
    triage: TriageResult
    overrideReason: string | null
    input: unknown
  }
): Promise<void> {
  const t = e.triage
  await db
    .insertInto('call_triages')
    .values({
      call_id: e.callId,
      at: e.at,
      kind: e.kind,
      actor_id: e.actorId,
      category: t.category,
      response: t.response,
      priority: t.priority,
      reasons: json(t.reasons),
      missing: json(t.missing),
      protocol_version: t.protocolVersion,
      override_reason: e.overrideReason,
      input: json(e.input)
    })
    .execute()
}

/** Calls stored with age 0 and no school place, oldest first: what a blank age field wrote before it was fixed. */
export async function callsWithAgeZero (db: Executor): Promise<CallRow[]> {
  return await db
    .selectFrom('calls')
    .selectAll()
    .where('person_age', '=', 0)
    .where((eb) => eb.or([eb('place_kind', 'is', null), eb('place_kind', '!=', 'school')]))
    .orderBy('received_at')
    .execute()
}

export async function triageHistory (db: Executor, callId: string): Promise<CallTriageRow[]> {
  return await db.selectFrom('call_triages').selectAll().where('call_id', '=', callId).orderBy('id').execute()
}

export async function findCallByUpstreamId (db: Executor, upstreamId: string): Promise<CallRow | undefined> {
  return await db.selectFrom('calls').selectAll().where('upstream_id', '=', upstreamId).executeTakeFirst()
}

/** What triage reads of every live call received since `since` (the impact review of a protocol change). */
export async function triageInputsSince (
  db: Executor,
  since: Date,
  limit: number
): Promise<Array<Pick<CallRow, 'call_type' | 'narrative' | 'answers' | 'person_age' | 'place_kind'>>> {
  return await db
    .selectFrom('calls')
    .select(['call_type', 'narrative', 'answers', 'person_age', 'place_kind'])
    .where('received_at', '>=', since)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute()
}
