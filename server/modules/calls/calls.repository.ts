// Call rows: locked lookups, the row → wire mapper, triage history and assignments.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { DomainEvent } from '../../contracts/events'
import { notifyNewEvents } from '../events/events.repository'
import type { Assignment, Call } from '../../contracts/calls'
import type { AssignmentRow, CallRow, CallTriageRow } from './calls.tables'

const iso = (d: Date | null): string | null => d ? d.toISOString() : null

export function rowToCall (r: CallRow, opts: { pii: boolean }): Call {
  return {
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    source: r.source as Call['source'],
    location: { lat: r.lat, lon: r.lon, address: r.address, area: r.area },
    callback: opts.pii ? r.callback : null,
    callerName: opts.pii ? r.caller_name : null,
    language: r.language,
    narrative: r.narrative,
    callType: r.call_type,
    answers: r.answers,
    triage: {
      category: r.category as Call['triage']['category'],
      response: r.response as Call['triage']['response'],
      priority: r.priority as 1 | 2 | 3,
      reasons: r.reasons,
      missing: r.missing,
      protocolVersion: r.protocol_version,
      overridden: r.triage_overridden
    },
    status: r.status as Call['status'],
    referredTo: r.referred_to,
    teamId: r.team_id,
    backupRequestedAt: iso(r.backup_requested_at),
    backupReason: r.backup_reason,
    disposition: r.disposition as Call['disposition'],
    dispositionNotes: r.disposition_notes,
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

export function rowToAssignment (r: AssignmentRow): Assignment {
  return {
    id: r.id,
    callId: r.call_id,
    teamId: r.team_id,
    role: r.role,
    assignedAt: r.assigned_at.toISOString(),
    assignedBy: r.assigned_by,
    auto: r.auto,
    ackDeadline: r.ack_deadline.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    endedAt: iso(r.ended_at),
    endReason: r.end_reason
  }
}

export function rowToTriageEntry (r: CallTriageRow) {
  return {
    at: r.at.toISOString(),
    kind: r.kind,
    actorId: r.actor_id,
    category: r.category as Call['triage']['category'],
    response: r.response as Call['triage']['response'],
    priority: r.priority as 1 | 2 | 3,
    reasons: r.reasons,
    protocolVersion: r.protocol_version,
    overrideReason: r.override_reason
  }
}

export async function findCall (db: Executor, id: string, forUpdate = false): Promise<CallRow | undefined> {
  return await db.selectFrom('calls').selectAll().where('id', '=', id).$if(forUpdate, (q) => q.forUpdate()).executeTakeFirst()
}

export async function openAssignment (db: Executor, callId: string, forUpdate = false): Promise<AssignmentRow | undefined> {
  return await db.selectFrom('assignments').selectAll()
    .where('call_id', '=', callId).where('ended_at', 'is', null).where('role', '=', 'primary')
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirst()
}

export interface IntakeRow {
  id: string
  at: Date
  source: string
  lat: number
  lon: number
  address: string | null
  area: string | null
  callback: string | null
  callerName: string | null
  language: string | null
  narrative: string | null
  callType: string | null
  answers: Record<string, string>
  triage: { category: string, response: string, priority: number, reasons: string[], missing: unknown[], protocolVersion: string }
  status: 'queued' | 'referred'
  referredTo: string | null
  actorId: string
  /** The three intake events, in order. */
  events: Array<{ type: string, data: Record<string, unknown> }>
  idempotency: { key: string, hash: string } | null
}

/**
 * Intake in ONE statement (data-modifying CTEs): the idempotency claim, the call, its first triage
 * row and its events, so a call costs one round trip and commits atomically. Returns null when the
 * Idempotency-Key was already claimed. Foreign keys are checked at the end of the statement, so the
 * key may name the call inserted beside it.
 */
export async function insertCallWithTriage (db: Executor, r: IntakeRow): Promise<{ row: CallRow, events: DomainEvent[] } | null> {
  const j = (v: unknown) => sql`${JSON.stringify(v)}::text::jsonb`
  const t = r.triage
  const claim = r.idempotency
    ? sql`k as (insert into idempotency_keys (user_id, key, request_hash, call_id)
        values (${r.actorId}::uuid, ${r.idempotency.key}, ${r.idempotency.hash}, ${r.id}::uuid)
        on conflict (user_id, key) do nothing returning call_id),`
    : sql``
  const events = sql.join(r.events.map((e, i) => sql`(${i}::int, ${e.type}::text, ${j(e.data)})`))
  const res = await sql<CallRow & { notified: string, events: Array<{ seq: number, at: string, type: string, data: Record<string, unknown> }> }>`
    with ${claim}
    c as (
      insert into calls (id, received_at, source, lat, lon, address, area, callback, caller_name, language, narrative, call_type, answers,
        category, response, priority, reasons, missing, protocol_version, status, referred_to, triaged_at, queued_at, referred_at, created_by)
      select ${r.id}::uuid, ${r.at}::timestamptz, ${r.source}::text, ${r.lat}::float8, ${r.lon}::float8, ${r.address}::text, ${r.area}::text,
        ${r.callback}::text, ${r.callerName}::text, ${r.language}::text, ${r.narrative}::text, ${r.callType}::text, ${j(r.answers)},
        ${t.category}::text, ${t.response}::text, ${t.priority}::smallint, ${j(t.reasons)}, ${j(t.missing)}, ${t.protocolVersion}::text,
        ${r.status}::text, ${r.referredTo}::text, ${r.at}::timestamptz,
        ${r.status === 'queued' ? r.at : null}::timestamptz, ${r.status === 'referred' ? r.at : null}::timestamptz, ${r.actorId}::uuid
      ${r.idempotency ? sql`where exists (select 1 from k)` : sql``}
      returning *
    ),
    t as (
      insert into call_triages (call_id, at, kind, actor_id, category, response, priority, reasons, missing, protocol_version, input)
      select id, received_at, 'initial', created_by, category, response, priority, reasons, missing, protocol_version,
        ${j({ answers: r.answers, narrative: r.narrative, callType: r.callType })} from c
    ),
    e as (
      insert into events (type, call_id, actor_id, data)
      select v.type, c.id, c.created_by, v.data from c cross join (values ${events}) as v(ord, type, data) order by v.ord
      returning seq, at, type, data
    )
    select c.*, (select coalesce(json_agg(json_build_object('seq', e.seq, 'at', e.at, 'type', e.type, 'data', e.data) order by e.seq), '[]'::json) from e) as events,
      ${notifyNewEvents} as notified
    from c`.execute(db)
  const first = res.rows[0]
  if (!first) return null
  const { events: evs, notified: _notified, ...row } = first
  return {
    row: row as CallRow,
    events: evs.map((e) => ({ seq: Number(e.seq), at: new Date(e.at).toISOString(), type: e.type, callId: row.id, teamId: null, actorId: r.actorId, data: e.data }))
  }
}
