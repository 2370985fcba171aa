// The triage engine: pure and deterministic; reads screening answers, narrative and CAD call type.
import type { Category, Priority, ResponseType } from '../types'
import { RESPONSE_PROTECTIVENESS } from './protectiveness'
import type { CompiledProtocol, CompiledQuestion, EvalContext, FactState, MatchEffect } from './protocol'
import { BREAK, type PhraseIndex, type Tokens } from './text'
import { QUESTION_IDS, type MissingQuestion, type QuestionId, type TriageInput, type TriageResult } from './types'

type Mention = 'positive' | 'none' | 'unknown'

interface SignalState {
  positive: string[]
  none: string[]
  /** Where the mentions came from ("narrative", "call type"), for the reason text. */
  noneSources: string[]
}

interface Fact {
  state: FactState
  evidence: string[]
  /** The safe answer was given but the text says otherwise. */
  conflict: { answer: string, source: string, evidence: string[] } | null
  noneSource: string | null
}

const MAX_EVIDENCE = 3

function quote (s: string): string {
  return `"${s}"`
}

/** Reads one text field into signal mentions, honouring negation, "unknown" and "possible". */
function scan (tokens: Tokens, index: PhraseIndex<MatchEffect[]>, p: CompiledProtocol, source: string, into: Map<string, SignalState>): void {
  const { words, raw, corrected } = tokens
  const neg = p.negation
  const n = words.length
  // end index of the phrase covering each word, or -1: a cue does not jump over an earlier finding
  // unless they are joined by "or"/"nor" ("no weapons or violence", but not "no weapons hears voices")
  const hitEnd = new Int32Array(n).fill(-1)

  const cueBefore = (start: number): Mention | null => {
    const stop = Math.max(0, start - neg.window)
    for (let j = start - 1; j >= stop; j--) {
      const w = words[j]
      if (w === BREAK) return null
      if (hitEnd[j] >= 0) {
        const joiner = words[hitEnd[j]]
        if (joiner !== 'or' && joiner !== 'nor') return null
        continue
      }
      if (neg.before.has(w)) return 'none'
      if (neg.unknown.has(w)) return 'unknown'
      if (neg.uncertain.has(w)) return 'positive'
      // "does not have a weapon": the verb after a negation does not end its reach
      if (neg.scopeEnds.has(w) && !(j > 0 && neg.before.has(words[j - 1]))) return null
    }
    return null
  }

  const cueAfter = (end: number): Mention | null => {
    for (let k = end; k < Math.min(n, end + 2); k++) {
      const w = words[k]
      if (w === BREAK) return null
      if (neg.after.has(w)) {
        // a trailing "no" counts only at the end of a clause ("weapons: no"), not in "no one"
        if (w === 'no' && k + 1 < n && words[k + 1] !== BREAK) return null
        return 'none'
      }
    }
    return null
  }

  let i = 0
  while (i < n) {
    if (words[i] === BREAK) { i++; continue }
    const entry = index.matchAt(words, i)
    if (entry === undefined) { i++; continue }
    const end = i + entry.words.length
    const mention = cueBefore(i) ?? cueAfter(end) ?? 'positive'
    for (let k = i; k < end; k++) hitEnd[k] = end

    let text = ''
    let fixed = false
    for (let k = i; k < end; k++) {
      if (k > i && raw[k] === raw[k - 1]) continue
      text += (text === '' ? '' : ' ') + raw[k]
      fixed ||= corrected[k]
    }
    const evidence = fixed ? `${source} ${quote(text)}, read as ${quote(entry.words.join(' '))}` : `${source} ${quote(text)}`

    for (const effect of entry.value) {
      const m: Mention = effect.none ? 'none' : mention
      if (m === 'unknown') continue
      let st = into.get(effect.signal)
      if (st === undefined) {
        st = { positive: [], none: [], noneSources: [] }
        into.set(effect.signal, st)
      }
      if (m === 'positive') {
        if (!st.positive.includes(evidence)) st.positive.push(evidence)
      } else {
        if (!st.none.includes(evidence)) st.none.push(evidence)
        if (!st.noneSources.includes(source)) st.noneSources.push(source)
      }
    }
    i = end
  }
}

/** Condition context; a class rather than per-call closures, since triage runs in tight loops. */
class Context implements EvalContext {
  category: Category = 'out_of_scope'

  constructor (private readonly facts: ReadonlyMap<QuestionId, Fact>, private readonly signals: ReadonlyMap<string, SignalState>) {}

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

// reason texts for unanswered questions are the same on every call: fill the templates once
const promptCache = new WeakMap<CompiledProtocol, Map<string, string>>()

function cachedPrompt (p: CompiledProtocol, key: string, make: () => string): string {
  let m = promptCache.get(p)
  if (m === undefined) {
    m = new Map()
    promptCache.set(p, m)
  }
  let s = m.get(key)
  if (s === undefined) {
    s = make()
    m.set(key, s)
  }
  return s
}

function unscreenedReason (p: CompiledProtocol, q: CompiledQuestion): string {
  return cachedPrompt(p, q.id, () => fill(p.defaults.unscreenedReason, { label: capitalize(q.label) }))
}

function reportedNoneReason (p: CompiledProtocol, q: CompiledQuestion, source: string): string {
  return cachedPrompt(p, `${q.id}|${source}`, () => fill(p.defaults.reportedNoneReason, { label: capitalize(q.label), source }))
}

function answerOf (input: TriageInput, q: QuestionId): 'yes' | 'no' | 'unknown' {
  const a = input.answers?.[q]
  return a === 'yes' || a === 'no' ? a : 'unknown'
}

function fill (template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m)
}

