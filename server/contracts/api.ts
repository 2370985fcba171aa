// The route table: every /api route's method and path (its key), and its params, querystring, body and responses.
// Fastify registers its routes with these schemas (test/server/route-table.test.ts checks every entry against what the
// app registers), and the web app's client (web/api/client.ts) derives each call's input and answer from them, so a
// path, a body or an answer that does not match is a type error on both sides.
import { EidoOutSchema, TransferResultSchema } from './interop'
import { AppConfigSchema, DivisionOutlinesSchema } from './web'
import { Type } from 'typebox'
import { TrackQuerySchema, TrackSchema } from './positions'
import { AuditExportQuerySchema, AuditListSchema, AuditQuerySchema } from './audit'
import {
  AssignSchema,
  AssignmentResultSchema,
  BackupSchema,
  CallDetailSchema,
  CallListQuery,
  CallListSchema,
  CallNoteSchema,
  CallSchema,
  CancelSchema,
  CloseSchema,
  CreateCallSchema,
  DeclineSchema,
  FieldStatusSchema,
  NoteInputSchema,
  OverrideSchema,
  QueueEntrySchema,
  ReasonSchema,
  ReassignSchema,
  RecommendationsSchema,
  ReferSchema,
  UnassignSchema,
  UpdateCallSchema
} from './calls'
import { IdParams, errors, jsonOrCsv } from './common'
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
import {
  GeocodeQuerySchema,
  GeocodeResultSchema,
  LocateTransferSchema,
  ReverseQuerySchema,
  ReverseResultSchema,
  TransferToLocateSchema
} from './geocoding'
import { CreateImportSchema, ImportRunSchema, PreviewRequestSchema, PreviewSchema } from './history'
import { UnmetQuerySchema, UnmetReportSchema } from './outcomes'
import {
  DuplicateSchema,
  HistoryQuery,
  HistorySchema,
  ImportScenarioSchema,
  NewRunSchema,
  RenameSchema,
  RunInfoSchema,
  RunListQuery,
  RunSchema,
  ScenarioBodySchema,
  ScenarioIdParams,
  ScenarioInfoSchema,
  ScenarioSchema
} from './planning'
import { PublicSummaryQuerySchema, PublicSummarySchema } from './public'
import {
  AreaOutlinesSchema,
  AreaSetListSchema,
  DataRangesSchema,
  EquityQuerySchema,
  EquityReportSchema,
  IntervalsReportSchema,
  OutcomesReportSchema,
  ReportQuerySchema,
  TrendQuerySchema,
  TrendsReportSchema
} from './reports'
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
import {
  ChallengeSchema,
  ChangePasswordSchema,
  CreateUserAdminSchema,
  CreatedUserSchema,
  EnrolConfirmSchema,
  EnrolledSignInSchema,
  LoginSchema,
  NewPasswordSchema,
  PasswordResetResultSchema,
  PasswordResetSchema,
  RecoveryCodesSchema,
  SessionsEndedSchema,
  SignInResultSchema,
  TotpCodeSchema,
  TotpEnrolmentSchema,
  TotpStatusSchema,
  TotpStepSchema,
  UpdateUserSchema,
  UserAdminSchema,
  UserSchema
} from './users'

