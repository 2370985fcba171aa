// The triage protocol document as a TypeBox schema: one source for its validation, its types and its JSON Schema.
import Type, { type Static, type TSchema } from 'typebox'
import { CAPABILITIES, CATEGORIES, PLACE_KINDS, RESPONSES } from '../types'
import { QUESTION_IDS } from './types'

export const RULE_KINDS = ['exclusion', 'escalation', 'unscreened', 'questions', 'priority', 'enforcement', 'need'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** Keys of a condition object; a condition has exactly one of them (or is the text "always"). */
export const CONDITION_KEYS = ['flagged', 'cleared', 'allCleared', 'unscreened', 'signal', 'category', 'any', 'all', 'not'] as const

const Text = (description: string) => Type.String({ pattern: '\\S', description, errorMessage: 'must be a non-empty text' })
const List = <T extends TSchema>(item: T, description: string, minItems = 1) => Type.Array(item, { minItems, description })
const OneOrMany = <T extends TSchema>(item: T, description: string) =>
  Type.Union([item, Type.Array(item, { minItems: 1 })], { description })

const QuestionId = Type.Enum([...QUESTION_IDS], { description: 'A screening question id' })
const CategoryId = Type.Enum([...CATEGORIES], { description: 'A call category' })
const ResponseId = Type.Enum([...RESPONSES], { description: 'Who goes' })
const PriorityValue = Type.Enum([1, 2, 3], { description: '1 immediate, 2 urgent, 3 routine' })
const SignalName = Type.String({
  pattern: '^[a-z][A-Za-z0-9]*$',
  description: 'A signal name defined under "signals"',
  errorMessage: 'must be a signal name (a camelCase word defined under "signals")'
})
const RuleId = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  description: 'Lower-case words joined by "-"',
  errorMessage: 'must be lower-case words joined by "-", e.g. "weapons"'
})

const single = <K extends string, T extends TSchema>(key: K, value: T, description: string) =>
  Type.Object({ [key]: value } as { [P in K]: T }, { additionalProperties: false, description })

const ConditionDefs = Type.Cyclic(
  {
    Condition: Type.Union(
      [
        Type.Literal('always', { description: 'Always true' }),
        single(
          'flagged',
          OneOrMany(QuestionId, 'Question id or list (any of)'),
          'The danger answer was given, or the call type or narrative mentions it'
        ),
        single('cleared', QuestionId, 'The safe answer was given (a narrative "no weapons" does not clear a question)'),
        single('allCleared', List(QuestionId, 'Every one of these questions'), 'Every listed question has its safe answer'),
        single('unscreened', OneOrMany(QuestionId, 'Question id or list (any of)'), 'Not answered and nothing said either way'),
        single('signal', OneOrMany(SignalName, 'Signal name or list (any of)'), 'The call type or narrative mentions the signal'),
        single('category', OneOrMany(CategoryId, 'Category or list (any of)'), 'The category chosen for the call'),
        single('any', List(Type.Ref('Condition'), 'Conditions, any of which holds'), 'Any of the conditions holds'),
        single('all', List(Type.Ref('Condition'), 'Conditions, all of which hold'), 'All of the conditions hold'),
        single('not', Type.Ref('Condition'), 'The condition does not hold')
      ],
      {
        description:
          'A condition: "always", or an object with exactly one of flagged, cleared, allCleared, unscreened, signal, category, any, all, ' +
          'not',
        errorMessage: `must have exactly one of ${CONDITION_KEYS.join(', ')} (or be "always")`
      }
    )
  },
  'Condition'
)

const Source = Type.Object(
  {
    id: Text('Short id rules cite, e.g. "CAHOOTS"'),
    name: Text('Full name of the program or document'),
    summary: Text('What the rules take from it'),
    url: Type.Optional(Text('Where to read it'))
  },
  { additionalProperties: false }
)

const Question = Type.Object(
  {
    id: QuestionId,
    label: Text('A few words, for summaries'),
    text: Text('The question as the call-taker asks it'),
    safeAnswer: Type.Enum(['yes', 'no'], { description: 'The answer that raises no concern' }),
    askWhen: ConditionDefs
  },
  { additionalProperties: false }
)

const WordList = (description: string) => List(Text('A word or phrase'), description, 0)

