// Property-based checks of the triage engine: exclusions only ever add protection; output is deterministic.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PROTOCOL, RESPONSE_PROTECTIVENESS, explain, triage } from '../../../server/domain/triage'
import { compileProtocol } from '../../../server/domain/triage/protocol-validate'
import protocolDocument from '../../../server/domain/triage/protocol.json'
import { QUESTION_IDS, type Answer, type Answers, type QuestionId, type TriageInput } from '../../../server/domain/triage/types'
import { CARE_TEAM_RESPONSES, RESPONSES } from '../../../server/domain/types'
import { diffProtocols } from '../../../server/domain/triage/diff'
import { CAD_VOCABULARY_CASES } from './triage-cases-cad'

const FRAGMENTS = [
  'man on the corner talking to himself',
  'says he hears voices',
  'woman crying at the bus stop',
  'feels hopeless',
  'no weapons',
  'not violent',
  'not injured',
  'denies suicidal thoughts',
  'caller is suicidal',
  'has a plan',
  'no plan',
  'drunk and sleeping in a doorway',
  'smells of alcohol',
  'welfare check',
  'homeless man trespassing',
  'refuses to leave',
  'car broken down on the shoulder',
  'minor collision, no injuries',
  'MVA NO INJ',
  'debris in the road',
  'hit and run',
  'caller just wants to talk to someone',
  'unknown if armed',
  'possibly armed',
  'sucidal',
  'overdoes',
  'at the bus stop',
  'NOISE COMPLAINT',
  'paranoid, off his meds',
  'W/ KNIFE',
  'he is in his apartment',
  'yelling at cars',
  'no one hurt',
  'wpns neg',
  'non-violent dispute',
  'pedestrian walking in traffic',
  'blocking traffic',
  'unarmed',
  ''
]
const CALL_TYPES = [
  '',
  'EDP',
  '5150',
  'WELFARE',
  'INTOX',
  'DRUNK IN PUBLIC',
  'OD',
  'DISVEH',
  'MVA',
  'MVA-NI',
  'TRAFFIC COLLISION - NO INJURIES',
  'HIT &amp; RUN',
  'TRESPASS',
  'NOISE COMPLAINT',
  'BURGLARY',
  'SUICIDAL',
  'DUI',
  'ROAD HAZARD',
  '988 TRANSFER',
  'MENTAL PATIENT'
]

const answerArb: fc.Arbitrary<Answer | undefined> = fc.constantFrom<Answer | undefined>('yes', 'no', 'unknown', undefined)
const answersArb: fc.Arbitrary<Answers> = fc
  .record(Object.fromEntries(QUESTION_IDS.map((q) => [q, answerArb])) as Record<QuestionId, fc.Arbitrary<Answer | undefined>>)
  .map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Answers)

const inputArb: fc.Arbitrary<TriageInput> = fc.record({
  narrative: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 5 }).map((xs) => xs.join(', ')),
  callType: fc.constantFrom(...CALL_TYPES),
  answers: fc.oneof(answersArb, fc.constant(undefined))
})

/** The danger answer of each exclusion question (breathing/conscious: "no"). */
const EXCLUSION_ANSWERS: Array<[QuestionId, Answer]> = [
  ['weapons', 'yes'],
  ['violence', 'yes'],
  ['crimeInProgress', 'yes'],
  ['domesticViolence', 'yes'],
  ['suicideAttemptInProgress', 'yes'],
  ['breathingConscious', 'no'],
  ['medicalEmergency', 'yes'],
  ['suicideMeans', 'yes'],
  ['insideResidence', 'yes']
]
/** Phrases that carry only an exclusion signal. */
const EXCLUSION_PHRASES = [
  'he has a gun',
  'he is punching people',
  'robbery in progress',
  'domestic violence',
  'she is not breathing',
  'having a seizure',
  'smoke coming from the roof',
  'has been stockpiling pills',
  'making threats',
  'attempting suicide',
  'W/ WPN',
  'inside his apartment'
]
const RESIDENCE = new Set(['insideResidence', 'inside his apartment'])

