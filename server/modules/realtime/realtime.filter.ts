// What each role may see of a domain event on the live stream: pure, one event at a time.
import type { DomainEvent, LiveEvent } from '../../contracts/events'
import type { Role } from '../../contracts/users'

export interface Viewer {
  role: Role
  teamId: string | null
  /** Calls the viewer's team is assigned to and that are still open: a responder sees these in full. */
  ownCalls: Set<string>
}

/** Fields a planner may see of a call event: no places, no words, no people. */
const PLANNER_DATA_KEYS = new Set(['category', 'response', 'priority', 'area', 'to', 'from', 'disposition', 'alert', 'cause', 'need', 'auto', 'callSign', 'kind', 'protocolVersion'])

function pick (data: object, keys: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data) as Array<[string, unknown]>) {
    // from/to of an override are objects of category/response/priority only; referral targets are strings
    if (keys.has(k) && (typeof v !== 'object' || v === null || k === 'from' || k === 'to')) out[k] = v
  }
  return out
}

/** The event as this viewer may see it, or null when it is not theirs to see. Updates viewer.ownCalls. */
export function filterEvent (viewer: Viewer, e: DomainEvent): LiveEvent | null {
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
    case 'planner': {
      if (e.type === 'team.position' || e.type === 'team.position_late') {
        return { ...e, actorId: null, data: { lat: e.data.lat, lon: e.data.lon, deviceTime: e.data.deviceTime } }
      }
      // The payload keeps only the keys a planner may see: a part of the event type's own payload.
      return { ...e, actorId: null, data: pick(e.data, PLANNER_DATA_KEYS) } as LiveEvent
    }
    case 'responder': {
      const own = viewer.teamId
      if (e.type === 'call.assigned' && own && e.teamId === own && e.callId) viewer.ownCalls.add(e.callId)
      if (e.callId && viewer.ownCalls.has(e.callId) && (e.type.startsWith('call.') || e.teamId === own)) {
        // declined or timed out: the call is no longer the team's, later events of it are not theirs to see
        if (e.type === 'call.requeued' && e.teamId === own) viewer.ownCalls.delete(e.callId)
        // once the call ends, nothing more about it is the team's business
        if (e.type === 'call.closed' || e.type === 'call.cancelled' || e.type === 'call.referred') viewer.ownCalls.delete(e.callId)
        return e
      }
      if (own && e.teamId === own) return e
      if (e.type === 'team.position') return { ...e, callId: null, actorId: null, data: { lat: e.data.lat, lon: e.data.lon, deviceTime: e.data.deviceTime } }
      if (e.type === 'team.status_changed') return { ...e, callId: null, actorId: null, data: { from: e.data.from, to: e.data.to } }
      return null
    }
  }
}