function capitalize (s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1)
}

function withEvidence (reason: string, evidence: readonly string[]): string {
  if (evidence.length === 0) return reason
  const uniq = [...new Set(evidence)].slice(0, MAX_EVIDENCE).join('; ')
  return reason.endsWith('.') ? `${reason.slice(0, -1)} (${uniq}).` : `${reason} (${uniq})`
}

/**
 * Triage one call against a compiled protocol.
 *
 * Order: read the texts, settle each screening question (a danger answer or mention flags it; only a
 * safe *answer* clears it), pick the category, fire every rule, take the most protective response
 * and the most urgent priority among the rules that fired and the category default, then offer the
 * phone line if allowed, and list the unanswered questions.
 */
export function runTriage (input: TriageInput, p: CompiledProtocol): TriageResult {
  const signals = new Map<string, SignalState>()
  const callType = input.callType ?? ''
  const narrative = input.narrative ?? ''
  if (callType.trim() !== '') scan(p.lexicon.tokenize(callType), p.callTypeIndex, p, 'call type', signals)
  if (narrative.trim() !== '') scan(p.lexicon.tokenize(narrative), p.narrativeIndex, p, 'narrative', signals)

  const facts = new Map<QuestionId, Fact>()
  for (const q of p.questions) {
    const answer = answerOf(input, q.id)
    const positive: string[] = []
    let none = false
    let noneSource: string | null = null
    for (const s of q.signals) {
      const st = signals.get(s)
      if (st === undefined) continue
      positive.push(...st.positive)
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
      if (answer === q.safeAnswer) {
        const sources = [...new Set(positive.map((e) => e.startsWith('call type') ? 'call type' : 'narrative'))]
        fact.conflict = { answer, source: sources.join(' and '), evidence: positive }
      }
    } else if (answer === q.safeAnswer) {
      fact.state = 'cleared'
      fact.evidence.push(`${q.label}: answered ${quote(answer)}`)
    } else if (none) {
      fact.state = 'reportedNone'
      fact.noneSource = noneSource
    }
    facts.set(q.id, fact)
  }

  const ctx = new Context(facts, signals)

  let category: Category = 'out_of_scope'
  let categoryReason = p.defaults.outOfScope.reason
  for (const c of p.categories) {
    const ev: string[] = []
    if (c.when(ctx, ev)) {
      category = c.category
      categoryReason = withEvidence(c.reason, ev)
      break
    }
  }
  ctx.category = category
  const inScope = category !== 'out_of_scope'
  const base = inScope ? p.defaults.inScope : p.defaults.outOfScope

  const reasons: string[] = []
  let response: ResponseType = base.response
  let priority: Priority = base.priority
  let responseWithoutIgnored: ResponseType = base.response
  // rules are in protocol order, so on a tie of protectiveness the earlier rule names the service
  let bestRank = -1
  let bestRankWithoutIgnored = -1
  for (const rule of p.rules) {
    const ev: string[] = []
    if (!rule.when(ctx, ev)) continue
    reasons.push(withEvidence(rule.reason, ev))
    if (rule.priority !== null && rule.priority < priority) priority = rule.priority
    if (rule.response !== null) {
      const rank = RESPONSE_PROTECTIVENESS[rule.response]
      if (rank > bestRank) {
        bestRank = rank
        response = rule.response
      }
      if (!p.phoneLine.ignoresRules.has(rule.id) && rank > bestRankWithoutIgnored) {
        bestRankWithoutIgnored = rank
        responseWithoutIgnored = rule.response
      }
    }
  }
  // the category's usual response is the floor, and takes part in the comparison after every rule
  if (RESPONSE_PROTECTIVENESS[base.response] > bestRank) response = base.response
  if (RESPONSE_PROTECTIVENESS[base.response] > bestRankWithoutIgnored) responseWithoutIgnored = base.response

  for (const q of p.questions) {
    const f = facts.get(q.id)
    if (f?.conflict != null) {
      reasons.push(fill(p.defaults.conflictReason, {
        label: capitalize(q.label),
        answer: f.conflict.answer,
        source: f.conflict.source,
        evidence: [...new Set(f.conflict.evidence)].slice(0, MAX_EVIDENCE).join('; ')
      }))
    }
  }

  const empty = callType.trim() === '' && narrative.trim() === '' && QUESTION_IDS.every((q) => answerOf(input, q) === 'unknown')
  reasons.push(empty ? p.defaults.emptyCallReason : categoryReason)

  if (p.phoneLine.enabled && responseWithoutIgnored === 'care_team' && p.phoneLine.when(ctx, null)) {
    response = 'phone_988'
    if (p.phoneLine.priority < priority) priority = p.phoneLine.priority
    reasons.push(p.phoneLine.reason)
  } else if (inScope && response === base.response) {
    reasons.push(base.reason)
  }

  const missing: MissingQuestion[] = []
  if (response !== 'phone_988') {
    for (const q of p.questions) {
      const f = facts.get(q.id)
      if (f === undefined || (f.state !== 'unscreened' && f.state !== 'reportedNone')) continue
      if (!q.askWhen(ctx, null)) continue
      missing.push({ id: q.id, text: q.text })
      reasons.push(f.state === 'unscreened' ? unscreenedReason(p, q) : reportedNoneReason(p, q, f.noneSource ?? 'narrative'))
    }
  }

  return { category, response, priority, reasons, missing, protocolVersion: p.version }
}