type Exclusion = { kind: 'answer'; q: QuestionId; a: Answer } | { kind: 'phrase'; text: string }
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
    fc.assert(
      fc.property(inputArb, exclusionArb, (input, e) => {
        expect(rank(add(input, e))).toBeGreaterThanOrEqual(rank(input))
      }),
      RUNS
    )
  })

  it('adding any exclusion signal never makes the priority less urgent', () => {
    fc.assert(
      fc.property(inputArb, exclusionArb, (input, e) => {
        expect(triage(add(input, e)).priority).toBeLessThanOrEqual(triage(input).priority)
      }),
      RUNS
    )
  })

  it('with an exclusion other than "inside a residence", a care team never goes alone and 988 is never offered', () => {
    fc.assert(
      fc.property(inputArb, exclusionArb, (input, e) => {
        fc.pre(!RESIDENCE.has(e.kind === 'answer' ? e.q : e.text))
        expect(rank(add(input, e))).toBeGreaterThanOrEqual(RESPONSE_PROTECTIVENESS.co_response_police)
      }),
      RUNS
    )
  })

  it('an unanswered question is never less protective, nor less urgent, than its safe answer', () => {
    const safe = new Map(DEFAULT_PROTOCOL.questions.map((q) => [q.id, q.safeAnswer]))
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...QUESTION_IDS), (input, q) => {
        const answered = triage({ ...input, answers: { ...input.answers, [q]: safe.get(q) } })
        const unknown = triage({ ...input, answers: { ...input.answers, [q]: 'unknown' } })
        expect(RESPONSE_PROTECTIVENESS[unknown.response]).toBeGreaterThanOrEqual(RESPONSE_PROTECTIVENESS[answered.response])
        expect(unknown.priority).toBeLessThanOrEqual(answered.priority)
      }),
      RUNS
    )
  })

  it('output is deterministic: same input, same result, whatever ran before and on a freshly compiled protocol', () => {
    const fresh = compileProtocol(protocolDocument)
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = triage(input)
        const b = triage(structuredClone(input))
        const c = triage(input, fresh)
        expect(b).toEqual(a)
        expect(c).toEqual(a)
      }),
      { numRuns: 1000 }
    )
  })

  it('results are always well formed', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = triage(input)
        expect(RESPONSES).toContain(r.response)
        expect([1, 2, 3]).toContain(r.priority)
        expect(r.reasons.length).toBeGreaterThan(0)
        expect(new Set(r.missing.map((m) => m.id)).size).toBe(r.missing.length)
        expect(r.protocolVersion).toBe(DEFAULT_PROTOCOL.version)
      }),
      { numRuns: 1000 }
    )
  })

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), (narrative, callType) => {
        expect(() => triage({ narrative, callType })).not.toThrow()
      }),
      { numRuns: 1000 }
    )
  })

  // ---------------------------------------------------------------- real CAD call types

  const REAL_TYPES = [...new Set(CAD_VOCABULARY_CASES.map((c) => c.input.callType ?? '').filter((t) => t !== ''))]
  const DANGER_IN_CALL_TYPE = ['W/ WPN', 'SHOTS FIRED', 'DV', 'VIOLENT', 'SUICIDE ATTEMPT', 'NOT BREATHING', 'OVERDOSE', 'ASSAULT IP']

  it('adding a danger to a real call type never makes the response less protective, nor the priority less urgent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REAL_TYPES), fc.constantFrom(...DANGER_IN_CALL_TYPE), (callType, danger) => {
        const before = triage({ callType })
        // a clause of its own, so a "NO ..." in the call type cannot reach it
        const after = triage({ callType: `${callType}; ${danger}` })
        expect(RESPONSE_PROTECTIVENESS[after.response]).toBeGreaterThanOrEqual(RESPONSE_PROTECTIVENESS[before.response])
        expect(after.priority).toBeLessThanOrEqual(before.priority)
      }),
      { numRuns: 1000 }
    )
  })

  it('reads a call type the same whatever its separators, prefix and case', () => {
    const variants = (t: string): string[] => [t.replace(/ - /g, '_'), t.replace(/ - /g, ' -- '), `--${t}`, t.toLowerCase(), `  ${t}  `]
    fc.assert(
      fc.property(fc.constantFrom(...REAL_TYPES.filter((t) => t.includes(' - '))), (callType) => {
        const r = triage({ callType })
        for (const v of variants(callType)) {
          const x = triage({ callType: v })
          expect([x.category, x.response, x.priority], v).toEqual([r.category, r.response, r.priority])
        }
      }),
      { numRuns: 200 }
    )
  })

  it('an impact review of a protocol against itself changes nothing, and its totals add up', () => {
    const item = fc.record({ callType: fc.constantFrom(...REAL_TYPES, ...CALL_TYPES), count: fc.integer({ min: 0, max: 5000 }) })
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const d = diffProtocols(DEFAULT_PROTOCOL, DEFAULT_PROTOCOL, items)
        expect(d.changed).toEqual([])
        expect(d.total.calls).toBe(items.reduce((n, x) => n + x.count, 0))
        expect(d.byResponse.reduce((n, r) => n + r.before.calls, 0)).toBe(d.total.calls)
        expect(d.byCategory.reduce((n, c) => n + c.after.types, 0)).toBe(d.total.types)
      }),
      { numRuns: 200 }
    )
  })
})

