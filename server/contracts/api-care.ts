// The route table's facilities, follow-ups, geocoding, history import and interop routes (combined in api.ts).
import { EidoOutSchema, TransferResultSchema } from './interop'
import { Type } from 'typebox'
import { IdParams, errors } from './common'
import {
  CapacityBodySchema,
  CreateFacilitySchema,
  FacilityListQuerySchema,
  FacilitySchema,
  HandoffBodySchema,
  TransportSchema,
  TransportsQuerySchema,
  TransportsReportSchema,
  UpdateFacilitySchema
} from './facilities'
import {
  AttemptInputSchema,
  CompleteFollowUpSchema,
  CreateFollowUpSchema,
  CreateReferralSchema,
  FollowUpListSchema,
  FollowUpQuerySchema,
  FollowUpReportQuerySchema,
  FollowUpReportSchema,
  FollowUpSchema,
  ReferralSchema,
  UpdateReferralSchema
} from './followups'
import { GeocodeQuerySchema, GeocodeResultSchema, ReverseQuerySchema, ReverseResultSchema } from './geocoding'
import { CreateImportSchema, ImportRunSchema, PreviewRequestSchema, PreviewSchema } from './history'

export const CARE_ROUTES = {
  // facilities/facilities.routes.ts
  'GET /api/facilities': {
    querystring: FacilityListQuerySchema,
    response: { 200: Type.Array(FacilitySchema), ...errors(400, 401, 403) }
  },
  'GET /api/facilities/:id': { params: IdParams, response: { 200: FacilitySchema, ...errors(400, 401, 403, 404) } },
  'POST /api/facilities': { body: CreateFacilitySchema, response: { 201: FacilitySchema, ...errors(400, 401, 403) } },
  'PATCH /api/facilities/:id': {
    params: IdParams,
    body: UpdateFacilitySchema,
    response: { 200: FacilitySchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/facilities/:id/capacity': {
    params: IdParams,
    body: CapacityBodySchema,
    response: { 200: FacilitySchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/handoff': {
    params: IdParams,
    body: HandoffBodySchema,
    response: { 201: TransportSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'GET /api/calls/:id/transports': { params: IdParams, response: { 200: Type.Array(TransportSchema), ...errors(400, 401, 403, 404) } },
  'GET /api/reports/transports': {
    querystring: TransportsQuerySchema,
    response: { 200: TransportsReportSchema, ...errors(400, 401, 403) }
  },

  // followups/followups.routes.ts
  'POST /api/calls/:id/follow-ups': {
    params: IdParams,
    body: CreateFollowUpSchema,
    response: { 201: FollowUpSchema, ...errors(400, 401, 403, 404) }
  },
  'GET /api/reports/follow-ups': {
    querystring: FollowUpReportQuerySchema,
    response: { 200: FollowUpReportSchema, ...errors(400, 401, 403) }
  },
  'GET /api/follow-ups': { querystring: FollowUpQuerySchema, response: { 200: FollowUpListSchema, ...errors(400, 401, 403) } },
  'POST /api/follow-ups/:id/attempts': {
    params: IdParams,
    body: AttemptInputSchema,
    response: { 201: FollowUpSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/follow-ups/:id/complete': {
    params: IdParams,
    body: CompleteFollowUpSchema,
    response: { 200: FollowUpSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/referrals': {
    params: IdParams,
    body: CreateReferralSchema,
    response: { 201: ReferralSchema, ...errors(400, 401, 403, 404) }
  },
  'PATCH /api/referrals/:id': {
    params: IdParams,
    body: UpdateReferralSchema,
    response: { 200: ReferralSchema, ...errors(400, 401, 403, 404, 409) }
  },

  // geocoding/geocoding.routes.ts
  'GET /api/geocode': { querystring: GeocodeQuerySchema, response: { 200: GeocodeResultSchema, ...errors(400, 401, 403) } },
  'GET /api/geocode/reverse': { querystring: ReverseQuerySchema, response: { 200: ReverseResultSchema, ...errors(400, 401, 403) } },

  // history/history.routes.ts
  'POST /api/imports/preview': { body: PreviewRequestSchema, response: { 200: PreviewSchema, ...errors(400, 401, 403) } },
  'POST /api/imports': { body: CreateImportSchema, response: { 201: ImportRunSchema, ...errors(400, 401, 403) } },
  'PUT /api/imports/:id/file': { params: IdParams, response: { 200: ImportRunSchema, ...errors(400, 401, 403, 404) } },
  'GET /api/imports': { response: { 200: Type.Array(ImportRunSchema), ...errors(401, 403) } },
  'GET /api/imports/:id': { params: IdParams, response: { 200: ImportRunSchema, ...errors(400, 401, 403, 404) } },
  'DELETE /api/imports/:id': { params: IdParams, response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) } },
  'GET /api/imports/:id/rejects': {
    params: IdParams,
    response: { 200: Type.String({ description: 'CSV' }), ...errors(400, 401, 403, 404) }
  },
  'GET /api/imports/:id/rejects/raw': {
    params: IdParams,
    response: { 200: Type.String({ description: 'CSV' }), ...errors(400, 401, 403, 404) }
  },

  // interop/interop.routes.ts
  'GET /api/calls/:id/eido': { params: IdParams, response: { 200: EidoOutSchema, ...errors(400, 401, 403, 404) } },
  'POST /api/interop/eido': {
    body: Type.Object(
      {},
      {
        additionalProperties: true,
        description:
          'Emergency Incident Data Object (NENA-STA-021, eidoVersion 1.0) from the sending centre; the parts read are described in ' +
          'server/modules/interop/README.md'
      }
    ),
    response: { 200: TransferResultSchema, 201: TransferResultSchema, ...errors(400, 401, 403, 409) }
  }
}
