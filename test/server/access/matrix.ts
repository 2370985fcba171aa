// Who may call what: the expected access policy, written as data apart from the routes' own config, so a
// route that says too much or too little fails. A new route without a row here fails the access test.
import type { Role } from '../../../server/contracts/users'

/**
 * allow: the role may call it (any answer but 401/403); deny: 403; own: a responder may call it for their
 * own team or its call only (403 for another team's).
 */
export type Access = 'allow' | 'deny' | 'own'
export type Policy = 'public' | Record<Role, Access>

const only = (...roles: Role[]): Record<Role, Access> => ({
  dispatcher: roles.includes('dispatcher') ? 'allow' : 'deny',
  responder: roles.includes('responder') ? 'allow' : 'deny',
  planner: roles.includes('planner') ? 'allow' : 'deny',
  supervisor: roles.includes('supervisor') ? 'allow' : 'deny',
  admin: roles.includes('admin') ? 'allow' : 'deny',
  navigator: roles.includes('navigator') ? 'allow' : 'deny',
  facility: roles.includes('facility') ? 'allow' : 'deny'
})
const ALL = only('dispatcher', 'responder', 'planner', 'supervisor', 'admin', 'navigator', 'facility')
const DESK = only('dispatcher', 'supervisor')
/** The desk, and a responder on their own team's call. */
const FIELD: Record<Role, Access> = { ...DESK, responder: 'own' }
/** A team's own state: supervisors and dispatchers for any team, a responder for their own. */
const TEAM_SELF: Record<Role, Access> = { ...only('dispatcher', 'supervisor'), responder: 'own' }

