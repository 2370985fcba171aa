// Wire schemas for triage input and result.
import { Type, type Static } from 'typebox'
import { CAPABILITIES, CATEGORIES, MAX_PERSON_AGE, PLACE_KINDS, RESPONSES } from '../domain/types'
import { QUESTION_IDS } from '../domain/triage/types'

const lit = <T extends string>(xs: readonly T[], description: string) => Type.Enum([...xs], { description })

export const AnswerSchema = Type.Enum(['yes', 'no', 'unknown'], { description: 'yes, no or unknown (unanswered is unknown, never no)' })

export const AnswersSchema = Type.Object(
  Object.fromEntries(QUESTION_IDS.map((q) => [q, Type.Optional(AnswerSchema)])),
  { additionalProperties: false, description: 'Screening answers; omit a question or send unknown when it was not asked' }
)

export const PersonAgeSchema = Type.Integer({ minimum: 0, maximum: MAX_PERSON_AGE, description: 'Approximate age of the person the call is about, in whole years (0 for a baby)' })
export const PlaceKindSchema = lit(PLACE_KINDS, 'Kind of place the call is about: home, street, school, business, park or other')

export const TriageInputSchema = Type.Object({
  narrative: Type.Optional(Type.Union([Type.String({ maxLength: 8000 }), Type.Null()], { description: "Caller's account in free text" })),
  callType: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'Upstream CAD call-type code or text, e.g. EDP, 5150, DISVEH' })),
  answers: Type.Optional(AnswersSchema),
  personAge: Type.Optional(Type.Union([PersonAgeSchema, Type.Null()])),
  placeKind: Type.Optional(Type.Union([PlaceKindSchema, Type.Null()]))
}, { additionalProperties: false })

export const CategorySchema = lit(CATEGORIES, 'mental_health, substance_use, traffic_safety or out_of_scope')
export const ResponseSchema = lit(RESPONSES, 'Who goes: a care team, with EMS, with police, or a hand-off')
export const PrioritySchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], { description: '1 immediate, 2 urgent, 3 routine' })

export const TriageResultSchema = Type.Object({
  category: CategorySchema,
  response: ResponseSchema,
  priority: PrioritySchema,
  reasons: Type.Array(Type.String(), { description: 'Every rule that fired, readable aloud' }),
  missing: Type.Array(Type.Object({ id: Type.String(), text: Type.String() }), { description: 'Safety questions still unanswered, most important first' }),
  protocolVersion: Type.String(),
  enforcementStop: Type.Optional(Type.Boolean({ description: 'An officer-initiated enforcement stop (traffic or pedestrian stop): not a request for help; counted apart' })),
  needs: Type.Optional(Type.Array(lit(CAPABILITIES, 'A team capability'), { description: 'Capabilities the protocol asked for beyond the category\'s (youth: a youth team is ranked first)' })),
  handoff: Type.Optional(Type.Array(Type.Object({ id: Type.String(), title: Type.String(), text: Type.String() }), { description: 'Hand-off steps for the care team, from the protocol (youth calls: guardian, school staff, follow-up)' }))
})
export type TriageResultWire = Static<typeof TriageResultSchema>
