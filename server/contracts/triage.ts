// Wire schemas for triage input and result.
import { Type, type Static } from 'typebox'
import { CAPABILITIES, CATEGORIES, MAX_PERSON_AGE, PLACE_KINDS, RESPONSES } from '../domain/types'
import { QUESTION_IDS } from '../domain/triage/types'

const lit = <T extends string>(xs: readonly T[], description: string) => Type.Enum([...xs], { description })

export const AnswerSchema = Type.Enum(['yes', 'no', 'unknown'], { description: 'yes, no or unknown (unanswered is unknown, never no)' })

export const AnswersSchema = Type.Object(Object.fromEntries(QUESTION_IDS.map((q) => [q, Type.Optional(AnswerSchema)])), {
  additionalProperties: false,
  description: 'Screening answers; omit a question or send unknown when it was not asked'
})

export const PersonAgeSchema = Type.Integer({
  minimum: 0,
  maximum: MAX_PERSON_AGE,
  description: 'Approximate age of the person the call is about, in whole years (0 for a baby)'
})
export const PlaceKindSchema = lit(PLACE_KINDS, 'Kind of place the call is about: home, street, school, business, park or other')

export const TriageInputSchema = Type.Object(
  {
    narrative: Type.Optional(
      Type.Union([Type.String({ maxLength: 8000 }), Type.Null()], { description: "Caller's account in free text" })
    ),
    callType: Type.Optional(
      Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
        description: 'Upstream CAD call-type code or text, e.g. EDP, 5150, DISVEH'
      })
    ),
    answers: Type.Optional(AnswersSchema),
    personAge: Type.Optional(Type.Union([PersonAgeSchema, Type.Null()])),
    placeKind: Type.Optional(Type.Union([PlaceKindSchema, Type.Null()]))
  },
  { additionalProperties: false }
)

export const CategorySchema = lit(CATEGORIES, 'mental_health, substance_use, traffic_safety or out_of_scope')
export const ResponseSchema = lit(RESPONSES, 'Who goes: a care team, with EMS, with police, or a hand-off')
export const PrioritySchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], {
  description: '1 immediate, 2 urgent, 3 routine'
})

export const TriageResultSchema = Type.Object({
  category: CategorySchema,
  response: ResponseSchema,
  priority: PrioritySchema,
  reasons: Type.Array(Type.String(), { description: 'Every rule that fired, readable aloud' }),
  missing: Type.Array(Type.Object({ id: Type.String(), text: Type.String() }), {
    description: 'Safety questions still unanswered, most important first'
  }),
  protocolVersion: Type.String(),
  enforcementStop: Type.Optional(
    Type.Boolean({
      description: 'An officer-initiated enforcement stop (traffic or pedestrian stop): not a request for help; counted apart'
    })
  ),
  needs: Type.Optional(
    Type.Array(lit(CAPABILITIES, 'A team capability'), {
      description: "Capabilities the protocol asked for beyond the category's (youth: a youth team is ranked first)"
    })
  ),
  handoff: Type.Optional(
    Type.Array(Type.Object({ id: Type.String(), title: Type.String(), text: Type.String() }), {
      description: 'Hand-off steps for the care team, from the protocol (youth calls: guardian, school staff, follow-up)'
    })
  )
})
export type TriageResultWire = Static<typeof TriageResultSchema>

export const ProtocolQuestionSchema = Type.Object({
  id: Type.Enum([...QUESTION_IDS], { description: 'Question id' }),
  label: Type.String({ description: 'A few words, for summaries' }),
  text: Type.String({ description: 'What the call-taker asks, as the protocol words it' }),
  safeAnswer: Type.Enum(['yes', 'no'], { description: 'The answer that raises no concern' })
})
export type ProtocolQuestion = Static<typeof ProtocolQuestionSchema>

export const ProtocolInForceSchema = Type.Object({
  version: Type.String({ description: 'The protocol version triaging new calls now' }),
  name: Type.String(),
  questions: Type.Array(ProtocolQuestionSchema, { description: 'The screening questions, in the order a call-taker asks them' }),
  youthMaxAge: Type.Optional(
    Type.Union([Type.Integer(), Type.Null()], {
      description:
        "Ages up to this one are a young person (the intake asks for a guardian's callback); null when the protocol has no youth section"
    })
  )
})
export type ProtocolInForce = Static<typeof ProtocolInForceSchema>

export const ProtocolVersionSchema = Type.Object({
  version: Type.String(),
  name: Type.String(),
  source: Type.Enum(['file', 'upload'], { description: 'file: PROTOCOL_FILE, stored at start; upload: POST /api/triage/protocols' }),
  uploadedBy: Type.Union([Type.String(), Type.Null()], { description: 'User id; null for the file' }),
  uploadedAt: Type.String({ format: 'date-time' }),
  active: Type.Boolean({ description: 'Activated in the database (at most one); with none, the file is in force' }),
  activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  activatedBy: Type.Union([Type.String(), Type.Null()]),
  inForce: Type.Boolean({ description: 'Triaging new calls now' }),
  uploadedByEmail: Type.Union([Type.String(), Type.Null()], { description: 'Who uploaded it (null for the file, or a deleted user)' }),
  activatedByEmail: Type.Union([Type.String(), Type.Null()], { description: 'Who last activated it' })
})

