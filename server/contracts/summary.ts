// summary.json, the simulator's result (simulations/summary.ts, summarize()): written by the CLI and the planner's
// browser worker, saved with a run, read by the results screen, the comparison and the HTML report. Rounded figures
// are null where nothing was measured (no served call in a group, one replication for a confidence interval).
import { Type, type Static } from 'typebox'

const Figure = (description?: string) => Type.Union([Type.Number(), Type.Null()], description ? { description } : {})
const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) })

export const ResponseFiguresSchema = Type.Object(
  { p50: Figure(), p90: Figure(), mean: Figure() },
  { description: 'On scene − received, minutes' }
)
export const WaitFiguresSchema = Type.Object({ mean: Figure(), p90: Figure() }, { description: 'Queue wait before dispatch, minutes' })

/** The figures of one group of calls: all of them, a category, an area, a division, the youth calls. */
export const GroupSummarySchema = Type.Object({
  calls: Count('Calls in the group (the measured window of every replication)'),
  careTeamCalls: Count('Calls triage sent to a care team'),
  served: Count('Care-team calls a care team reached'),
  responseMinutes: ResponseFiguresSchema,
  waitMinutes: WaitFiguresSchema,
  pWait: Figure('Share of served calls that waited for a team'),
  withinTargetShare: Figure("Share of served calls on scene within their priority's target"),
  fallbackShare: Figure('Share of care-team calls referred to police because no team could come in time')
})
export type GroupSummary = Static<typeof GroupSummarySchema>

export const IntervalSummarySchema = Type.Object({
  count: Count(),
  missing: Count('Care-team calls where the interval was not measured (never counted as zero)'),
  p50: Figure(),
  p90: Figure(),
  mean: Figure()
})

export const SummarySchema = Type.Object(
  {
    scenario: Type.String({ description: "The scenario's name" }),
    scenarioSha256: Type.String({ description: 'SHA-256 of the scenario file run' }),
    seed: Type.Integer(),
    replications: Type.Integer({ minimum: 0 }),
    days: Type.Number({ description: 'Measured days per replication' }),
    warmupDays: Type.Number(),
    replay: Type.Union([Type.String(), Type.Null()], { description: "The replayed calls' file or label; null for generated demand" }),
    calls: Count(),
    callsPerDay: Figure(),
    careTeamCalls: Count(),
    served: Count(),
    referredByTriage: Count(),
    referredByTriageShare: Figure(),
    fallbackToPolice: Count(),
    fallbackShare: Figure(),
    unserved: Count(),
    responseMinutes: ResponseFiguresSchema,
    waitMinutes: WaitFiguresSchema,
    pWait: Figure(),
    withinTargetShare: Figure(),
    targetsMinutes: Type.Object(
      { 1: Type.Number(), 2: Type.Number(), 3: Type.Number() },
      { description: 'Response-time target per priority, minutes' }
    ),
    halfWidth95: Type.Object(
      {
        responseP50: Figure(),
        responseP90: Figure(),
        responseMean: Figure(),
        waitMean: Figure(),
        waitP90: Figure(),
        pWait: Figure(),
        withinTargetShare: Figure(),
        fallbackShare: Figure(),
        method: Type.String({ description: 'How the half-widths were estimated (replications or batch means)' }),
        utilization: Type.Record(Type.String(), Figure(), { description: 'By team kind (two replications or more)' })
      },
      { description: '95% confidence half-widths of the headline figures' }
    ),
    utilization: Type.Record(Type.String(), Figure(), { description: 'Busy ÷ on-shift time by team kind' }),
    utilizationByHour: Type.Record(Type.String(), Type.Array(Figure()), { description: 'By team kind, 24 hours of the day' }),
    teams: Type.Object({ total: Count(), byKind: Type.Record(Type.String(), Count()) }),
    overtimeMinutesPerDay: Figure(),
    maxQueueLength: Count(),
    intervals: Type.Record(Type.String(), IntervalSummarySchema, {
      description: 'NFPA/NENA intervals of care-team calls, by interval id'
    }),
    backup: Type.Object({ requests: Count(), responseMinutes: Type.Object({ p50: Figure(), p90: Figure() }) }),
    byCategory: Type.Record(Type.String(), GroupSummarySchema),
    youth: Type.Optional(
      Type.Intersect(
        [
          GroupSummarySchema,
          Type.Object({
            servedByYouthTeam: Count(),
            servedByYouthTeamShare: Figure()
          })
        ],
        { description: 'Calls with the youth need; absent when there were none' }
      )
    ),
    byArea: Type.Record(Type.String(), GroupSummarySchema, { description: 'By council district ("outside the city" for the rest)' }),
    byLapdDivision: Type.Record(Type.String(), GroupSummarySchema),
    events: Count('Simulation events processed')
  },
  { description: 'summary.json as the simulator writes it' }
)
export type Summary = Static<typeof SummarySchema>
