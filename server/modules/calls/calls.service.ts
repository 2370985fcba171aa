// The calls module: intake, triage edits and the lifecycle (each in its own file), reads of calls, and
// what the dispatch module needs of a call (find, the queue, a change under lock).
import type { Call, CallDetail } from '../../contracts/calls'
import { triage as defaultTriage } from '../../domain/triage'
import { CALL_STATUSES, type CallStatus, type Category, type Priority } from '../../domain/types'
import { NotFoundError } from '../../lib/errors'
import type { AuthUser } from '../auth/auth.service'
import { eventsForCall } from '../events/events.repository'
import { assertMayAct, callForActor, createCallChange, type CallsDeps } from './call-change'
import { findCall, listCalls, queuedCalls, rowToTriageEntry, triageHistory } from './calls.repository'
import type { CallRow } from './calls.tables'
import { createIntake } from './intake'
import { createLifecycle } from './lifecycle'
import { createTriageEdits } from './triage-edits'

export interface CallListQuery {
  /** Comma-separated statuses (the route's schema admits only known ones). */
  status?: string
  category?: Category
  priority?: Priority
  from?: string
  to?: string
  teamId?: string
  limit?: number
  offset?: number
}

export function createCallsService (input: Omit<CallsDeps, 'now' | 'triage'> & Partial<Pick<CallsDeps, 'now' | 'triage'>>) {
  const deps: CallsDeps = { ...input, now: input.now ?? (() => new Date()), triage: input.triage ?? defaultTriage }
  const { db, commitments, recordRead } = deps
  const changeCall = createCallChange(deps)

  return {
    ...createIntake(deps),
    ...createTriageEdits(deps, changeCall),
    ...createLifecycle(deps, changeCall),

    async list (q: CallListQuery, actor: AuthUser): Promise<{ items: Call[], total: number, limit: number, offset: number }> {
      const limit = q.limit ?? 50
      const offset = q.offset ?? 0
      const statuses = q.status ? q.status.split(',').filter((s): s is CallStatus => (CALL_STATUSES as readonly string[]).includes(s)) : undefined
      const { rows, total } = await listCalls(db, {
        statuses,
        category: q.category,
        priority: q.priority,
        from: q.from !== undefined ? new Date(q.from) : undefined,
        to: q.to !== undefined ? new Date(q.to) : undefined,
        teamId: q.teamId,
        limit,
        offset
      })
      return { items: rows.map((r) => callForActor(r, actor)), total, limit, offset }
    },

    /** A call with its timeline, triage history and assignments. Every read is logged. */
    async get (id: string, actor: AuthUser): Promise<CallDetail> {
      const c = await findCall(db, id)
      if (!c) throw new NotFoundError('Call')
      assertMayAct(actor, c)
      const [timeline, history, assignments] = await Promise.all([eventsForCall(db, id), triageHistory(db, id), commitments.ofCall(id)])
      await recordRead(actor.id, id)
      return { ...callForActor(c, actor), timeline, triageHistory: history.map(rowToTriageEntry), assignments }
    },

    // ------------------------------------------------------------------ for the dispatch module

    /** The call's row, or undefined. */
    find: async (id: string): Promise<CallRow | undefined> => await findCall(db, id),
    /** Calls waiting for a team (of some priorities only, when given). */
    queued: async (priorities?: readonly Priority[]): Promise<CallRow[]> => await queuedCalls(db, priorities),
    /** A change under the call's row lock (lock order everywhere: the call, then the team). */
    change: changeCall,
    forActor: callForActor
  }
}

export type CallsService = ReturnType<typeof createCallsService>
