// The triage engine: pure and deterministic; reads screening answers, narrative and CAD call type.
import { CARE_TEAM_RESPONSES, type Capability, type Category, type Priority, type ResponseType } from '../types'
import { RESPONSE_PROTECTIVENESS } from './protectiveness'
import { answerOf, Context, contextSignals, settleFacts } from './facts'
import type { CompiledProtocol, CompiledQuestion } from './protocol'
import { scan, type ReadingTrace, type SignalState } from './scan'
import {
  QUESTION_IDS,
  type HandoffStep,
  type MissingQuestion,
  type QuestionId,
  type TriageExplanation,
  type TriageInput,
  type TriageResult,
  type TriageTrace
} from './types'

const MAX_EVIDENCE = 3

function quote (s: string): string {
  return `"${s}"`
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

/** The label evidence from the call-type field carries: `code 1182 (NON-INJURY ACCIDENT)` when a code book read it. */
function callTypeSource (code: string, description: string): string {
  return code === '' ? 'call type' : `code ${code} (${description})`
}

/**
 * Triage one call against a compiled protocol, with the rules that fired and the signals it read.
 *
 * Order: read the texts, settle each screening question (a danger answer or mention flags it; only a
 * safe *answer* clears it), pick the category, fire every rule, take the most protective response
 * and the most urgent priority among the rules that fired and the category default, then offer the
 * phone line if allowed, and list the unanswered questions.
 */
/** What explain collects beyond the trace: how each text was read, and every step in order. */
interface Detail {
  reading: ReadingTrace[]
  rules: TriageExplanation['rules']
  askFirst: QuestionId[]
  facts: TriageExplanation['facts']
}

function evaluate (input: TriageInput, p: CompiledProtocol, withSignals: boolean, detail: Detail | null = null): TriageTrace {
  const signals = new Map<string, SignalState>()
  const code = (input.callType ?? '').trim()
  const description = (input.callTypeDescription ?? '').trim()
  const callType = description !== '' ? description : code
  const narrative = input.narrative ?? ''
  const trace = detail?.reading
  let matches = 0
  if (callType !== '') {
    matches += scan(
      p.lexicon.tokenize(callType),
      p.callTypeIndex,
      p,
      description !== '' ? callTypeSource(code, description) : 'call type',
      signals,
      { truncated: true, trace }
    )
  }
  if (narrative.trim() !== '') matches += scan(p.lexicon.tokenize(narrative), p.narrativeIndex, p, 'narrative', signals, { trace })
  matches += contextSignals(input, p, narrative, signals)

  const facts = settleFacts(input, p, signals)
  if (detail !== null) {
    for (const q of p.questions) {
      const f = facts.get(q.id)
      detail.facts.push({ question: q.id, label: q.label, state: f?.state ?? 'unscreened', evidence: f?.evidence ?? [] })
    }
  }
  const ctx = new Context(facts, signals)

  let category: Category = 'out_of_scope'
  let categoryReason = p.defaults.outOfScope.reason
  for (const c of p.categories) {
    // a cheap test first; the evidence is gathered only for the condition that holds
    if (c.when(ctx, null)) {
      const ev: string[] = []
      c.when(ctx, ev)
      category = c.category
      categoryReason = withEvidence(c.reason, ev)
      break
    }
  }
  ctx.category = category
  const inScope = category !== 'out_of_scope'
  const base = inScope ? p.defaults.inScope : p.defaults.outOfScope

  const reasons: string[] = []
  const firedRules: string[] = []
  let response: ResponseType = base.response
  let priority: Priority = base.priority
  let responseWithoutIgnored: ResponseType = base.response
  let enforcementStop = false
  // rules are in protocol order, so on a tie of protectiveness the earlier rule names the service
  let bestRank = -1
  let bestRankWithoutIgnored = -1
  // questions rules put their questions first among the missing ones ("anyone hurt or threatened?")
  const askFirst: QuestionId[] = []
  for (const rule of p.rules) {
    if (!rule.when(ctx, null)) continue
    const ev: string[] = []
    rule.when(ctx, ev)
    firedRules.push(rule.id)
    reasons.push(withEvidence(rule.reason, ev))
    for (const q of rule.ask) if (!askFirst.includes(q)) askFirst.push(q)
    detail?.rules.push({
      id: rule.id,
      name: rule.name,
      kind: rule.kind,
      response: rule.response,
      priority: rule.priority,
      evidence: [...new Set(ev)]
    })
    if (rule.kind === 'enforcement') enforcementStop = true
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
      reasons.push(
        fill(p.defaults.conflictReason, {
          label: capitalize(q.label),
          answer: f.conflict.answer,
          source: f.conflict.source,
          evidence: [...new Set(f.conflict.evidence)].slice(0, MAX_EVIDENCE).join('; ')
        })
      )
    }
  }

  const anyAnswer = QUESTION_IDS.some((q) => answerOf(input, q) !== 'unknown')
  const empty = callType === '' && narrative.trim() === '' && !anyAnswer
  if (empty) reasons.push(p.defaults.emptyCallReason)
  else if (matches === 0 && !anyAnswer && !inScope) {
    reasons.push(
      fill(p.defaults.unmatchedReason, {
        text: [callType, narrative.trim()]
          .filter((x) => x !== '')
          .map(quote)
          .join(' / ')
      })
    )
  } else reasons.push(categoryReason)

  if (p.phoneLine.enabled && responseWithoutIgnored === 'care_team' && p.phoneLine.when(ctx, null)) {
    response = 'phone_988'
    if (p.phoneLine.priority < priority) priority = p.phoneLine.priority
    reasons.push(p.phoneLine.reason)
  } else if (inScope && response === base.response) {
    reasons.push(base.reason)
  }

  // need rules (a youth team, say) fire only once a care team goes: an exclusion sends police alone,
  // and its reason, not a youth team's, is what the dispatcher reads
  const needs: Capability[] = []
  if (CARE_TEAM_RESPONSES.includes(response)) {
    for (const rule of p.needRules) {
      if (!rule.when(ctx, null)) continue
      const ev: string[] = []
      rule.when(ctx, ev)
      firedRules.push(rule.id)
      reasons.push(withEvidence(rule.reason, ev))
      detail?.rules.push({
        id: rule.id,
        name: rule.name,
        kind: rule.kind,
        response: null,
        priority: rule.priority,
        evidence: [...new Set(ev)]
      })
      if (rule.priority !== null && rule.priority < priority) priority = rule.priority
      for (const n of rule.needs) if (!needs.includes(n)) needs.push(n)
    }
  }
  const handoff: HandoffStep[] = []
  if (p.youth !== null && needs.includes('youth')) {
    for (const h of p.youth.handoff) if (h.when(ctx, null)) handoff.push({ id: h.id, title: h.title, text: h.text })
  }

  const missing: MissingQuestion[] = []
  if (response !== 'phone_988') {
    // a questions rule's questions first, in its order, and asked even where askWhen would not ask them
    const order =
      askFirst.length === 0
        ? p.questions
        : [...askFirst.flatMap((id) => p.questions.filter((q) => q.id === id)), ...p.questions.filter((q) => !askFirst.includes(q.id))]
    for (const q of order) {
      const f = facts.get(q.id)
      if (f === undefined || (f.state !== 'unscreened' && f.state !== 'reportedNone')) continue
      if (!askFirst.includes(q.id) && !q.askWhen(ctx, null)) continue
      missing.push({ id: q.id, text: q.text })
      reasons.push(f.state === 'unscreened' ? unscreenedReason(p, q) : reportedNoneReason(p, q, f.noneSource ?? 'narrative'))
    }
  }
  if (detail !== null) detail.askFirst = askFirst

  const seen = withSignals
    ? [...signals]
        .filter(([, st]) => st.positive.length > 0)
        .map(([name]) => name)
        .sort()
    : []
  return {
    result: { category, response, priority, reasons, missing, protocolVersion: p.version, enforcementStop, needs, handoff },
    firedRules,
    signals: seen,
    matched: matches > 0
  }
}

/** Triage one call, with the rules that fired and the signals read: what an impact review compares. */
export function explainTriage (input: TriageInput, p: CompiledProtocol): TriageTrace {
  return evaluate(input, p, true)
}

/**
 * Triage one call and say how it was read, step by step: the tokens, the negations and what they
 * reach, the protocol's words matched, each screening question as settled, and the rules fired in
 * order. What `npm run triage -- explain` prints for a city's reviewer.
 */
export function explainReading (input: TriageInput, p: CompiledProtocol): TriageExplanation {
  const detail: Detail = { reading: [], rules: [], askFirst: [], facts: [] }
  const t = evaluate(input, p, true, detail)
  return { ...t, reading: detail.reading, facts: detail.facts, rules: detail.rules, askFirst: detail.askFirst }
}

/** Triage one call against a compiled protocol. Pure and deterministic. */
export function runTriage (input: TriageInput, p: CompiledProtocol): TriageResult {
  return evaluate(input, p, false).result
}
