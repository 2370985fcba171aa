// Wire schemas for facilities (crisis care destinations) with their live capacity, the transports to them and the
// hand-off at the door (accepted, or turned away with a reason), and the transports report.
import { Type, type Static } from 'typebox'
import { NullableDateTime } from './common'
import { CellSchema } from './reports'
import { DESTINATION_KINDS, FACILITY_KINDS, TURN_AWAY_REASONS, type FacilityKind, type TurnAwayReason } from '../domain/destinations'

export { FACILITY_KINDS, DESTINATION_KINDS, type FacilityKind }
// the words for these codes live with the others (plain data the web app loads without the schemas below)
export { FACILITY_KIND_LABELS, TURN_AWAY_LABELS } from './labels'

export { TURN_AWAY_REASONS, type TurnAwayReason }

const Kind = Type.Enum([...FACILITY_KINDS], { description: FACILITY_KINDS.join(', ') })

export const CapacitySchema = Type.Object({
  available: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Beds or chairs free; null when never reported' }),
  accepting: Type.Union([Type.Boolean(), Type.Null()], { description: 'Taking people now; null when never reported' }),
  note: Type.Union([Type.String(), Type.Null()]),
  updatedAt: NullableDateTime,
  updatedBy: Type.Union([Type.String(), Type.Null()], { description: 'Who reported it (a name), or null' }),
  ageMinutes: Type.Union([Type.Integer(), Type.Null()], { description: 'Minutes since it was reported' }),
  stale: Type.Boolean({ description: 'Never reported, or older than CAPACITY_STALE_HOURS' }),
  demo: Type.Boolean({ description: "A demo figure, not a facility's report" })
})
export type Capacity = Static<typeof CapacitySchema>

export const FacilitySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  kind: Kind,
  address: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  phone: Type.Union([Type.String(), Type.Null()]),
  hours: Type.String({ description: 'Opening hours in words ("24/7")' }),
  accepts: Type.Array(Type.String(), { description: 'What it accepts, in words (e.g. "adults 18+", "walk-ins", "intoxicated")' }),
  capacity: CapacitySchema,
  retired: Type.Boolean(),
  version: Type.Integer(),
  distanceMiles: Type.Union([Type.Number(), Type.Null()], { description: 'Straight-line miles from `near`; null without it' }),
  etaMinutes: Type.Union([Type.Number(), Type.Null()], {
    description: 'Estimated travel minutes from `near` (the travel model); null without it'
  })
})
export type Facility = Static<typeof FacilitySchema>

export const FacilityListQuerySchema = Type.Object(
  {
    kind: Type.Optional(
      Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$', maxLength: 300, description: 'One kind or several, comma-separated' })
    ),
    near: Type.Optional(
      Type.String({ maxLength: 60, description: '"lat,lon": the nearest by travel time from there, those full or not accepting last' })
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'At most this many (default 200)' })),
    retired: Type.Optional(Type.Enum(['include'], { description: 'include: list retired facilities too' }))
  },
  { additionalProperties: false }
)
export type FacilityListQuery = Static<typeof FacilityListQuerySchema>

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })

export const CreateFacilitySchema = Type.Object(
  {
    name: Text(200),
    kind: Kind,
    address: Type.Optional(Type.String({ maxLength: 300 })),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
    hours: Type.Optional(Type.String({ maxLength: 300 })),
    accepts: Type.Optional(Type.Array(Text(100), { maxItems: 20 }))
  },
  { additionalProperties: false }
)
export type CreateFacility = Static<typeof CreateFacilitySchema>

export const UpdateFacilitySchema = Type.Object(
  {
    name: Type.Optional(Text(200)),
    kind: Type.Optional(Kind),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
    hours: Type.Optional(Type.String({ maxLength: 300 })),
    accepts: Type.Optional(Type.Array(Text(100), { maxItems: 20 })),
    retired: Type.Optional(
      Type.Boolean({ description: 'A retired facility is no longer offered as a destination (its transports stay)' })
    ),
    version: Type.Integer({ minimum: 1, description: 'The version read: a stale one is refused (409)' })
  },
  { additionalProperties: false, minProperties: 2 }
)
export type UpdateFacility = Static<typeof UpdateFacilitySchema>

export const CapacityBodySchema = Type.Object(
  {
    available: Type.Integer({ minimum: 0, maximum: 10000, description: 'Beds or chairs free now' }),
    accepting: Type.Boolean({ description: 'Taking people now' }),
    note: Type.Optional(
      Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
        description: 'A short note for the teams ("no female beds"); no personal data'
      })
    )
  },
  { additionalProperties: false }
)
export type CapacityBody = Static<typeof CapacityBodySchema>

export const HandoffBodySchema = Type.Object(
  {
    accepted: Type.Boolean({ description: 'true: the facility took the person; false: turned away' }),
    reason: Type.Optional(
      Type.Enum([...TURN_AWAY_REASONS], { description: `Required when turned away: ${TURN_AWAY_REASONS.join(', ')}` })
    ),
    deviceTime: Type.Optional(Type.String({ format: 'date-time', description: 'When it happened on the phone (offline replay)' }))
  },
  { additionalProperties: false }
)
export type HandoffBody = Static<typeof HandoffBodySchema>

export const TransportSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    callId: Type.String({ format: 'uuid' }),
    teamId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    facilityId: Type.String({ format: 'uuid' }),
    facilityName: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    handoffAt: NullableDateTime,
    accepted: Type.Union([Type.Boolean(), Type.Null()], { description: 'null until the hand-off is recorded' }),
    reason: Type.Union([Type.Enum([...TURN_AWAY_REASONS]), Type.Null()])
  },
  { description: "A transport of the call's person to a facility, and what happened at the door" }
)
export type Transport = Static<typeof TransportSchema>

export const TransportsQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Transports started at or after (default: 30 days ago)' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Transports started before (default: now)' }))
  },
  { additionalProperties: false }
)

export const TransportsReportSchema = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    byFacility: Type.Array(
      Type.Object({
        facilityId: Type.String({ format: 'uuid' }),
        name: Type.String(),
        kind: Kind,
        transports: CellSchema,
        accepted: CellSchema,
        turnedAway: CellSchema,
        pending: CellSchema
      }),
      { description: 'Transports by facility, most first' }
    ),
    turnAways: Type.Array(
      Type.Object({
        facilityId: Type.String({ format: 'uuid' }),
        name: Type.String(),
        reason: Type.Enum([...TURN_AWAY_REASONS]),
        count: CellSchema
      }),
      { description: 'Turn-aways by facility and reason' }
    ),
    turnAwaysByReason: Type.Array(Type.Object({ reason: Type.Enum([...TURN_AWAY_REASONS]), count: CellSchema }))
  },
  { description: 'Transports by facility and turn-aways by reason and facility; counts under 5 suppressed' }
)
export type TransportsReport = Static<typeof TransportsReportSchema>