// ------------------------------------------------------------------ negation scope and weapons (issue 22)

/** Care-team signs as the shared lists and the protocol's codes write them. */
const CARE_SIGNS = [
  'MENTAL HEALTH',
  'EDP',
  'WELFARE CHECK',
  'SUICIDAL',
  'INTOXICATED',
  'TRESPASS',
  'HOMELESS',
  'DISABLED VEHICLE',
  'PARKING COMPLAINT',
  'JUVENILE DISTURBANCE',
  'ABANDONED VEHICLE',
  'PANHANDLING',
  'INDECENT EXPOSURE',
  'RUNAWAY JUVENILE',
  'HALLUCINATING',
  'DEBRIS IN ROADWAY',
  'STALLED VEHICLE',
  'LOUD PARTY',
  'PUBLIC URINATION',
  'UNWANTED PERSON',
  'TRAFFIC COLLISION',
  'MVA',
  'SLEEPER'
]
/** Words that raise an exclusion (police, EMS, fire or co-response), from the same lists and EMD/APCO names. */
const EXCLUSION_WORDS = [
  'GUN',
  'KNIFE',
  'SHOTS FIRED',
  'ASSAULT',
  'FIGHT',
  'DOMESTIC',
  'OVERDOSE',
  'UNCONSCIOUS',
  'STRUCTURE FIRE',
  'ROBBERY IN PROGRESS',
  'SUICIDE ATTEMPT',
  'CHEST PAIN',
  'HOSTAGE',
  'BATTERY',
  'WEAPON',
  'THREATS',
  'PRISONER',
  'FIREARM',
  'STABBING',
  'SEIZURE'
]
/** Ways to negate a term; "NON-" joins the whole term ("NON-STRUCTURE FIRE" is a fire that is not a structure fire). */
const NEGATIONS: Array<(w: string) => string> = [
  (w) => `NON-${w.replace(/ /g, '-')}`,
  (w) => `NON ${w}`,
  (w) => `NOT ${w}`,
  (w) => `NO ${w}`,
  (w) => `W/O ${w}`,
  (w) => `WITHOUT ${w}`,
  (w) => `DENIES ${w}`,
  (w) => `OTHER THAN ${w}`,
  (w) => `NEGATIVE FOR ${w}`
]
const SEPARATORS = [' ', ' - ', ' / ', '/', ', ', ' & ', '_', ' -- ']
const EXCLUSION_RULES = new Set(DEFAULT_PROTOCOL.rules.filter((r) => r.kind === 'exclusion').map((r) => r.id))

const joinWith = (parts: readonly string[], seps: readonly string[]): string =>
  parts.reduce((acc, p, i) => (i === 0 ? p : `${acc}${seps[(i - 1) % seps.length]}${p}`), '')
const exclusionsOf = (callType: string): string[] => explain({ callType }).firedRules.filter((id) => EXCLUSION_RULES.has(id))

