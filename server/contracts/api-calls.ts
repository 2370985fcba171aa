// The route table's call routes: calls, transfers to locate, dispatch (combined in api.ts).
import { Type } from 'typebox'
import {
  CallDetailSchema,
  CallListQuery,
  CallListSchema,
  CallNoteSchema,
  CallSchema,
  CreateCallSchema,
  NoteInputSchema,
  QueueEntrySchema,
  UpdateCallSchema
} from './calls'
import {
  AssignSchema,
  AssignmentResultSchema,
  BackupSchema,
  CancelSchema,
  CloseSchema,
  DeclineSchema,
  FieldStatusSchema,
  OverrideSchema,
  ReasonSchema,
  ReassignSchema,
  RecommendationsSchema,
  ReferSchema,
  UnassignSchema
} from './calls-actions'
import { IdParams, errors } from './common'
import { LocateTransferSchema, TransferToLocateSchema } from './geocoding'

export const CALL_ROUTES = {
  // calls/calls.routes.ts
  'POST /api/calls': { body: CreateCallSchema, response: { 201: CallSchema, ...errors(400, 401, 403, 409, 422) } },
  'GET /api/calls': { querystring: CallListQuery, response: { 200: CallListSchema, ...errors(400, 401, 403) } },
  'GET /api/calls/:id': { params: IdParams, response: { 200: CallDetailSchema, ...errors(400, 401, 403, 404) } },
  'PATCH /api/calls/:id': {
    params: IdParams,
    body: UpdateCallSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/triage-override': {
    params: IdParams,
    body: OverrideSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/cancel': {
    params: IdParams,
    body: CancelSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/requeue': {
    params: IdParams,
    body: ReasonSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/notes': {
    params: IdParams,
    body: NoteInputSchema,
    response: { 201: CallNoteSchema, ...errors(400, 401, 403, 404) }
  },
  'POST /api/calls/:id/refer': {
    params: IdParams,
    body: ReferSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/backup': {
    params: IdParams,
    body: BackupSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/status': {
    params: IdParams,
    body: FieldStatusSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/close': {
    params: IdParams,
    body: CloseSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },

  // calls/to-locate.routes.ts
  'GET /api/transfers/to-locate': {
    querystring: Type.Object(
      { all: Type.Optional(Type.Boolean({ description: 'Also the located and dismissed ones (last 500)' })) },
      { additionalProperties: false }
    ),
    response: { 200: Type.Object({ items: Type.Array(TransferToLocateSchema) }), ...errors(400, 401, 403) }
  },
  'GET /api/transfers/to-locate/:id': { params: IdParams, response: { 200: TransferToLocateSchema, ...errors(400, 401, 403, 404) } },
  'POST /api/transfers/to-locate/:id/locate': {
    params: IdParams,
    body: LocateTransferSchema,
    response: { 201: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/transfers/to-locate/:id/dismiss': {
    params: IdParams,
    body: ReasonSchema,
    response: { 200: TransferToLocateSchema, ...errors(400, 401, 403, 404, 409) }
  },

  // dispatch/dispatch.routes.ts
  'GET /api/queue': { response: { 200: Type.Array(QueueEntrySchema), ...errors(401, 403) } },
  'GET /api/calls/:id/recommendations': { params: IdParams, response: { 200: RecommendationsSchema, ...errors(400, 401, 403, 404) } },
  'POST /api/calls/:id/assignments': {
    params: IdParams,
    body: AssignSchema,
    response: { 201: AssignmentResultSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/unassign': {
    params: IdParams,
    body: UnassignSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/reassign': {
    params: IdParams,
    body: ReassignSchema,
    response: { 200: AssignmentResultSchema, ...errors(400, 401, 403, 404, 409) }
  },
  'POST /api/calls/:id/decline': {
    params: IdParams,
    body: DeclineSchema,
    response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) }
  }
}
