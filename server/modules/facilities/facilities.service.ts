// Facilities (crisis care destinations) and their live capacity; the transport step's destination, recorded with the
// `transporting` status; the hand-off at the door (accepted or turned away, with a reason); the transports report.
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database'
import {
  FACILITY_KINDS,
  TURN_AWAY_REASONS,
  type CapacityBody,
  type CreateFacility,
  type Facility,
  type FacilityKind,
  type FacilityListQuery,
  type HandoffBody,
  type Transport,
  type TransportsReport,
  type UpdateFacility
} from '../../contracts/facilities'
import { rankDestinations } from '../../domain/destinations'
import type { TravelParams } from '../../domain/travel'
import { checkDeviceTime } from '../../lib/device-time'
import { ConflictError, fieldError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import type { CallsService } from '../calls/calls.service'
import type { EventBus } from '../events/event-bus'
import { inTransaction } from '../events/transaction'
import { countCell } from '../reports/suppression'
import {
  countFacilities,
  countTransports,
  facilitiesByIds,
  findFacility,
  insertFacilitiesWithCapacity,
  insertFacility,
  insertTransport,
  latestTransport,
  listFacilities,
  recordHandoff,
  rowToCapacity,
  setCapacity,
  transportsOfCall,
  updateFacility,
  type NewFacilityRow
} from './facilities.repository'
import type { FacilityRow, TransportRow } from './facilities.tables'

export interface FacilitiesServiceDeps {
  db: Kysely<Database>
  bus: EventBus
  calls: Pick<CallsService, 'find'>
  /** A user's name for "updated by" (the auth module answers); the email when it has none. */
  nameOf: (id: string) => Promise<string | null>
  /** The facility a user is bound to (a facility user's; the auth module answers). */
  facilityOf: (userId: string) => Promise<string | null>
  travel: TravelParams
  /** Capacity older than this is stale (CAPACITY_STALE_HOURS). */
  capacityStaleMs: number
  now?: () => Date
}

/** Parses `near=lat,lon`; a 400 naming the parameter otherwise. */
function parseNear (near: string): { lat: number; lon: number } {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(near)
  const lat = m ? Number(m[1]) : NaN
  const lon = m ? Number(m[2]) : NaN
  if (!m || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
    throw fieldError('querystring/near', 'must be "lat,lon" (decimal degrees)')
  }
  return { lat, lon }
}

function parseKinds (kind: string): FacilityKind[] {
  const kinds = kind.split(',')
  const bad = kinds.find((k) => !(FACILITY_KINDS as readonly string[]).includes(k))
  if (bad !== undefined) {
    throw fieldError('querystring/kind', `must be one or more of ${FACILITY_KINDS.join(', ')} (comma-separated), got "${bad}"`)
  }
  return kinds as FacilityKind[]
}

/** A place that may take the person: not known to be refusing, nor known to be full. */
const mayTake = (r: FacilityRow): boolean => r.accepting !== false && r.available !== 0

export function createFacilitiesService ({
  db,
  bus,
  calls,
  nameOf,
  facilityOf,
  travel,
  capacityStaleMs,
  now = () => new Date()
}: FacilitiesServiceDeps) {
  const toFacility = (r: FacilityRow, t: Date, ranked?: { distanceMiles: number; etaMinutes: number }): Facility => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    address: r.address,
    lat: r.lat,
    lon: r.lon,
    phone: r.phone,
    hours: r.hours,
    accepts: r.accepts,
    capacity: rowToCapacity(r, t, capacityStaleMs),
    retired: r.retired_at !== null,
    version: r.version,
    distanceMiles: ranked ? Math.round(ranked.distanceMiles * 100) / 100 : null,
    etaMinutes: ranked ? Math.round(ranked.etaMinutes * 10) / 10 : null
  })

  const toTransport = (r: TransportRow, name: string): Transport => ({
    id: r.id,
    callId: r.call_id,
    teamId: r.team_id,
    facilityId: r.facility_id,
    facilityName: name,
    startedAt: r.started_at.toISOString(),
    handoffAt: r.handoff_at?.toISOString() ?? null,
    accepted: r.accepted,
    reason: r.turn_away_reason
  })

  async function facilityOrThrow (id: string): Promise<FacilityRow> {
    const row = await findFacility(db, id)
    if (!row) throw new NotFoundError('Facility')
    return row
  }

  async function callOf (callId: string, actor: AuthUser) {
    const call = await calls.find(callId)
    if (!call) throw new NotFoundError('Call')
    if (actor.role === 'responder' && (call.team_id === null || call.team_id !== actor.teamId)) {
      throw new ForbiddenError("a responder may record a hand-off only on their own team's call")
    }
    return call
  }

  return {
    /** Facilities of the kinds asked for; with `near`, ranked by travel time (those known full or refusing last). */
    async list (q: FacilityListQuery): Promise<Facility[]> {
      const kinds = q.kind !== undefined ? parseKinds(q.kind) : undefined
      const near = q.near !== undefined ? parseNear(q.near) : null
      const rows = await listFacilities(db, { kinds, retired: q.retired === 'include' })
      const t = now()
      const limit = q.limit ?? 200
      if (near === null) return rows.slice(0, limit).map((r) => toFacility(r, t))
      const ranked = rankDestinations(
        rows.map((r) => ({ row: r, lat: r.lat, lon: r.lon, open: mayTake(r) })),
        near,
        travel,
        limit
      )
      return ranked.map((x) => toFacility(x.item.row, t, x))
    },

    async get (id: string): Promise<Facility> {
      return toFacility(await facilityOrThrow(id), now())
    },

    async exists (id: string): Promise<boolean> {
      return (await findFacility(db, id)) !== undefined
    },

    count: async (): Promise<number> => await countFacilities(db),

    async create (body: CreateFacility, actor: AuthUser | null, extra: { sourceRef?: string } = {}): Promise<Facility> {
      const t = now()
      const row: NewFacilityRow = {
        name: body.name.trim(),
        kind: body.kind,
        address: body.address?.trim() ?? '',
        lat: body.lat,
        lon: body.lon,
        phone: body.phone?.trim() || null,
        hours: body.hours?.trim() ?? '',
        accepts: (body.accepts ?? []).map((a) => a.trim()).filter((a) => a !== ''),
        sourceRef: extra.sourceRef ?? null,
        createdAt: t
      }
      if (row.name === '') throw fieldError('body/name', 'must not be blank')
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const created = await insertFacility(trx, row)
        emit({
          type: 'facility.changed',
          actorId: actor?.id ?? null,
          data: { facilityId: created.id, name: created.name, changed: ['created'] }
        })
        return created
      })
      return toFacility(result, t)
    },

    async update (id: string, body: UpdateFacility, actor: AuthUser): Promise<Facility> {
      const current = await facilityOrThrow(id)
      if (body.name !== undefined && body.name.trim() === '') throw fieldError('body/name', 'must not be blank')
      const t = now()
      const { version, retired, ...rest } = body
      const changed = Object.keys(rest).filter((k) => (rest as Record<string, unknown>)[k] !== undefined)
      if (retired !== undefined && retired !== (current.retired_at !== null)) changed.push(retired ? 'retired' : 'reinstated')
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const row = await updateFacility(trx, id, version, {
          ...rest,
          ...(rest.name !== undefined ? { name: rest.name.trim() } : {}),
          ...(rest.phone !== undefined ? { phone: rest.phone?.trim() || null } : {}),
          ...(retired !== undefined ? { retiredAt: retired ? (current.retired_at ?? t) : null } : {})
        })
        if (!row) {
          throw new ConflictError(
            `facility ${current.name} was changed by someone else (version ${current.version}, not ${version}): read it again`
          )
        }
        emit({ type: 'facility.changed', actorId: actor.id, data: { facilityId: id, name: row.name, changed } })
        return row
      })
      return toFacility(result, t)
    },

    /**
     * A facility's capacity now: its own staff (a facility user, for their own facility only), its own system, or the
     * desk on the phone with it. Live to every console at once.
     */
    async updateCapacity (id: string, body: CapacityBody, actor: AuthUser): Promise<Facility> {
      const current = await facilityOrThrow(id)
      if (actor.role === 'facility' && (await facilityOf(actor.id)) !== id) {
        throw new ForbiddenError("a facility user may report only their own facility's capacity")
      }
      if (current.retired_at !== null) throw new InvalidTransitionError(`Facility ${current.name}`, 'retired', 'report its capacity')
      const note = body.note?.trim() || null
      const byName = (await nameOf(actor.id)) || actor.email
      const t = now()
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const row = await setCapacity(trx, id, {
          available: body.available,
          accepting: body.accepting,
          note,
          at: t,
          by: actor.id,
          byName,
          demo: false
        })
        if (!row) throw new NotFoundError('Facility')
        emit({
          type: 'facility.capacity_updated',
          actorId: actor.id,
          data: { facilityId: id, name: row.name, kind: row.kind, available: body.available, accepting: body.accepting, note, byName }
        })
        return row
      })
      return toFacility(result, t)
    },

    /**
     * Seeds a city's list in one statement, without an event per row (the demo's own event says it was seeded); each
     * with its demo figures, marked as such ("demo figures" as who reported them). Only into an empty list.
     */
    async seed (
      rows: ReadonlyArray<CreateFacility & { sourceRef: string; demo?: { available: number; accepting: boolean } }>
    ): Promise<number> {
      if ((await countFacilities(db)) > 0) return 0
      const t = now()
      return await insertFacilitiesWithCapacity(
        db,
        rows.map((r) => ({
          name: r.name,
          kind: r.kind,
          address: r.address ?? '',
          lat: r.lat,
          lon: r.lon,
          phone: r.phone ?? null,
          hours: r.hours ?? '',
          accepts: r.accepts ?? [],
          sourceRef: r.sourceRef,
          createdAt: t,
          capacity: r.demo ? { ...r.demo, note: null, at: t, by: null, byName: 'demo figures', demo: true } : null
        }))
      )
    },

    /**
     * The transport step's destination, inside the status change's transaction: checked (an existing facility, not
     * retired) and recorded as a transport of the call. Returns its name for the event.
     */
    async startTransport (
      trx: Transaction<Database>,
      t: { callId: string; teamId: string | null; facilityId: string; at: Date }
    ): Promise<{ name: string }> {
      const f = await findFacility(trx, t.facilityId)
      if (!f) throw fieldError('body/facilityId', 'does not name an existing facility')
      if (f.retired_at !== null) throw fieldError('body/facilityId', `names a retired facility (${f.name})`)
      await insertTransport(trx, t)
      return { name: f.name }
    },

    /** The call's transports with what happened at each door. */
    async transportsOf (callId: string, actor: AuthUser): Promise<Transport[]> {
      await callOf(callId, actor)
      const rows = await transportsOfCall(db, callId)
      const names = new Map((await facilitiesByIds(db, [...new Set(rows.map((r) => r.facility_id))])).map((f) => [f.id, f.name]))
      return rows.map((r) => toTransport(r, names.get(r.facility_id) ?? 'a facility'))
    },

    /** At the door: the person accepted, or turned away with a reason (once per transport). */
    async handoff (callId: string, body: HandoffBody, actor: AuthUser): Promise<Transport> {
      if (!body.accepted && body.reason === undefined) {
        throw fieldError('body/reason', `is required when the person is turned away (one of ${TURN_AWAY_REASONS.join(', ')})`)
      }
      if (body.accepted && body.reason !== undefined) throw fieldError('body/reason', 'is only for a turn-away (accepted is true)')
      const call = await callOf(callId, actor)
      if (call.status !== 'at_facility') {
        throw new InvalidTransitionError('Call', call.status, 'record a hand-off (the team is not at a facility)')
      }
      const t = now()
      const at = checkDeviceTime(body.deviceTime, t, call.at_facility_at)
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const transport = await latestTransport(trx, callId)
        if (!transport) {
          throw new ConflictError('no destination was chosen for this transport: choose the facility with the transporting status')
        }
        const f = await findFacility(trx, transport.facility_id)
        const row = await recordHandoff(trx, transport.id, { at, accepted: body.accepted, reason: body.reason ?? null, by: actor.id })
        if (!row) throw new ConflictError(`the hand-off at ${f?.name ?? 'the facility'} was already recorded`)
        emit({
          type: 'call.handoff',
          callId,
          teamId: call.team_id,
          actorId: actor.id,
          data: {
            transportId: row.id,
            facilityId: row.facility_id,
            facilityName: f?.name ?? 'a facility',
            accepted: body.accepted,
            reason: row.turn_away_reason,
            deviceTime: at.toISOString()
          }
        })
        return { row, name: f?.name ?? 'a facility' }
      })
      return toTransport(result.row, result.name)
    },

    /** Transports by facility, and turn-aways by reason and by facility and reason, in [from, to); counts under 5 suppressed. */
    async report (q: { from?: string; to?: string }): Promise<TransportsReport> {
      const to = q.to !== undefined ? new Date(q.to) : now()
      const from = q.from !== undefined ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000)
      if (from.getTime() >= to.getTime()) throw fieldError('querystring/from', 'must be before to')
      const counts = await countTransports(db, from, to)
      const facilities = new Map((await facilitiesByIds(db, [...new Set(counts.map((c) => c.facility_id))])).map((f) => [f.id, f]))
      const byFacility = new Map<string, { transports: number; accepted: number; turnedAway: number; pending: number }>()
      const turnAways = new Map<string, number>()
      const byReason = new Map<string, number>()
      for (const c of counts) {
        const b = byFacility.get(c.facility_id) ?? { transports: 0, accepted: 0, turnedAway: 0, pending: 0 }
        b.transports += c.n
        if (c.accepted === true) b.accepted += c.n
        else if (c.accepted === false) b.turnedAway += c.n
        else b.pending += c.n
        byFacility.set(c.facility_id, b)
        if (c.accepted === false && c.reason !== null) {
          const k = `${c.facility_id}|${c.reason}`
          turnAways.set(k, (turnAways.get(k) ?? 0) + c.n)
          byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + c.n)
        }
      }
      const nameOfFacility = (id: string) => facilities.get(id)?.name ?? 'a facility'
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        byFacility: [...byFacility.entries()]
          .sort((a, b) => b[1].transports - a[1].transports || nameOfFacility(a[0]).localeCompare(nameOfFacility(b[0])))
          .map(([id, b]) => ({
            facilityId: id,
            name: nameOfFacility(id),
            kind: facilities.get(id)?.kind ?? 'crisis_stabilisation',
            transports: countCell(b.transports),
            accepted: countCell(b.accepted),
            turnedAway: countCell(b.turnedAway),
            pending: countCell(b.pending)
          })),
        turnAways: [...turnAways.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([k, n]) => {
            const [id, reason] = k.split('|')
            return {
              facilityId: id,
              name: nameOfFacility(id),
              reason: reason as (typeof TURN_AWAY_REASONS)[number],
              count: countCell(n)
            }
          }),
        turnAwaysByReason: TURN_AWAY_REASONS.filter((r) => byReason.has(r)).map((reason) => ({
          reason,
          count: countCell(byReason.get(reason)!)
        }))
      }
    }
  }
}

export type FacilitiesService = ReturnType<typeof createFacilitiesService>
