// Wire schemas for calls: intake, details, lifecycle actions, queue, recommendations and assignments.
import { Type, type Static } from 'typebox'
import { CALL_STATUSES } from '../domain/types'
import { DISPOSITION_CODES } from '../domain/lifecycle'
import { DomainEventSchema, type DomainEvent } from './events'
import {
  AnswersSchema,
  CategorySchema,
  PersonAgeSchema,
  PlaceKindSchema,
  PrioritySchema,
  ResponseSchema,
  TriageResultSchema
} from './triage'
import { LanguageSchema } from './teams'
import { NullableDateTime } from './common'
import { LocationMismatchSchema, LocationSourceSchema, NearestCornerSchema } from './geocoding'

export const lit = <T extends string>(xs: readonly T[], description: string) => Type.Enum([...xs], { description })

export const CALL_SOURCES = ['911_transfer', '988_transfer', 'phone', 'field', 'api'] as const
export type CallSource = (typeof CALL_SOURCES)[number]
export const CallSourceSchema = lit(CALL_SOURCES, 'How the call reached us')
export const CallStatusSchema = lit(CALL_STATUSES, 'Call status')
export const DispositionSchema = lit(DISPOSITION_CODES, 'How the call ended (controlled vocabulary)')
export const REFERRAL_TARGETS = ['police', 'ems', 'fire', 'phone_988', 'other'] as const
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number]
export const ReferralTargetSchema = lit(REFERRAL_TARGETS, 'Where the call is handed')
/** Why a call was cancelled, as a centre records it (words in contracts/labels.ts). */
export const CANCEL_CODES = [
  'caller_cancelled',
  'duplicate',
  'resolved_before_arrival',
  'unable_to_contact',
  'unfounded',
  'entered_in_error',
  'other'
] as const
export type CancelCode = (typeof CANCEL_CODES)[number]
export const CancelCodeSchema = lit(
  CANCEL_CODES,
  'Why the call was cancelled: caller_cancelled, duplicate, resolved_before_arrival, unable_to_contact, unfounded, entered_in_error or ' +
    'other'
)

const LocationInput = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, WGS84' }),
    lon: Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, WGS84' }),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    source: Type.Optional(
      Type.Union([LocationSourceSchema, Type.Null()], {
        description:
          'Where the point came from: geocoded (a search result chosen), map_click, typed_coordinates, 911_transfer; null or absent: not ' +
          'said'
      })
    ),
    label: Type.Optional(
      Type.Union([Type.String({ maxLength: 300 }), Type.Null()], {
        description: 'The chosen search result\'s label, or what a map click filled in ("near Main & 5th (40 m)")'
      })
    )
  },
  { additionalProperties: false }
)

const Text = (max: number, description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()], { description }))

export const CreateCallSchema = Type.Object(
  {
    location: LocationInput,
    narrative: Text(8000, "Caller's account"),
    callType: Text(200, 'Upstream CAD call-type code or text'),
    answers: Type.Optional(AnswersSchema),
    source: Type.Optional(CallSourceSchema),
    callback: Text(40, 'Callback number (personal data)'),
    callerName: Text(200, "Caller's name (personal data)"),
    language: Type.Optional(Type.Union([LanguageSchema, Type.Null()], { description: "Caller's preferred language" })),
    personAge: Type.Optional(Type.Union([PersonAgeSchema, Type.Null()])),
    placeKind: Type.Optional(Type.Union([PlaceKindSchema, Type.Null()])),
    guardianCallback: Text(40, "A parent's or guardian's callback number, for a young person (personal data)")
  },
  { additionalProperties: false }
)
export type CreateCall = Static<typeof CreateCallSchema>

export const UpdateCallSchema = Type.Object(
  {
    location: Type.Optional(LocationInput),
    narrative: Text(8000, "Caller's account"),
    callType: Text(200, 'Upstream CAD call-type code or text'),
    answers: Type.Optional(AnswersSchema),
    callback: Text(40, 'Callback number'),
    callerName: Text(200, "Caller's name"),
    language: Type.Optional(Type.Union([LanguageSchema, Type.Null()])),
    personAge: Type.Optional(Type.Union([PersonAgeSchema, Type.Null()])),
    placeKind: Type.Optional(Type.Union([PlaceKindSchema, Type.Null()])),
    guardianCallback: Text(40, "A parent's or guardian's callback number"),
    address: Text(300, 'The address as written, without moving the call on the map (send location to move it)'),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'The version you edited; 409 if the call changed since' }))
  },
  { additionalProperties: false, minProperties: 1 }
)
export type UpdateCall = Static<typeof UpdateCallSchema>

