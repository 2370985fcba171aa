// Wire schemas for the reports: query parameters, table cells and rows, and the report documents (columns: report-columns.ts).
import { Type, type Static, type TSchema } from 'typebox'
import { STAMPS } from '../domain/intervals'
import {
  EQUITY_AREA_COLUMNS,
  EQUITY_GROUP_COLUMNS,
  INTERVAL_COLUMNS,
  OUTCOME_COLUMNS,
  TREND_COLUMNS,
  type Column
} from './report-columns'
import { CategorySchema } from './triage'

// the columns live beside this file; re-exported so the report's importers keep one place to import from
export {
  EQUITY_AREA_COLUMNS,
  EQUITY_GROUP_COLUMNS,
  INTERVAL_COLUMNS,
  OUTCOME_COLUMNS,
  TREND_COLUMNS,
  type Column,
  type Unit
} from './report-columns'

export const MIN_CELL = 5
export const SUPPRESSED = 'suppressed'
/** A figure the records cannot give (e.g. resolved without police, for imported CAD records that do not say who came). */
export const NOT_RECORDED = 'not recorded'

export const SLICES = [
  'none',
  'area',
  'category',
  'response',
  'priority',
  'team_kind',
  'youth',
  'place_kind',
  'hour',
  'weekday',
  'week'
] as const
export type Slice = (typeof SLICES)[number]
/** Trends are weekly; `by` then splits each week into one series per value. */
export const TREND_SLICES = ['none', 'area', 'category', 'response', 'priority', 'team_kind', 'youth', 'place_kind'] as const
export const SOURCES = ['live', 'imported', 'both'] as const
export type SourceFilter = (typeof SOURCES)[number]
/** Which calls the response figures cover: those triaged to a care-team response, or every call of the period. */
export const RESPONSE_SCOPES = ['care', 'all'] as const
export type ResponseScope = (typeof RESPONSE_SCOPES)[number]
export const ResponsesParamSchema = Type.Optional(
  Type.Enum([...RESPONSE_SCOPES], {
    default: 'care',
    description:
      'care: response figures over calls triaged to a care-team response; all: over every call of the period ' +
      '(by=response sets police, EMS, fire and the care responses side by side)'
  })
)

const DAY_OR_INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:\\d{2}))?$'

const common = {
  from: Type.Optional(
    Type.String({
      pattern: DAY_OR_INSTANT,
      description:
        'First day (YYYY-MM-DD, in the report time zone) or instant (RFC 3339 with offset), inclusive. An instant is widened to the ' +
        'start of its day (planners) or hour (supervisors, admins)'
    })
  ),
  to: Type.Optional(
    Type.String({
      pattern: DAY_OR_INSTANT,
      description:
        'Last day, inclusive (YYYY-MM-DD), or an instant, exclusive (RFC 3339 with offset), widened to the end of the day (planners) or ' +
        'hour (supervisors, admins) it falls in'
    })
  ),
  source: Type.Optional(Type.Enum([...SOURCES], { default: 'both', description: 'live calls, imported history, or both' })),
  responses: ResponsesParamSchema,
  category: Type.Optional(CategorySchema),
  area_set: Type.Optional(
    Type.String({
      pattern: '^[a-z][a-z0-9_]*$',
      maxLength: 64,
      description: 'Area set for by=area, area= and the equity view (default: the first configured set, see GET /api/geo/areas)'
    })
  ),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only calls in this area of area_set' })),
  format: Type.Optional(
    Type.Enum(['json', 'csv'], {
      default: 'json',
      description: 'json, or csv: the table as a spreadsheet, suppressed cells written "suppressed"'
    })
  )
}

export const ReportQuerySchema = Type.Object(
  {
    by: Type.Optional(
      Type.Enum([...SLICES], {
        default: 'none',
        description:
          'Slice: area (of area_set), category, response, priority, team_kind, youth (youth calls against the rest), place_kind (home, ' +
          'street, school, …), hour (of day), weekday, week; none for one row'
      })
    ),
    ...common
  },
  { additionalProperties: false }
)
export type ReportQuery = Static<typeof ReportQuerySchema>

export const TrendQuerySchema = Type.Object(
  {
    by: Type.Optional(
      Type.Enum([...TREND_SLICES], { default: 'none', description: 'One weekly series per value of this slice; none for one series' })
    ),
    ...common
  },
  { additionalProperties: false }
)

export const EquityQuerySchema = Type.Object(
  {
    ...common,
    table: Type.Optional(
      Type.Enum(['areas', 'groups'], {
        default: 'areas',
        description: 'Which table format=csv writes: every area ranked, or high-need areas against the rest'
      })
    )
  },
  { additionalProperties: false }
)
export type EquityQuery = Static<typeof EquityQuerySchema>

export const CellSchema = Type.Union([Type.Number(), Type.Literal(SUPPRESSED), Type.Literal(NOT_RECORDED), Type.Null()], {
  description:
    `A figure; "${SUPPRESSED}" when fewer than ${MIN_CELL} calls are behind it (never shown as zero); "${NOT_RECORDED}" when the records ` +
    'do not say (the notes say why); null when there is nothing to measure'
})
export type Cell = number | typeof SUPPRESSED | typeof NOT_RECORDED | null

const ColumnSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  unit: Type.Enum(['calls', 'minutes', 'share', 'per_day', 'rank', 'flag', 'areas']),
  description: Type.String()
})

