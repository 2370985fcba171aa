// Settling the screening facts of one call: answers, signals read from its texts and intake, and the condition context.
import type { Category } from '../types'
import type { CompiledProtocol, EvalContext, FactState } from './protocol'
import type { SignalState } from './scan'
import { agesInText } from './ages'
import type { QuestionId, TriageInput } from './types'

export interface Fact {
  state: FactState
  evidence: string[]
  /** The safe answer was given but the text says otherwise. */
  conflict: { answer: string; source: string; evidence: string[] } | null
  noneSource: string | null
}

function quote (s: string): string {
  return `"${s}"`
}

/** Condition context; a class rather than per-call closures, since triage runs in tight loops. */
export class Context implements EvalContext {
  category: Category = 'out_of_scope'

  constructor (
    private readonly facts: ReadonlyMap<QuestionId, Fact>,
    private readonly signals: ReadonlyMap<string, SignalState>
  ) {}

  fact (q: QuestionId): FactState {
    return this.facts.get(q)?.state ?? 'unscreened'
  }

  factEvidence (q: QuestionId): readonly string[] {
    return this.facts.get(q)?.evidence ?? []
  }

  signal (name: string): boolean {
    return (this.signals.get(name)?.positive.length ?? 0) > 0
  }

  signalEvidence (name: string): readonly string[] {
    return this.signals.get(name)?.positive ?? []
  }
}

export function answerOf (input: TriageInput, q: QuestionId): 'yes' | 'no' | 'unknown' {
  const a = input.answers?.[q]
  return a === 'yes' || a === 'no' ? a : 'unknown'
}

function mention (signals: Map<string, SignalState>, name: string, evidence: string, source: string): void {
  let st = signals.get(name)
  if (st === undefined) {
    st = { positive: [], positiveSources: [], none: [], noneSources: [] }
    signals.set(name, st)
  }
  if (!st.positive.includes(evidence)) st.positive.push(evidence)
  if (!st.positiveSources.includes(source)) st.positiveSources.push(source)
}

/**
 * What the intake fields and ages in the narrative say, read as the signals the protocol's youth
 * section names: an age up to maxAge (intake, or "my 14-year-old" in the narrative) mentions the
 * minor signal; an intake age above it, the adult signal; a place kind, its signal. Returns how many
 * mentions were added.
 */
export function contextSignals (input: TriageInput, p: CompiledProtocol, narrative: string, signals: Map<string, SignalState>): number {
  const y = p.youth
  if (y === null) return 0
  let added = 0
  const age = input.personAge
  if (typeof age === 'number' && Number.isFinite(age)) {
    mention(signals, age <= y.maxAge ? y.minorSignal : y.adultSignal, `age ${age} (intake)`, 'intake')
    added++
  }
  if (narrative !== '') {
    for (const a of agesInText(narrative)) {
      if (a.age > y.maxAge) continue
      mention(signals, y.minorSignal, `narrative ${quote(a.text)}`, 'narrative')
      added++
    }
  }
  const place = input.placeKind == null ? undefined : y.placeSignals.get(input.placeKind)
  if (place !== undefined) {
    mention(signals, place, `place: ${input.placeKind} (intake)`, 'intake')
    added++
  }
  return added
}

/** The fact of a question nobody answered and nothing mentioned: shared, since most questions are. */
const UNSCREENED: Fact = Object.freeze({ state: 'unscreened', evidence: [], conflict: null, noneSource: null }) as Fact

export function settleFacts (input: TriageInput, p: CompiledProtocol, signals: ReadonlyMap<string, SignalState>): Map<QuestionId, Fact> {
  const facts = new Map<QuestionId, Fact>()
  for (const q of p.questions) {
    const answer = answerOf(input, q.id)
    let states: SignalState[] | null = null
    for (const s of q.signals) {
      const st = signals.get(s)
      if (st !== undefined) (states ??= []).push(st)
    }
    if (states === null && answer === 'unknown') {
      facts.set(q.id, UNSCREENED)
      continue
    }
    const positive: string[] = []
    const sources: string[] = []
    let none = false
    let noneSource: string | null = null
    for (const st of states ?? []) {
      positive.push(...st.positive)
      for (const src of st.positiveSources) if (!sources.includes(src)) sources.push(src)
      if (st.none.length > 0) {
        none = true
        noneSource ??= st.noneSources.join(' and ')
      }
    }
    const fact: Fact = { state: 'unscreened', evidence: [], conflict: null, noneSource: null }
    if (answer === q.dangerAnswer || positive.length > 0) {
      fact.state = 'flagged'
      if (answer === q.dangerAnswer) fact.evidence.push(`${q.label}: answered ${quote(answer)}`)
      fact.evidence.push(...positive)
      if (answer === q.safeAnswer) fact.conflict = { answer, source: sources.join(' and '), evidence: positive }
    } else if (answer === q.safeAnswer) {
      fact.state = 'cleared'
      fact.evidence.push(`${q.label}: answered ${quote(answer)}`)
    } else if (none) {
      fact.state = 'reportedNone'
      fact.noneSource = noneSource
    }
    facts.set(q.id, fact)
  }
  return facts
}
