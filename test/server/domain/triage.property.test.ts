// Property-based checks of the triage engine: exclusions only ever add protection; output is deterministic.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PROTOCOL, RESPONSE_PROTECTIVENESS, triage } from '../../../server/domain/triage'
import { compileProtocol } from '../../../server/domain/triage/protocol-validate'
import protocolDocument from '../../../server/domain/triage/protocol.json'
import { QUESTION_IDS, type Answer, type Answers, type QuestionId, type TriageInput } from '../../../server/domain/triage/types'
import { RESPONSES } from '../../../server/domain/types'
import { diffProtocols } from '../../../server/domain/triage/diff'
import { CAD_VOCABULARY_CASES } from './triage-cases-cad'

const FRAGMENTS = [
  'man on the corner talking to himself', 'says he hears voices', 'woman crying at the bus stop', 'feels hopeless',
  'no weapons', 'not violent', 'not injured', 'denies suicidal thoughts', 'caller is suicidal', 'has a plan', 'no plan',
  'drunk and sleeping in a doorway', 'smells of alcohol', 'welfare check', 'homeless man trespassing', 'refuses to leave',
  'car broken down on the shoulder', 'minor collision, no injuries', 'MVA NO INJ', 'debris in the road', 'hit and run',
  'caller just wants to talk to someone', 'unknown if armed', 'possibly armed', 'sucidal', 'overdoes', 'at the bus stop',
  'NOISE COMPLAINT', 'paranoid, off his meds', 'W/ KNIFE', 'he is in his apartment', 'yelling at cars', 'no one hurt',
  'wpns neg', 'non-violent dispute', 'pedestrian walking in traffic', 'blocking traffic', 'unarmed', ''
]
const CALL_TYPES = ['', 'EDP', '5150', 'WELFARE', 'INTOX', 'DRUNK IN PUBLIC', 'OD', 'DISVEH', 'MVA', 'MVA-NI', 'TRAFFIC COLLISION - NO INJURIES',
  'HIT &amp; RUN', 'TRESPASS', 'NOISE COMPLAINT', 'BURGLARY', 'SUICIDAL', 'DUI', 'ROAD HAZARD', '988 TRANSFER', 'MENTAL PATIENT']

const answerArb: fc.Arbitrary<Answer | undefined> = fc.constantFrom<Answer | undefined>('yes', 'no', 'unknown', undefined)
const answersArb: fc.Arbitrary<Answers> = fc.record(
  Object.fromEntries(QUESTION_IDS.map((q) => [q, answerArb])) as Record<QuestionId, fc.Arbitrary<Answer | undefined>>
).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Answers)

const inputArb: fc.Arbitrary<TriageInput> = fc.record({
  narrative: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 5 }).map((xs) => xs.join(', ')),
  callType: fc.constantFrom(...CALL_TYPES),
  answers: fc.oneof(answersArb, fc.constant(undefined))
})

/** The danger answer of each exclusion question (breathing/conscious: "no"). */
const EXCLUSION_ANSWERS: Array<[QuestionId, Answer]> = [
  ['weapons', 'yes'], ['violence', 'yes'], ['crimeInProgress', 'yes'], ['domesticViolence', 'yes'], ['suicideAttemptInProgress', 'yes'],
  ['breathingConscious', 'no'], ['medicalEmergency', 'yes'], ['suicideMeans', 'yes'], ['insideResidence', 'yes']
]
/** Phrases that carry only an exclusion signal. */
const EXCLUSION_PHRASES = [
  'he has a gun', 'he is punching people', 'robbery in progress', 'domestic violence', 'she is not breathing', 'having a seizure',
  'smoke coming from the roof', 'has been stockpiling pills', 'making threats', 'attempting suicide', 'W/ WPN', 'inside his apartment'
]
const RESIDENCE = new Set(['insideResidence', 'inside his apartment'])

type Exclusion = { kind: 'answer', q: QuestionId, a: Answer } | { kind: 'phrase', text: string }
const exclusionArb: fc.Arbitrary<Exclusion> = fc.oneof(
  fc.constantFrom(...EXCLUSION_ANSWERS).map(([q, a]): Exclusion => ({ kind: 'answer', q, a })),
  fc.constantFrom(...EXCLUSION_PHRASES).map((text): Exclusion => ({ kind: 'phrase', text }))
)

function add (input: TriageInput, e: Exclusion): TriageInput {
  if (e.kind === 'answer') return { ...input, answers: { ...input.answers, [e.q]: e.a } }
  // a sentence of its own, so negation in the base text cannot reach it
  return { ...input, narrative: input.narrative ? `${input.narrative}. ${e.text}` : e.text }
}

const rank = (i: TriageInput): number => RESPONSE_PROTECTIVENESS[triage(i).response]
const RUNS = { numRuns: 3000 }

