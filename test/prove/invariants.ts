// The invariants every proof checks against the database: a team on at most one open call, a call with at
// most one active assignment, rows that agree with each other, and every status reached by a legal
// transition (the events log replayed against the state machines of server/domain/lifecycle.ts).
import type { Kysely } from 'kysely'
import type { Database } from '../../server/db/database'
import { canCallMove, canTeamMove, COMMITTED_CALL_STATUSES } from '../../server/domain/lifecycle'
import type { CallStatus, TeamStatus } from '../../server/domain/types'

/** The call status each call event leaves behind (events that change no status are absent). */
const CALL_STATUS_OF: Record<string, CallStatus | undefined> = {
  'call.received': 'received',
  'call.triaged': 'triaged',
  'call.queued': 'queued',
  'call.referred': 'referred',
  'call.assigned': 'assigned',
  'call.requeued': 'queued',
  'call.acknowledged': 'acknowledged',
  'call.en_route': 'en_route',
  'call.on_scene': 'on_scene',
  'call.transporting': 'transporting',
  'call.at_facility': 'at_facility',
  'call.closed': 'closed',
  'call.cancelled': 'cancelled'
}

export interface InvariantReport {
  problems: string[]
  calls: number
  teams: number
  events: number
}

/** Checks the given calls and teams (all of them when the lists are omitted). */
export async function checkInvariants (
  db: Kysely<Database>,
  scope: { callIds?: string[]; teamIds?: string[] } = {}
): Promise<InvariantReport> {
  const problems: string[] = []
  const calls = await db
    .selectFrom('calls')
    .select(['id', 'status', 'team_id'])
    .$if(scope.callIds !== undefined, (q) =>
      q.where('id', 'in', scope.callIds!.length ? scope.callIds! : ['00000000-0000-0000-0000-000000000000'])
    )
    .execute()
  const teams = await db
    .selectFrom('teams')
    .select(['id', 'call_sign', 'status', 'current_call_id'])
    .$if(scope.teamIds !== undefined, (q) =>
      q.where('id', 'in', scope.teamIds!.length ? scope.teamIds! : ['00000000-0000-0000-0000-000000000000'])
    )
    .execute()
  const active = await db.selectFrom('assignments').select(['call_id', 'team_id', 'role']).where('ended_at', 'is', null).execute()

  // a team on at most one open call; a call with at most one active (primary) assignment
  const byTeam = new Map<string, string[]>()
  const byCall = new Map<string, string[]>()
  for (const a of active) {
    byTeam.set(a.team_id, [...(byTeam.get(a.team_id) ?? []), a.call_id])
    if (a.role === 'primary') byCall.set(a.call_id, [...(byCall.get(a.call_id) ?? []), a.team_id])
  }
  const teamIds = new Set(teams.map((t) => t.id))
  const callIds = new Set(calls.map((c) => c.id))
  for (const [team, cs] of byTeam) {
    if (teamIds.has(team) && cs.length > 1) problems.push(`team ${team} has ${cs.length} active assignments (${cs.join(', ')})`)
  }
  for (const [call, ts] of byCall) {
    if (callIds.has(call) && ts.length > 1) problems.push(`call ${call} has ${ts.length} active primary assignments`)
  }
  const openByTeam = new Map<string, string[]>()
  for (const c of calls) {
    const committed = (COMMITTED_CALL_STATUSES as readonly string[]).includes(c.status)
    if (committed && c.team_id !== null) openByTeam.set(c.team_id, [...(openByTeam.get(c.team_id) ?? []), c.id])
    const a = byCall.get(c.id) ?? []
    if (committed && a.length !== 1) problems.push(`call ${c.id} is ${c.status} with ${a.length} active assignments`)
    if (!committed && a.length > 0) problems.push(`call ${c.id} is ${c.status} yet has an active assignment`)
    if (committed && a.length === 1 && c.team_id !== a[0]) {
      problems.push(`call ${c.id} names team ${String(c.team_id)} but its assignment is team ${a[0]}`)
    }
  }
  for (const [team, cs] of openByTeam) if (cs.length > 1) problems.push(`team ${team} is on ${cs.length} open calls (${cs.join(', ')})`)
  for (const t of teams) {
    const own = byTeam.get(t.id) ?? []
    if (t.current_call_id !== null && !own.includes(t.current_call_id)) {
      problems.push(`team ${t.call_sign} points at call ${t.current_call_id} without an active assignment to it`)
    }
    if (own.length > 0 && t.current_call_id === null) problems.push(`team ${t.call_sign} has an active assignment but no current call`)
    if (own.length > 0 && (t.status === 'available' || t.status === 'off_duty')) {
      problems.push(`team ${t.call_sign} is ${t.status} with an active assignment`)
    }
  }

  // every state reached by a legal transition: replay the events log
  const events = await db.selectFrom('events').select(['seq', 'type', 'call_id', 'team_id', 'data']).orderBy('seq').execute()
  const callState = new Map<string, CallStatus>()
  const teamState = new Map<string, TeamStatus>()
  for (const e of events) {
    const to = CALL_STATUS_OF[e.type]
    if (to !== undefined && e.call_id !== null && callIds.has(e.call_id)) {
      const from = callState.get(e.call_id)
      if (from === undefined ? to !== 'received' : !canCallMove(from, to)) {
        problems.push(`call ${e.call_id}: event ${e.seq} ${e.type} moves ${from ?? '(nothing)'} → ${to}, not a legal transition`)
      }
      callState.set(e.call_id, to)
    }
    if (e.team_id !== null && teamIds.has(e.team_id)) {
      const d = e.data as { from?: TeamStatus; to?: TeamStatus; status?: TeamStatus }
      let next: TeamStatus | undefined
      let claimedFrom: TeamStatus | undefined
      if (e.type === 'team.status_changed') {
        next = d.to
        claimedFrom = d.from
      }
      if (e.type === 'team.shift_started' || e.type === 'team.shift_ended') next = d.status
      if (e.type === 'team.created') next = 'off_duty'
      if (next === undefined) continue
      const from = teamState.get(e.team_id)
      if (from !== undefined && claimedFrom !== undefined && claimedFrom !== from) {
        problems.push(`team ${e.team_id}: event ${e.seq} says from ${claimedFrom}, the log had it ${from}`)
      }
      if (from !== undefined && !canTeamMove(from, next)) {
        problems.push(`team ${e.team_id}: event ${e.seq} ${e.type} moves ${from} → ${next}, not a legal transition`)
      }
      teamState.set(e.team_id, next)
    }
  }
  for (const c of calls) {
    const s = callState.get(c.id)
    if (s !== c.status) problems.push(`call ${c.id} is ${c.status} but its events end at ${s ?? '(none)'}`)
  }
  for (const t of teams) {
    const s = teamState.get(t.id)
    if (s !== undefined && s !== t.status) problems.push(`team ${t.call_sign} is ${t.status} but its events end at ${s}`)
  }
  return { problems, calls: calls.length, teams: teams.length, events: events.length }
}

