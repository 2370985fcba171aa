// What each role may see of a domain event, and of a team's position, on the live stream: pure, one at a time.
import type { DomainEvent, LiveEvent } from '../../contracts/events'
import type { LiveFix } from '../../contracts/positions'
import type { Role } from '../../contracts/users'
import { snapToGrid, toMinute } from '../../domain/grid'

export interface Viewer {
  role: Role
  teamId: string | null
  /** Calls the viewer's team is committed to now: a responder sees these in full. */
  ownCalls: Set<string>
}

/** Team events a planner receives: where teams are (on the grid) and what they are doing; never which call. */
const PLANNER_TEAM_DATA: Partial<Record<string, ReadonlySet<string>>> = {
  'team.status_changed': new Set(['from', 'to']),
  'team.created': new Set(['callSign', 'kind']),
  'team.updated': new Set(['changed']),
  'team.shift_started': new Set(['status', 'shiftEndsAt', 'by']),
  'team.shift_ended': new Set(['status', 'shiftEndsAt', 'by']),
  'team.retired': new Set(['callSign']),
  'team.reinstated': new Set(['callSign']),
  'team.rota_changed': new Set(['version', 'shifts', 'exceptions'])
}

function pick (data: object, keys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data) as Array<[string, unknown]>) {
    if (keys.has(k) && (typeof v !== 'object' || v === null || Array.isArray(v))) out[k] = v
  }
  return out
}

/**
 * The event as this viewer may see it, or null when it is not theirs to see. Updates viewer.ownCalls.
 *
 * - Dispatch roles (dispatcher, supervisor, admin): everything.
 * - Planners see patterns, not people: no call or transfer event at all (their reports and the planning history
 *   are the aggregates they need), team statuses and roster changes with no call id.
 * - Responders: their team's current calls in full (from the assignment until the call ends or is taken from the
 *   team), their own team's events, and other teams' statuses with no call id (they may need backup).
 * Positions are not events: see filterFix.
 */
export function filterEvent (viewer: Viewer, e: DomainEvent): LiveEvent | null {
  // written before positions had their own store (still in the append-only log): positions come batched now
  if (isLegacyPosition(e)) return null
  // the protocol in force is every console's business (its top bar shows the version): no personal data in it
  if (e.type === 'triage.protocol_activated') return { ...e, actorId: null }
  switch (viewer.role) {
    case 'dispatcher':
    case 'supervisor':
    case 'admin':
      return e
    // a navigator calls people back after the fact: nothing on the live stream is theirs
    case 'navigator':
      return null
    // a facility's staff see every facility's capacity (where else the teams may go), nothing of calls or teams
    case 'facility':
      return e.type === 'facility.capacity_updated' ? { ...e, actorId: null } : null
    case 'planner': {
      if (e.type === 'demo.seeded') return { ...e, callId: null, actorId: null }
      const keys = PLANNER_TEAM_DATA[e.type]
      if (keys === undefined) return null
      return { ...e, callId: null, actorId: null, data: pick(e.data, keys) } as LiveEvent
    }
    case 'responder': {
      const own = viewer.teamId
      if (e.type === 'call.assigned' && e.callId) {
        if (own && e.teamId === own) viewer.ownCalls.add(e.callId)
        // assigned to another team (a reassignment): not the team's call any more, nor this event
        else {
          viewer.ownCalls.delete(e.callId)
          return null
        }
      }
      if (e.callId && viewer.ownCalls.has(e.callId) && (e.type.startsWith('call.') || e.teamId === own)) {
        // declined, timed out, taken off or reassigned: the call is no longer the team's, later events of it are not theirs to see
        if (e.type === 'call.requeued' && e.teamId === own) viewer.ownCalls.delete(e.callId)
        // once the call ends, nothing more about it is the team's business
        if (e.type === 'call.closed' || e.type === 'call.cancelled' || e.type === 'call.referred') viewer.ownCalls.delete(e.callId)
        return e
      }
      // the team's own events; a call's events only while it is one of the team's current calls (above)
      if (own && e.teamId === own && !e.type.startsWith('call.')) return e
      if (e.type === 'team.status_changed') return { ...e, callId: null, actorId: null, data: { from: e.data.from, to: e.data.to } }
      // the transport step's destination list follows the facilities' capacity
      if (e.type === 'facility.capacity_updated' || e.type === 'facility.changed') return { ...e, actorId: null }
      return null
    }
  }
}

/** The position events written before positions had their own store: never sent again. */
export function isLegacyPosition (e: { type: string }): boolean {
  return e.type === 'team.position' || e.type === 'team.position_late'
}

/** A team's latest fix as the feed holds it. */
export interface Fix {
  teamId: string
  lat: number
  lon: number
  accuracyMeters: number | null
  at: Date
}

/**
 * Viewers who see positions alike share one serialization of each batch: the key of this viewer's view, or null
 * when positions are not theirs to see.
 */
export function fixViewKey (viewer: Pick<Viewer, 'role' | 'teamId'>): string | null {
  switch (viewer.role) {
    case 'dispatcher':
    case 'supervisor':
    case 'admin':
      return 'all'
    case 'planner':
      return 'planner'
    case 'responder':
      return `responder:${viewer.teamId ?? ''}`
    default:
      return null
  }
}

/**
 * A team's position as this viewer may see it, or null, as teamForViewer shows it on GET /api/teams: dispatch roles
 * everything; a responder other teams' positions (they may need backup) without their accuracy, their own in full;
 * a planner patterns, not people: the centre of the 500 m grid cell, at the minute; navigators and facilities none.
 */
export function filterFix (viewer: Pick<Viewer, 'role' | 'teamId'>, f: Fix): LiveFix | null {
  switch (viewer.role) {
    case 'dispatcher':
    case 'supervisor':
    case 'admin':
      return { teamId: f.teamId, lat: f.lat, lon: f.lon, accuracyMeters: f.accuracyMeters, at: f.at.toISOString() }
    case 'responder':
      if (viewer.teamId !== null && viewer.teamId === f.teamId) {
        return { teamId: f.teamId, lat: f.lat, lon: f.lon, accuracyMeters: f.accuracyMeters, at: f.at.toISOString() }
      }
      return { teamId: f.teamId, lat: f.lat, lon: f.lon, at: f.at.toISOString() }
    case 'planner': {
      const cell = snapToGrid(f.lat, f.lon)
      return { teamId: f.teamId, lat: cell.lat, lon: cell.lon, at: toMinute(f.at.toISOString()) }
    }
    default:
      return null
  }
}
