// Emergencies, check-ins and missed check-ins: reads and writes, mapped to the wire shape at this edge.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { CheckInMiss, Emergency, MissResolution } from '../../contracts/safety'
import type { CheckInMissRow, EmergencyRow } from './safety.tables'

export function rowToEmergency (r: EmergencyRow, callSign: string): Emergency {
  return {
    id: r.id,
    teamId: r.team_id,
    callSign,
    callId: r.call_id,
    raisedAt: r.raised_at.toISOString(),
    deviceTime: r.device_time.toISOString(),
    position: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon, at: (r.position_at ?? r.device_time).toISOString() } : null,
    presses: r.presses,
    lastPressedAt: r.last_pressed_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_at ? { id: r.acknowledged_by, name: r.acknowledged_by_name ?? 'someone' } : null
  }
}

export type MissWithAnswer = CheckInMissRow & { checked_in_since: Date | null }

export function rowToMiss (r: MissWithAnswer, callSign: string): CheckInMiss {
  return {
    id: r.id,
    callId: r.call_id,
    teamId: r.team_id,
    callSign,
    dueAt: r.due_at.toISOString(),
    raisedAt: r.raised_at.toISOString(),
    position: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon, at: (r.position_at ?? r.raised_at).toISOString() } : null,
    checkedInSince: r.checked_in_since?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    resolvedBy: r.resolved_at ? { id: r.resolved_by, name: r.resolved_by_name ?? 'someone' } : null,
    resolution: r.resolution,
    note: r.resolution_note
  }
}

export interface NewEmergency {
  teamId: string
  callId: string | null
  at: Date
  deviceTime: Date
  actorId: string
  lat: number | null
  lon: number | null
  positionAt: Date | null
}

/**
 * Raises the team's emergency, or adds a press to the one still open (the partial unique index on open
 * emergencies makes two presses at once, in two processes, one emergency). A newer position replaces an older one.
 */
