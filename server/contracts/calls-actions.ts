// Wire schemas for a call's lifecycle actions (override, cancel, refer, close, assign …), recommendations and assignment results.
import { Type, type Static } from 'typebox'
import { FIELD_STATUSES } from '../domain/lifecycle'
import { CategorySchema, PrioritySchema, ResponseSchema } from './triage'
import { TeamSchema } from './teams'
import { UnmetReasonSchema } from './outcomes'
import { lit, DispositionSchema, ReferralTargetSchema, CancelCodeSchema, CallSchema, AssignmentSchema } from './calls'

export const OverrideSchema = Type.Object(
  {
    category: Type.Optional(CategorySchema),
    response: Type.Optional(ResponseSchema),
    priority: Type.Optional(PrioritySchema),
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Why the protocol was overridden (audited)' })
  },
  { additionalProperties: false }
)

export const ReasonSchema = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false })

export const CancelSchema = Type.Object(
  {
    reason: Type.String({ minLength: 3, maxLength: 1000, description: "What happened, in the dispatcher's words" }),
    code: Type.Optional(CancelCodeSchema)
  },
  { additionalProperties: false }
)

export const UnassignSchema = Type.Object(
  {
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Why the team is taken off the call' }),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'The version you saw; 409 if the call changed since' }))
  },
  { additionalProperties: false }
)

export const ReassignSchema = Type.Object(
  {
    teamId: Type.String({ format: 'uuid', description: 'The team that takes the call' }),
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Why the call goes to another team' }),
    override: Type.Optional(Type.Boolean({ description: 'Assign even if the team lacks a needed capability' })),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'The version you saw; 409 if the call changed since' }))
  },
  { additionalProperties: false }
)

export const DeclineSchema = Type.Object(
  {
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
    deviceTime: Type.Optional(
      Type.String({ format: 'date-time', description: 'When the team declined on the device (offline replay)' })
    )
  },
  { additionalProperties: false }
)

export const BackupSchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
    need: Type.Optional(
      Type.Union([Type.Literal('care_team'), Type.Literal('ems'), Type.Literal('police')], { description: 'What kind of help' })
    ),
    deviceTime: Type.Optional(Type.String({ format: 'date-time' }))
  },
  { additionalProperties: false }
)

export const ReferSchema = Type.Object(
  {
    to: ReferralTargetSchema,
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
    unmetReason: Type.Optional(UnmetReasonSchema)
  },
  { additionalProperties: false }
)

export const CloseSchema = Type.Object(
  {
    disposition: DispositionSchema,
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
    teamStatus: Type.Optional(
      Type.Union([Type.Literal('available'), Type.Literal('recovering')], {
        description: 'recovering: decompression time after a hard call'
      })
    ),
    deviceTime: Type.Optional(Type.String({ format: 'date-time' }))
  },
  { additionalProperties: false }
)

export const FieldStatusSchema = Type.Object(
  {
    status: lit(FIELD_STATUSES, 'The next field status, in order'),
    facilityId: Type.Optional(
      Type.String({ format: 'uuid', description: 'With transporting: the destination facility chosen (GET /api/facilities)' })
    ),
    deviceTime: Type.Optional(Type.String({ format: 'date-time', description: 'When it happened on the device (offline replay)' }))
  },
  { additionalProperties: false }
)

export const AssignSchema = Type.Object(
  {
    teamId: Type.String({ format: 'uuid' }),
    override: Type.Optional(Type.Boolean({ description: 'Assign even if the team lacks a needed capability' }))
  },
  { additionalProperties: false }
)

export const TeamOptionSchema = Type.Object({
  teamId: Type.String({ format: 'uuid' }),
  callSign: Type.String(),
  kind: Type.String(),
  status: Type.String({ description: 'The team status' }),
  onShift: Type.Boolean(),
  rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'Position in the recommendations (1 = best); null when the team is not recommended'
  }),
  etaMinutes: Type.Union([Type.Number(), Type.Null()], {
    description: 'Estimated travel from its last position (or base); null with neither'
  }),
  distanceMiles: Type.Union([Type.Number(), Type.Null()], { description: 'Straight-line distance to the call, in miles' }),
  stale: Type.Boolean({ description: 'Its position is stale or only its base' }),
  assignable: Type.Boolean({ description: 'Free to take the call now (on shift and available)' }),
  needsOverride: Type.Boolean({ description: 'Lacks a capability the call needs: assigning it needs override: true' }),
  lacks: Type.Array(Type.String(), { description: 'Capabilities the call needs that the team lacks (words)' }),
  failed: Type.Union([lit(['declined', 'ack_timeout'], 'It declined this call, or let its assignment time out'), Type.Null()]),
  reasons: Type.Array(Type.String(), {
    description: 'Why it is where it is, in words: its ranking reasons, or why it is not recommended'
  })
})
export type TeamOption = Static<typeof TeamOptionSchema>

export const RecommendationsSchema = Type.Object({
  callId: Type.String(),
  needs: Type.Array(Type.String()),
  recommendations: Type.Array(
    Type.Object({
      teamId: Type.String(),
      callSign: Type.String(),
      etaMinutes: Type.Number(),
      stale: Type.Boolean(),
      speaksLanguage: Type.Boolean(),
      reasons: Type.Array(Type.String())
    })
  ),
  shortfalls: Type.Array(Type.String()),
  teams: Type.Array(TeamOptionSchema, {
    description: 'Every team, for an informed override: ranked ones first in ranking order, then the others nearest first'
  })
})

export const AssignmentResultSchema = Type.Object({
  assignment: AssignmentSchema,
  call: CallSchema,
  team: TeamSchema
})
