// Roster management, shifts, team status outside calls, positions with device time, and the team side
// of dispatch (commit to a call, follow its status, release). Every status change goes through moveTeam.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import { json } from '../../db/sql-helpers'
import type { TeamChangeReason } from '../../contracts/events'
import type { CreateTeam, RotaBody, RotaResult, Team, TeamStatusChange, UpdateTeam } from '../../contracts/teams'
import type { RankableTeam } from '../../domain/ranking'
import { KIND_CAPABILITIES, type TeamKind, type TeamStatus } from '../../domain/types'
import { ConflictError, fieldError, ForbiddenError, InvalidTransitionError, NotFoundError } from '../../lib/errors'
import { checkDeviceTime } from '../../lib/device-time'
import type { AuthUser } from '../auth/auth.service'
import type { EventBus } from '../events/event-bus'
import { inTransaction, type TxContext } from '../events/transaction'
import { moveTeam } from './team-status'
import { createRotas, type RotaRunResult } from './rotas'
import {
  callSignTaken,
  countTeams,
  findTeam,
  findTeamByName,
  insertTeam,
  listTeamRows,
  rowToRankable,
  rowToTeam,
  updateTeam
} from './teams.repository'
import { createTeamPositions } from './team-positions'
import type { NewTeamRow, TeamRow } from './teams.tables'

export interface TeamsServiceDeps {
  db: Kysely<Database>
  bus: EventBus
  staleAfterMs: number
  /** How long a fix stays in the track after it arrived (POSITION_RETENTION_DAYS); default 30 days. */
  positionRetentionMs?: number
  now?: () => Date
  /** The city's zone (TIME_ZONE): rotas are read in it. */
  timeZone?: string
  /** Emails by user id (the auth module answers), to say who saved a rota. */
  emailsOf?: (ids: string[]) => Promise<Map<string, string>>
}

/** Who a team of each kind is usually staffed with (the default staff slots). */
export const KIND_STAFF: Record<TeamKind, string[]> = {
  crisis: ['clinician', 'peer'],
  medic_crisis: ['EMT', 'clinician'],
  outreach: ['outreach worker', 'peer'],
  traffic: ['traffic-safety responder', 'traffic-safety responder'],
  youth: ['psychiatric social worker', 'peer']
}

