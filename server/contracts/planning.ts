// Wire schemas of the planner's workspace: scenarios (the simulator's JSON file), runs, and the history a scenario
// is built from (times, triage results and areas only).
import { Type, type Static } from 'typebox'

const SCENARIO_ID = '^(shipped-[a-z0-9-]{1,60}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$'
const ScenarioId = (description: string) => Type.String({ pattern: SCENARIO_ID, description })

export const ScenarioIdParams = Type.Object({
  id: ScenarioId("A stored scenario's id, or shipped-NAME for a scenario shipped with the simulator")
})

export const ScenarioInfoSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  shipped: Type.Boolean({ description: 'Shipped with the simulator (simulations/scenarios): read-only, can be duplicated' }),
  author: Type.Union([Type.String(), Type.Null()], { description: 'Email of the planner who saved it; null for shipped ones' }),
  owner: Type.Union([Type.String(), Type.Null()], {
    description:
      'Email of the planner who owns it (may change and delete it, with admins); null for shipped ones and ones only admins may change'
  }),
  editable: Type.Boolean({ description: 'Whether you may change or delete it: you own it, or you are an admin (never a shipped one)' }),
  createdAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  sha256: Type.String({ description: "SHA-256 of the exported file, the hash a run's summary.json names" }),
  teams: Type.Integer({ description: 'Team units' }),
  callsPerDay: Type.Number()
})
export type ScenarioInfo = Static<typeof ScenarioInfoSchema>

export const ScenarioSchema = Type.Intersect([
  ScenarioInfoSchema,
  Type.Object({
    document: Type.Record(Type.String(), Type.Unknown(), {
      description: "The scenario file as JSON (validated by the simulator's schema)"
    })
  })
])

export const ScenarioBodySchema = Type.Object(
  {
    document: Type.Record(Type.String(), Type.Unknown(), {
      description: "A scenario, as `npm run simulate` reads it (checked by the simulator's schema)"
    })
  },
  { additionalProperties: false }
)

export const ImportScenarioSchema = Type.Object(
  {
    text: Type.String({ maxLength: 20_000_000, description: "The file's text, exactly as the CLI would read it" })
  },
  { additionalProperties: false }
)

export const RenameSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export const DuplicateSchema = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false }
)

export const RunKindSchema = Type.Enum(['simulation', 'replay'])

export const NewRunSchema = Type.Object(
  {
    scenarioId: ScenarioId('The scenario run (an id of GET /api/planning/scenarios)'),
    kind: RunKindSchema,
    codeVersion: Type.String({ minLength: 1, maxLength: 100 }),
    platform: Type.Enum(['browser', 'node']),
    elapsedMs: Type.Optional(Type.Integer({ minimum: 0 })),
    summary: Type.Record(Type.String(), Type.Unknown(), { description: 'summary.json as the simulator wrote it' })
  },
  { additionalProperties: false }
)

export const RunInfoSchema = Type.Object({
  id: Type.String(),
  scenarioId: Type.String(),
  scenarioName: Type.String(),
  scenarioSha256: Type.String(),
  kind: RunKindSchema,
  seed: Type.Integer(),
  replications: Type.Integer(),
  days: Type.Number(),
  codeVersion: Type.String(),
  platform: Type.String(),
  elapsedMs: Type.Union([Type.Integer(), Type.Null()]),
  author: Type.Union([Type.String(), Type.Null()]),
  owner: Type.Union([Type.String(), Type.Null()], { description: 'Email of the planner who owns it (may delete it, with admins)' }),
  editable: Type.Boolean({ description: 'Whether you may delete it: you own it, or you are an admin' }),
  createdAt: Type.String({ format: 'date-time' }),
  responseP90: Type.Union([Type.Number(), Type.Null()])
})
export type RunInfo = Static<typeof RunInfoSchema>

export const RunSchema = Type.Intersect([RunInfoSchema, Type.Object({ summary: Type.Record(Type.String(), Type.Unknown()) })])

export const RunListQuery = Type.Object(
  { scenario: Type.Optional(ScenarioId('Only the runs of this scenario')) },
  { additionalProperties: false }
)

export const HistoryQuery = Type.Object(
  {
    from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First day (report time zone)' }),
    to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day (report time zone), at most 366 days after from' }),
    source: Type.Optional(Type.Enum(['live', 'imported', 'both']))
  },
  { additionalProperties: false }
)

export const HistoryRecordSchema = Type.Object({
  minute: Type.Integer({
    description: 'Whole minutes from the Monday 00:00 (report time zone) on or before the first day (never the second)'
  }),
  source: Type.Enum(['live', 'imported']),
  category: Type.String(),
  response: Type.String(),
  priority: Type.Integer(),
  councilDistrict: Type.Union([Type.String(), Type.Null()], {
    description: 'null outside every district, or in one with fewer than 5 calls in the period (small areas are merged)'
  }),
  unmet: Type.Boolean({
    description: 'Unmet demand: care-team eligible, ended (closed, referred out or cancelled) with no care team on scene'
  }),
  lapdDivision: Type.Union([Type.String(), Type.Null()], {
    description: 'null outside every division, or in one with fewer than 5 calls in the period'
  }),
  turnoutMinutes: Type.Union([Type.Number(), Type.Null()]),
  onSceneMinutes: Type.Union([Type.Number(), Type.Null()]),
  responseMinutes: Type.Union([Type.Number(), Type.Null()])
})
export type HistoryRecord = Static<typeof HistoryRecordSchema>

export const RosterEntrySchema = Type.Object({
  kind: Type.String(),
  count: Type.Integer(),
  capabilities: Type.Array(Type.String()),
  baseName: Type.Union([Type.String(), Type.Null()]),
  baseLat: Type.Union([Type.Number(), Type.Null()]),
  baseLon: Type.Union([Type.Number(), Type.Null()])
})

export const HistorySchema = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    timeZone: Type.String(),
    startDay: Type.String({ description: 'The Monday minute 0 is, a local date' }),
    days: Type.Number({ description: 'Days from startDay to the end of the period' }),
    records: Type.Array(HistoryRecordSchema),
    truncated: Type.Boolean({ description: 'More calls than the workspace takes: the period was cut short' }),
    simulated: Type.Integer({
      description: "How many of the period's calls are simulated (the demo's made-up past, source demo-simulated), not real calls"
    }),
    placement: Type.Object(
      {
        inArea: Type.Integer({ description: 'Calls in a council district (the area scenarios place demand and replays in)' }),
        outside: Type.Integer({
          description: "Calls outside every council district (another city's history, or the edge of this one)"
        }),
        notPlaced: Type.Integer({ description: 'Calls with no location to place them by' })
      },
      { description: "Where the calls lie against the scenario's area, counted before small areas are merged" }
    ),
    careEligible: Type.Integer({
      description: 'Calls triaged to a care-team response (alone, with EMS, or with police): the calls a care team would take'
    }),
    warnings: Type.Array(
      Type.Object({
        code: Type.Enum(['outside_area', 'mostly_not_care']),
        message: Type.String()
      }),
      {
        description:
          'Why a scenario built from these calls, or their replay, may not describe the plan: shown before running and beside the results'
      }
    ),
    roster: Type.Array(RosterEntrySchema, { description: "Today's roster, teams grouped by kind, capabilities and base" })
  },
  { description: 'Calls of a period as times, triage results and areas only: no caller, address, coordinates or narrative' }
)
export type History = Static<typeof HistorySchema>