describe('triage properties', () => {
  it('adding any exclusion signal never makes the response less protective', () => {
    fc.assert(fc.property(inputArb, exclusionArb, (input, e) => {
      expect(rank(add(input, e))).toBeGreaterThanOrEqual(rank(input))
    }), RUNS)
  })

  it('adding any exclusion signal never makes the priority less urgent', () => {
    fc.assert(fc.property(inputArb, exclusionArb, (input, e) => {
      expect(triage(add(input, e)).priority).toBeLessThanOrEqual(triage(input).priority)
    }), RUNS)
  })

  it('with an exclusion other than "inside a residence", a care team never goes alone and 988 is never offered', () => {
    fc.assert(fc.property(inputArb, exclusionArb, (input, e) => {
      fc.pre(!RESIDENCE.has(e.kind === 'answer' ? e.q : e.text))
      expect(rank(add(input, e))).toBeGreaterThanOrEqual(RESPONSE_PROTECTIVENESS.co_response_police)
    }), RUNS)
  })

  it('an unanswered question is never less protective, nor less urgent, than its safe answer', () => {
    const safe = new Map(DEFAULT_PROTOCOL.questions.map((q) => [q.id, q.safeAnswer]))
    fc.assert(fc.property(inputArb, fc.constantFrom(...QUESTION_IDS), (input, q) => {
      const answered = triage({ ...input, answers: { ...input.answers, [q]: safe.get(q) } })
      const unknown = triage({ ...input, answers: { ...input.answers, [q]: 'unknown' } })
      expect(RESPONSE_PROTECTIVENESS[unknown.response]).toBeGreaterThanOrEqual(RESPONSE_PROTECTIVENESS[answered.response])
      expect(unknown.priority).toBeLessThanOrEqual(answered.priority)
    }), RUNS)
  })

  it('output is deterministic: same input, same result, whatever ran before and on a freshly compiled protocol', () => {
    const fresh = compileProtocol(protocolDocument)
    fc.assert(fc.property(inputArb, (input) => {
      const a = triage(input)
      const b = triage(structuredClone(input))
      const c = triage(input, fresh)
      expect(b).toEqual(a)
      expect(c).toEqual(a)
    }), { numRuns: 1000 })
  })

  it('results are always well formed', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const r = triage(input)
      expect(RESPONSES).toContain(r.response)
      expect([1, 2, 3]).toContain(r.priority)
      expect(r.reasons.length).toBeGreaterThan(0)
      expect(new Set(r.missing.map((m) => m.id)).size).toBe(r.missing.length)
      expect(r.protocolVersion).toBe(DEFAULT_PROTOCOL.version)
    }), { numRuns: 1000 })
  })

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), (narrative, callType) => {
      expect(() => triage({ narrative, callType })).not.toThrow()
    }), { numRuns: 1000 })
  })

  // ---------------------------------------------------------------- real CAD call types

  const REAL_TYPES = [...new Set(CAD_VOCABULARY_CASES.map((c) => c.input.callType ?? '').filter((t) => t !== ''))]
  const DANGER_IN_CALL_TYPE = ['W/ WPN', 'SHOTS FIRED', 'DV', 'VIOLENT', 'SUICIDE ATTEMPT', 'NOT BREATHING', 'OVERDOSE', 'ASSAULT IP']

  it('adding a danger to a real call type never makes the response less protective, nor the priority less urgent', () => {
    fc.assert(fc.property(fc.constantFrom(...REAL_TYPES), fc.constantFrom(...DANGER_IN_CALL_TYPE), (callType, danger) => {
      const before = triage({ callType })
      // a clause of its own, so a "NO ..." in the call type cannot reach it
      const after = triage({ callType: `${callType}; ${danger}` })
      expect(RESPONSE_PROTECTIVENESS[after.response]).toBeGreaterThanOrEqual(RESPONSE_PROTECTIVENESS[before.response])
      expect(after.priority).toBeLessThanOrEqual(before.priority)
    }), { numRuns: 1000 })
  })

  it('reads a call type the same whatever its separators, prefix and case', () => {
    const variants = (t: string): string[] => [t.replace(/ - /g, '_'), t.replace(/ - /g, ' -- '), `--${t}`, t.toLowerCase(), `  ${t}  `]
    fc.assert(fc.property(fc.constantFrom(...REAL_TYPES.filter((t) => t.includes(' - '))), (callType) => {
      const r = triage({ callType })
      for (const v of variants(callType)) {
        const x = triage({ callType: v })
        expect([x.category, x.response, x.priority], v).toEqual([r.category, r.response, r.priority])
      }
    }), { numRuns: 200 })
  })

  it('an impact review of a protocol against itself changes nothing, and its totals add up', () => {
    const item = fc.record({ callType: fc.constantFrom(...REAL_TYPES, ...CALL_TYPES), count: fc.integer({ min: 0, max: 5000 }) })
    fc.assert(fc.property(fc.array(item, { maxLength: 40 }), (items) => {
      const d = diffProtocols(DEFAULT_PROTOCOL, DEFAULT_PROTOCOL, items)
      expect(d.changed).toEqual([])
      expect(d.total.calls).toBe(items.reduce((n, x) => n + x.count, 0))
      expect(d.byResponse.reduce((n, r) => n + r.before.calls, 0)).toBe(d.total.calls)
      expect(d.byCategory.reduce((n, c) => n + c.after.types, 0)).toBe(d.total.types)
    }), { numRuns: 200 })
  })
})