/** Every HTTP route of the OpenAPI document, by "METHOD /path" with {param} placeholders. */
export const ACCESS: Record<string, Policy> = {
  'GET /health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': ALL,
  'GET /api/auth/me': ALL,
  'GET /api/users': only('admin'),
  'POST /api/users': only('admin'),
  'GET /api/users/{id}': only('admin'),
  'PATCH /api/users/{id}': only('admin'),
  'POST /api/users/{id}/password-reset': only('admin'),
  'DELETE /api/users/{id}/sessions': only('admin'),
  'POST /api/users/{id}/totp-reset': only('admin'),
  // the steps after the password carry their own challenge: no session exists yet
  'POST /api/auth/password': 'public',
  'POST /api/auth/totp': 'public',
  'POST /api/auth/totp/enrol': 'public',
  'POST /api/auth/totp/enrol/confirm': 'public',
  'GET /api/auth/totp': ALL,
  'POST /api/auth/totp/setup': ALL,
  'POST /api/auth/totp/confirm': ALL,
  'POST /api/auth/totp/recovery-codes': ALL,
  'POST /api/auth/me/password': ALL,
  'POST /api/triage': ALL,
  'GET /api/triage/protocol': ALL,
  'GET /api/triage/protocols': only('admin', 'supervisor'),
  'GET /api/triage/protocols/{version}': only('admin', 'supervisor'),
  'POST /api/triage/protocols': only('admin'),
  'POST /api/triage/protocols/{version}/activate': only('admin'),
  'POST /api/triage/protocols/{version}/diff': only('admin'),
  'POST /api/triage/protocols/validate': only('admin'),
  'POST /api/triage/protocols/{version}/impact': only('admin'),
  'GET /api/teams': ALL,
  'POST /api/teams': only('admin', 'supervisor'),
  'GET /api/teams/{id}': ALL,
  'PATCH /api/teams/{id}': only('admin', 'supervisor'),
  'POST /api/teams/{id}/retire': only('admin', 'supervisor'),
  'POST /api/teams/{id}/reinstate': only('admin', 'supervisor'),
  // a rota is no one's personal data: every role may read it; the roster's managers change it
  'GET /api/teams/{id}/rota': ALL,
  'PUT /api/teams/{id}/rota': only('admin', 'supervisor'),
  'POST /api/teams/{id}/shift': { ...TEAM_SELF, admin: 'allow' },
  'POST /api/teams/{id}/status': TEAM_SELF,
  'POST /api/teams/{id}/position': TEAM_SELF,
  // a team's track is staff location history: reviewed by supervisors and admins
  'GET /api/teams/{id}/track': only('admin', 'supervisor'),
  'POST /api/calls': DESK,
  // a responder lists only their own team's calls (the list is filtered, not refused)
  'GET /api/calls': { ...DESK, responder: 'allow' },
  'GET /api/calls/{id}': FIELD,
  'PATCH /api/calls/{id}': DESK,
  'POST /api/calls/{id}/triage-override': DESK,
  'POST /api/calls/{id}/cancel': DESK,
  'POST /api/calls/{id}/requeue': DESK,
  'POST /api/calls/{id}/notes': FIELD,
  'POST /api/calls/{id}/unassign': DESK,
  'POST /api/calls/{id}/reassign': DESK,
  'POST /api/calls/{id}/refer': FIELD,
  'POST /api/calls/{id}/backup': FIELD,
  'POST /api/calls/{id}/status': FIELD,
  'POST /api/calls/{id}/close': FIELD,
  'GET /api/queue': DESK,
  'GET /api/calls/{id}/recommendations': DESK,
  'POST /api/calls/{id}/assignments': DESK,
  'POST /api/calls/{id}/decline': FIELD,
  'GET /api/audit': only('supervisor', 'admin'),
  'GET /api/audit/export': only('supervisor', 'admin'),
  'GET /api/calls/{id}/eido': DESK,
  'POST /api/interop/eido': DESK,
  // held 911 transfers carry the caller's words and number: the desk places or dismisses them
  'GET /api/transfers/to-locate': DESK,
  'GET /api/transfers/to-locate/{id}': DESK,
  'POST /api/transfers/to-locate/{id}/locate': DESK,
  'POST /api/transfers/to-locate/{id}/dismiss': DESK,
  // public-record streets and places: every signed-in role searches (the phone, the planner's map)
  'GET /api/geocode': ALL,
  'GET /api/geocode/reverse': ALL,
  'POST /api/imports/preview': only('planner', 'admin'),
  'POST /api/imports': only('planner', 'admin'),
  'GET /api/imports': only('planner', 'admin'),
  'PUT /api/imports/{id}/file': only('planner', 'admin'),
  'GET /api/imports/{id}': only('planner', 'admin'),
  // de-identified rejects: the mapped columns but an address, coordinates or free text
  'GET /api/imports/{id}/rejects': only('planner', 'admin'),
  // every mapped column as read: admins only, each download audited
  'GET /api/imports/{id}/rejects/raw': only('admin'),
  // whoever ran the import or an admin (another planner gets 403 from the route itself)
  'DELETE /api/imports/{id}': only('planner', 'admin'),
  'GET /api/reports/intervals': only('planner', 'supervisor', 'admin'),
  'GET /api/reports/outcomes': only('planner', 'supervisor', 'admin'),
  'GET /api/reports/trends': only('planner', 'supervisor', 'admin'),
  'GET /api/reports/equity': only('planner', 'supervisor', 'admin'),
  'GET /api/reports/unmet': only('planner', 'supervisor', 'admin'),
  // the public summary: de-identified, small counts suppressed, no token (PUBLIC_DASHBOARD=0 switches it off)
  'GET /api/public/summary': 'public',
  'GET /api/reports/sources': only('planner', 'supervisor', 'admin'),
  'GET /api/reports/follow-ups': only('planner', 'supervisor', 'admin'),
  // follow-ups and referrals: personal health data, for the roles that work them
  'POST /api/calls/{id}/follow-ups': { ...only('dispatcher', 'supervisor', 'navigator'), responder: 'own' },
  'GET /api/follow-ups': only('navigator', 'supervisor', 'admin'),
  'POST /api/follow-ups/{id}/attempts': only('navigator', 'supervisor', 'admin'),
  'POST /api/follow-ups/{id}/complete': only('navigator', 'supervisor', 'admin'),
  'POST /api/calls/{id}/referrals': { ...only('dispatcher', 'supervisor', 'navigator'), responder: 'own' },
  'PATCH /api/referrals/{id}': only('navigator', 'supervisor', 'dispatcher'),
  // area outlines carry no personal data: every signed-in role draws maps
  'GET /api/geo/areas': ALL,
  'GET /api/geo/areas/{id}': ALL,
  'GET /api/config': 'public',
  'GET /api/geo/lapd-divisions': ALL,
  'GET /api/planning/scenarios': only('planner', 'admin'),
  'POST /api/planning/scenarios': only('planner', 'admin'),
  'POST /api/planning/scenarios/import': only('planner', 'admin'),
  'GET /api/planning/scenarios/{id}': only('planner', 'admin'),
  'GET /api/planning/scenarios/{id}/export': only('planner', 'admin'),
  'PUT /api/planning/scenarios/{id}': only('planner', 'admin'),
  'PATCH /api/planning/scenarios/{id}': only('planner', 'admin'),
  'POST /api/planning/scenarios/{id}/duplicate': only('planner', 'admin'),
  'DELETE /api/planning/scenarios/{id}': only('planner', 'admin'),
  'GET /api/planning/runs': only('planner', 'admin'),
  'POST /api/planning/runs': only('planner', 'admin'),
  'GET /api/planning/runs/{id}': only('planner', 'admin'),
  'DELETE /api/planning/runs/{id}': only('planner', 'admin'),
  'GET /api/planning/history': only('planner', 'admin'),
  'GET /api/planning/code-version': only('planner', 'admin'),
  // responder safety: a team signals for itself (or the desk for it); every console sees, the desk acknowledges
  'POST /api/teams/{id}/emergency': TEAM_SELF,
  'GET /api/teams/{id}/emergency': { ...TEAM_SELF, admin: 'allow' },
  'POST /api/teams/{id}/emergency/acknowledge': DESK,
  'GET /api/emergencies': only('dispatcher', 'supervisor', 'admin'),
  'GET /api/calls/{id}/check-ins': { ...FIELD, admin: 'allow' },
  'POST /api/calls/{id}/check-ins': FIELD,
  'GET /api/check-in-misses': only('dispatcher', 'supervisor', 'admin'),
  'POST /api/check-in-misses/{id}/resolve': DESK,
  // facilities: everyone reads the list; a facility's staff (their own only: 403 for another's, 404 first for none),
  // the desk and admins report capacity; admins manage the list; the team records the hand-off at the door
  'GET /api/facilities': ALL,
  'GET /api/facilities/{id}': ALL,
  'POST /api/facilities': only('admin'),
  'PATCH /api/facilities/{id}': only('admin'),
  'POST /api/facilities/{id}/capacity': only('facility', 'dispatcher', 'supervisor', 'admin'),
  'POST /api/calls/{id}/handoff': FIELD,
  'GET /api/calls/{id}/transports': { ...FIELD, admin: 'allow' },
  'GET /api/reports/transports': only('planner', 'supervisor', 'admin')
}

