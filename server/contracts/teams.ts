// Wire schemas for care teams: roster, shift, status and position.
import { Type, type Static } from 'typebox'
import { CAPABILITIES, TEAM_KINDS, TEAM_STATUSES } from '../domain/types'
import { NullableDateTime } from './common'

const lit = <T extends string>(xs: readonly T[], description: string) => Type.Enum([...xs], { description })

export const TeamKindSchema = lit(TEAM_KINDS, 'crisis (clinician + peer), medic_crisis (EMT + clinician), outreach, traffic')
export const CapabilitySchema = lit(CAPABILITIES, 'A skill or resource the team brings')
export const TeamStatusSchema = lit(TEAM_STATUSES, 'Team status')
export const LanguageSchema = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639 language code, e.g. en, es, ko' })

export const TeamSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  callSign: Type.String(),
  kind: TeamKindSchema,
  capabilities: Type.Array(CapabilitySchema),
  languages: Type.Array(Type.String()),
  base: Type.Union([Type.Object({ name: Type.Union([Type.String(), Type.Null()]), lat: Type.Number(), lon: Type.Number() }), Type.Null()]),
  status: TeamStatusSchema,
  onShift: Type.Boolean(),
  shiftStartedAt: NullableDateTime,
  shiftEndsAt: NullableDateTime,
  position: Type.Union([Type.Object({
    lat: Type.Number(),
    lon: Type.Number(),
    at: Type.String({ format: 'date-time', description: 'Device time of the fix' }),
    ageSeconds: Type.Integer(),
    stale: Type.Boolean({ description: 'Older than the stale threshold: ETA uncertain' })
  }), Type.Null()]),
  currentCallId: Type.Union([Type.String(), Type.Null()]),
  statusChangedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' })
})
export type Team = Static<typeof TeamSchema>

const BaseSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 })
}, { additionalProperties: false })

export const CreateTeamSchema = Type.Object({
  callSign: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9 _-]*$' }),
  kind: TeamKindSchema,
  capabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true, description: 'Defaults to the kind\'s capabilities' })),
  languages: Type.Optional(Type.Array(LanguageSchema, { uniqueItems: true, maxItems: 12 })),
  base: Type.Optional(BaseSchema)
}, { additionalProperties: false })
export type CreateTeam = Static<typeof CreateTeamSchema>

export const UpdateTeamSchema = Type.Object({
  callSign: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9 _-]*$' })),
  kind: Type.Optional(TeamKindSchema),
  capabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true })),
  languages: Type.Optional(Type.Array(LanguageSchema, { uniqueItems: true, maxItems: 12 })),
  base: Type.Optional(BaseSchema)
}, { additionalProperties: false, minProperties: 1 })
export type UpdateTeam = Static<typeof UpdateTeamSchema>

export const ShiftSchema = Type.Object({
  onShift: Type.Boolean({ description: 'true starts the shift (team becomes available), false ends it' }),
  endsAt: Type.Optional(Type.String({ format: 'date-time', description: 'Planned end of the shift' }))
}, { additionalProperties: false })

export const TeamStatusChangeSchema = Type.Object({
  status: Type.Union([Type.Literal('available'), Type.Literal('out_of_service'), Type.Literal('recovering')], { description: 'Statuses a team sets outside a call; call statuses go through /api/calls/:id/status' }),
  deviceTime: Type.Optional(Type.String({ format: 'date-time' }))
}, { additionalProperties: false })

export const PositionSchema = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
  deviceTime: Type.String({ format: 'date-time', description: 'When the device took the fix' })
}, { additionalProperties: false })
