// Scenario files: the planner's inputs (demand, teams, times, dispatch policy) as a TypeBox schema, which
// gives the types, the validation and the JSON Schema editors use (scenario.schema.json). Errors name the
// field, e.g. "teams[2].base.lat: must be a number". Pure: the web app validates with the same code.
import { Type, type Static, type TSchema } from 'typebox'
import { CAPABILITIES, MAX_PERSON_AGE, PLACE_KINDS, RESPONSES, TEAM_KINDS } from '../server/domain/types'
import { QUESTION_IDS } from '../server/domain/triage/types'
import { FACILITY_TYPES } from '../server/lib/la-data-parse'
import { schemaErrors } from '../server/lib/schema-errors'
import { DEMAND_CATEGORIES, ScenarioError } from './scenario-core'

export { DEMAND_CATEGORIES, ScenarioError, type DemandCategory } from './scenario-core'

const Minutes = (description?: string) => Type.Number({ minimum: 0, description })
const Positive = (description?: string) => Type.Number({ exclusiveMinimum: 0, description })
const Probability = (description?: string) => Type.Number({ minimum: 0, maximum: 1, description })
const Priority = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], { description: '1 immediate, 2 urgent, 3 routine' })
const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, WGS84' })
const Lon = Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, WGS84' })
/** An object with one optional entry per demand category. */
const PerCategory = <T extends TSchema>(value: T, options: object = {}) =>
  Type.Object(
    {
      mental_health: Type.Optional(value),
      substance_use: Type.Optional(value),
      traffic_safety: Type.Optional(value)
    },
    { additionalProperties: false, ...options }
  )
const Weights = (n: number, description: string) => Type.Array(Type.Number({ minimum: 0 }), { minItems: n, maxItems: n, description })

export const DistSchema = Type.Union(
  [
    Type.Object({ dist: Type.Literal('fixed'), value: Minutes() }, { additionalProperties: false }),
    Type.Object({ dist: Type.Literal('exponential'), mean: Positive() }, { additionalProperties: false }),
    Type.Object({ dist: Type.Literal('lognormal'), mean: Positive(), sd: Positive() }, { additionalProperties: false }),
    Type.Object({ dist: Type.Literal('uniform'), min: Minutes(), max: Minutes() }, { additionalProperties: false }),
    Type.Object({ dist: Type.Literal('empirical'), values: Type.Array(Minutes(), { minItems: 1 }) }, { additionalProperties: false })
  ],
  { description: 'A distribution of minutes' }
)
export type Dist = Static<typeof DistSchema>

const AnswersSchema = Type.Object(
  Object.fromEntries(
    QUESTION_IDS.map((q) => [q, Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('unknown')]))])
  ),
  { additionalProperties: false, description: 'Screening answers the call-taker would have' }
)

export const MixEntrySchema = Type.Object(
  {
    callType: Type.Optional(Type.String({ description: 'Upstream CAD call type; the call goes through triage with it' })),
    narrative: Type.Optional(Type.String()),
    answers: Type.Optional(AnswersSchema),
    response: Type.Optional(
      Type.Enum([...RESPONSES], { description: 'Without a callType (validation cases), the response is given directly' })
    ),
    priority: Type.Optional(Priority),
    overdose: Type.Optional(Type.Boolean({ description: 'Overdose calls need a naloxone-carrying team' })),
    personAge: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_PERSON_AGE,
        description: 'Approximate age of the person, as the intake records it (triage reads it)'
      })
    ),
    placeKind: Type.Optional(Type.Enum([...PLACE_KINDS], { description: 'Kind of place, as the intake records it (triage reads it)' })),
    weight: Type.Number({ minimum: 0, description: 'Relative share within the category' })
  },
  { additionalProperties: false }
)
export type MixEntry = Static<typeof MixEntrySchema>

export const SpatialSchema = Type.Union(
  [
    Type.Object({ model: Type.Literal('even') }, { additionalProperties: false }),
    Type.Object(
      {
        model: Type.Literal('custom'),
        weights: Type.Record(Type.String(), Type.Number({ minimum: 0 }), {
          description: 'Weight per council district or LAPD division name'
        }),
        defaultWeight: Type.Optional(Type.Number({ minimum: 0 }))
      },
      { additionalProperties: false }
    ),
    Type.Object(
      {
        model: Type.Literal('hotspots'),
        hotspots: Type.Array(
          Type.Object(
            { name: Type.Optional(Type.String()), lat: Lat, lon: Lon, radiusMiles: Positive(), weight: Type.Number({ minimum: 0 }) },
            { additionalProperties: false }
          )
        ),
        background: Type.Optional(Type.Number({ minimum: 0 }))
      },
      { additionalProperties: false }
    ),
    Type.Object(
      {
        model: Type.Literal('points'),
        points: Type.Array(
          Type.Object({ lat: Lat, lon: Lon, weight: Type.Optional(Type.Number({ minimum: 0 })) }, { additionalProperties: false }),
          { minItems: 1 }
        )
      },
      { additionalProperties: false }
    )
  ],
  { description: 'Where demand falls' }
)
export type Spatial = Static<typeof SpatialSchema>