/** The live stream (a websocket, not in the OpenAPI document): every signed-in role, nobody else. */
export const LIVE: Policy = ALL

/**
 * What the stream carries to each role: `all` every event as committed; `own` a responder's team's current calls
 * and other teams' positions (exact, no call id); `patterns` no call event at all and positions on the 500 m grid;
 * `none` nothing of calls or teams (a navigator calls people back after the fact).
 */
export const LIVE_VIEW: Record<Role, 'all' | 'own' | 'patterns' | 'none'> = {
  dispatcher: 'all',
  supervisor: 'all',
  admin: 'all',
  responder: 'own',
  planner: 'patterns',
  navigator: 'none',
  facility: 'none'
}

/** Valid bodies for the routes a responder may use only on their own team: sent for another team's, they must meet 403, not a 400. */
export const OWN_PROBE: Record<string, (now: string) => unknown> = {
  'POST /api/teams/{id}/shift': () => ({ onShift: false }),
  'POST /api/teams/{id}/status': () => ({ status: 'available' }),
  'POST /api/teams/{id}/position': (now) => ({ lat: 34.05, lon: -118.25, deviceTime: now }),
  'GET /api/calls/{id}': () => undefined,
  'POST /api/calls/{id}/refer': () => ({ to: 'police', reason: 'access matrix probe', unmetReason: 'other' }),
  'POST /api/calls/{id}/backup': () => ({ reason: 'access matrix probe' }),
  'POST /api/calls/{id}/status': () => ({ status: 'acknowledged' }),
  'POST /api/calls/{id}/close': () => ({ disposition: 'resolved_on_scene' }),
  'POST /api/calls/{id}/decline': () => ({ reason: 'access matrix probe' }),
  'POST /api/calls/{id}/notes': () => ({ text: 'access matrix probe' }),
  'POST /api/teams/{id}/emergency': () => ({}),
  'GET /api/teams/{id}/emergency': () => undefined,
  'GET /api/calls/{id}/check-ins': () => undefined,
  'POST /api/calls/{id}/check-ins': () => ({}),
  'POST /api/calls/{id}/follow-ups': (now) => ({ dueAt: now, reason: 'access matrix probe' }),
  'POST /api/calls/{id}/referrals': () => ({ service: 'access matrix probe' }),
  'POST /api/calls/{id}/handoff': () => ({ accepted: true }),
  'GET /api/calls/{id}/transports': () => undefined
}
