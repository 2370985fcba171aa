// Team positions on the wire: the live stream's batched `positions` message, and a team's track for review.
import { Type, type Static } from 'typebox'

export const LiveFixSchema = Type.Object(
  {
    teamId: Type.String({ format: 'uuid' }),
    lat: Type.Number(),
    lon: Type.Number(),
    accuracyMeters: Type.Optional(
      Type.Union([Type.Number(), Type.Null()], { description: 'Dispatch roles, and a responder for their own team' })
    ),
    at: Type.String({ format: 'date-time', description: 'Device time of the fix (planners: the minute)' })
  },
  { description: "A team's latest position as the viewer may see it (planners: the centre of its 500 m grid cell)" }
)
export type LiveFix = Static<typeof LiveFixSchema>

/**
 * The live stream's positions message. Positions are not events: they have no seq and are not replayed. Once a
 * second at most, each socket gets one message with every team that moved since the last one (`full: false`); a
 * socket that connects or reconnects gets the latest position of every team in one message (`full: true`).
 */
export const PositionsMessageSchema = Type.Object(
  {
    type: Type.Literal('positions'),
    full: Type.Boolean({
      description: "true: every team's latest position (after connecting); false: the teams that moved since the last message"
    }),
    teams: Type.Array(LiveFixSchema)
  },
  { description: 'Live stream message: team positions, batched (at most one a second per socket)' }
)
export type PositionsMessage = Static<typeof PositionsMessageSchema>

export const TrackFixSchema = Type.Object({
  at: Type.String({ format: 'date-time', description: 'Device time of the fix' }),
  receivedAt: Type.String({ format: 'date-time' }),
  lat: Type.Number(),
  lon: Type.Number(),
  accuracyMeters: Type.Union([Type.Number(), Type.Null()]),
  late: Type.Boolean({
    description: 'Older than the position the team held when it arrived (sent from an offline outbox): in the track, never on the map'
  })
})
export type TrackFix = Static<typeof TrackFixSchema>

export const TrackQuerySchema = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'Fixes taken at or after this time' }),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Fixes taken before this time (default: now)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 2000, description: 'Most fixes returned, oldest first' }))
  },
  { additionalProperties: false }
)
export type TrackQuery = Static<typeof TrackQuerySchema>

export const TrackSchema = Type.Object({
  teamId: Type.String({ format: 'uuid' }),
  fixes: Type.Array(TrackFixSchema, { description: 'Oldest first (device time), late fixes included' }),
  truncated: Type.Boolean({ description: 'More fixes than `limit` in the window: ask again from the last one' }),
  keptDays: Type.Integer({ description: 'Fixes are kept this many days after they arrive (POSITION_RETENTION_DAYS)' })
})
export type Track = Static<typeof TrackSchema>