const Language = Type.Object(
  {
    abbreviations: Type.Record(Type.String(), Text('Plain words'), {
      description: 'CAD shorthand (one token, e.g. "wpn", "t/c") to plain words'
    }),
    ignoredWords: WordList('Words dropped before matching (articles)'),
    negation: Type.Object(
      {
        wordsBefore: WordList(
          'Words or phrases that negate what follows ("no weapons", "other than firearm"); standing alone they reach the next phrase, ' +
          'joined by a hyphen ("non-violent") the word they are joined to'
        ),
        exceptWords: Type.Optional(
          WordList(
            'Words or phrases that negate what follows on their own ("INJURY OTHER THAN FIREARM") but name an exception in a clause that ' +
            'also says none ("no weapons other than a bat": the bat is there)'
          )
        ),
        wordsAfter: WordList('Words that negate what comes before ("weapons: none")'),
        uncertainWords: WordList('Words that make a mention count as yes ("possibly armed")'),
        unknownWords: WordList('Words that leave a question unanswered ("unknown if armed")'),
        scopeEndsAt: WordList('Words where a negation stops reaching (except right after it: "does not have a weapon")'),
        scopeSkips: Type.Optional(
          WordList(
            'Words a negation reaches over to the phrase it negates ("no known weapons", "does not appear intoxicated"); any other word ' +
            'ends its reach'
          )
        ),
        window: Type.Integer({
          minimum: 1,
          maximum: 12,
          description: 'How many words a negation reaches',
          errorMessage: 'must be a whole number from 1 to 12'
        })
      },
      { additionalProperties: false }
    ),
    typoTolerance: Type.Object(
      {
        terms: List(
          Type.String({ pattern: '^[a-z]{4,}$', errorMessage: 'must be one lower-case word of at least 4 letters' }),
          'Key terms a misspelling may be read as',
          0
        ),
        neverCorrect: WordList('Words never read as a misspelling'),
        minWordLength: Type.Integer({ minimum: 3, maximum: 20, errorMessage: 'must be a whole number from 3 to 20' }),
        twoEditsFromLength: Type.Integer({ minimum: 6, maximum: 30, errorMessage: 'must be a whole number from 6 to 30' })
      },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
)

const Signal = Type.Object(
  {
    meaning: Text('What the signal means, in words'),
    question: Type.Optional(QuestionId),
    phrases: List(
      Text('A phrase'),
      'Words and phrases that mention it (narrative and call type); may be empty when only call-type codes mean it',
      0
    ),
    phrasesMeaningNone: Type.Optional(List(Text('A phrase'), 'Phrases that say it is absent ("unarmed")')),
    whenNegated: Type.Optional(
      Type.String({
        pattern: '^[a-z][A-Za-z0-9]*$',
        description:
          'A signal mentioned when this one is said to be absent ("NON-VIOLENT", "NO WEAPONS": a care team fits); it may not be one an ' +
          'exclusion reads',
        errorMessage: 'must be a signal name (a camelCase word defined under "signals")'
      })
    ),
    yieldsTo: Type.Optional(
      List(
        SignalName,
        'Signals that win over this one inside one text: its mentions are dropped when one of them is mentioned in the same call type or ' +
        'narrative ("accident" beside "firearm" is not a traffic collision)'
      )
    )
  },
  { additionalProperties: false }
)

const CallTypeCode = Type.Object(
  {
    codes: List(Text('A code or call-type phrase'), 'CAD codes and call-type phrases, matched in the call-type field only'),
    means: List(SignalName, 'Signals the codes mention'),
    rulesOut: Type.Optional(List(SignalName, 'Signals the codes say are absent', 0)),
    note: Type.Optional(Text('Where the code comes from'))
  },
  { additionalProperties: false }
)

const CategoryEntry = Type.Object(
  {
    category: CategoryId,
    when: ConditionDefs,
    reason: Text('Reason read aloud when this category is chosen')
  },
  { additionalProperties: false }
)

const Rule = Type.Object(
  {
    id: RuleId,
    kind: Type.Enum([...RULE_KINDS], {
      description:
        'exclusion, escalation, unscreened, questions (asks its questions first and sets the response until they are answered), ' +
        'priority, enforcement (an officer-initiated stop, not a request for help) or need (asks for a team capability, e.g. youth; ' +
        'fires only when a care team goes)'
    }),
    name: Text('Short name'),
    when: ConditionDefs,
    response: Type.Optional(ResponseId),
    priority: Type.Optional(PriorityValue),
    needs: Type.Optional(
      List(
        Type.Enum([...CAPABILITIES], { description: 'A team capability' }),
        'Capabilities a team should bring (need rules only); teams with them are ranked first'
      )
    ),
    ask: Type.Optional(List(QuestionId, 'Questions rules only: the questions asked first, in this order, while the rule holds')),
    reason: Text('Reason read aloud when the rule fires'),
    sources: Type.Optional(List(Text('A source id'), 'Sources the rule follows', 0))
  },
  { additionalProperties: false }
)

const HandoffStep = Type.Object(
  {
    id: RuleId,
    title: Text('A few words: who the young person is handed to'),
    text: Text('What the care team does, in words a worker reads on a phone'),
    when: Type.Optional(ConditionDefs)
  },
  { additionalProperties: false }
)

const Youth = Type.Object(
  {
    maxAge: Type.Integer({
      minimum: 1,
      maximum: 25,
      description: 'Ages up to this one are a young person (17 in California)',
      errorMessage: 'must be a whole number from 1 to 25'
    }),
    minorSignal: SignalName,
    adultSignal: SignalName,
    placeSignals: Type.Object(Object.fromEntries(PLACE_KINDS.map((k) => [k, Type.Optional(SignalName)])), {
      additionalProperties: false,
      description: 'Place kind given at intake → the signal it mentions (e.g. school → schoolSetting)'
    }),
    handoff: List(HandoffStep, 'Hand-off steps shown to the care team on a call that needs the youth capability')
  },
  {
    additionalProperties: false,
    description:
      'How age and place are read: the intake age (or an age in the narrative, such as "my 14-year-old") up to maxAge mentions ' +
      'minorSignal; an intake age above it mentions adultSignal; a place kind mentions its signal'
  }
)

const Outcome = Type.Object(
  {
    response: ResponseId,
    priority: PriorityValue,
    reason: Text('Reason read aloud')
  },
  { additionalProperties: false }
)

const Defaults = Type.Object(
  {
    inScope: Outcome,
    outOfScope: Outcome,
    emptyCallReason: Text('Reason when nothing is known yet'),
    unmatchedReason: Text("Reason when nothing in the texts matched the protocol's words"),
    unscreenedReason: Text('Template: {label} not yet screened'),
    reportedNoneReason: Text('Template: {label}, {source} says none'),
    conflictReason: Text('Template: {label}, {answer}, {source}, {evidence}')
  },
  { additionalProperties: false }
)

const PhoneLine = Type.Object(
  {
    enabled: Type.Boolean(),
    when: ConditionDefs,
    ignoresRules: List(RuleId, 'Rules that do not stop a phone call', 0),
    priority: PriorityValue,
    reason: Text('Reason read aloud')
  },
  { additionalProperties: false }
)

export const ProtocolDocumentSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'The JSON Schema editors use to check this file' })),
    $comment: Type.Optional(Type.String()),
    name: Text('Name of the protocol'),
    version: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
      description: 'Edition, e.g. "la-2026.2"; every change needs a new one',
      errorMessage: 'must be letters, digits, ".", "-" or "_", e.g. "la-2026.1"'
    }),
    jurisdiction: Type.Optional(Text('Who it is for')),
    effectiveDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', errorMessage: 'must be a date like 2026-01-31' })),
    about: Type.Optional(Text('What it decides')),
    sources: List(Source, 'Programs and documents the rules cite'),
    questions: List(Question, 'The screening questions, most important first'),
    language: Language,
    signals: Type.Record(Type.String(), Signal, { description: 'Named lists of words and phrases' }),
    callTypeCodes: List(CallTypeCode, 'CAD call types and what they mean'),
    categories: List(CategoryEntry, 'How the category is chosen, first match wins'),
    rules: List(Rule, 'Every rule; all that hold fire'),
    defaults: Defaults,
    phoneLine: PhoneLine,
    youth: Type.Optional(Youth)
  },
  { additionalProperties: false, title: 'Care dispatch triage protocol', description: 'See server/domain/triage/README.md' }
)

export type ProtocolDocument = Static<typeof ProtocolDocumentSchema>
export type ConditionDoc = Static<typeof ConditionDefs>

/**
 * The protocol schema as a standalone draft-07 JSON Schema, for editors: TypeBox's nested `$defs` are
 * moved to the root `definitions` and references made absolute. Written to protocol.schema.json by
 * `npm run schemas`; a test fails when that file is stale.
 */
export function protocolJsonSchema (): Record<string, unknown> {
  const definitions: Record<string, unknown> = {}
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite)
    if (typeof node !== 'object' || node === null) return node
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node)) {
      if (k === '$defs') {
        for (const [name, def] of Object.entries(v as Record<string, unknown>)) definitions[name] ??= rewrite(def)
      } else if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
        out.$ref = `#/definitions/${v}`
      } else if (k !== '$id') {
        out[k] = rewrite(v)
      }
    }
    return out
  }
  const body = rewrite(JSON.parse(JSON.stringify(ProtocolDocumentSchema))) as Record<string, unknown>
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...body, definitions }
}