/**
 * What a live client received, checked against the events table: every event with seq in (from, to] exactly
 * once, in seq order. Permanent gaps in seq (rolled-back transactions) are not events and are not expected.
 */
export async function checkDelivery (
  db: Kysely<Database>,
  received: Array<{ seq: number }>,
  from: number,
  to: number
): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select('seq')
    .where('seq', '>', String(from) as never)
    .where('seq', '<=', String(to) as never)
    .orderBy('seq')
    .execute()
  const want = rows.map((r) => Number(r.seq))
  const got = received.map((m) => m.seq).filter((s) => s > from && s <= to)
  const problems: string[] = []
  const seen = new Set<number>()
  for (const [i, s] of got.entries()) {
    if (seen.has(s)) problems.push(`seq ${s} delivered twice`)
    seen.add(s)
    if (i > 0 && s <= got[i - 1]) problems.push(`seq ${s} after ${got[i - 1]}: out of order`)
  }
  const missing = want.filter((s) => !seen.has(s))
  if (missing.length > 0) {
    problems.push(
      `${missing.length} events never delivered (seq ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''})`
    )
  }
  const extra = [...seen].filter((s) => !want.includes(s))
  if (extra.length > 0) problems.push(`${extra.length} delivered seqs not in the table (${extra.slice(0, 10).join(', ')})`)
  return problems
}