/** Each route as "METHOD /path", with its schemas. */
export const API = {
  // audit/audit.routes.ts
  'GET /api/audit': { querystring: AuditQuerySchema, response: { 200: AuditListSchema, ...errors(400, 401, 403) } },
  'GET /api/audit/export': {
    querystring: AuditExportQuerySchema,
    response: { 200: Type.String({ description: 'CSV' }), ...errors(400, 401, 403) }
  },

  // auth/auth.routes.ts
  'POST /api/auth/login': { body: LoginSchema, response: { 200: SignInResultSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/logout': { response: { 204: Type.Null(), ...errors(401) } },
  'GET /api/auth/me': { response: { 200: UserSchema, ...errors(401) } },
  'GET /api/users': { response: { 200: Type.Array(UserAdminSchema), ...errors(401, 403) } },
  'POST /api/users': { body: CreateUserAdminSchema, response: { 201: CreatedUserSchema, ...errors(400, 401, 403, 409) } },
  'GET /api/users/:id': { params: IdParams, response: { 200: UserAdminSchema, ...errors(400, 401, 403, 404) } },
  'PATCH /api/users/:id': {
    params: IdParams,
    body: UpdateUserSchema,
    response: { 200: UserAdminSchema, ...errors(400, 401, 403, 404, 409) }
  },

  // auth/sign-in.routes.ts
  'POST /api/auth/password': { body: NewPasswordSchema, response: { 200: SignInResultSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/totp': { body: TotpStepSchema, response: { 200: SignInResultSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/totp/enrol': { body: ChallengeSchema, response: { 200: TotpEnrolmentSchema, ...errors(400, 401, 409, 429) } },
  'POST /api/auth/totp/enrol/confirm': {
    body: EnrolConfirmSchema,
    response: { 200: EnrolledSignInSchema, ...errors(400, 401, 409, 429) }
  },
  'GET /api/auth/totp': { response: { 200: TotpStatusSchema, ...errors(401) } },
  'POST /api/auth/totp/setup': { response: { 200: TotpEnrolmentSchema, ...errors(401, 409) } },
  'POST /api/auth/totp/confirm': { body: TotpCodeSchema, response: { 200: RecoveryCodesSchema, ...errors(400, 401, 409, 429) } },
  'POST /api/auth/totp/recovery-codes': { body: TotpCodeSchema, response: { 200: RecoveryCodesSchema, ...errors(400, 401, 429) } },
  'POST /api/auth/me/password': {
    body: ChangePasswordSchema,
    response: {
      200: Type.Object({ sessionsEnded: Type.Integer({ description: 'My other sessions, now ended' }) }),
      ...errors(400, 401, 429)
    }
  },

  // auth/users-admin.routes.ts
  'POST /api/users/:id/password-reset': {
    params: IdParams,
    body: PasswordResetSchema,
    response: { 200: PasswordResetResultSchema, ...errors(400, 401, 403, 404) }
  },
  'DELETE /api/users/:id/sessions': { params: IdParams, response: { 200: SessionsEndedSchema, ...errors(400, 401, 403, 404) } },
  'POST /api/users/:id/totp-reset': { params: IdParams, response: { 200: UserAdminSchema, ...errors(400, 401, 403, 404) } },

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
  },

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
  },

  // planning/planning.routes.ts
  'GET /api/planning/scenarios': { response: { 200: Type.Array(ScenarioInfoSchema), ...errors(401, 403) } },
  'POST /api/planning/scenarios': { body: ScenarioBodySchema, response: { 201: ScenarioSchema, ...errors(400, 401, 403, 409, 422) } },
  'POST /api/planning/scenarios/import': {
    body: ImportScenarioSchema,
    response: { 201: ScenarioSchema, ...errors(400, 401, 403, 409, 422) }
  },
  'GET /api/planning/scenarios/:id': { params: ScenarioIdParams, response: { 200: ScenarioSchema, ...errors(400, 401, 403, 404) } },
  'GET /api/planning/scenarios/:id/export': {
    params: ScenarioIdParams,
    response: {
      200: {
        description: 'The scenario file',
        content: { 'application/json': { schema: Type.Record(Type.String(), Type.Unknown()) } }
      },
      ...errors(400, 401, 403, 404)
    }
  },
  'PUT /api/planning/scenarios/:id': {
    params: ScenarioIdParams,
    body: ScenarioBodySchema,
    response: { 200: ScenarioSchema, ...errors(400, 401, 403, 404, 409, 422) }
  },
  'PATCH /api/planning/scenarios/:id': {
    params: ScenarioIdParams,
    body: RenameSchema,
    response: { 200: ScenarioSchema, ...errors(400, 401, 403, 404, 409, 422) }
  },
  'POST /api/planning/scenarios/:id/duplicate': {
    params: ScenarioIdParams,
    body: DuplicateSchema,
    response: { 201: ScenarioSchema, ...errors(400, 401, 403, 404, 409, 422) }
  },
  'DELETE /api/planning/scenarios/:id': {
    params: ScenarioIdParams,
    response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409, 422) }
  },
  'GET /api/planning/runs': { querystring: RunListQuery, response: { 200: Type.Array(RunInfoSchema), ...errors(400, 401, 403) } },
  'POST /api/planning/runs': { body: NewRunSchema, response: { 201: RunInfoSchema, ...errors(400, 401, 403, 404, 409, 422) } },
  'GET /api/planning/runs/:id': { params: IdParams, response: { 200: RunSchema, ...errors(400, 401, 403, 404) } },
  'DELETE /api/planning/runs/:id': { params: IdParams, response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409, 422) } },
  'GET /api/planning/history': { querystring: HistoryQuery, response: { 200: HistorySchema, ...errors(400, 401, 403) } },
  'GET /api/planning/code-version': { response: { 200: Type.Object({ codeVersion: Type.String() }), ...errors(401, 403) } },

  // public/public.routes.ts
  'GET /api/public/summary': {
    querystring: PublicSummaryQuerySchema,
    response: {
      200: {
        description: 'Both tables (CSV: the one named by table=)',
        content: {
          'application/json': { schema: PublicSummarySchema },
          'text/csv': { schema: Type.String({ description: 'One table as CSV; suppressed cells read "suppressed"' }) }
        }
      },
      ...errors(400, 404)
    }
  },

  // realtime/realtime.routes.ts
  'GET /api/config': { response: { 200: AppConfigSchema } },
  'GET /api/geo/lapd-divisions': { response: { 200: DivisionOutlinesSchema } },

  // reports/reports.routes.ts
  'GET /api/reports/intervals': {
    querystring: ReportQuerySchema,
    response: { 200: jsonOrCsv(IntervalsReportSchema, 'The intervals table'), ...errors(400, 401, 403) }
  },
  'GET /api/reports/outcomes': {
    querystring: ReportQuerySchema,
    response: { 200: jsonOrCsv(OutcomesReportSchema, 'The outcomes table'), ...errors(400, 401, 403) }
  },
  'GET /api/reports/trends': {
    querystring: TrendQuerySchema,
    response: { 200: jsonOrCsv(TrendsReportSchema, 'One row per week (and series)'), ...errors(400, 401, 403) }
  },
  'GET /api/reports/equity': {
    querystring: EquityQuerySchema,
    response: { 200: jsonOrCsv(EquityReportSchema, 'Both tables (CSV: the one named by table=)'), ...errors(400, 401, 403) }
  },
  'GET /api/reports/unmet': {
    querystring: UnmetQuerySchema,
    response: { 200: jsonOrCsv(UnmetReportSchema, 'Every table (CSV: the one named by table=)'), ...errors(400, 401, 403) }
  },
  'GET /api/reports/sources': { response: { 200: DataRangesSchema, ...errors(401, 403) } },
  'GET /api/geo/areas': { response: { 200: AreaSetListSchema, ...errors(401) } },
  'GET /api/geo/areas/:id': {
    params: Type.Object({ id: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'Area set id' }) }),
    response: { 200: AreaOutlinesSchema, ...errors(400, 401, 404) }
  },

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

export type Api = typeof API
export type Route = keyof Api
