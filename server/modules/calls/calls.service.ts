// The calls module: intake, triage edits and the lifecycle (each in its own file), reads of calls, and
// what the dispatch module needs of a call (find, the queue, a change under lock).
import type { Call, CallDetail, CancelCode, ReferralTarget } from '../../contracts/calls'
import { DISPOSITION_CODES, type Disposition } from '../../domain/lifecycle'
import { triage as defaultTriage } from '../../domain/triage'
import type { Answers, TriageInput, TriageResult } from '../../domain/triage/types'
import { CALL_STATUSES, type CallStatus, type Category, type Priority, type ResponseType } from '../../domain/types'
import { NotFoundError } from '../../lib/errors'
import type { UnmetReason } from '../../domain/outcomes'
import type { QueuePolicy } from '../../domain/queue'
import type { AuthUser } from '../auth/auth.service'
import { eventsForCall } from '../events/events.service'
import { assertMayAct, callForActor, createCallChange, seesPii, type CallsDeps } from './call-change'
import {
  callsOnScene,
  callsWithAgeZero,
  committedCallsOfTeams,
  findCall,
  listCalls,
  queuedCalls,
  recordSystemUnmetReason,
  rowToTriageEntry,
  triageHistory,
  triageInputsSince
} from './calls.repository'
import type { CallRow } from './calls.tables'
import { createIntake } from './intake'
import { createLifecycle } from './lifecycle'
import { createNotes } from './notes'
import { editsOfCall, notesOfCall, rowToEdit, rowToNote } from './notes.repository'
import { createTriageEdits } from './triage-edits'
import { createToLocate } from './to-locate'

export interface CallListQuery {
  /** Comma-separated statuses (the route's schema admits only known ones). */
  status?: string
  category?: Category
  priority?: Priority
  response?: ResponseType
  from?: string
  to?: string
  teamId?: string
  address?: string
  area?: string
  callType?: string
  /** Comma-separated dispositions (the route's schema admits only known ones). */
  disposition?: string
  referredTo?: ReferralTarget
  cancelCode?: CancelCode
  limit?: number
  offset?: number
}

/** A protocol version to triage a call again with: its own, with the young-person words it reads. */
export interface VersionReader {
  triage: (input: TriageInput) => TriageResult
  youthWords: (input: TriageInput) => string[]
}

/** A call that a blank age field stored as age 0, and what its triage becomes with the age unknown. */
export interface BlankAgeCall {
  id: string
  receivedAt: string
  status: CallStatus
  source: string
  protocolVersion: string
  overridden: boolean
  now: TriageLine
  after: TriageLine
}

type TriageLine = Pick<TriageResult, 'category' | 'response' | 'priority'> & { needs: string[] }
const summary = (t: Pick<TriageResult, 'category' | 'response' | 'priority' | 'needs'>): TriageLine => ({
  category: t.category,
  response: t.response,
  priority: t.priority,
  needs: t.needs ?? []
})

