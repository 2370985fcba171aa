// Responder safety: the emergency signal (SOS) and its acknowledgement, timed check-ins on scene, and the
// sweep that raises a check-in missed once (whatever the number of processes) for a dispatcher to resolve.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import type { CheckInMiss, CheckInStatus, Emergency, EmergencyBody, ResolveMiss } from '../../contracts/safety'
import type { Team } from '../../contracts/teams'
import { checkDeviceTime } from '../../lib/device-time'
import { ConflictError, fieldError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import type { CallsService } from '../calls/calls.service'
import type { EventBus } from '../events/event-bus'
import { inTransaction } from '../events/transaction'
import type { TeamsService } from '../teams/teams.service'
import {
  acknowledgeOpen,
  checkInsOfCall,
  findMiss,
  insertCheckIn,
  insertMiss,
  lastCheckIns,
  latestEmergency,
  listEmergencies,
  listMisses,
  missesOfCall,
  raiseEmergency,
  resolveMiss,
  rowToEmergency,
  rowToMiss
} from './safety.repository'

export interface SafetyServiceDeps {
  db: Kysely<Database>
  bus: EventBus
  teams: Pick<TeamsService, 'get' | 'list'>
  calls: Pick<CallsService, 'find' | 'onScene'>
  /** A user's name for "acknowledged by" (the auth module answers); the email when it has none. */
  nameOf: (id: string) => Promise<string | null>
  checkInMs: number
  checkInGraceMs: number
  now?: () => Date
}

/** Call statuses in which the phone asks "All OK?". */
const CHECKED = new Set(['on_scene', 'at_facility'])
/** A check-in is information: it is taken while the team works the call, and refused once the call has ended. */
const ENDED = new Set(['closed', 'cancelled', 'referred'])

export function createSafetyService ({
  db,
  bus,
  teams,
  calls,
  nameOf,
  checkInMs,
  checkInGraceMs,
  now = () => new Date()
}: SafetyServiceDeps) {
  const personOf = async (actor: AuthUser) => ({ id: actor.id, name: (await nameOf(actor.id)) || actor.email })
  const callSigns = async (): Promise<Map<string, string>> => new Map((await teams.list('include')).map((t) => [t.id, t.callSign]))

  function assertOwnTeam (actor: AuthUser, teamId: string): void {
    if (actor.role === 'responder' && actor.teamId !== teamId) {
      throw new ForbiddenError('a responder may signal only for their own team')
    }
  }

  async function callOf (callId: string, actor: AuthUser) {
    const call = await calls.find(callId)
    if (!call) throw new NotFoundError('Call')
    if (actor.role === 'responder' && (call.team_id === null || call.team_id !== actor.teamId)) {
      throw new ForbiddenError("a responder may check in only on their own team's call")
    }
    return call
  }

  async function statusOf (callId: string): Promise<CheckInStatus> {
    const call = await calls.find(callId)
    if (!call) throw new NotFoundError('Call')
    const [ins, misses, signs] = await Promise.all([checkInsOfCall(db, callId), missesOfCall(db, callId), callSigns()])
    const last = ins.at(-1) ?? null
    const since = call.status === 'at_facility' ? call.at_facility_at : call.status === 'on_scene' ? call.on_scene_at : null
    const base = since && last && last > since ? last : since
    return {
      callId,
      teamId: call.team_id,
      intervalSeconds: Math.round(checkInMs / 1000),
      graceSeconds: Math.round(checkInGraceMs / 1000),
      dueAt: CHECKED.has(call.status) && base ? new Date(base.getTime() + checkInMs).toISOString() : null,
      lastCheckInAt: last?.toISOString() ?? null,
      checkIns: ins.map((d) => d.toISOString()),
      misses: misses.map((m) => rowToMiss(m, signs.get(m.team_id) ?? 'a team'))
    }
  }

  return {
    // ------------------------------------------------------------------ emergency (SOS)

    /** Raises the team's emergency (or adds a press to the open one) with where it is and the call it is on. */
    async raise (teamId: string, body: EmergencyBody, actor: AuthUser): Promise<{ emergency: Emergency; created: boolean }> {
      assertOwnTeam(actor, teamId)
      if ((body.lat === undefined) !== (body.lon === undefined)) {
        throw fieldError(body.lat === undefined ? 'body/lat' : 'body/lon', 'is required with the other coordinate')
      }
      const t = now()
      const deviceTime = checkDeviceTime(body.deviceTime, t, null)
      const team: Team = await teams.get(teamId)
      const fix =
        body.lat !== undefined && body.lon !== undefined
          ? { lat: body.lat, lon: body.lon, at: deviceTime }
          : team.position
            ? { lat: team.position.lat, lon: team.position.lon, at: new Date(team.position.at) }
            : null
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const row = await raiseEmergency(trx, {
          teamId,
          callId: team.currentCallId,
          at: t,
          deviceTime,
          actorId: actor.id,
          lat: fix?.lat ?? null,
          lon: fix?.lon ?? null,
          positionAt: fix?.at ?? null
        })
        emit({
          type: 'team.emergency',
          teamId,
          callId: row.call_id,
          actorId: actor.id,
          data: {
            emergencyId: row.id,
            callSign: team.callSign,
            lat: row.lat,
            lon: row.lon,
            positionAt: row.position_at?.toISOString() ?? null,
            deviceTime: deviceTime.toISOString(),
            presses: row.presses
          }
        })
        return row
      })
      return { emergency: rowToEmergency(result, team.callSign), created: result.presses === 1 }
    },

    /** A dispatcher or supervisor acknowledges the team's open emergency: the consoles' alert ends, naming them. */
    async acknowledge (teamId: string, actor: AuthUser): Promise<Emergency> {
      const team = await teams.get(teamId)
      const by = await personOf(actor)
      const t = now()
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const row = await acknowledgeOpen(trx, teamId, by, t)
        if (!row) {
          const last = await latestEmergency(trx, teamId, new Date(0))
          throw last?.acknowledged_at
            ? new ConflictError(
                `the emergency of ${team.callSign} was already acknowledged by ${last.acknowledged_by_name ?? 'someone'} ` +
                `at ${last.acknowledged_at.toISOString()}`
            )
            : new InvalidTransitionError(`Team ${team.callSign}`, 'not signalling an emergency', 'acknowledge one')
        }
        emit({
          type: 'team.emergency_acknowledged',
          teamId,
          callId: row.call_id,
          actorId: actor.id,
          data: { emergencyId: row.id, callSign: team.callSign, byName: by.name, raisedAt: row.raised_at.toISOString() }
        })
        return row
      })
      return rowToEmergency(result, team.callSign)
    },

    /** The team's open emergency, else the last one acknowledged within the hour (what its phone shows). */
    async ofTeam (teamId: string, actor: AuthUser): Promise<Emergency | null> {
      assertOwnTeam(actor, teamId)
      const team = await teams.get(teamId)
      const row = await latestEmergency(db, teamId, new Date(now().getTime() - 3_600_000))
      return row ? rowToEmergency(row, team.callSign) : null
    },

    /** Open emergencies first, then those acknowledged within `recentMinutes`. */
    async list (recentMinutes = 30): Promise<Emergency[]> {
      const [rows, signs] = await Promise.all([listEmergencies(db, new Date(now().getTime() - recentMinutes * 60_000)), callSigns()])
      return rows.map((r) => rowToEmergency(r, signs.get(r.team_id) ?? 'a team'))
    },

    // ------------------------------------------------------------------ check-ins

    checkInStatus: async (callId: string, actor: AuthUser): Promise<CheckInStatus> => {
      await callOf(callId, actor)
      return await statusOf(callId)
    },

    /** "All OK": recorded with the device's time, on the call's timeline; the next one is due CHECK_IN_SECONDS after it. */
    async checkIn (callId: string, deviceTimeText: string | undefined, actor: AuthUser): Promise<CheckInStatus> {
      const call = await callOf(callId, actor)
      if (call.team_id === null || ENDED.has(call.status)) {
        throw new InvalidTransitionError('Call', call.status, 'check in (no team works it)')
      }
      const teamId = call.team_id
      const t = now()
      const at = checkDeviceTime(deviceTimeText, t, null)
      await inTransaction(db, bus, async ({ trx, emit }) => {
        const id = await insertCheckIn(trx, { callId, teamId, at, receivedAt: t, actorId: actor.id })
        emit({ type: 'call.checked_in', callId, teamId, actorId: actor.id, data: { checkInId: id, deviceTime: at.toISOString() } })
      })
      return await statusOf(callId)
    },

    /**
     * One sweep: every call on scene or at a facility whose check-in was due more than the grace period ago
     * with no answer since raises check_in.missed, with the team's last position. The (call, due time) key
     * makes it once: a later sweep, or another process's, finds the row and raises nothing.
     */
    async sweep (): Promise<{ missed: number }> {
      const t = now()
      const working = await calls.onScene()
      if (working.length === 0) return { missed: 0 }
      const last = await lastCheckIns(
        db,
        working.map((c) => c.id)
      )
      const overdue = working.flatMap((c) => {
        const l = last.get(c.id)
        const base = l && l > c.since ? l : c.since
        const dueAt = new Date(base.getTime() + checkInMs)
        return t.getTime() >= dueAt.getTime() + checkInGraceMs ? [{ ...c, dueAt }] : []
      })
      if (overdue.length === 0) return { missed: 0 }
      const byId = new Map((await teams.list('include')).map((tm) => [tm.id, tm]))
      let missed = 0
      for (const c of overdue) {
        const team = byId.get(c.teamId)
        const pos = team?.position ?? null
        await inTransaction(db, bus, async ({ trx, emit }) => {
          const row = await insertMiss(trx, {
            callId: c.id,
            teamId: c.teamId,
            dueAt: c.dueAt,
            at: t,
            lat: pos?.lat ?? null,
            lon: pos?.lon ?? null,
            positionAt: pos ? new Date(pos.at) : null
          })
          if (!row) return
          missed++
          emit({
            type: 'check_in.missed',
            callId: c.id,
            teamId: c.teamId,
            actorId: null,
            data: {
              missId: row.id,
              callSign: team?.callSign ?? 'a team',
              dueAt: c.dueAt.toISOString(),
              lat: row.lat,
              lon: row.lon,
              positionAt: row.position_at?.toISOString() ?? null
            }
          })
        })
      }
      return { missed }
    },

    /** Missed check-ins not yet resolved, then those resolved within `recentMinutes`. */
    async misses (recentMinutes = 30): Promise<CheckInMiss[]> {
      const [rows, signs] = await Promise.all([listMisses(db, new Date(now().getTime() - recentMinutes * 60_000)), callSigns()])
      return rows.map((r) => rowToMiss(r, signs.get(r.team_id) ?? 'a team'))
    },

    /** A dispatcher records how a missed check-in was resolved (once). */
    async resolve (missId: string, body: ResolveMiss, actor: AuthUser): Promise<CheckInMiss> {
      if (body.resolution === 'other' && (body.note === undefined || body.note.trim() === '')) {
        throw fieldError('body/note', 'is required when the resolution is other')
      }
      const by = await personOf(actor)
      const t = now()
      const signs = await callSigns()
      await inTransaction(db, bus, async ({ trx, emit }) => {
        const miss = await findMiss(trx, missId)
        if (!miss) throw new NotFoundError('Missed check-in')
        if (!(await resolveMiss(trx, missId, { by, at: t, resolution: body.resolution, note: body.note?.trim() ?? null }))) {
          throw new ConflictError(`this missed check-in was already resolved by ${miss.resolved_by_name ?? 'someone'}`)
        }
        emit({
          type: 'check_in.resolved',
          callId: miss.call_id,
          teamId: miss.team_id,
          actorId: actor.id,
          data: { missId, callSign: signs.get(miss.team_id) ?? 'a team', resolution: body.resolution, byName: by.name }
        })
      })
      const row = await findMiss(db, missId)
      return rowToMiss(row!, signs.get(row!.team_id) ?? 'a team')
    }
  }
}

export type SafetyService = ReturnType<typeof createSafetyService>