describe('negation has a scope', () => {
  const partsArb = fc.array(fc.constantFrom(...CARE_SIGNS, ...EXCLUSION_WORDS), { minLength: 2, maxLength: 4 })
  const sepsArb = fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 3 })

  it('negating one part of a call type never removes a different care sign or a safety exclusion', () => {
    fc.assert(
      fc.property(partsArb, fc.nat(), fc.constantFrom(...NEGATIONS), sepsArb, (parts, k, negate, seps) => {
        const j = k % parts.length
        const before = explain({ callType: joinWith(parts, seps) })
        // parts read on their own: two parts that make one phrase ("ASSAULT WEAPON") are one term, not two
        const separately = new Set(parts.flatMap((p) => explain({ callType: p }).signals))
        fc.pre(before.signals.length === separately.size && before.signals.every((x) => separately.has(x)))
        const negated = joinWith(
          parts.map((p, i) => (i === j ? negate(p) : p)),
          seps
        )
        const after = explain({ callType: negated })
        const own = explain({ callType: parts[j] })
        // what the other parts said is still said (the negated part may add "said non-violent", never take away)
        const kept = before.signals.filter((s) => !own.signals.includes(s))
        expect(after.signals, negated).toEqual(expect.arrayContaining(kept))
        const ownExclusions = own.firedRules.filter((id) => EXCLUSION_RULES.has(id))
        const keptExclusions = before.firedRules.filter((id) => EXCLUSION_RULES.has(id) && !ownExclusions.includes(id))
        expect(after.firedRules, negated).toEqual(expect.arrayContaining(keptExclusions))
      }),
      { numRuns: 2000 }
    )
  })

  it('negating an exclusion word never adds an exclusion, in a call type or a narrative', () => {
    const baseArb = fc.array(fc.constantFrom(...CARE_SIGNS, ...EXCLUSION_WORDS), { minLength: 0, maxLength: 3 })
    fc.assert(
      fc.property(baseArb, fc.constantFrom(...EXCLUSION_WORDS), fc.constantFrom(...NEGATIONS), sepsArb, (base, word, negate, seps) => {
        const callType = joinWith([...base, negate(word)], seps)
        const without = base.length === 0 ? [] : exclusionsOf(joinWith(base, seps))
        for (const id of exclusionsOf(callType)) expect(without, `${callType} fired ${id}`).toContain(id)

        const narrative = `${base.join(' ').toLowerCase()} ${negate(word).toLowerCase()}`.trim()
        const withoutText = base.length === 0 ? [] : explain({ narrative: base.join(' ').toLowerCase() }).firedRules
        for (const id of explain({ narrative }).firedRules.filter((r) => EXCLUSION_RULES.has(r))) {
          expect(withoutText, `${narrative} fired ${id}`).toContain(id)
        }
      }),
      { numRuns: 2000 }
    )
  })

  it('"non-violent", "not threatening", "no weapons" say a care team fits, and never send one alone past an exclusion', () => {
    const SAID = ['NON-VIOLENT', 'NOT THREATENING', 'NO WEAPONS', 'NON-CRIMINAL', 'UNARMED', 'W/O WEAPON']
    const ALONE: readonly string[] = ['care_team', 'care_team_with_ems', 'phone_988']
    fc.assert(
      fc.property(
        fc.constantFrom(...SAID),
        fc.option(fc.constantFrom(...EXCLUSION_WORDS), { nil: undefined }),
        fc.constantFrom(...SEPARATORS),
        (said, danger, sep) => {
          const alone = triage({ callType: `SUBJECT${sep}${said}` })
          expect(CARE_TEAM_RESPONSES, `SUBJECT${sep}${said}`).toContain(alone.response)
          if (danger === undefined) return
          const callType = `${danger}${sep}${said}`
          expect(exclusionsOf(callType), callType).toEqual(exclusionsOf(danger))
          expect(ALONE, callType).not.toContain(triage({ callType }).response)
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe('weapons are read first', () => {
  const FIREARMS = ['FIREARM', 'FIREARMS', 'GUN', 'GUNS', 'SHOTGUN', 'RIFLE', 'HANDGUN', 'PISTOL', 'WEAPON', 'WPN', 'KNIFE']
  const COLLISIONS = ['ACCIDENT', 'ACC', 'MVA', 'MVC', 'TRAFFIC COLLISION', 'CRASH', 'T/C', 'AUTO ACCIDENT', 'TRAFFIC ACCIDENT']

  it('a weapon word wins over a collision word in one call type, whatever the order and separators', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIREARMS),
        fc.constantFrom(...COLLISIONS),
        fc.boolean(),
        fc.constantFrom(...SEPARATORS),
        (weapon, collision, weaponFirst, sep) => {
          const callType = weaponFirst ? `${weapon}${sep}${collision}` : `${collision}${sep}${weapon}`
          const t = explain({ callType })
          expect(t.firedRules, callType).toContain('weapons')
          expect(t.result.response, callType).toBe('police')
          expect(t.result.category, callType).not.toBe('traffic_safety')
          expect(t.signals, callType).not.toContain('collision')
        }
      ),
      { numRuns: 500 }
    )
  })

  it('a negated weapon is not a weapon: the collision or the injury stands', () => {
    const NEGATED = [
      (w: string) => `NO ${w}`,
      (w: string) => `OTHER THAN ${w}`,
      (w: string) => `W/O ${w}`,
      (w: string) => `WITHOUT ${w}`,
      (w: string) => `NON-${w}`,
      (w: string) => `DENIES ${w}`
    ]
    const INJURIES = ['INJURY', 'TRAUMATIC INJURIES', 'PENETRATING TRAUMA', 'INJURED PERSON', 'FALL']
    fc.assert(
      fc.property(
        fc.constantFrom(...FIREARMS),
        fc.constantFrom(...COLLISIONS, ...INJURIES),
        fc.constantFrom(...NEGATED),
        fc.constantFrom(' - ', ' ', ' / '),
        (weapon, other, negate, sep) => {
          const callType = `${other}${sep}${negate(weapon)}`
          const t = explain({ callType })
          expect(t.firedRules, callType).not.toContain('weapons')
          if (COLLISIONS.includes(other)) expect(t.result.category, callType).toBe('traffic_safety')
          else expect(['ems', 'care_team_with_ems'], callType).toContain(t.result.response)
        }
      ),
      { numRuns: 500 }
    )
  })
})