function rowSchema (columns: readonly Column[]): TSchema {
  return Type.Object({
    key: Type.String({
      description: 'The slice value (area name, category, hour 00–23, ISO weekday 1–7, week start YYYY-MM-DD; "all" for the whole)'
    }),
    label: Type.String({ description: 'The slice value as a person reads it' }),
    series: Type.Optional(Type.String({ description: 'Trends: the series this row belongs to' })),
    values: Type.Object(Object.fromEntries(columns.map((c) => [c.id, CellSchema])), { additionalProperties: false })
  })
}

function tableSchema (columns: readonly Column[], description: string) {
  // Its columns are data, so its TypeScript type is ReportTable (what the client reads), not the schema's
  return Type.Unsafe<ReportTable>(
    Type.Object(
      {
        id: Type.String(),
        title: Type.String(),
        sliceLabel: Type.String({ description: 'What the rows are (the first CSV column)' }),
        columns: Type.Array(ColumnSchema),
        rows: Type.Array(rowSchema(columns)),
        total: Type.Union([rowSchema(columns), Type.Null()], { description: 'All rows together (null when there is one row)' })
      },
      { description }
    )
  )
}

const MetaSchema = {
  report: Type.String(),
  by: Type.String(),
  areaSet: Type.Union([Type.String(), Type.Null()]),
  from: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Start of the period (inclusive instant)' }),
  to: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'End of the period (exclusive instant)' }),
  source: Type.Enum([...SOURCES]),
  responses: Type.Enum([...RESPONSE_SCOPES], {
    description: 'Which calls the response figures cover (care: care-team responses; all: every call)'
  }),
  category: Type.Union([CategorySchema, Type.Null()]),
  area: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.String({ description: 'Days, hours, weekdays and weeks are in this time zone (TIME_ZONE)' }),
  minCell: Type.Integer({ description: 'Cells with fewer calls than this are suppressed' }),
  notes: Type.Array(Type.String(), { description: 'How to read the figures' })
}

export const IntervalsReportSchema = Type.Object({
  ...MetaSchema,
  definitions: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      start: Type.Enum([...STAMPS]),
      end: Type.Enum([...STAMPS]),
      description: Type.String()
    })
  ),
  table: tableSchema(INTERVAL_COLUMNS, 'Count, missing, median and 90th percentile of every interval')
})
export const OutcomesReportSchema = Type.Object({
  ...MetaSchema,
  table: tableSchema(OUTCOME_COLUMNS, 'Who handled the calls and how they ended')
})
export const TrendsReportSchema = Type.Object({
  ...MetaSchema,
  table: tableSchema(TREND_COLUMNS, 'One row per week (and series), oldest first')
})
export const EquityReportSchema = Type.Object({
  ...MetaSchema,
  days: Type.Union([Type.Number(), Type.Null()], { description: 'Days in the period, for the per-day rates' }),
  areas: tableSchema(EQUITY_AREA_COLUMNS, 'Every area of the set, with its ranks'),
  groups: tableSchema(
    EQUITY_GROUP_COLUMNS,
    'The high-need areas (the quarter with the most care-team eligible calls per day) against the rest'
  )
})

export interface ReportRow {
  key: string
  label: string
  series?: string
  values: Record<string, Cell>
}
export interface ReportTable {
  id: string
  title: string
  sliceLabel: string
  columns: Column[]
  rows: ReportRow[]
  total: ReportRow | null
}
export interface ReportMeta {
  report: string
  by: string
  areaSet: string | null
  from: string | null
  to: string | null
  source: SourceFilter
  responses: ResponseScope
  category: Static<typeof CategorySchema> | null
  area: string | null
  timeZone: string
  minCell: number
  notes: string[]
}
export type IntervalsReport = ReportMeta & {
  definitions: Array<{ id: string; label: string; start: (typeof STAMPS)[number]; end: (typeof STAMPS)[number]; description: string }>
  table: ReportTable
}
export type OutcomesReport = ReportMeta & { table: ReportTable }
export type TrendsReport = ReportMeta & { table: ReportTable }
export type EquityReport = ReportMeta & { days: number | null; areas: ReportTable; groups: ReportTable }

export const AreaSetListSchema = Type.Array(
  Type.Object({
    id: Type.String(),
    label: Type.String(),
    areas: Type.Array(Type.String(), { description: 'Area names, as reports key them' })
  })
)
export type AreaSetList = Static<typeof AreaSetListSchema>

/** The data a report can read, per source: live calls, and each imported source; days in the report time zone. */
export const DataRangesSchema = Type.Object(
  {
    timeZone: Type.String(),
    sources: Type.Array(
      Type.Object({
        source: Type.Enum(['live', 'imported'], { description: 'live, or imported' }),
        name: Type.String({ description: '"live", or the source an import named (e.g. sdpd)' }),
        first: Type.String({ description: 'First day with a call (YYYY-MM-DD)' }),
        last: Type.String({ description: 'Last day with a call (YYYY-MM-DD)' }),
        calls: CellSchema
      }),
      { description: 'Live calls first, then each imported source by name' }
    )
  },
  { description: 'Where the data is: the days each source covers, for opening the reports on the data present' }
)
export type DataRanges = Static<typeof DataRangesSchema>

/** An area set's outlines, as the reports map draws them. */
export const AreaOutlinesSchema = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        properties: Type.Object({ name: Type.String({ description: 'The area name, as reports key it' }) }),
        geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) })
      })
    )
  },
  { description: 'GeoJSON FeatureCollection (sent pre-serialized and cached)' }
)
