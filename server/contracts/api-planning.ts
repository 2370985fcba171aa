// The route table's planning, public, realtime and reports routes (combined in api.ts).
import { AppConfigSchema, DivisionOutlinesSchema } from './web'
import { Type } from 'typebox'
import { IdParams, errors, jsonOrCsv } from './common'
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

export const PLANNING_ROUTES = {
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
  }
}
