// Wire schemas for outcomes of care-eligible calls: the unmet-reason vocabulary and the unmet-demand report.
import { Type, type Static } from 'typebox'
import { UNMET_REASON_LABELS, UNMET_REASONS, type UnmetReason } from '../domain/outcomes'
import {
  CellSchema,
  RESPONSE_SCOPES,
  ResponsesParamSchema,
  SLICES,
  SOURCES,
  type Column,
  type ReportMeta,
  type ReportTable
} from './reports'
import { CategorySchema } from './triage'

export { UNMET_REASONS, UNMET_REASON_LABELS, type UnmetReason }

export const UnmetReasonSchema = Type.Enum([...UNMET_REASONS], {
  description:
    'Why a care-eligible call got no care team: no_team_on_shift, all_teams_busy, team_too_far, safety_concern, caller_declined, ' +
    'gone_on_arrival, dispatcher_judgement or other'
})

/** The reasons a report counts: the vocabulary, and not_recorded (imported history, or nothing said). */
export const REPORTED_REASONS = [...UNMET_REASONS, 'not_recorded'] as const

const DAY_OR_INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:\\d{2}))?$'

export const UnmetQuerySchema = Type.Object(
  {
    by: Type.Optional(
      Type.Enum([...SLICES], {
        default: 'none',
        description:
          'Slice of the main table: area (of area_set), category, response, priority, team_kind, youth, place_kind, hour, weekday, week; ' +
          'none for one row'
      })
    ),
    from: Type.Optional(
      Type.String({
        pattern: DAY_OR_INSTANT,
        description: 'First day (YYYY-MM-DD, in the report time zone) or instant (RFC 3339 with offset), inclusive'
      })
    ),
    to: Type.Optional(
      Type.String({
        pattern: DAY_OR_INSTANT,
        description: 'Last day, inclusive (YYYY-MM-DD), or an instant, exclusive (RFC 3339 with offset)'
      })
    ),
    source: Type.Optional(Type.Enum([...SOURCES], { default: 'both', description: 'live calls, imported history, or both' })),
    responses: ResponsesParamSchema,
    category: Type.Optional(CategorySchema),
    area_set: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z0-9_]*$',
        maxLength: 64,
        description: 'Area set for by=area, area= and the coverage by area (default: the first configured set)'
      })
    ),
    area: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only calls in this area of area_set' })),
    format: Type.Optional(
      Type.Enum(['json', 'csv'], {
        default: 'json',
        description: 'json, or csv: the table named by table= as a spreadsheet, suppressed cells written "suppressed"'
      })
    ),
    table: Type.Optional(
      Type.Enum(['main', 'area', 'hour', 'weekday', 'week', 'heat'], {
        default: 'main',
        description:
          'Which table format=csv writes: the main table (by=), coverage by area, hour, weekday or week, or the hour-by-weekday grid'
      })
    )
  },
  { additionalProperties: false }
)
export type UnmetQuery = Static<typeof UnmetQuerySchema>

const col = (id: string, label: string, unit: Column['unit'], description: string): Column => ({ id, label, unit, description })

export const UNMET_COLUMNS: readonly Column[] = [
  col('eligible', 'Care-team eligible', 'calls', 'Calls triaged to a care-team response (alone, with EMS, or with police)'),
  col('served', 'Served by a care team', 'calls', 'Care-team eligible and a care team reached the scene'),
  col('servedOnTime', 'Served on time', 'calls', "Served, and dispatched within the priority's target"),
  col('servedLate', 'Served late', 'calls', "Served, but waited for a team longer than the priority's target"),
  col('notServed', 'Not served', 'calls', 'Ended (closed, referred out or cancelled) with no care team on scene'),
  ...REPORTED_REASONS.map((r) =>
    col(
      r,
      `Not served: ${UNMET_REASON_LABELS[r].toLowerCase()}`,
      'calls',
      r === 'not_recorded'
        ? 'No reason recorded: imported history, or a call that ended with none said'
        : `Not served, reason: ${UNMET_REASON_LABELS[r]}`
    )
  ),
  col('open', 'Still open', 'calls', 'Care-team eligible calls with no outcome yet (waiting, or a team on the way)'),
  col('coverage', 'Coverage (share)', 'share', 'Served ÷ care-team eligible')
]

export const COVERAGE_COLUMNS: readonly Column[] = [
  col('eligible', 'Care-team eligible', 'calls', 'Calls triaged to a care-team response'),
  col('served', 'Served by a care team', 'calls', 'A care team reached the scene'),
  col('notServed', 'Not served', 'calls', 'Ended with no care team on scene'),
  col('coverage', 'Coverage (share)', 'share', 'Served ÷ care-team eligible')
]

const ColumnSchema = Type.Object({ id: Type.String(), label: Type.String(), unit: Type.String(), description: Type.String() })

function tableSchema (columns: readonly Column[], description: string) {
  const row = Type.Object({
    key: Type.String({
      description: 'The slice value (area name, hour 00–23, ISO weekday 1–7, week start YYYY-MM-DD; heat: "weekday-hour", e.g. "1-08")'
    }),
    label: Type.String(),
    values: Type.Object(Object.fromEntries(columns.map((c) => [c.id, CellSchema])), { additionalProperties: false })
  })
  // Its columns are data, so its TypeScript type is ReportTable (what the client reads), not the schema's
  return Type.Unsafe<ReportTable>(
    Type.Object(
      {
        id: Type.String(),
        title: Type.String(),
        sliceLabel: Type.String(),
        columns: Type.Array(ColumnSchema),
        rows: Type.Array(row),
        total: Type.Union([row, Type.Null()])
      },
      { description }
    )
  )
}

export const UnmetReportSchema = Type.Object({
  report: Type.String(),
  by: Type.String(),
  areaSet: Type.Union([Type.String(), Type.Null()]),
  from: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  to: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  source: Type.Enum([...SOURCES]),
  responses: Type.Enum([...RESPONSE_SCOPES]),
  category: Type.Union([CategorySchema, Type.Null()]),
  area: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.String(),
  minCell: Type.Integer(),
  notes: Type.Array(Type.String()),
  reasons: Type.Array(Type.Object({ id: Type.String(), label: Type.String() }), {
    description: 'The reason vocabulary, with not_recorded last'
  }),
  table: tableSchema(
    UNMET_COLUMNS,
    'Eligible, served (on time, late), not served by reason, still open, coverage; one row per slice value'
  ),
  coverage: Type.Object({
    area: Type.Union([tableSchema(COVERAGE_COLUMNS, 'Coverage by area of area_set'), Type.Null()], {
      description: 'null when no area set is configured'
    }),
    hour: tableSchema(COVERAGE_COLUMNS, 'Coverage by hour of day'),
    weekday: tableSchema(COVERAGE_COLUMNS, 'Coverage by day of week'),
    week: tableSchema(COVERAGE_COLUMNS, 'Coverage by week')
  }),
  heat: tableSchema(COVERAGE_COLUMNS, 'Hour by weekday: one row per weekday and hour that had eligible calls (key "weekday-hour")')
})

export type UnmetReport = ReportMeta & {
  reasons: Array<{ id: string; label: string }>
  table: ReportTable
  coverage: { area: ReportTable | null; hour: ReportTable; weekday: ReportTable; week: ReportTable }
  heat: ReportTable
}