export async function raiseEmergency (db: Executor, e: NewEmergency): Promise<EmergencyRow> {
  return await db
    .insertInto('team_emergencies')
    .values({
      team_id: e.teamId,
      call_id: e.callId,
      raised_at: e.at,
      device_time: e.deviceTime,
      raised_by: e.actorId,
      lat: e.lat,
      lon: e.lon,
      position_at: e.positionAt,
      last_pressed_at: e.at
    })
    .onConflict((oc) =>
      oc
        .column('team_id')
        .where('acknowledged_at', 'is', null)
        .doUpdateSet({
          presses: sql`team_emergencies.presses + 1`,
          last_pressed_at: e.at,
          call_id: sql`coalesce(excluded.call_id, team_emergencies.call_id)`,
          lat: sql`case when excluded.lat is not null then excluded.lat else team_emergencies.lat end`,
          lon: sql`case when excluded.lat is not null then excluded.lon else team_emergencies.lon end`,
          position_at: sql`case when excluded.lat is not null then excluded.position_at else team_emergencies.position_at end`
        })
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function acknowledgeOpen (
  db: Executor,
  teamId: string,
  by: { id: string; name: string },
  at: Date
): Promise<EmergencyRow | undefined> {
  return await db
    .updateTable('team_emergencies')
    .set({ acknowledged_at: at, acknowledged_by: by.id, acknowledged_by_name: by.name })
    .where('team_id', '=', teamId)
    .where('acknowledged_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The team's open emergency, else its newest one acknowledged after `ackedAfter`. */
export async function latestEmergency (db: Executor, teamId: string, ackedAfter: Date): Promise<EmergencyRow | undefined> {
  return await db
    .selectFrom('team_emergencies')
    .selectAll()
    .where('team_id', '=', teamId)
    .where((eb) => eb.or([eb('acknowledged_at', 'is', null), eb('acknowledged_at', '>', ackedAfter)]))
    .orderBy(sql`acknowledged_at is null`, 'desc')
    .orderBy('raised_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Open emergencies, and those acknowledged after `ackedAfter`: open first, newest first. */
export async function listEmergencies (db: Executor, ackedAfter: Date): Promise<EmergencyRow[]> {
  return await db
    .selectFrom('team_emergencies')
    .selectAll()
    .where((eb) => eb.or([eb('acknowledged_at', 'is', null), eb('acknowledged_at', '>', ackedAfter)]))
    .orderBy(sql`acknowledged_at is null`, 'desc')
    .orderBy('raised_at', 'desc')
    .limit(200)
    .execute()
}

// ------------------------------------------------------------------ check-ins

export async function insertCheckIn (
  db: Executor,
  c: { callId: string; teamId: string; at: Date; receivedAt: Date; actorId: string }
): Promise<string> {
  const r = await db
    .insertInto('check_ins')
    .values({ call_id: c.callId, team_id: c.teamId, at: c.at, received_at: c.receivedAt, actor_id: c.actorId })
    .returning('id')
    .executeTakeFirstOrThrow()
  return r.id
}

export async function checkInsOfCall (db: Executor, callId: string): Promise<Date[]> {
  return (await db.selectFrom('check_ins').select('at').where('call_id', '=', callId).orderBy('at').execute()).map((r) => r.at)
}

/** The latest check-in of each call. */
export async function lastCheckIns (db: Executor, callIds: string[]): Promise<Map<string, Date>> {
  if (callIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('check_ins')
    .select((eb) => ['call_id', eb.fn.max('at').as('last')])
    .where('call_id', 'in', callIds)
    .groupBy('call_id')
    .execute()
  return new Map(rows.map((r) => [r.call_id, new Date(r.last as unknown as string | Date)]))
}

const withAnswer = (db: Executor) =>
  db
    .selectFrom('check_in_misses as m')
    .selectAll('m')
    .select((eb) =>
      eb
        .selectFrom('check_ins as c')
        .select((e) => e.fn.min('c.at').as('x'))
        .whereRef('c.call_id', '=', 'm.call_id')
        .whereRef('c.at', '>', 'm.due_at')
        .as('checked_in_since')
    )

/** Raises a miss once: the second process (or sweep) to try the same call and due time gets undefined. */
export async function insertMiss (
  db: Executor,
  m: { callId: string; teamId: string; dueAt: Date; at: Date; lat: number | null; lon: number | null; positionAt: Date | null }
): Promise<CheckInMissRow | undefined> {
  return await db
    .insertInto('check_in_misses')
    .values({
      call_id: m.callId,
      team_id: m.teamId,
      due_at: m.dueAt,
      raised_at: m.at,
      lat: m.lat,
      lon: m.lon,
      position_at: m.positionAt
    })
    .onConflict((oc) => oc.columns(['call_id', 'due_at']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function missesOfCall (db: Executor, callId: string): Promise<MissWithAnswer[]> {
  return (await withAnswer(db).where('m.call_id', '=', callId).orderBy('m.due_at').execute()) as MissWithAnswer[]
}

export async function listMisses (db: Executor, resolvedAfter: Date): Promise<MissWithAnswer[]> {
  return (await withAnswer(db)
    .where((eb) => eb.or([eb('m.resolved_at', 'is', null), eb('m.resolved_at', '>', resolvedAfter)]))
    .orderBy(sql`m.resolved_at is null`, 'desc')
    .orderBy('m.raised_at', 'desc')
    .limit(200)
    .execute()) as MissWithAnswer[]
}

export async function findMiss (db: Executor, id: string): Promise<MissWithAnswer | undefined> {
  return (await withAnswer(db).where('m.id', '=', id).executeTakeFirst()) as MissWithAnswer | undefined
}

export async function resolveMiss (
  db: Executor,
  id: string,
  r: { by: { id: string; name: string }; at: Date; resolution: MissResolution; note: string | null }
): Promise<boolean> {
  const done = await db
    .updateTable('check_in_misses')
    .set({ resolved_at: r.at, resolved_by: r.by.id, resolved_by_name: r.by.name, resolution: r.resolution, resolution_note: r.note })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return done !== undefined
}