export function createCallsService (
  input: Omit<CallsDeps, 'now' | 'triage'> & Partial<Pick<CallsDeps, 'now' | 'triage'>> & { queue?: QueuePolicy }
) {
  const deps: CallsDeps & { queue?: QueuePolicy } = {
    ...input,
    now: input.now ?? (() => new Date()),
    triage: input.triage ?? defaultTriage
  }
  const { db, commitments, recordRead } = deps
  const changeCall = createCallChange(deps)

  return {
    ...createIntake(deps),
    ...createTriageEdits(deps, changeCall),
    ...createLifecycle(deps, changeCall),
    ...createNotes(deps, changeCall),
    ...createToLocate(deps),

    /** The system's reason a waiting call is unmet (from the teams at hand), recorded once. */
    recordSystemUnmetReason: async (id: string, reason: UnmetReason, at: Date): Promise<boolean> =>
      await db.transaction().execute(async (trx) => {
        // no event (not a change of the call), so the calls-written work (the reports' projection) is asked for by name
        const recorded = await recordSystemUnmetReason(trx, id, reason, at)
        if (recorded) await deps.bus.callsWritten(trx, [id])
        return recorded
      }),

    async list (q: CallListQuery, actor: AuthUser): Promise<{ items: Call[]; total: number; limit: number; offset: number }> {
      const limit = q.limit ?? 50
      const offset = q.offset ?? 0
      const statuses = q.status
        ? q.status.split(',').filter((s): s is CallStatus => (CALL_STATUSES as readonly string[]).includes(s))
        : undefined
      const dispositions = q.disposition
        ? q.disposition.split(',').filter((d): d is Disposition => (DISPOSITION_CODES as readonly string[]).includes(d))
        : undefined
      const text = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v.trim() : undefined)
      const { rows, total } = await listCalls(db, {
        statuses,
        category: q.category,
        priority: q.priority,
        response: q.response,
        from: q.from !== undefined ? new Date(q.from) : undefined,
        to: q.to !== undefined ? new Date(q.to) : undefined,
        teamId: q.teamId,
        address: text(q.address),
        area: text(q.area),
        callType: text(q.callType),
        dispositions,
        referredTo: q.referredTo,
        cancelCode: q.cancelCode,
        limit,
        offset
      })
      // a list carries callers' names, callbacks and narratives: the read is in the audit trail, one row with every id
      await deps.recordBulkRead(
        actor.id,
        'calls.list',
        rows.map((r) => r.id)
      )
      return { items: rows.map((r) => callForActor(r, actor)), total, limit, offset }
    },

    /** A call with its timeline, triage history and assignments. Every read is logged. */
    async get (id: string, actor: AuthUser): Promise<CallDetail> {
      const c = await findCall(db, id)
      if (!c) throw new NotFoundError('Call')
      assertMayAct(actor, c)
      const [timeline, history, assignments, notes, edits] = await Promise.all([
        eventsForCall(db, id),
        triageHistory(db, id),
        commitments.ofCall(id),
        notesOfCall(db, id),
        editsOfCall(db, id)
      ])
      await recordRead(actor.id, id)
      return {
        ...callForActor(c, actor),
        timeline,
        triageHistory: history.map(rowToTriageEntry),
        assignments,
        notes: notes.map(rowToNote),
        edits: edits.map((e) => rowToEdit(e, { pii: seesPii(actor) }))
      }
    },

    /**
     * Calls stored with age 0 that nothing else says are a young person's: no school place, and none of the
     * protocol's young-person words (its own version's) in the call type or narrative. Before the fix, a blank
     * age field was stored as 0; a 0 typed on purpose for an infant usually comes with words ("baby", "infant").
     */
    async blankAgeCalls (readerOf: (version: string) => Promise<VersionReader>): Promise<BlankAgeCall[]> {
      const out: BlankAgeCall[] = []
      for (const c of await callsWithAgeZero(db)) {
        const reader = await readerOf(c.protocol_version)
        const input = {
          answers: c.answers as Answers,
          narrative: c.narrative,
          callType: c.call_type,
          personAge: null,
          placeKind: c.place_kind
        }
        if (reader.youthWords(input).length > 0) continue
        out.push({
          id: c.id,
          receivedAt: c.received_at.toISOString(),
          status: c.status,
          source: c.source,
          protocolVersion: c.protocol_version,
          overridden: c.triage_overridden,
          now: summary({ category: c.category, response: c.response, priority: c.priority, needs: c.needs }),
          after: summary(reader.triage(input))
        })
      }
      return out
    },

    // ------------------------------------------------------------------ for the dispatch module

    /**
     * What triage reads of the live calls received since `since`, newest first, at most `limit` (the impact review of a protocol change).
     */
    async triageInputsSince (since: Date, limit: number): Promise<Array<{ callType: string | null; input: TriageInput }>> {
      return (await triageInputsSince(db, since, limit)).map((c) => ({
        callType: c.call_type,
        input: {
          answers: c.answers as Answers,
          narrative: c.narrative,
          callType: c.call_type,
          personAge: c.person_age,
          placeKind: c.place_kind
        }
      }))
    },

    /** The call's row, or undefined. */
    find: async (id: string): Promise<CallRow | undefined> => await findCall(db, id),
    /** Calls a team is working on scene or at a facility, with when that began (the safety module's check-in clock). */
    onScene: async () => await callsOnScene(db),
    /** The calls each team is committed to now, by team (the live stream's responders see these in full). */
    committedCallsOfTeams: async (teamIds: readonly string[]): Promise<Map<string, string[]>> =>
      await committedCallsOfTeams(db, teamIds),
    /** Calls waiting for a team (of some priorities only, when given). */
    queued: async (priorities?: readonly Priority[]): Promise<CallRow[]> => await queuedCalls(db, priorities),
    /** A change under the call's row lock (lock order everywhere: the call, then the team). */
    change: changeCall,
    forActor: callForActor
  }
}

export type CallsService = ReturnType<typeof createCallsService>
/** The stored call, as find() and queued() answer it (other modules name it from here, not from calls.tables). */
export type { CallRow }