export function createTeamsService ({
  db,
  bus,
  staleAfterMs,
  positionRetentionMs = 30 * 86_400_000,
  now = () => new Date(),
  timeZone = 'America/Los_Angeles',
  emailsOf
}: TeamsServiceDeps) {
  const rotas = createRotas({ db, bus, now, timeZone, emailsOf })
  const toWire = (r: TeamRow): Team => {
    const t = now().getTime()
    return rowToTeam(r, t, staleAfterMs, rotas.nextChange(r, rotas.cached(r.id), t))
  }

  /** Responders may act only on their own team. */
  function assertOwnTeam (actor: AuthUser, teamId: string): void {
    if (actor.role === 'responder' && actor.teamId !== teamId) throw new ForbiddenError('a responder may change only their own team')
  }

  async function lock (ctx: TxContext, id: string): Promise<TeamRow> {
    const cur = await findTeam(ctx.trx, id, true)
    if (!cur) throw new NotFoundError('Team')
    return cur
  }

  /** Lock, change, map: one transaction for one change to one team. */
  async function changeTeam (id: string, step: (cur: TeamRow, ctx: TxContext) => Promise<TeamRow>): Promise<Team> {
    const { result } = await inTransaction(db, bus, async (ctx) => await step(await lock(ctx, id), ctx))
    return toWire(result)
  }

  const positions = createTeamPositions({ db, now, positionRetentionMs, toWire, assertOwnTeam })

  return {
    toWire,

    async list (retired: 'exclude' | 'include' | 'only' = 'exclude'): Promise<Team[]> {
      const [rows] = await Promise.all([listTeamRows(db, retired), rotas.reload()])
      return rows.map(toWire)
    },

    async get (id: string): Promise<Team> {
      const [r] = await Promise.all([findTeam(db, id), rotas.reloadOne(id)])
      if (!r) throw new NotFoundError('Team')
      return toWire(r)
    },

    async exists (id: string): Promise<boolean> {
      return (await findTeam(db, id)) !== undefined
    },

    /** A team's id from its call sign or id, for the command line. */
    async idByName (nameOrId: string): Promise<string | null> {
      return (await findTeamByName(db, nameOrId))?.id ?? null
    },

    async isEmpty (): Promise<boolean> {
      return (await countTeams(db)) === 0
    },

    /** The ranking's view of every team. */
    async rankable (): Promise<RankableTeam[]> {
      return (await listTeamRows(db)).map(rowToRankable)
    },

    async create (input: CreateTeam, actor: AuthUser): Promise<Team> {
      const { result } = await inTransaction(db, bus, async ({ trx, emit }) => {
        if (await callSignTaken(trx, input.callSign)) throw new ConflictError(`a team with call sign ${input.callSign} already exists`)
        const row = await insertTeam(trx, {
          call_sign: input.callSign,
          kind: input.kind,
          capabilities: json(input.capabilities ?? KIND_CAPABILITIES[input.kind]),
          languages: json(input.languages ?? ['en']),
          base_name: input.base?.name ?? null,
          base_lat: input.base?.lat ?? null,
          base_lon: input.base?.lon ?? null,
          staff_slots: json(input.staffSlots ?? KIND_STAFF[input.kind])
        })
        emit({ type: 'team.created', teamId: row.id, actorId: actor.id, data: { callSign: row.call_sign, kind: row.kind } })
        return row
      })
      return toWire(result)
    },

    /** Adds teams in the caller's transaction (the demo roster), each announced with team.created. */
    async createMany (ctx: TxContext, rows: NewTeamRow[]): Promise<string[]> {
      const ids: string[] = []
      for (const values of rows) {
        const row = await insertTeam(ctx.trx, values)
        ctx.emit({ type: 'team.created', teamId: row.id, actorId: null, data: { callSign: row.call_sign, kind: row.kind } })
        ids.push(row.id)
      }
      return ids
    },

    async update (id: string, patch: UpdateTeam, actor: AuthUser): Promise<Team> {
      return await changeTeam(id, async (cur, { trx, emit }) => {
        if (patch.callSign && patch.callSign !== cur.call_sign && (await callSignTaken(trx, patch.callSign))) {
          throw new ConflictError(`a team with call sign ${patch.callSign} already exists`)
        }
        const row = await updateTeam(
          trx,
          cur,
          {
            ...(patch.callSign !== undefined ? { call_sign: patch.callSign } : {}),
            ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
            ...(patch.capabilities !== undefined ? { capabilities: json(patch.capabilities) } : {}),
            ...(patch.languages !== undefined ? { languages: json(patch.languages) } : {}),
            ...(patch.base !== undefined
              ? { base_name: patch.base.name ?? null, base_lat: patch.base.lat, base_lon: patch.base.lon }
              : {}),
            ...(patch.staffSlots !== undefined ? { staff_slots: json(patch.staffSlots) } : {})
          },
          now()
        )
        emit({ type: 'team.updated', teamId: id, actorId: actor.id, data: { changed: Object.keys(patch) } })
        return row
      })
    },

    async setShift (id: string, onShift: boolean, endsAt: string | undefined, actor: AuthUser): Promise<Team> {
      assertOwnTeam(actor, id)
      return await changeTeam(id, async (cur, ctx) => {
        const t = now()
        if (cur.retired_at !== null) {
          throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'retired', onShift ? 'start a shift' : 'end a shift')
        }
        if (onShift) {
          if (cur.on_shift) throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'already on shift', 'start a shift')
          if (cur.status !== 'off_duty' && cur.status !== 'out_of_service') {
            throw new InvalidTransitionError(`Team ${cur.call_sign}`, cur.status, 'start a shift')
          }
        } else {
          if (!cur.on_shift) throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'already off shift', 'end a shift')
          if (cur.current_call_id) {
            throw new InvalidTransitionError(
              `Team ${cur.call_sign}`,
              cur.status,
              'end the shift while on a call (clear the call first)'
            )
          }
        }
        const status: TeamStatus = onShift ? 'available' : 'off_duty'
        const row = await moveTeam(
          ctx,
          cur,
          {
            to: status,
            at: t,
            actorId: actor.id,
            announce: false,
            also: {
              on_shift: onShift,
              shift_started_at: onShift ? t : cur.shift_started_at,
              shift_ends_at: onShift ? (endsAt ? new Date(endsAt) : null) : null,
              shift_source: onShift ? 'manual' : null
            }
          },
          t
        )
        ctx.emit({
          type: onShift ? 'team.shift_started' : 'team.shift_ended',
          teamId: id,
          actorId: actor.id,
          data: { status, shiftEndsAt: row.shift_ends_at?.toISOString() ?? null }
        })
        return row
      })
    },

    async setStatus (id: string, change: TeamStatusChange, actor: AuthUser): Promise<Team> {
      const { status, deviceTime } = change
      assertOwnTeam(actor, id)
      if (status !== 'out_of_service') {
        for (const f of ['code', 'reason', 'expectedBackAt'] as const) {
          if (change[f] !== undefined) throw fieldError(`body/${f}`, 'is sent only with status out_of_service')
        }
      }
      const t = now()
      const back = change.expectedBackAt !== undefined ? new Date(change.expectedBackAt) : null
      if (back !== null && (back.getTime() <= t.getTime() || back.getTime() > t.getTime() + 24 * 3_600_000)) {
        throw fieldError('body/expectedBackAt', 'must be in the future, within 24 hours')
      }
      return await changeTeam(id, async (cur, ctx) => {
        const at = checkDeviceTime(deviceTime, t, cur.status_changed_at)
        if (cur.current_call_id) {
          throw new InvalidTransitionError(
            `Team ${cur.call_sign}`,
            `${cur.status} on a call`,
            `change to ${status} (use the call's status, close or cancel)`
          )
        }
        if (!cur.on_shift) {
          throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'off shift', `change to ${status} (start a shift first)`)
        }
        const also =
          status === 'out_of_service'
            ? { out_of_service_code: change.code ?? null, out_of_service_reason: change.reason ?? null, expected_back_at: back }
            : {}
        // still out of service, with a new reason or return time: the status and its start stay
        const stays = status === 'out_of_service' && cur.status === 'out_of_service'
        return await moveTeam(
          ctx,
          cur,
          { to: status, at: stays ? cur.status_changed_at : at, actorId: actor.id, deviceTime: at.toISOString(), also },
          t
        )
      })
    },

    // positions: reportPosition, latestFixes, track, prunePositions
    ...positions,

    // ------------------------------------------------------------------ the team side of dispatch

    /** Locks a team that must be free to take a call (lock order: the call first, then the team); otherwise 409. */
    async lockFree (ctx: TxContext, teamId: string): Promise<TeamRow> {
      const team = await lock(ctx, teamId)
      if (!team.on_shift || team.status !== 'available' || team.current_call_id !== null) {
        throw new ConflictError(`Team ${team.call_sign} is ${team.on_shift ? team.status : 'off shift'}: it is no longer free`)
      }
      return team
    },

    /** Commits a team locked by lockFree to a call. */
    async commitToCall (ctx: TxContext, team: TeamRow, callId: string, at: Date, actorId: string | null): Promise<TeamRow> {
      return await moveTeam(ctx, team, { to: 'dispatched', at, actorId, callId, also: { current_call_id: callId } }, at)
    },

    /** Moves the team working a call to the status that goes with the call's new field status. */
    async followCall (ctx: TxContext, teamId: string, callId: string, to: TeamStatus, at: Date, actorId: string | null): Promise<void> {
      const team = await findTeam(ctx.trx, teamId, true)
      if (team && team.status !== to) await moveTeam(ctx, team, { to, at, actorId, callId }, now())
    },

    /**
     * Frees the team committed to a call (if it still is) and ends its commitment; a rota shift that ended meanwhile ends now. Its call
     * sign, or null when it was not on the call.
     */
    async releaseFromCall (
      ctx: TxContext,
      teamId: string,
      callId: string,
      to: 'available' | 'recovering',
      reason: TeamChangeReason,
      at: Date,
      actorId: string | null
    ): Promise<string | null> {
      const team = await findTeam(ctx.trx, teamId, true)
      if (!team || team.current_call_id !== callId) return null
      const freed = await moveTeam(ctx, team, { to, at, actorId, callId, reason, also: { current_call_id: null } }, now())
      await rotas.afterRelease(ctx, freed, now())
      return team.call_sign
    },

    /** Locks teams in id order (after the call), so two changes that lock the same teams never wait on each other in a cycle. */
    async lockInOrder (ctx: TxContext, ids: string[]): Promise<void> {
      for (const id of [...new Set(ids)].sort()) await findTeam(ctx.trx, id, true)
    },

    // ------------------------------------------------------------------ retirement and rotas

    /** Retires a team: its history stays, it is never recommended and leaves the roster. Not while it works a call. */
    async retire (id: string, actor: AuthUser): Promise<Team> {
      return await changeTeam(id, async (cur, ctx) => {
        if (cur.retired_at !== null) throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'already retired', 'retire it')
        if (cur.current_call_id !== null) {
          throw new InvalidTransitionError(
            `Team ${cur.call_sign}`,
            `${cur.status} on a call`,
            'retire it (let it clear the call first)'
          )
        }
        const t = now()
        let row = cur
        if (cur.on_shift || cur.status !== 'off_duty') {
          row = await moveTeam(
            ctx,
            cur,
            {
              to: 'off_duty',
              at: t,
              actorId: actor.id,
              announce: false,
              also: { on_shift: false, shift_ends_at: null, shift_source: null }
            },
            t
          )
          ctx.emit({ type: 'team.shift_ended', teamId: id, actorId: actor.id, data: { status: 'off_duty', shiftEndsAt: null } })
        }
        row = await updateTeam(ctx.trx, row, { retired_at: t }, t)
        ctx.emit({ type: 'team.retired', teamId: id, actorId: actor.id, data: { callSign: cur.call_sign } })
        return row
      })
    },

    /** Brings a retired team back to the roster, off duty. */
    async reinstate (id: string, actor: AuthUser): Promise<Team> {
      return await changeTeam(id, async (cur, ctx) => {
        if (cur.retired_at === null) throw new InvalidTransitionError(`Team ${cur.call_sign}`, 'not retired', 'reinstate it')
        const t = now()
        const row = await updateTeam(ctx.trx, cur, { retired_at: null }, t)
        ctx.emit({ type: 'team.reinstated', teamId: id, actorId: actor.id, data: { callSign: cur.call_sign } })
        return row
      })
    },

    rota: async (id: string): Promise<RotaResult> => await rotas.get(id),
    /** Replaces a team's rota (actor null: the demo seed). */
    saveRota: async (id: string, body: RotaBody, actor: AuthUser | null): Promise<RotaResult> =>
      await rotas.save(id, body, actor?.id ?? null),
    /** One run of the rota scheduler (the plugin calls it on a timer; tests call it with a fixed clock). */
    runRotas: async (): Promise<RotaRunResult> => await rotas.run()
  }
}

export type TeamsService = ReturnType<typeof createTeamsService>
/** The stored team, as the service's locks answer it and createMany() takes it (other modules name it from here). */
export type { NewTeamRow, TeamRow }