export const CallSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  receivedAt: Type.String({ format: 'date-time' }),
  source: CallSourceSchema,
  location: Type.Object({
    lat: Type.Number(),
    lon: Type.Number(),
    address: Type.Union([Type.String(), Type.Null()]),
    area: Type.Union([Type.String(), Type.Null()], { description: 'The area of the first area set (LAPD division in Los Angeles)' }),
    areas: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
      description: 'Area set id → area name; null outside every area of the set'
    }),
    outsideAreas: Type.Boolean({ description: 'The location is outside every area of every set (flagged, still dispatched)' }),
    source: Type.Union([LocationSourceSchema, Type.Null()], {
      description: 'Where the point came from; null when not said (or taken before this was kept)'
    }),
    label: Type.Union([Type.String(), Type.Null()], { description: 'The chosen search result, or the map click\'s "near …"' }),
    nearestCorner: Type.Union([NearestCornerSchema, Type.Null()], {
      description: "The nearest street corner (within 2 km), for the care team's phone"
    }),
    mismatch: Type.Union([LocationMismatchSchema, Type.Null()], {
      description: 'The typed address was found more than 500 m from the point: the console warns'
    })
  }),
  callback: Type.Union([Type.String(), Type.Null()], { description: 'Hidden (null) for roles that may not see personal data' }),
  callerName: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union([Type.String(), Type.Null()]),
  personAge: Type.Union([Type.Integer(), Type.Null()], { description: 'Approximate age of the person the call is about' }),
  placeKind: Type.Union([PlaceKindSchema, Type.Null()]),
  guardianCallback: Type.Union([Type.String(), Type.Null()], {
    description: "A guardian's callback; hidden (null) for roles that may not see personal data"
  }),
  narrative: Type.Union([Type.String(), Type.Null()]),
  callType: Type.Union([Type.String(), Type.Null()]),
  answers: Type.Record(Type.String(), Type.String()),
  triage: Type.Intersect([TriageResultSchema, Type.Object({ overridden: Type.Boolean() })]),
  status: CallStatusSchema,
  referredTo: Type.Union([ReferralTargetSchema, Type.Null()]),
  teamId: Type.Union([Type.String(), Type.Null()]),
  backupRequestedAt: NullableDateTime,
  backupReason: Type.Union([Type.String(), Type.Null()]),
  disposition: Type.Union([DispositionSchema, Type.Null()]),
  dispositionNotes: Type.Union([Type.String(), Type.Null()]),
  cancelCode: Type.Union([CancelCodeSchema, Type.Null()], { description: 'Why it was cancelled (cancelled calls)' }),
  cancelReason: Type.Union([Type.String(), Type.Null()], { description: "The cancelling dispatcher's words" }),
  referralReason: Type.Union([Type.String(), Type.Null()], {
    description: 'Why it was referred out: a person\'s words, or "triage" when the protocol referred it'
  }),
  times: Type.Object({
    received: Type.String({ format: 'date-time' }),
    triaged: NullableDateTime,
    queued: NullableDateTime,
    dispatched: NullableDateTime,
    acknowledged: NullableDateTime,
    enRoute: NullableDateTime,
    onScene: NullableDateTime,
    transporting: NullableDateTime,
    atFacility: NullableDateTime,
    cleared: NullableDateTime,
    referred: NullableDateTime,
    cancelled: NullableDateTime
  }),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' })
})
export type Call = Static<typeof CallSchema>

export const TriageHistoryEntrySchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: lit(
    ['initial', 'retriage', 'override', 'repair'],
    "initial, retriage, override, or repair (a data repair by an administrator's command, with its reason)"
  ),
  actorId: Type.Union([Type.String(), Type.Null()]),
  category: CategorySchema,
  response: ResponseSchema,
  priority: PrioritySchema,
  reasons: Type.Array(Type.String()),
  protocolVersion: Type.String(),
  overrideReason: Type.Union([Type.String(), Type.Null()], {
    description: 'The reason a person gave for an override, or why a repair changed the call'
  })
})

/** Why an assignment ended: the call's end, the team's refusal or silence, or a dispatcher taking the team off it. */
export const ASSIGNMENT_ENDS = ['cancelled', 'referred', 'declined', 'cleared', 'ack_timeout', 'unassigned', 'reassigned'] as const
export type AssignmentEnd = (typeof ASSIGNMENT_ENDS)[number]

export const AssignmentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  callId: Type.String({ format: 'uuid' }),
  teamId: Type.String({ format: 'uuid' }),
  role: lit(['primary', 'backup'], 'primary (the team working the call) or backup'),
  assignedAt: Type.String({ format: 'date-time' }),
  assignedBy: Type.Union([Type.String(), Type.Null()]),
  auto: Type.Boolean(),
  ackDeadline: Type.String({ format: 'date-time' }),
  acknowledgedAt: NullableDateTime,
  endedAt: NullableDateTime,
  endReason: Type.Union([lit(ASSIGNMENT_ENDS, 'Why the assignment ended'), Type.Null()])
})
export type Assignment = Static<typeof AssignmentSchema>

