// Roster management, shifts, team status outside calls, and position reports with device time.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import { json } from '../../db/sql-helpers'
import { inTransaction } from '../../db/transaction'
import type { CreateTeam, Team, UpdateTeam } from '../../contracts/teams'
import { canTeamMove } from '../../domain/lifecycle'
import { KIND_CAPABILITIES, type TeamStatus } from '../../domain/types'
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../lib/errors'
import { checkDeviceTime } from '../../lib/device-time'
import type { AuthUser } from '../auth/auth.service'
import type { EventBus } from '../events/event-bus'
import { findTeam, listTeamRows, rowToTeam } from './teams.repository'

export interface TeamsServiceDeps {
  db: Kysely<Database>
  bus: EventBus
  staleAfterMs: number
  now?: () => Date
}

export function createTeamsService ({ db, bus, staleAfterMs, now = () => new Date() }: TeamsServiceDeps) {
  const toWire = (r: Parameters<typeof rowToTeam>[0]): Team => rowToTeam(r, now().getTime(), staleAfterMs)

  /** Responders may act only on their own team. */
  function assertOwnTeam (actor: AuthUser, teamId: string): void {
    if (actor.role === 'responder' && actor.teamId !== teamId) throw new ForbiddenError('a responder may change only their own team')
  }

  return {
    async list (): Promise<Team[]> {
      return (await listTeamRows(db)).map(toWire)
    },

    async get (id: string): Promise<Team> {
      const r = await findTeam(db, id)
      if (!r) throw new NotFoundError('Team')
      return toWire(r)
    },

    async create (input: CreateTeam, actor: AuthUser): Promise<Team> {
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const exists = await trx.selectFrom('teams').select('id').where('call_sign', '=', input.callSign).executeTakeFirst()
        if (exists) throw new ConflictError(`a team with call sign ${input.callSign} already exists`)
        const row = await trx.insertInto('teams').values({
          call_sign: input.callSign,
          kind: input.kind,
          capabilities: json(input.capabilities ?? KIND_CAPABILITIES[input.kind]),
          languages: json(input.languages ?? ['en']),
          base_name: input.base?.name ?? null,
          base_lat: input.base?.lat ?? null,
          base_lon: input.base?.lon ?? null
        }).returningAll().executeTakeFirstOrThrow()
        emit({ type: 'team.created', teamId: row.id, actorId: actor.id, data: { callSign: row.call_sign, kind: row.kind } })
        return row
      })
      return toWire(result)
    },

    async update (id: string, patch: UpdateTeam, actor: AuthUser): Promise<Team> {
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const cur = await findTeam(trx, id, true)
        if (!cur) throw new NotFoundError('Team')
        if (patch.callSign && patch.callSign !== cur.call_sign) {
          const clash = await trx.selectFrom('teams').select('id').where('call_sign', '=', patch.callSign).executeTakeFirst()
          if (clash) throw new ConflictError(`a team with call sign ${patch.callSign} already exists`)
        }
        const row = await trx.updateTable('teams').set({
          ...(patch.callSign !== undefined ? { call_sign: patch.callSign } : {}),
          ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
          ...(patch.capabilities !== undefined ? { capabilities: json(patch.capabilities) } : {}),
          ...(patch.languages !== undefined ? { languages: json(patch.languages) } : {}),
          ...(patch.base !== undefined ? { base_name: patch.base.name ?? null, base_lat: patch.base.lat, base_lon: patch.base.lon } : {}),
          version: cur.version + 1,
          updated_at: now()
        }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        emit({ type: 'team.updated', teamId: id, actorId: actor.id, data: { changed: Object.keys(patch) } })
        return row
      })
      return toWire(result)
    },

    async setShift (id: string, onShift: boolean, endsAt: string | undefined, actor: AuthUser): Promise<Team> {
      assertOwnTeam(actor, id)
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const cur = await findTeam(trx, id, true)
        if (!cur) throw new NotFoundError('Team')
        const t = now()
        if (onShift) {
          if (cur.on_shift) throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'already on shift', 'start a shift')
          if (cur.status !== 'off_duty' && cur.status !== 'out_of_service') throw new InvalidTransitionError(`Team ${cur.call_sign}`, cur.status, 'start a shift')
        } else {
          if (!cur.on_shift) throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'already off shift', 'end a shift')
          if (cur.current_call_id) throw new InvalidTransitionError(`Team ${cur.call_sign}`, cur.status, 'end the shift while on a call (clear the call first)')
        }
        const status: TeamStatus = onShift ? 'available' : 'off_duty'
        const row = await trx.updateTable('teams').set({
          on_shift: onShift,
          status,
          status_changed_at: t,
          shift_started_at: onShift ? t : cur.shift_started_at,
          shift_ends_at: onShift ? (endsAt ? new Date(endsAt) : null) : null,
          version: cur.version + 1,
          updated_at: t
        }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        emit({ type: onShift ? 'team.shift_started' : 'team.shift_ended', teamId: id, actorId: actor.id, data: { status, shiftEndsAt: row.shift_ends_at?.toISOString() ?? null } })
        return row
      })
      return toWire(result)
    },

    async setStatus (id: string, status: 'available' | 'out_of_service' | 'recovering', deviceTime: string | undefined, actor: AuthUser): Promise<Team> {
      assertOwnTeam(actor, id)
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const cur = await findTeam(trx, id, true)
        if (!cur) throw new NotFoundError('Team')
        const at = checkDeviceTime(deviceTime, now(), cur.status_changed_at)
        if (cur.current_call_id) throw new InvalidTransitionError(`Team ${cur.call_sign}`, `${cur.status} on a call`, `change to ${status} (use the call's status, close or cancel)`)
        if (!cur.on_shift) throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'off shift', `change to ${status} (start a shift first)`)
        if (!canTeamMove(cur.status as TeamStatus, status)) throw new InvalidTransitionError(`Team ${cur.call_sign}`, cur.status, `change to ${status}`)
        const row = await trx.updateTable('teams').set({ status, status_changed_at: at, version: cur.version + 1, updated_at: now() })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        emit({ type: 'team.status_changed', teamId: id, actorId: actor.id, data: { from: cur.status, to: status, deviceTime: at.toISOString() } })
        return row
      })
      return toWire(result)
    },

    async reportPosition (id: string, pos: { lat: number, lon: number, accuracyMeters?: number, deviceTime: string }, actor: AuthUser): Promise<Team> {
      assertOwnTeam(actor, id)
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        const cur = await findTeam(trx, id, true)
        if (!cur) throw new NotFoundError('Team')
        const at = checkDeviceTime(pos.deviceTime, now(), null, 'body/deviceTime')
        // A fix older than the one we hold (replayed from an offline outbox) is recorded but does not move the team back.
        if (cur.position_at && at.getTime() < cur.position_at.getTime()) {
          emit({ type: 'team.position_late', teamId: id, actorId: actor.id, data: { lat: pos.lat, lon: pos.lon, deviceTime: at.toISOString() } })
          return cur
        }
        const row = await trx.updateTable('teams').set({ lat: pos.lat, lon: pos.lon, position_at: at, position_received_at: now(), updated_at: now() })
          .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        emit({ type: 'team.position', teamId: id, actorId: actor.id, data: { lat: pos.lat, lon: pos.lon, accuracyMeters: pos.accuracyMeters ?? null, deviceTime: at.toISOString() } })
        return row
      })
      return toWire(result)
    }
  }
}

export type TeamsService = ReturnType<typeof createTeamsService>
