// Wire schemas for responder safety: the emergency signal (SOS), timed check-ins on scene and the
// check-ins missed, with who acknowledged or resolved them.
import { Type, type Static } from 'typebox'
import { NullableDateTime } from './common'

const Position = Type.Union(
  [
    Type.Object({
      lat: Type.Number(),
      lon: Type.Number(),
      at: Type.String({ format: 'date-time', description: 'When the position was taken' })
    }),
    Type.Null()
  ],
  { description: "Where the team was: the phone's fix sent with the signal, else the team's last known position" }
)

const Person = Type.Union([Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String() }), Type.Null()])

export const EmergencyBodySchema = Type.Object(
  {
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
    deviceTime: Type.Optional(
      Type.String({ format: 'date-time', description: 'When the button was held on the phone (an outbox may send it late)' })
    )
  },
  { additionalProperties: false }
)
export type EmergencyBody = Static<typeof EmergencyBodySchema>

export const EmergencySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    teamId: Type.String({ format: 'uuid' }),
    callSign: Type.String(),
    callId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The call the team was on, if any' }),
    raisedAt: Type.String({ format: 'date-time', description: 'When the server received it' }),
    deviceTime: Type.String({ format: 'date-time' }),
    position: Position,
    presses: Type.Integer({ description: 'How many times the team signalled while it was open' }),
    lastPressedAt: Type.String({ format: 'date-time' }),
    acknowledgedAt: NullableDateTime,
    acknowledgedBy: Type.Union([Person], { description: 'The dispatcher or supervisor who acknowledged it; null while open' })
  },
  { description: 'An emergency signal from a team: open until a dispatcher or supervisor acknowledges it' }
)
export type Emergency = Static<typeof EmergencySchema>

export const TeamEmergencyAnswerSchema = Type.Object({
  emergency: Type.Union([EmergencySchema, Type.Null()], {
    description: 'The open one, else the last one acknowledged within the hour; null when none'
  })
})

export const EmergencyListQuerySchema = Type.Object(
  {
    recentMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1440, description: 'Also list those acknowledged within this many minutes (default 30)' })
    )
  },
  { additionalProperties: false }
)

export const MISS_RESOLUTIONS = ['team_ok', 'reached_by_radio', 'help_sent', 'other'] as const
export type MissResolution = (typeof MISS_RESOLUTIONS)[number]

export const CheckInBodySchema = Type.Object(
  {
    deviceTime: Type.Optional(Type.String({ format: 'date-time', description: 'When "All OK" was tapped on the phone' }))
  },
  { additionalProperties: false }
)

export const CheckInMissSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    callId: Type.String({ format: 'uuid' }),
    teamId: Type.String({ format: 'uuid' }),
    callSign: Type.String(),
    dueAt: Type.String({ format: 'date-time', description: 'When the check-in was due' }),
    raisedAt: Type.String({ format: 'date-time' }),
    position: Position,
    checkedInSince: NullableDateTime,
    resolvedAt: NullableDateTime,
    resolvedBy: Person,
    resolution: Type.Union([Type.Enum([...MISS_RESOLUTIONS]), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()])
  },
  { description: 'A check-in not answered within the grace period' }
)
export type CheckInMiss = Static<typeof CheckInMissSchema>

export const CheckInStatusSchema = Type.Object({
  callId: Type.String({ format: 'uuid' }),
  teamId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  intervalSeconds: Type.Integer({ description: 'CHECK_IN_SECONDS' }),
  graceSeconds: Type.Integer({ description: 'CHECK_IN_GRACE_SECONDS' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the next "All OK?" is due; null when the team is not on scene or at a facility'
  }),
  lastCheckInAt: NullableDateTime,
  checkIns: Type.Array(Type.String({ format: 'date-time' }), { description: 'Check-ins on this call, oldest first' }),
  misses: Type.Array(CheckInMissSchema)
})
export type CheckInStatus = Static<typeof CheckInStatusSchema>

export const MissListQuerySchema = Type.Object(
  {
    recentMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1440, description: 'Also list those resolved within this many minutes (default 30)' })
    )
  },
  { additionalProperties: false }
)

export const ResolveMissSchema = Type.Object(
  {
    resolution: Type.Enum([...MISS_RESOLUTIONS], { description: 'team_ok, reached_by_radio, help_sent or other' }),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 }))
  },
  { additionalProperties: false }
)
export type ResolveMiss = Static<typeof ResolveMissSchema>
