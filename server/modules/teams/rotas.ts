// Rotas: each team's weekly pattern and dated exceptions, and the scheduler that starts and ends shifts
// from them. Every boundary is claimed in rota_transitions before it is applied, in the transaction that
// applies it, so however many server processes run the scheduler, a shift starts (or ends) once. A team
// on a call when its shift ends finishes the call first: it goes off shift when the call releases it.
import type { Kysely } from 'kysely'
import type { NextShiftChange, RotaBody, RotaResult } from '../../contracts/teams'
import type { Database } from '../../db/database'
import {
  dueBoundary,
  rotaProblems,
  shiftsAround,
  stateAmong,
  localDay,
  type Boundary,
  type Interval,
  type Rota,
  type RotaState
} from '../../domain/rota'
import { BadRequestError, ConflictError, NotFoundError } from '../../lib/errors'
import type { EventBus } from '../events/event-bus'
import { inTransaction, type TxContext } from '../events/transaction'
import { moveTeam } from './team-status'
import { findTeam, updateTeam } from './teams.repository'
import {
  allRotas,
  appliedSince,
  claimTransition,
  findRota,
  overdueRotaShifts,
  saveRota,
  setTransitionOutcome,
  transitionKey
} from './rotas.repository'
import type { TeamRotaRow, TeamRow } from './teams.tables'

export interface RotasDeps {
  db: Kysely<Database>
  bus: EventBus
  now: () => Date
  /** The city's zone (TIME_ZONE): a rota's times are read in it. */
  timeZone: string
  /** Emails by user id (the auth module answers), to say who saved a rota. */
  emailsOf?: (ids: string[]) => Promise<Map<string, string>>
}

export interface RotaRunResult {
  started: number
  ended: number
  /** Teams whose shift is over but that are finishing a call. */
  finishingCall: number
}

const DAY_MS = 86_400_000
const rotaOf = (r: TeamRotaRow): Rota => ({ weekly: r.weekly, exceptions: r.exceptions })

