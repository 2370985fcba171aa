// Wire schemas for care teams: roster, shift, status and position.
import { Type, type Static } from 'typebox'
import { CAPABILITIES, TEAM_KINDS, TEAM_STATUSES } from '../domain/types'
import { NullableDateTime } from './common'

const lit = <T extends string>(xs: readonly T[], description: string) => Type.Enum([...xs], { description })

export const TeamKindSchema = lit(TEAM_KINDS, 'crisis (clinician + peer), medic_crisis (EMT + clinician), outreach, traffic')
export const CapabilitySchema = lit(CAPABILITIES, 'A skill or resource the team brings')
export const TeamStatusSchema = lit(TEAM_STATUSES, 'Team status')
export const LanguageSchema = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639 language code, e.g. en, es, ko' })

export const NextShiftChangeSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: Type.Union([Type.Literal('start'), Type.Literal('end')]),
  afterCall: Type.Boolean({ description: 'The shift is over but the team is finishing its call: it goes off shift when the call ends' })
})
export type NextShiftChange = Static<typeof NextShiftChangeSchema>

/** Why a team is out of service: a break (rest or a meal) or a fault (words in contracts/labels.ts). */
export const OUT_OF_SERVICE_CODES = ['break', 'meal', 'vehicle', 'equipment', 'staffing', 'training', 'other'] as const
export type OutOfServiceCode = (typeof OUT_OF_SERVICE_CODES)[number]
export const OutOfServiceCodeSchema = lit(
  OUT_OF_SERVICE_CODES,
  'Why the team is out of service: break, meal, vehicle, equipment, staffing, training or other'
)

export const OutOfServiceSchema = Type.Object(
  {
    code: Type.Union([OutOfServiceCodeSchema, Type.Null()], {
      description: 'null: not said (set before reasons were kept, or by a phone that sent none)'
    }),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'In the words of whoever set it' }),
    since: Type.String({ format: 'date-time' }),
    expectedBackAt: NullableDateTime
  },
  { description: 'Why the team is out of service and when it is expected back' }
)
export type OutOfService = Static<typeof OutOfServiceSchema>

export const StaffSlotsSchema = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
  maxItems: 12,
  description: 'One entry per seat, e.g. ["clinician", "peer"]; defaults to the kind\'s usual staffing'
})

export const TeamSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  callSign: Type.String(),
  kind: TeamKindSchema,
  capabilities: Type.Array(CapabilitySchema),
  languages: Type.Array(Type.String()),
  base: Type.Union([
    Type.Object({ name: Type.Union([Type.String(), Type.Null()]), lat: Type.Number(), lon: Type.Number() }),
    Type.Null()
  ]),
  status: TeamStatusSchema,
  onShift: Type.Boolean(),
  shiftStartedAt: NullableDateTime,
  shiftEndsAt: NullableDateTime,
  position: Type.Union([
    Type.Object({
      lat: Type.Number(),
      lon: Type.Number(),
      at: Type.String({ format: 'date-time', description: 'Device time of the fix' }),
      ageSeconds: Type.Integer(),
      stale: Type.Boolean({ description: 'Older than the stale threshold: ETA uncertain' })
    }),
    Type.Null()
  ]),
  currentCallId: Type.Union([Type.String(), Type.Null()]),
  outOfService: Type.Union([OutOfServiceSchema, Type.Null()], {
    description: 'Set while the status is out_of_service, null otherwise'
  }),
  statusChangedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  staffSlots: Type.Array(Type.String(), { description: 'Who the team is staffed with, one entry per seat (e.g. clinician, peer)' }),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Retired teams keep their history, are never recommended and are left out of the roster by default'
  }),
  shiftSource: Type.Union([Type.Literal('rota'), Type.Literal('manual'), Type.Null()], {
    description: 'Who started the shift in progress: the rota scheduler or a person; null off shift'
  }),
  nextShiftChange: Type.Union([NextShiftChangeSchema, Type.Null()], {
    description:
      'The next start or end of a shift from the rota (or the planned end of a shift started by hand); null when none is known within a ' +
      'week'
  })
})
export type Team = Static<typeof TeamSchema>

const BaseSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 })
  },
  { additionalProperties: false }
)

export const CreateTeamSchema = Type.Object(
  {
    callSign: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9 _-]*$' }),
    kind: TeamKindSchema,
    capabilities: Type.Optional(
      Type.Array(CapabilitySchema, { uniqueItems: true, description: "Defaults to the kind's capabilities" })
    ),
    languages: Type.Optional(Type.Array(LanguageSchema, { uniqueItems: true, maxItems: 12 })),
    base: Type.Optional(BaseSchema),
    staffSlots: Type.Optional(StaffSlotsSchema)
  },
  { additionalProperties: false }
)
export type CreateTeam = Static<typeof CreateTeamSchema>

