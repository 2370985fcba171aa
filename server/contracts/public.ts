// Wire schemas of the public summary (GET /api/public/summary, the /public page): per week and per area, de-identified,
// counts under 11 suppressed, no time finer than a day. No token: anyone may read it.
import { Type, type Static } from 'typebox'
import { CellSchema, SUPPRESSED, type Column, type ReportTable } from './reports'

/** The threshold CMS uses for public health data: a count of 1 to 10 is never shown, nor a figure that gives one away. */
export const PUBLIC_MIN_CELL = 11
/** Complete weeks (Monday to Sunday) the summary covers, ending with the last complete week. */
export const PUBLIC_WEEKS = 13

const col = (id: string, label: string, unit: Column['unit'], description: string): Column => ({ id, label, unit, description })

export const PUBLIC_COLUMNS: readonly Column[] = [
  col(
    'careEligible',
    'Calls a care team could take',
    'calls',
    'Calls triaged to a care-team response (alone, with EMS, or with police)'
  ),
  col('handledByCareTeam', 'Handled by a care team', 'calls', 'Of those, calls a care team reached'),
  col('coverage', 'Coverage', 'share', 'Handled by a care team ÷ calls a care team could take'),
  col('responseP50', 'Response median (min)', 'minutes', 'Median minutes from the call to a care team on scene'),
  col('responseP90', 'Response p90 (min)', 'minutes', '90th percentile of minutes from the call to a care team on scene'),
  col(
    'resolvedWithoutPolice',
    'Resolved without police',
    'calls',
    'Calls a care team could take that ended with no police response, referral, hand-off or backup'
  ),
  col(
    'resolvedWithoutPoliceShare',
    'Resolved without police (share)',
    'share',
    'Resolved without police ÷ calls a care team could take'
  ),
  col(
    'followUpsDone',
    'Follow-ups done',
    'calls',
    'Follow-up calls to people after a care-team contact, completed in the week (live calls only)'
  )
]

export const PublicSummaryQuerySchema = Type.Object(
  {
    format: Type.Optional(
      Type.Enum(['json', 'csv'], {
        default: 'json',
        description: 'json, or csv: one table as a spreadsheet, suppressed cells written "suppressed"'
      })
    ),
    table: Type.Optional(
      Type.Enum(['weeks', 'areas'], { default: 'weeks', description: 'Which table format=csv writes: one row per week, or per area' })
    ),
    area_set: Type.Optional(
      Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'Area set of the areas table (default: the first one)' })
    )
  },
  { additionalProperties: false }
)
export type PublicSummaryQuery = Static<typeof PublicSummaryQuerySchema>

const ColumnSchema = Type.Object({ id: Type.String(), label: Type.String(), unit: Type.String(), description: Type.String() })
const RowSchema = Type.Object({
  key: Type.String({ description: 'Week start (YYYY-MM-DD, a Monday) or area name' }),
  label: Type.String(),
  values: Type.Object(Object.fromEntries(PUBLIC_COLUMNS.map((c) => [c.id, CellSchema])), { additionalProperties: false })
})
const TableSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  sliceLabel: Type.String(),
  columns: Type.Array(ColumnSchema),
  rows: Type.Array(RowSchema),
  total: Type.Null({ description: 'No total row: it would let a suppressed cell be worked out by subtraction' })
})

export const PublicSummarySchema = Type.Object(
  {
    from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First day (a Monday, in timeZone)' }),
    to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day, inclusive (a Sunday)' }),
    timeZone: Type.String(),
    minCell: Type.Integer({
      description: `Counts from 1 to ${PUBLIC_MIN_CELL - 1} are written "${SUPPRESSED}", and so is any figure that would give one away`
    }),
    areaSet: Type.Union([Type.Object({ id: Type.String(), label: Type.String() }), Type.Null()]),
    simulated: Type.Boolean({
      description: "The period holds simulated calls (the demo's made-up past, source demo-simulated): these are not real figures"
    }),
    notes: Type.Array(Type.String(), { description: 'How to read the figures' }),
    weeks: TableSchema,
    areas: TableSchema
  },
  { description: 'Care-team calls per week and per area: de-identified, small counts suppressed, no time finer than a day' }
)

export interface PublicSummary {
  from: string
  to: string
  timeZone: string
  minCell: number
  areaSet: { id: string; label: string } | null
  simulated: boolean
  notes: string[]
  weeks: ReportTable & { total: null }
  areas: ReportTable & { total: null }
}
