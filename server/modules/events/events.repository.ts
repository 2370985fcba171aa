// Appends to and reads from the events table; rows mapped to the wire shape at this edge.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { EventRow } from './events.tables'
import type { DomainEvent, NewEvent } from '../../contracts/events'

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

export async function appendEvents (db: Executor, events: NewEvent[]): Promise<DomainEvent[]> {
  if (events.length === 0) return []
  const values = sql.join(events.map((e) => sql`(${e.type}::text, ${e.callId ?? null}::uuid, ${e.teamId ?? null}::uuid, ${e.actorId ?? null}::uuid, ${json(e.data)})`))
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
  const rows = await db.selectFrom('events').selectAll().where(sql<boolean>`seq > ${since}::bigint`).orderBy('seq').limit(limit).execute()
  return rows.map(rowToEvent)
}