export const ProtocolListSchema = Type.Object({
  inForce: Type.String({ description: 'The version triaging new calls now' }),
  file: Type.String({ description: "PROTOCOL_FILE's version" }),
  versions: Type.Array(ProtocolVersionSchema, { description: 'Newest upload first' })
})

export const ProtocolVersionWithDocumentSchema = Type.Intersect([
  ProtocolVersionSchema,
  Type.Object({
    document: Type.Unknown({ description: 'The protocol document (server/domain/triage/protocol.schema.json)' })
  })
])

export const ProtocolUploadResultSchema = Type.Object({
  created: Type.Boolean({ description: 'false when the same version with the same content was already stored' }),
  protocol: ProtocolVersionSchema
})

export const VersionParams = Type.Object({
  version: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 100, description: 'Protocol version, e.g. la-2026.2' })
})

export const ProtocolDiffBodySchema = Type.Object(
  {
    callTypes: Type.Array(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 200 }),
        Type.Object(
          {
            callType: Type.String({ minLength: 1, maxLength: 200 }),
            description: Type.Optional(
              Type.Union([Type.String({ maxLength: 400 }), Type.Null()], {
                description: "The code book's meaning of the code, when known"
              })
            ),
            count: Type.Optional(Type.Number({ minimum: 0, description: 'How many calls had this type (weights the totals)' }))
          },
          { additionalProperties: false }
        )
      ]),
      { minItems: 1, maxItems: 20000, description: 'Call types to compare, as text or { callType, count }' }
    )
  },
  { additionalProperties: false }
)

export const ProtocolDiffResultSchema = Type.Object({
  diff: Type.Unknown({
    description:
      'from, to, total, changed (each with before, after, the rules and words that made the difference), changedTotal, byResponse, ' +
      'byCategory, enforcementStops'
  }),
  text: Type.String({ description: 'The same impact review as `npm run triage -- diff` prints' })
})

export const ProtocolCheckSchema = Type.Object({
  valid: Type.Boolean(),
  version: Type.Union([Type.String(), Type.Null()], { description: "The document's version, when it has one" }),
  problems: Type.Array(
    Type.Object({
      path: Type.String({ description: 'Where in the document, e.g. rules[3].response; (protocol) for the whole document' }),
      message: Type.String()
    }),
    { description: 'Every problem the validator found, in document order' }
  )
})

const CallTypeItem = ProtocolDiffBodySchema.properties.callTypes.items

export const ProtocolImpactBodySchema = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 366,
        default: 90,
        description: 'The recent calls compared: received in the last this many days (live calls and imported history)'
      })
    ),
    callTypes: Type.Optional(
      Type.Array(CallTypeItem, {
        minItems: 1,
        maxItems: 20000,
        description:
          'An uploaded call-type list (the CSV of `npm run triage -- diff` as data), as text or { callType, description, count }'
      })
    )
  },
  { additionalProperties: false }
)

const OutcomeSchema = Type.Object({ category: CategorySchema, response: ResponseSchema, priority: PrioritySchema })

export const ImpactTableSchema = Type.Object({
  calls: Type.Number({ description: 'Calls compared (weighted by count for a list)' }),
  callTypes: Type.Integer(),
  changedCalls: Type.Number(),
  changedCallTypes: Type.Integer(),
  moves: Type.Array(
    Type.Object({
      callType: Type.String({ description: 'The call type; "(no call type)" for live calls taken from the narrative alone' }),
      description: Type.Union([Type.String(), Type.Null()], { description: "The code book's text" }),
      calls: Type.Number(),
      from: OutcomeSchema,
      to: OutcomeSchema,
      changed: Type.Array(Type.Enum(['category', 'response', 'priority']))
    }),
    { description: 'Which call types move, how many calls, from what to what; most calls first' }
  ),
  byResponse: Type.Array(Type.Object({ response: ResponseSchema, before: Type.Number(), after: Type.Number() }))
})
export type ImpactTableWire = Static<typeof ImpactTableSchema>

export const ProtocolImpactSchema = Type.Object({
  from: Type.String({ description: 'The version in force' }),
  to: Type.String({ description: 'The version reviewed' }),
  recent: Type.Object({
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    days: Type.Integer(),
    liveCalls: Type.Integer({ description: 'Live calls compared (re-triaged with their narrative, answers, age and place)' }),
    importedCalls: Type.Integer({ description: 'Imported history compared by call type and code-book text' }),
    truncated: Type.Boolean({ description: 'More live calls than one review compares (the newest were kept)' }),
    table: ImpactTableSchema
  }),
  uploaded: Type.Union([ImpactTableSchema, Type.Null()], {
    description: 'The same table over the uploaded call-type list; null without one'
  })
})