export const UpdateTeamSchema = Type.Object(
  {
    callSign: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9 _-]*$' })),
    kind: Type.Optional(TeamKindSchema),
    capabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true })),
    languages: Type.Optional(Type.Array(LanguageSchema, { uniqueItems: true, maxItems: 12 })),
    base: Type.Optional(BaseSchema),
    staffSlots: Type.Optional(StaffSlotsSchema)
  },
  { additionalProperties: false, minProperties: 1 }
)
export type UpdateTeam = Static<typeof UpdateTeamSchema>

export const ShiftSchema = Type.Object(
  {
    onShift: Type.Boolean({ description: 'true starts the shift (team becomes available), false ends it' }),
    endsAt: Type.Optional(Type.String({ format: 'date-time', description: 'Planned end of the shift' }))
  },
  { additionalProperties: false }
)

export const TeamStatusChangeSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('available'), Type.Literal('out_of_service'), Type.Literal('recovering')], {
      description:
        'Statuses a team sets outside a call; call statuses go through /api/calls/:id/status. Sending out_of_service again to a team ' +
        'already out of service changes its reason or expected return'
    }),
    code: Type.Optional(OutOfServiceCodeSchema),
    reason: Type.Optional(Type.String({ minLength: 3, maxLength: 500, description: 'Why, in words (out_of_service only)' })),
    expectedBackAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'When the team expects to be back (out_of_service only): in the future, within 24 hours'
      })
    ),
    deviceTime: Type.Optional(Type.String({ format: 'date-time' }))
  },
  { additionalProperties: false }
)
export type TeamStatusChange = Static<typeof TeamStatusChangeSchema>

export const PositionSchema = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
    deviceTime: Type.String({ format: 'date-time', description: 'When the device took the fix' })
  },
  { additionalProperties: false }
)

export const TeamListQuerySchema = Type.Object(
  {
    retired: Type.Optional(
      Type.Enum(['exclude', 'include', 'only'], { description: 'Retired teams: left out (default), listed too, or listed alone' })
    )
  },
  { additionalProperties: false }
)

// ------------------------------------------------------------------ rotas

const HHMM = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
  description: 'Local time "HH:MM" in TIME_ZONE; an end at or before the start runs overnight, an end equal to the start is a whole day'
})
const DATE = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Local date "YYYY-MM-DD" in TIME_ZONE' })

export const WeeklyShiftSchema = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday the shift starts on: 1 = Monday … 7 = Sunday' }),
    start: HHMM,
    end: HHMM
  },
  { additionalProperties: false }
)

export const RotaExceptionSchema = Type.Union([
  Type.Object(
    {
      date: DATE,
      off: Type.Literal(true, { description: 'No shift of the weekly pattern starts that day (a holiday, a school closure)' })
    },
    { additionalProperties: false }
  ),
  Type.Object({ date: DATE, start: HHMM, end: HHMM }, { additionalProperties: false, description: 'An extra shift that day' })
])

export const RotaSchema = Type.Object(
  {
    weekly: Type.Array(WeeklyShiftSchema, { maxItems: 70, description: 'The weekly pattern' }),
    exceptions: Type.Array(RotaExceptionSchema, { maxItems: 500, description: 'Dated exceptions: a day off, or an extra shift' })
  },
  { additionalProperties: false }
)
export type RotaBody = Static<typeof RotaSchema>

export const RotaResultSchema = Type.Object({
  teamId: Type.String({ format: 'uuid' }),
  weekly: Type.Array(WeeklyShiftSchema),
  exceptions: Type.Array(RotaExceptionSchema),
  timeZone: Type.String({ description: 'The zone the times are read in (TIME_ZONE)' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'null: the team has no rota (an empty one)'
  }),
  updatedBy: Type.Union([Type.String(), Type.Null()], { description: 'Email of who saved it last' }),
  version: Type.Integer({ description: '0 for a team without a rota' }),
  shifts: Type.Array(Type.Object({ start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) }), {
    description: 'The shifts this rota gives from today to a week ahead, merged where they touch (what the week grid draws)'
  }),
  nextShiftChange: Type.Union([NextShiftChangeSchema, Type.Null()])
})
export type RotaResult = Static<typeof RotaResultSchema>
