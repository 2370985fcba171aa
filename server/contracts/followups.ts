// Wire schemas for follow-ups and referrals: what came after a call. Personal health data: only the roles that work
// them read these (every read audited); never in events, the live stream or reports.
import { Type, type Static } from 'typebox'
import { FOLLOW_UP_ATTEMPT_OUTCOMES, REFERRAL_STATUSES } from '../domain/outcomes'
import { CellSchema } from './reports'

const DateTime = Type.String({ format: 'date-time' })
const NullableDateTime = Type.Union([DateTime, Type.Null()])

export const AttemptOutcomeSchema = Type.Enum([...FOLLOW_UP_ATTEMPT_OUTCOMES], {
  description: 'reached, no_answer, declined or wrong_number'
})
export const ReferralStatusSchema = Type.Enum([...REFERRAL_STATUSES], {
  description: 'sent → accepted or declined; accepted → completed'
})

export const CreateFollowUpSchema = Type.Object(
  {
    dueAt: Type.String({ format: 'date-time', description: 'When to call the person back (RFC 3339 with offset)' }),
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Why (e.g. "48-hour check after a suicide-risk call")' })
  },
  { additionalProperties: false }
)

export const AttemptInputSchema = Type.Object(
  {
    outcome: AttemptOutcomeSchema,
    note: Type.Optional(Type.String({ maxLength: 4000, description: 'What was said or tried' }))
  },
  { additionalProperties: false }
)

export const CompleteFollowUpSchema = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 4000, description: 'How it ended' }))
  },
  { additionalProperties: false }
)

export const CreateReferralSchema = Type.Object(
  {
    service: Type.String({
      minLength: 2,
      maxLength: 200,
      description: 'The service or programme referred to (e.g. "outpatient mental health", "detox")'
    }),
    facilityId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The facility, when there is one' })),
    note: Type.Optional(Type.String({ maxLength: 4000, description: 'What for' }))
  },
  { additionalProperties: false }
)

export const UpdateReferralSchema = Type.Object(
  {
    status: ReferralStatusSchema
  },
  { additionalProperties: false }
)

export const FollowUpQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.Enum(['due', 'overdue', 'done'], {
        default: 'due',
        description: 'due: open, its time not yet past; overdue: open past its due time; done: completed (newest first)'
      })
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 }))
  },
  { additionalProperties: false }
)

export const AttemptSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  at: DateTime,
  outcome: AttemptOutcomeSchema,
  note: Type.String(),
  by: Type.Union([Type.String(), Type.Null()], { description: 'Who tried (email)' })
})

export const ReferralSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  callId: Type.String({ format: 'uuid' }),
  service: Type.String(),
  facilityId: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  status: ReferralStatusSchema,
  sentAt: DateTime,
  acceptedAt: NullableDateTime,
  declinedAt: NullableDateTime,
  completedAt: NullableDateTime
})
export type Referral = Static<typeof ReferralSchema>

export const FollowUpSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  callId: Type.String({ format: 'uuid' }),
  callReceivedAt: DateTime,
  callback: Type.Union([Type.String(), Type.Null()], { description: "The caller's callback number, to call them back" }),
  area: Type.Union([Type.String(), Type.Null()]),
  dueAt: DateTime,
  reason: Type.String(),
  state: Type.Enum(['due', 'overdue', 'done']),
  createdAt: DateTime,
  completedAt: NullableDateTime,
  completionNote: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Array(AttemptSchema),
  referrals: Type.Array(ReferralSchema, { description: "The call's referrals" })
})
export type FollowUp = Static<typeof FollowUpSchema>
export type Attempt = Static<typeof AttemptSchema>

export const FollowUpListSchema = Type.Object({ items: Type.Array(FollowUpSchema) })

const DAY = '^\\d{4}-\\d{2}-\\d{2}$'
export const FollowUpReportQuerySchema = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        pattern: DAY,
        description: 'First day (YYYY-MM-DD, in the report time zone): follow-ups due and referrals sent from then'
      })
    ),
    to: Type.Optional(Type.String({ pattern: DAY, description: 'Last day, inclusive (YYYY-MM-DD)' }))
  },
  { additionalProperties: false }
)

export const FollowUpReportSchema = Type.Object(
  {
    from: Type.Union([Type.String(), Type.Null()]),
    to: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.String(),
    minCell: Type.Integer(),
    followUps: Type.Object(
      {
        due: CellSchema,
        doneOnTime: CellSchema,
        doneLate: CellSchema,
        openOverdue: CellSchema,
        openNotYetDue: CellSchema,
        onTimeShare: CellSchema
      },
      {
        description:
          'Follow-ups due in the period: done by their due time, done after it, still open past it, still open and not yet due'
      }
    ),
    referrals: Type.Object(
      {
        sent: CellSchema,
        accepted: CellSchema,
        declined: CellSchema,
        completed: CellSchema,
        waiting: CellSchema,
        completedShare: CellSchema
      },
      { description: 'Referrals sent in the period and where they stand now (accepted counts those accepted and not yet completed)' }
    ),
    notes: Type.Array(Type.String())
  },
  { description: 'Follow-ups done on time and referrals completed: counts only, never a note, a person or a service' }
)
export type FollowUpReport = Static<typeof FollowUpReportSchema>