export const NoteInputSchema = Type.Object(
  {
    text: Type.String({
      minLength: 1,
      maxLength: 4000,
      description: 'The note (personal data: kept with the call, never in events or the live stream)'
    })
  },
  { additionalProperties: false }
)

export const CallNoteSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  callId: Type.String({ format: 'uuid' }),
  at: Type.String({ format: 'date-time' }),
  author: Type.Object({
    id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    name: Type.String({ description: "The author's name (or email) when the note was written" }),
    role: Type.String()
  }),
  text: Type.String()
})
export type CallNote = Static<typeof CallNoteSchema>

export const CallEditSchema = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    actorId: Type.Union([Type.String(), Type.Null()]),
    changes: Type.Array(
      Type.Object({
        field: Type.String({
          description:
            'location, address, narrative, callType, callback, callerName, language, personAge, placeKind, guardianCallback, or ' +
            'answers.<question>'
        }),
        from: Type.Unknown({ description: 'The value before (null: none)' }),
        to: Type.Unknown({ description: 'The value after' })
      })
    )
  },
  { description: "One edit of the call's details: each field that changed, before and after" }
)
export type CallEdit = Static<typeof CallEditSchema>

export const CallDetailSchema = Type.Intersect([
  CallSchema,
  Type.Object({
    // each event's data is described per type by EventPayloads, so the timeline's TypeScript type is DomainEvent[]
    timeline: Type.Unsafe<DomainEvent[]>(Type.Array(DomainEventSchema, { description: 'Every event of the call, oldest first' })),
    triageHistory: Type.Array(TriageHistoryEntrySchema),
    assignments: Type.Array(AssignmentSchema),
    notes: Type.Array(CallNoteSchema, { description: 'Notes, oldest first (each also has a call.note_added event on the timeline)' }),
    edits: Type.Array(CallEditSchema, { description: "Edits of the call's details, oldest first (each also has a call.updated event)" })
  })
])
export type TriageHistoryEntry = Static<typeof TriageHistoryEntrySchema>
/** The call detail, with its timeline typed per event. */
export type CallDetail = Static<typeof CallDetailSchema>

export const CallListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({
        pattern: `^(${CALL_STATUSES.join('|')})(,(${CALL_STATUSES.join('|')}))*$`,
        description: `One status or a comma-separated list of: ${CALL_STATUSES.join(', ')}`
      })
    ),
    category: Type.Optional(CategorySchema),
    priority: Type.Optional(PrioritySchema),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'Received at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Received before' })),
    teamId: Type.Optional(
      Type.String({ format: 'uuid', description: 'The team on the call (for an ended call: the team that had it last)' })
    ),
    response: Type.Optional(ResponseSchema),
    address: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Part of the address, any case (e.g. "spring st")' })
    ),
    area: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'An area of any configured set (LAPD division, council district), by its name, any case'
      })
    ),
    callType: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Part of the call type, any case (e.g. "5150")' })
    ),
    disposition: Type.Optional(
      Type.String({
        pattern: `^(${DISPOSITION_CODES.join('|')})(,(${DISPOSITION_CODES.join('|')}))*$`,
        description: 'How closed calls ended: one disposition or a comma-separated list'
      })
    ),
    referredTo: Type.Optional(ReferralTargetSchema),
    cancelCode: Type.Optional(CancelCodeSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 }))
  },
  { additionalProperties: false }
)

export const CallListSchema = Type.Object({
  items: Type.Array(CallSchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer()
})

export const QueueEntrySchema = Type.Object({
  call: CallSchema,
  position: Type.Integer({ description: '1 = next to dispatch' }),
  waitingSince: Type.String({
    format: 'date-time',
    description: 'When the call was first received, however often it came back to the queue: the wait is counted from here'
  }),
  waitingMinutes: Type.Number({ description: 'Minutes since waitingSince' }),
  returns: Type.Object({
    count: Type.Integer({ description: 'Times a team was sent and the call came back (declined, not acknowledged, taken off)' }),
    last: Type.Union([
      Type.Object({
        cause: lit(['declined', 'ack_timeout', 'unassigned'], 'Why it came back the last time'),
        teamId: Type.String({ format: 'uuid' }),
        at: Type.String({ format: 'date-time' })
      }),
      Type.Null()
    ])
  }),
  overdue: Type.Boolean({ description: 'Waiting past the target for its priority' }),
  targetMinutes: Type.Number()
})