export function createRotas ({ db, bus, now, timeZone, emailsOf }: RotasDeps) {
  // The rota of every team as last read, and each rota's shifts around today, kept per version and local
  // day: the roster is read often, and the shifts change only when the rota or the day does.
  let cache = new Map<string, TeamRotaRow>()
  const memo = new Map<string, { key: string; shifts: Interval[] }>()

  function stateOf (rota: TeamRotaRow, nowMs: number): RotaState {
    const key = `${rota.version}|${rota.updated_at.getTime()}|${rota.time_zone}|${localDay(nowMs, rota.time_zone)}`
    let m = memo.get(rota.team_id)
    if (m === undefined || m.key !== key) {
      m = { key, shifts: shiftsAround(rotaOf(rota), rota.time_zone, nowMs) }
      memo.set(rota.team_id, m)
    }
    return stateAmong(m.shifts, nowMs)
  }

  /** The roster's "next change": the end of the shift in progress or the next start, from the rota or a planned end. */
  function nextChange (row: TeamRow, rota: TeamRotaRow | undefined, nowMs: number): NextShiftChange | null {
    if (row.retired_at !== null) return null
    const state = rota !== undefined ? stateOf(rota, nowMs) : null
    if (row.on_shift) {
      const planned = row.shift_ends_at?.getTime() ?? null
      if (planned !== null && planned <= nowMs) {
        return { at: new Date(planned).toISOString(), kind: 'end', afterCall: row.current_call_id !== null }
      }
      const rotaEnd = state?.upcoming.find((b) => b.kind === 'end')?.at ?? null
      const at = planned === null ? rotaEnd : rotaEnd === null ? planned : Math.min(planned, rotaEnd)
      return at === null ? null : { at: new Date(at).toISOString(), kind: 'end', afterCall: false }
    }
    const start = state?.upcoming.find((b) => b.kind === 'start')
    return start === undefined ? null : { at: new Date(start.at).toISOString(), kind: 'start', afterCall: false }
  }

  async function result (teamId: string, row: TeamRotaRow | undefined, team: TeamRow): Promise<RotaResult> {
    const t = now().getTime()
    const shifts = row === undefined ? [] : stateShifts(row, t)
    const by =
      row?.updated_by != null && emailsOf !== undefined ? ((await emailsOf([row.updated_by])).get(row.updated_by) ?? null) : null
    return {
      teamId,
      weekly: row?.weekly ?? [],
      exceptions: row?.exceptions ?? [],
      timeZone: row?.time_zone ?? timeZone,
      updatedAt: row?.updated_at.toISOString() ?? null,
      updatedBy: by,
      version: row?.version ?? 0,
      shifts: shifts.map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() })),
      nextShiftChange: nextChange(team, row, t)
    }
  }

  /** The shifts from the start of today (local) to a week ahead, as the week grid draws them. */
  function stateShifts (row: TeamRotaRow, t: number): Interval[] {
    stateOf(row, t)
    const shifts = memo.get(row.team_id)?.shifts ?? []
    const from = t - DAY_MS
    return shifts.filter((s) => s.end > from && s.start < t + 7 * DAY_MS)
  }

  /** Starts or ends one team's shift for a boundary no process has applied yet; null when one already did. */
  async function applyBoundary (teamId: string, due: Boundary, state: RotaState): Promise<string | null> {
    const { result: outcome } = await inTransaction(db, bus, async (ctx) => {
      const t = now()
      const at = new Date(due.at)
      if (!(await claimTransition(ctx.trx, teamId, at, due.kind, t))) return null
      const cur = await findTeam(ctx.trx, teamId, true)
      const outcome = cur === undefined ? 'gone' : due.kind === 'start' ? await start(ctx, cur, state, t) : await end(ctx, cur, at, t)
      await setTransitionOutcome(ctx.trx, teamId, at, due.kind, outcome)
      return outcome
    })
    return outcome
  }

  async function start (ctx: TxContext, cur: TeamRow, state: RotaState, t: Date): Promise<string> {
    if (cur.retired_at !== null) return 'retired'
    // the end within the horizon (a round-the-clock rota has none: its shift has no planned end)
    const endMs = state.upcoming.find((b) => b.kind === 'end')?.at ?? null
    const endsAt = endMs === null ? null : new Date(endMs)
    if (cur.on_shift) {
      await updateTeam(ctx.trx, cur, { shift_ends_at: endsAt, shift_source: 'rota' }, t)
      ctx.emit({ type: 'team.updated', teamId: cur.id, actorId: null, data: { changed: ['shiftEndsAt'] } })
      return 'already_on_shift'
    }
    if (cur.status !== 'off_duty' && cur.status !== 'out_of_service') return `not_started_${cur.status}`
    const row = await moveTeam(
      ctx,
      cur,
      {
        to: 'available',
        at: t,
        actorId: null,
        announce: false,
        also: { on_shift: true, shift_started_at: t, shift_ends_at: endsAt, shift_source: 'rota' }
      },
      t
    )
    ctx.emit({
      type: 'team.shift_started',
      teamId: cur.id,
      actorId: null,
      data: { status: 'available', shiftEndsAt: row.shift_ends_at?.toISOString() ?? null, by: 'rota' }
    })
    return 'started'
  }

  async function end (ctx: TxContext, cur: TeamRow, at: Date, t: Date): Promise<string> {
    if (!cur.on_shift) return 'already_off_shift'
    if (cur.current_call_id !== null) {
      // the call comes first: the team goes off shift when the call releases it (releaseFromCall, or the sweep)
      await updateTeam(ctx.trx, cur, { shift_ends_at: at, shift_source: 'rota' }, t)
      ctx.emit({ type: 'team.updated', teamId: cur.id, callId: cur.current_call_id, actorId: null, data: { changed: ['shiftEndsAt'] } })
      return 'finishing_call'
    }
    await endShift(ctx, cur, t)
    return 'ended'
  }

  /** Takes a team that is free of calls off shift, as the rota says. */
  async function endShift (ctx: TxContext, cur: TeamRow, t: Date): Promise<TeamRow> {
    const row = await moveTeam(
      ctx,
      cur,
      {
        to: 'off_duty',
        at: t,
        actorId: null,
        announce: false,
        also: { on_shift: false, shift_ends_at: null, shift_source: null }
      },
      t
    )
    ctx.emit({ type: 'team.shift_ended', teamId: cur.id, actorId: null, data: { status: 'off_duty', shiftEndsAt: null, by: 'rota' } })
    return row
  }

  return {
    nextChange,
    /** The rota last read for a team (the roster's next change between reads). */
    cached: (teamId: string): TeamRotaRow | undefined => cache.get(teamId),

    /** Reads every rota (the roster does, each time it is listed). */
    async reload (): Promise<void> {
      cache = new Map((await allRotas(db)).map((r) => [r.team_id, r]))
    },

    /** Reads one team's rota (a team read alone shows its next change as the database has it). */
    async reloadOne (teamId: string): Promise<void> {
      const row = await findRota(db, teamId)
      if (row === undefined) cache.delete(teamId)
      else cache.set(teamId, row)
    },

    async get (teamId: string): Promise<RotaResult> {
      const team = await findTeam(db, teamId)
      if (team === undefined) throw new NotFoundError('Team')
      const row = await findRota(db, teamId)
      if (row !== undefined) cache.set(teamId, row)
      return await result(teamId, row, team)
    },

    /** Replaces a team's rota; it takes effect now (a rota that covers now puts the team on shift at the next run). */
    async save (teamId: string, body: RotaBody, actorId: string | null): Promise<RotaResult> {
      const problems = rotaProblems(body)
      if (problems.length > 0) {
        throw new BadRequestError(problems[0] + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''))
      }
      const { result: saved } = await inTransaction(db, bus, async (ctx) => {
        const team = await findTeam(ctx.trx, teamId, true)
        if (team === undefined) throw new NotFoundError('Team')
        if (team.retired_at !== null) throw new ConflictError(`Team ${team.call_sign} is retired: reinstate it before giving it a rota`)
        const row = await saveRota(ctx.trx, {
          teamId,
          weekly: body.weekly,
          exceptions: body.exceptions,
          timeZone,
          at: now(),
          by: actorId
        })
        ctx.emit({
          type: 'team.rota_changed',
          teamId,
          actorId,
          data: { version: row.version, shifts: body.weekly.length, exceptions: body.exceptions.length }
        })
        return { row, team }
      })
      cache.set(teamId, saved.row)
      return await result(teamId, saved.row, saved.team)
    },

    /**
     * One run of the scheduler (every ROTA_CHECK_SECONDS in every process): applies each team's due
     * boundary that no process has applied yet, then takes off shift the teams whose rota shift ended
     * while they were on a call and that are now free.
     */
    async run (): Promise<RotaRunResult> {
      const out: RotaRunResult = { started: 0, ended: 0, finishingCall: 0 }
      const t = now().getTime()
      const rotas = await allRotas(db)
      cache = new Map(rotas.map((r) => [r.team_id, r]))
      const due: Array<{ teamId: string; boundary: Boundary; state: RotaState }> = []
      for (const r of rotas) {
        const state = stateOf(r, t)
        const boundary = dueBoundary(state, r.effective_from.getTime())
        if (boundary !== null) due.push({ teamId: r.team_id, boundary, state })
      }
      if (due.length > 0) {
        const since = new Date(Math.min(...due.map((d) => d.boundary.at)))
        const applied = await appliedSince(
          db,
          due.map((d) => d.teamId),
          since
        )
        for (const d of due) {
          if (applied.has(transitionKey(d.teamId, d.boundary.at, d.boundary.kind))) continue
          const outcome = await applyBoundary(d.teamId, d.boundary, d.state)
          if (outcome === 'started') out.started++
          else if (outcome === 'ended') out.ended++
          else if (outcome === 'finishing_call') out.finishingCall++
        }
      }
      for (const id of await overdueRotaShifts(db, new Date(t))) {
        const { result: ended } = await inTransaction(db, bus, async (ctx) => {
          const cur = await findTeam(ctx.trx, id, true)
          const at = now()
          if (
            cur === undefined ||
            !cur.on_shift ||
            cur.shift_source !== 'rota' ||
            cur.current_call_id !== null ||
            cur.shift_ends_at === null ||
            cur.shift_ends_at > at
          ) {
            return false
          }
          if (cur.status !== 'available' && cur.status !== 'recovering' && cur.status !== 'out_of_service') return false
          await endShift(ctx, cur, at)
          return true
        })
        if (ended) out.ended++
      }
      return out
    },

    /** After a call releases a team: a rota shift that ended meanwhile ends now. Inside the release's transaction. */
    async afterRelease (ctx: TxContext, row: TeamRow, at: Date): Promise<TeamRow> {
      if (
        !row.on_shift ||
        row.shift_source !== 'rota' ||
        row.shift_ends_at === null ||
        row.shift_ends_at > at ||
        row.current_call_id !== null
      ) {
        return row
      }
      return await endShift(ctx, row, at)
    }
  }
}

export type Rotas = ReturnType<typeof createRotas>
