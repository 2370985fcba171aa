// The route table's safety, teams and triage routes (combined in api.ts).
import { Type } from 'typebox'
import { TrackQuerySchema, TrackSchema } from './positions'
import { IdParams, errors } from './common'
import {
  CheckInBodySchema,
  CheckInMissSchema,
  CheckInStatusSchema,
  EmergencyBodySchema,
  EmergencyListQuerySchema,
  EmergencySchema,
  MissListQuerySchema,
  ResolveMissSchema,
  TeamEmergencyAnswerSchema
} from './safety'
import {
  CreateTeamSchema,
  PositionSchema,
  RotaResultSchema,
  RotaSchema,
  ShiftSchema,
  TeamListQuerySchema,
  TeamSchema,
  TeamStatusChangeSchema,
  UpdateTeamSchema
} from './teams'
import {
  ProtocolCheckSchema,
  ProtocolDiffBodySchema,
  ProtocolDiffResultSchema,
  ProtocolImpactBodySchema,
  ProtocolImpactSchema,
  ProtocolInForceSchema,
  ProtocolListSchema,
  ProtocolUploadResultSchema,
  ProtocolVersionSchema,
  ProtocolVersionWithDocumentSchema,
  TriageInputSchema,
  TriageResultSchema,
  VersionParams
} from './triage'

export const TEAM_ROUTES = {
  // safety/safety.routes.ts
  'POST /api/teams/:id/emergency': {
    params: IdParams,
    body: EmergencyBodySchema,
    response: { 201: EmergencySchema, 200: EmergencySchema, ...errors(400, 401, 403, 404, 422) }
  },
  'POST /api/teams/:id/emergency/acknowledge': {
    params: IdParams,
    response: { 200: EmergencySchema, ...errors(400, 401, 403, 404, 409) }
  },
  'GET /api/teams/:id/emergency': { params: IdParams, response: { 200: TeamEmergencyAnswerSchema, ...errors(400, 401, 403, 404) } },
  'GET /api/emergencies': {
    querystring: EmergencyListQuerySchema,
    response: { 200: Type.Array(EmergencySchema), ...errors(400, 401, 403) }
  },
  'GET /api/calls/:id/check-ins': { params: IdParams, response: { 200: CheckInStatusSchema, ...errors(400, 401, 403, 404) } },
  'POST /api/calls/:id/check-ins': {
    params: IdParams,
    body: CheckInBodySchema,
    response: { 201: CheckInStatusSchema, ...errors(400, 401, 403, 404, 409, 422) }
  },
  'GET /api/check-in-misses': {
    querystring: MissListQuerySchema,
    response: { 200: Type.Array(CheckInMissSchema), ...errors(400, 401, 403) }
  },
  'POST /api/check-in-misses/:id/resolve': {
    params: IdParams,
    body: ResolveMissSchema,
    response: { 200: CheckInMissSchema, ...errors(400, 401, 403, 404, 409, 422) }
  },

  // teams/team-admin.routes.ts
  'POST /api/teams/:id/retire': { params: IdParams, response: { 200: TeamSchema, ...errors(400, 401, 403, 404, 409) } },
  'POST /api/teams/:id/reinstate': { params: IdParams, response: { 200: TeamSchema, ...errors(400, 401, 403, 404, 409) } },
  'GET /api/teams/:id/rota': { params: IdParams, response: { 200: RotaResultSchema, ...errors(400, 401, 403, 404) } },
  'PUT /api/teams/:id/rota': {
    params: IdParams,
    body: RotaSchema,
    response: { 200: RotaResultSchema, ...errors(400, 401, 403, 404, 409) }
  },

  // teams/teams.routes.ts
  'GET /api/teams': { querystring: TeamListQuerySchema, response: { 200: Type.Array(TeamSchema), ...errors(400, 401, 403) } },
  'GET /api/teams/:id': { params: IdParams, response: { 200: TeamSchema, ...errors(400, 401, 403, 404) } },
  'POST /api/teams': { body: CreateTeamSchema, response: { 201: TeamSchema, ...errors(400, 401, 403, 409) } },
  'PATCH /api/teams/:id': {
    params: IdParams,
    body: UpdateTeamSchema,
    response: { 200: TeamSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/teams/:id/shift': {
    params: IdParams,
    body: ShiftSchema,
    response: { 200: TeamSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/teams/:id/status': {
    params: IdParams,
    body: TeamStatusChangeSchema,
    response: { 200: TeamSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/teams/:id/position': {
    params: IdParams,
    body: PositionSchema,
    response: { 200: TeamSchema, ...errors(400, 401, 403, 404) }
  },
  'GET /api/teams/:id/track': {
    params: IdParams,
    querystring: TrackQuerySchema,
    response: { 200: TrackSchema, ...errors(400, 401, 403, 404) }
  },

  // triage/triage.routes.ts
  'POST /api/triage': { body: TriageInputSchema, response: { 200: TriageResultSchema, ...errors(400, 401, 403) } },
  'GET /api/triage/protocol': { response: { 200: ProtocolInForceSchema, ...errors(401, 403) } },
  'GET /api/triage/protocols': { response: { 200: ProtocolListSchema, ...errors(401, 403) } },
  'GET /api/triage/protocols/:version': {
    params: VersionParams,
    response: { 200: ProtocolVersionWithDocumentSchema, ...errors(400, 401, 403, 404) }
  },
  'POST /api/triage/protocols': {
    body: { type: 'object', description: 'A triage protocol document' },
    response: { 200: ProtocolUploadResultSchema, 201: ProtocolUploadResultSchema, ...errors(400, 401, 403, 409, 422) }
  },
  'POST /api/triage/protocols/:version/activate': {
    params: VersionParams,
    response: { 200: ProtocolVersionSchema, ...errors(400, 401, 403, 404, 409, 422) }
  },
  'POST /api/triage/protocols/:version/diff': {
    params: VersionParams,
    body: ProtocolDiffBodySchema,
    response: { 200: ProtocolDiffResultSchema, ...errors(400, 401, 403, 404, 422) }
  },
  'POST /api/triage/protocols/validate': {
    body: { type: 'object', description: 'A triage protocol document' },
    response: { 200: ProtocolCheckSchema, ...errors(400, 401, 403) }
  },
  'POST /api/triage/protocols/:version/impact': {
    params: VersionParams,
    body: ProtocolImpactBodySchema,
    response: { 200: ProtocolImpactSchema, ...errors(400, 401, 403, 404, 409) }
  }
}