export const TeamSpecSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    kind: Type.Enum([...TEAM_KINDS]),
    count: Type.Optional(Type.Integer({ minimum: 1 })),
    capabilities: Type.Optional(Type.Array(Type.Enum([...CAPABILITIES]), { description: "Defaults to the kind's capabilities" })),
    base: Type.Union([
      Type.Object({ station: Type.String({ description: 'An LAFD station number, e.g. "003"' }) }, { additionalProperties: false }),
      Type.Object({ lat: Lat, lon: Lon, name: Type.Optional(Type.String()) }, { additionalProperties: false })
    ]),
    shift: Type.Optional(
      Type.Object(
        {
          startHour: Type.Number({ minimum: 0, maximum: 24, description: 'Hours from the start of the day' }),
          hours: Type.Number({ exclusiveMinimum: 0, maximum: 24 }),
          days: Type.Optional(
            Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { description: 'Monday = 0; without days, every day' })
          )
        },
        { additionalProperties: false, description: 'Without a shift the team is always on' }
      )
    )
  },
  { additionalProperties: false }
)
export type TeamSpec = Static<typeof TeamSpecSchema>

export const YouthDemandSchema = Type.Object(
  {
    callsPerDay: Type.Number({
      minimum: 0,
      description: 'Youth and school calls a day (on average over the week), beyond the category demand'
    }),
    schoolDay: Type.Object(
      {
        startHour: Type.Number({ minimum: 0, maximum: 24, description: 'Hours from the start of the day, e.g. 7' }),
        hours: Type.Number({ exclusiveMinimum: 0, maximum: 24, description: 'e.g. 10 for 07:00-17:00' }),
        days: Type.Optional(
          Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, description: 'Monday = 0; default Monday to Friday' })
        )
      },
      { additionalProperties: false, description: 'The school day: when most youth calls come' }
    ),
    schoolDayShare: Probability('Share of youth calls that come during the school day; the rest spread evenly over the other hours'),
    mix: Type.Array(MixEntrySchema, {
      minItems: 1,
      description:
        'Call types of youth calls, each triaged (give personAge and placeKind as the intake would): the protocol decides category, ' +
        'response and the youth need'
    })
  },
  { additionalProperties: false, description: 'Youth and school demand with a school-day profile' }
)
export type YouthDemand = Static<typeof YouthDemandSchema>

export const ScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'The JSON Schema of this file, for editors' })),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    assumptions: Type.Optional(Type.Array(Type.String())),
    sources: Type.Optional(Type.Array(Type.String())),
    days: Type.Optional(Positive('Simulated days')),
    warmupDays: Type.Optional(Type.Number({ minimum: 0 })),
    replications: Type.Optional(Type.Integer({ minimum: 1 })),
    seed: Type.Optional(Type.Integer({ minimum: 0 })),
    region: Type.Optional(
      Type.Enum(['la_city', 'la_county'], { description: "Tracts inside the city's council districts, or the whole county" })
    ),
    demand: Type.Object(
      {
        callsPerDay: PerCategory(Type.Number({ minimum: 0 }), { minProperties: 1 }),
        hourOfDay: Type.Optional(Weights(24, 'Relative weights, hour 0 = midnight')),
        dayOfWeek: Type.Optional(Weights(7, 'Relative weights, Monday first')),
        hourOfWeek: Type.Optional(Weights(168, 'Relative weights, Monday 00:00 first; overrides hourOfDay × dayOfWeek')),
        mix: PerCategory(Type.Array(MixEntrySchema)),
        youth: Type.Optional(YouthDemandSchema),
        spatial: SpatialSchema
      },
      { additionalProperties: false }
    ),
    teams: Type.Array(TeamSpecSchema, { minItems: 1 }),
    times: Type.Object(
      {
        turnoutMinutes: DistSchema,
        onSceneMinutes: PerCategory(DistSchema),
        transport: Type.Optional(
          Type.Object(
            {
              probability: PerCategory(Probability()),
              destinations: PerCategory(Type.Array(Type.Enum([...FACILITY_TYPES]))),
              handoffMinutes: DistSchema
            },
            { additionalProperties: false }
          )
        ),
        backup: Type.Optional(Type.Object({ probability: Probability(), onSceneMinutes: DistSchema }, { additionalProperties: false })),
        recovery: Type.Optional(
          Type.Object(
            {
              afterOnSceneMinutes: Minutes('Recovery follows a call with more on-scene time than this'),
              minutes: Minutes(),
              afterTransport: Type.Optional(Type.Boolean())
            },
            { additionalProperties: false }
          )
        )
      },
      { additionalProperties: false }
    ),
    dispatch: Type.Optional(
      Type.Object(
        {
          agingMinutesPerLevel: Type.Optional(Positive()),
          youthPreferenceMinutes: Type.Optional(
            Type.Number({
              minimum: 0,
              description:
                'A youth team goes first on a youth call unless another team is more than this many minutes closer (default 15, as live; ' +
                '0: nearest team)'
            })
          ),
          fallback: Type.Optional(
            Type.Object(
              {
                maxMinutes: Minutes('Refer a call to police when no care team can arrive within this (turnout + travel)'),
                priorities: Type.Optional(Type.Array(Priority))
              },
              { additionalProperties: false }
            )
          )
        },
        { additionalProperties: false }
      )
    ),
    travel: Type.Optional(
      Type.Object(
        {
          circuity: Type.Optional(Positive()),
          a: Type.Optional(Positive()),
          b: Type.Optional(Positive()),
          c: Type.Optional(Positive()),
          crossoverMiles: Type.Optional(Positive()),
          speedFactor: Type.Optional(Positive())
        },
        { additionalProperties: false }
      )
    ),
    targets: Type.Object(
      {
        responseMinutes: Type.Object(
          { 1: Positive(), 2: Positive(), 3: Positive() },
          { additionalProperties: false, description: 'Response-time target per priority, minutes' }
        )
      },
      { additionalProperties: false }
    ),
    sites: Type.Optional(
      Type.Object(
        {
          candidates: Type.Union([
            Type.Literal('fire_stations'),
            Type.Array(Type.Object({ name: Type.String(), lat: Lat, lon: Lon }, { additionalProperties: false }))
          ]),
          coverMinutes: Type.Optional(Positive())
        },
        { additionalProperties: false, description: 'Candidate bases for `site`: LAFD stations or listed points' }
      )
    )
  },
  { additionalProperties: false, title: 'care dispatch simulation scenario' }
)
export type Scenario = Static<typeof ScenarioSchema>

