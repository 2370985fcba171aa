// Facility and transport rows: lookups and writes, mapped to the wire shape at this edge.
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { Capacity, FacilityKind, TurnAwayReason } from '../../contracts/facilities'
import type { FacilityRow, TransportRow } from './facilities.tables'

export function rowToCapacity (r: FacilityRow, now: Date, staleMs: number): Capacity {
  const age = r.capacity_at ? now.getTime() - r.capacity_at.getTime() : null
  return {
    available: r.available,
    accepting: r.accepting,
    note: r.capacity_note,
    updatedAt: r.capacity_at?.toISOString() ?? null,
    updatedBy: r.capacity_by_name,
    ageMinutes: age === null ? null : Math.max(0, Math.floor(age / 60_000)),
    stale: age === null || age > staleMs,
    demo: r.capacity_demo
  }
}

export async function listFacilities (db: Executor, q: { kinds?: readonly FacilityKind[]; retired?: boolean }): Promise<FacilityRow[]> {
  return await db
    .selectFrom('facilities')
    .selectAll()
    .$if(q.kinds !== undefined, (qb) => qb.where('kind', 'in', q.kinds!))
    .$if(q.retired !== true, (qb) => qb.where('retired_at', 'is', null))
    .orderBy('name')
    .orderBy('id')
    .execute()
}

export async function findFacility (db: Executor, id: string): Promise<FacilityRow | undefined> {
  return await db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface NewFacilityRow {
  name: string
  kind: FacilityKind
  address: string
  lat: number
  lon: number
  phone: string | null
  hours: string
  accepts: string[]
  sourceRef?: string | null
  createdAt: Date
}

export async function insertFacility (db: Executor, f: NewFacilityRow): Promise<FacilityRow> {
  return await db
    .insertInto('facilities')
    .values({
      name: f.name,
      kind: f.kind,
      address: f.address,
      lat: f.lat,
      lon: f.lon,
      phone: f.phone,
      hours: f.hours,
      accepts: json(f.accepts),
      source_ref: f.sourceRef ?? null,
      created_at: f.createdAt
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Many facilities in one statement, each with its capacity as reported (the demo's figures). */
export async function insertFacilitiesWithCapacity (
  db: Executor,
  rows: ReadonlyArray<NewFacilityRow & { capacity: CapacityReport | null }>
): Promise<number> {
  if (rows.length === 0) return 0
  await db
    .insertInto('facilities')
    .values(
      rows.map((f) => ({
        name: f.name,
        kind: f.kind,
        address: f.address,
        lat: f.lat,
        lon: f.lon,
        phone: f.phone,
        hours: f.hours,
        accepts: json(f.accepts),
        source_ref: f.sourceRef ?? null,
        created_at: f.createdAt,
        available: f.capacity?.available ?? null,
        accepting: f.capacity?.accepting ?? null,
        capacity_note: f.capacity?.note ?? null,
        capacity_at: f.capacity?.at ?? null,
        capacity_by: f.capacity?.by ?? null,
        capacity_by_name: f.capacity?.byName ?? null,
        capacity_demo: f.capacity?.demo ?? false
      }))
    )
    .execute()
  return rows.length
}

export interface FacilityPatch {
  name?: string
  kind?: FacilityKind
  address?: string
  lat?: number
  lon?: number
  phone?: string | null
  hours?: string
  accepts?: string[]
  retiredAt?: Date | null
}

/** Applies a patch when the version read is still current; undefined when it is not (or the row is gone). */
export async function updateFacility (db: Executor, id: string, version: number, p: FacilityPatch): Promise<FacilityRow | undefined> {
  return await db
    .updateTable('facilities')
    .set({
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.kind !== undefined ? { kind: p.kind } : {}),
      ...(p.address !== undefined ? { address: p.address } : {}),
      ...(p.lat !== undefined ? { lat: p.lat } : {}),
      ...(p.lon !== undefined ? { lon: p.lon } : {}),
      ...(p.phone !== undefined ? { phone: p.phone } : {}),
      ...(p.hours !== undefined ? { hours: p.hours } : {}),
      ...(p.accepts !== undefined ? { accepts: json(p.accepts) } : {}),
      ...(p.retiredAt !== undefined ? { retired_at: p.retiredAt } : {}),
      version: sql<number>`version + 1`
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst()
}

export interface CapacityReport {
  available: number
  accepting: boolean
  note: string | null
  at: Date
  by: string | null
  byName: string | null
  demo: boolean
}

export async function setCapacity (db: Executor, id: string, c: CapacityReport): Promise<FacilityRow | undefined> {
  return await db
    .updateTable('facilities')
    .set({
      available: c.available,
      accepting: c.accepting,
      capacity_note: c.note,
      capacity_at: c.at,
      capacity_by: c.by,
      capacity_by_name: c.byName,
      capacity_demo: c.demo
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function insertTransport (
  db: Executor,
  t: { callId: string; teamId: string | null; facilityId: string; at: Date }
): Promise<TransportRow> {
  return await db
    .insertInto('transports')
    .values({ call_id: t.callId, team_id: t.teamId, facility_id: t.facilityId, started_at: t.at })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The call's latest transport (the one under way or just arrived). */
export async function latestTransport (db: Executor, callId: string): Promise<TransportRow | undefined> {
  return await db
    .selectFrom('transports')
    .selectAll()
    .where('call_id', '=', callId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function transportsOfCall (db: Executor, callId: string): Promise<TransportRow[]> {
  return await db.selectFrom('transports').selectAll().where('call_id', '=', callId).orderBy('started_at').orderBy('id').execute()
}

/** Records the hand-off once: undefined when it was already recorded. */
export async function recordHandoff (
  db: Executor,
  id: string,
  h: { at: Date; accepted: boolean; reason: TurnAwayReason | null; by: string }
): Promise<TransportRow | undefined> {
  return await db
    .updateTable('transports')
    .set({ handoff_at: h.at, accepted: h.accepted, turn_away_reason: h.reason, handoff_by: h.by })
    .where('id', '=', id)
    .where('handoff_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

export interface TransportCount {
  facility_id: string
  accepted: boolean | null
  reason: TurnAwayReason | null
  n: number
}

/** Transports started in [from, to), counted by facility, outcome and turn-away reason. */
export async function countTransports (db: Executor, from: Date, to: Date): Promise<TransportCount[]> {
  const rows = await db
    .selectFrom('transports')
    .select(['facility_id', 'accepted', 'turn_away_reason as reason', (eb) => eb.fn.countAll<string>().as('n')])
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .groupBy(['facility_id', 'accepted', 'turn_away_reason'])
    .execute()
  return rows.map((r) => ({ facility_id: r.facility_id, accepted: r.accepted, reason: r.reason, n: Number(r.n) }))
}

export async function facilitiesByIds (db: Executor, ids: string[]): Promise<FacilityRow[]> {
  if (ids.length === 0) return []
  return await db.selectFrom('facilities').selectAll().where('id', 'in', ids).execute()
}

export async function countFacilities (db: Executor): Promise<number> {
  const r = await db
    .selectFrom('facilities')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
