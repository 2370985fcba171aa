// Appends to and reads from the events table; rows mapped to the wire shape at this edge.
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { EventRow } from './events.tables'
import type { DomainEvent, EventType, NewEvent } from '../../contracts/events'

/** The row as its typed event: the writer typed the payload, so the stored data is that type's payload. */
export function rowToEvent (r: EventRow): DomainEvent {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    type: r.type,
    callId: r.call_id,
    teamId: r.team_id,
    actorId: r.actor_id,
    data: r.data ?? {}
  } as DomainEvent
}

/**
 * Channel on which every commit that appends events announces its highest seq. The NOTIFY is part of
 * the writing statement, so PostgreSQL sends it exactly when (and only if) the transaction commits, and
 * it costs no extra round trip. Server processes LISTEN on it to relay each other's events.
 */
export const EVENTS_CHANNEL = 'cd_events'

/** SQL for "announce the highest seq of CTE `e`", for statements that insert events. */
export const notifyNewEvents = sql`pg_notify(${EVENTS_CHANNEL}, (select max(seq) from e)::text)::text`

/**
 * The CTE `e`, for a statement that writes one record and its events at once: appends `events`, in
 * order, for the row of CTE `from`, with the event's call and actor taken from that row's columns.
 */
export function eventsOfRowCte (
  events: Array<{ type: EventType; data: unknown }>,
  row: { from: string; callId: string; actorId: string }
): RawBuilder<unknown> {
  const values = sql.join(events.map((e, i) => sql`(${i}::int, ${e.type}::text, ${json(e.data)})`))
  const src = sql.table(row.from)
  return sql`e as (
      insert into events (type, call_id, actor_id, data)
      select v.type, ${sql.ref(`${row.from}.${row.callId}`)}, ${sql.ref(`${row.from}.${row.actorId}`)}, v.data from ${src} cross join
        (values ${values}) as v(ord, type, data) order by v.ord
      returning seq, at, type, data
    )`
}

/** The events appended by CTE `e`, as one JSON array in seq order. */
export const insertedEventsJson = sql`(select coalesce(json_agg(json_build_object('seq', e.seq, 'at', e.at, 'type', e.type, 'data', e.data)
  order by e.seq), '[]'::json) from e)`

/** The highest seq written so far (0 for none). */
export async function latestSeq (db: Executor): Promise<number> {
  const r = await sql<{ max: string | number | null }>`select max(seq) as max from events`.execute(db)
  return Number(r.rows[0]?.max ?? 0)
}

export async function appendEvents (db: Executor, events: NewEvent[]): Promise<DomainEvent[]> {
  if (events.length === 0) return []
  const values = sql.join(
    events.map(
      (e) => sql`(${e.type}::text, ${e.callId ?? null}::uuid, ${e.teamId ?? null}::uuid, ${e.actorId ?? null}::uuid, ${json(e.data)})`
    )
  )
  const res = await sql<EventRow>`
    with e as (insert into events (type, call_id, team_id, actor_id, data) values ${values} returning *)
    select e.*, ${notifyNewEvents} as notified from e order by seq`.execute(db)
  return res.rows.map(rowToEvent)
}

export async function eventsForCall (db: Executor, callId: string): Promise<DomainEvent[]> {
  const rows = await db.selectFrom('events').selectAll().where('call_id', '=', callId).orderBy('seq').execute()
  return rows.map(rowToEvent)
}

export async function eventsSince (db: Executor, since: number, limit = 5000): Promise<DomainEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where(sql<boolean>`seq > ${since}::bigint`)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map(rowToEvent)
}