/** Rules across fields, which a schema cannot say. */
function crossFieldErrors (s: Scenario): string[] {
  const errors: string[] = []
  const withDemand = DEMAND_CATEGORIES.filter((k) => s.demand.callsPerDay[k] !== undefined)
  for (const k of withDemand) {
    if ((s.demand.mix[k] ?? []).length === 0) errors.push(`demand.mix.${k}: must list at least one entry for a category with demand`)
    if (s.times.onSceneMinutes[k] === undefined) errors.push(`times.onSceneMinutes.${k}: is required for a category with demand`)
  }
  for (const k of DEMAND_CATEGORIES) {
    ;(s.demand.mix[k] ?? []).forEach((e, i) => {
      if (e.callType === undefined && e.response === undefined) {
        errors.push(`demand.mix.${k}[${i}]: needs a callType (triaged) or a response`)
      }
    })
  }
  s.demand.youth?.mix.forEach((e, i) => {
    if (e.callType === undefined) {
      errors.push(`demand.youth.mix[${i}].callType: youth calls are triaged: give the call type (and personAge, placeKind)`)
    }
  })
  if (s.demand.youth !== undefined && s.demand.youth.mix.every((e) => e.weight === 0)) {
    errors.push('demand.youth.mix: weights must not all be zero')
  }
  const y = s.demand.youth
  if (y !== undefined && y.schoolDayShare < 1 && y.schoolDay.hours * (y.schoolDay.days ?? [0, 1, 2, 3, 4]).length >= 168) {
    errors.push('demand.youth.schoolDayShare: the school day covers the whole week, so the share must be 1')
  }
  for (const key of ['hourOfDay', 'dayOfWeek', 'hourOfWeek'] as const) {
    if (s.demand[key]?.every((x) => x === 0)) errors.push(`demand.${key}: must not be all zero`)
  }
  const dists: Array<[string, Dist | undefined]> = [
    ['times.turnoutMinutes', s.times.turnoutMinutes],
    ...DEMAND_CATEGORIES.map((k): [string, Dist | undefined] => [`times.onSceneMinutes.${k}`, s.times.onSceneMinutes[k]]),
    ['times.transport.handoffMinutes', s.times.transport?.handoffMinutes],
    ['times.backup.onSceneMinutes', s.times.backup?.onSceneMinutes]
  ]
  for (const [path, d] of dists) if (d?.dist === 'uniform' && d.max < d.min) errors.push(`${path}.max: must be at least min`)
  return errors
}

/** Validates a parsed scenario; throws ScenarioError listing every problem. */
export function validateScenario (raw: unknown, source = 'scenario'): Scenario {
  const errors = schemaErrors(ScenarioSchema, raw)
  if (errors.length > 0) throw new ScenarioError(errors, source)
  const s = raw as Scenario
  const more = crossFieldErrors(s)
  if (more.length > 0) throw new ScenarioError(more, source)
  return s
}
