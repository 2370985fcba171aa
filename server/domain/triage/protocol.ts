// Triage protocol: the JSON document a clinical lead edits, its validation, and its compiled form.
import { CATEGORIES, RESPONSES, type Category, type Priority, type ResponseType } from '../types'
import { RESPONSE_PROTECTIVENESS } from './protectiveness'
import { Lexicon, PhraseIndex } from './text'
import { QUESTION_IDS, type QuestionId } from './types'

// ------------------------------------------------------------------------------------------ document

/**
 * A condition in the protocol file. Lists mean "any of".
 * flagged: the danger answer was given, or the call type / narrative mentions it.
 * cleared / allCleared: the safe answer was given (a narrative "no weapons" does not clear a question).
 * unscreened: no answer and nothing said either way.
 */
export type ConditionDoc =
  | 'always'
  | { flagged: QuestionId | QuestionId[] }
  | { cleared: QuestionId }
  | { allCleared: QuestionId[] }
  | { unscreened: QuestionId | QuestionId[] }
  | { signal: string | string[] }
  | { category: Category | Category[] }
  | { any: ConditionDoc[] }
  | { all: ConditionDoc[] }
  | { not: ConditionDoc }

export const RULE_KINDS = ['exclusion', 'escalation', 'unscreened', 'priority'] as const
export type RuleKind = typeof RULE_KINDS[number]

export interface ProtocolDocument {
  name: string
  version: string
  jurisdiction?: string
  effectiveDate?: string
  about?: string
  sources: Array<{ id: string, name: string, summary: string, url?: string }>
  questions: Array<{ id: QuestionId, label: string, text: string, safeAnswer: 'yes' | 'no', askWhen: ConditionDoc }>
  language: {
    abbreviations: Record<string, string>
    ignoredWords: string[]
    negation: {
      wordsBefore: string[]
      wordsAfter: string[]
      uncertainWords: string[]
      unknownWords: string[]
      scopeEndsAt: string[]
      window: number
    }
    typoTolerance: {
      terms: string[]
      neverCorrect: string[]
      minWordLength: number
      twoEditsFromLength: number
    }
  }
  signals: Record<string, { meaning: string, question?: QuestionId, phrases: string[], phrasesMeaningNone?: string[] }>
  callTypeCodes: Array<{ codes: string[], means: string[], rulesOut?: string[], note?: string }>
  categories: Array<{ category: Category, when: ConditionDoc, reason: string }>
  rules: Array<{
    id: string
    kind: RuleKind
    name: string
    when: ConditionDoc
    response?: ResponseType
    priority?: Priority
    reason: string
    sources?: string[]
  }>
  defaults: {
    inScope: { response: ResponseType, priority: Priority, reason: string }
    outOfScope: { response: ResponseType, priority: Priority, reason: string }
    emptyCallReason: string
    unscreenedReason: string
    reportedNoneReason: string
    conflictReason: string
  }
  phoneLine: { enabled: boolean, when: ConditionDoc, ignoresRules: string[], priority: Priority, reason: string }
}

// ------------------------------------------------------------------------------------------ compiled

export type FactState = 'flagged' | 'cleared' | 'reportedNone' | 'unscreened'

/** What a condition can look at while one call is triaged. */
export interface EvalContext {
  fact: (q: QuestionId) => FactState
  factEvidence: (q: QuestionId) => readonly string[]
  signal: (name: string) => boolean
  signalEvidence: (name: string) => readonly string[]
  category: Category
}

/** A compiled condition; pushes what made it true into `evidence` when one is given. */
export type Condition = (ctx: EvalContext, evidence: string[] | null) => boolean

export interface MatchEffect {
  signal: string
  /** The phrase itself says "none" (e.g. "unarmed", "MVA-NI" for injuries). */
  none: boolean
}

export interface CompiledQuestion {
  id: QuestionId
  label: string
  text: string
  safeAnswer: 'yes' | 'no'
  dangerAnswer: 'yes' | 'no'
  askWhen: Condition
  /** Signals whose mention answers this question. */
  signals: string[]
}

export interface CompiledRule {
  id: string
  kind: RuleKind
  name: string
  when: Condition
  response: ResponseType | null
  priority: Priority | null
  reason: string
}

export interface NegationWords {
  before: ReadonlySet<string>
  after: ReadonlySet<string>
  uncertain: ReadonlySet<string>
  unknown: ReadonlySet<string>
  scopeEnds: ReadonlySet<string>
  window: number
}

export interface CompiledProtocol {
  readonly name: string
  readonly version: string
  readonly document: Readonly<ProtocolDocument>
  readonly questions: readonly CompiledQuestion[]
  readonly questionById: ReadonlyMap<QuestionId, CompiledQuestion>
  readonly signalQuestion: ReadonlyMap<string, QuestionId>
  readonly lexicon: Lexicon
  readonly narrativeIndex: PhraseIndex<MatchEffect[]>
  /** Narrative phrases plus the CAD call-type codes, which only count in the call-type field. */
  readonly callTypeIndex: PhraseIndex<MatchEffect[]>
  readonly negation: NegationWords
  readonly categories: ReadonlyArray<{ category: Category, when: Condition, reason: string }>
  readonly rules: readonly CompiledRule[]
  readonly defaults: ProtocolDocument['defaults']
  readonly phoneLine: { enabled: boolean, when: Condition, ignoresRules: ReadonlySet<string>, priority: Priority, reason: string }
}

// ------------------------------------------------------------------------------------------ validation

export class ProtocolError extends Error {
  constructor (readonly problems: readonly string[], source = 'triage protocol') {
    super(`Invalid ${source}:\n  ${problems.join('\n  ')}`)
    this.name = 'ProtocolError'
  }
}

const PRIORITIES = [1, 2, 3] as const
const CARE_ONLY: readonly ResponseType[] = ['phone_988', 'care_team', 'care_team_with_ems']

type Obj = Record<string, unknown>

function isObj (v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function show (v: unknown): string {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s
}

class Checker {
  readonly problems: string[] = []

  fail (path: string, msg: string): void {
    this.problems.push(`${path}: ${msg}`)
  }

  obj (v: unknown, path: string): Obj | null {
    if (isObj(v)) return v
    this.fail(path, `must be an object (got ${show(v)})`)
    return null
  }

  arr (v: unknown, path: string, nonEmpty = true): unknown[] | null {
    if (!Array.isArray(v)) { this.fail(path, `must be a list (got ${show(v)})`); return null }
    if (nonEmpty && v.length === 0) { this.fail(path, 'must not be empty'); return null }
    return v
  }

  str (v: unknown, path: string): string | null {
    if (typeof v === 'string' && v.trim() !== '') return v
    this.fail(path, `must be a non-empty text (got ${show(v)})`)
    return null
  }

  optStr (o: Obj, key: string, path: string): void {
    if (o[key] !== undefined) this.str(o[key], `${path}.${key}`)
  }

  strList (v: unknown, path: string, nonEmpty = true): string[] {
    const a = this.arr(v, path, nonEmpty)
    if (a === null) return []
    const out: string[] = []
    a.forEach((s, i) => { const t = this.str(s, `${path}[${i}]`); if (t !== null) out.push(t) })
    return out
  }

  oneOf<T> (v: unknown, allowed: readonly T[], path: string): T | null {
    if (allowed.includes(v as T)) return v as T
    this.fail(path, `must be one of ${allowed.join(', ')} (got ${show(v)})`)
    return null
  }

  int (v: unknown, path: string, min: number, max: number): number | null {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v
    this.fail(path, `must be a whole number from ${min} to ${max} (got ${show(v)})`)
    return null
  }

  noExtraKeys (o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(`${path}.${k}`, `unknown field; allowed fields are ${allowed.join(', ')}`)
    }
  }
}

const CONDITION_KEYS = ['flagged', 'cleared', 'allCleared', 'unscreened', 'signal', 'category', 'any', 'all', 'not'] as const

interface Known {
  signals: ReadonlySet<string>
}

function checkCondition (c: Checker, v: unknown, path: string, known: Known): void {
  if (v === 'always') return
  const o = c.obj(v, path)
  if (o === null) return
  const keys = Object.keys(o)
  if (keys.length !== 1 || !(CONDITION_KEYS as readonly string[]).includes(keys[0])) {
    c.fail(path, `must have exactly one of ${CONDITION_KEYS.join(', ')} (or be "always"); got ${keys.length === 0 ? 'no field' : keys.join(', ')}`)
    return
  }
  const key = keys[0]
  const val = o[key]
  const p = `${path}.${key}`
  const listOrOne = (check: (x: unknown, at: string) => void, allowList: boolean): void => {
    if (Array.isArray(val) && allowList) {
      if (val.length === 0) c.fail(p, 'must not be empty')
      val.forEach((x, i) => check(x, `${p}[${i}]`))
    } else check(val, p)
  }
  const question = (x: unknown, at: string): void => { c.oneOf(x, QUESTION_IDS, at) }
  switch (key) {
    case 'flagged':
    case 'unscreened':
      listOrOne(question, true)
      break
    case 'cleared':
      listOrOne(question, false)
      break
    case 'allCleared':
      if (c.arr(val, p) !== null) (val as unknown[]).forEach((x, i) => question(x, `${p}[${i}]`))
      break
    case 'signal':
      listOrOne((x, at) => {
        if (typeof x !== 'string' || !known.signals.has(x)) c.fail(at, `unknown signal ${show(x)}; signals are defined under "signals"`)
      }, true)
      break
    case 'category':
      listOrOne((x, at) => { c.oneOf(x, CATEGORIES, at) }, true)
      break
    case 'any':
    case 'all': {
      const a = c.arr(val, p)
      if (a !== null) a.forEach((x, i) => checkCondition(c, x, `${p}[${i}]`, known))
      break
    }
    case 'not':
      checkCondition(c, val, p, known)
      break
  }
}

function checkOutcome (c: Checker, v: unknown, path: string, withReason = true): void {
  const o = c.obj(v, path)
  if (o === null) return
  const r = c.oneOf(o.response, RESPONSES, `${path}.response`)
  if (r === 'phone_988') c.fail(`${path}.response`, 'phone_988 is only given through "phoneLine"')
  c.oneOf(o.priority, PRIORITIES, `${path}.priority`)
  if (withReason) c.str(o.reason, `${path}.reason`)
}

/** Checks a protocol document; returns every problem found, each naming the JSON path of the bad field. */
export function validateProtocol (doc: unknown): string[] {
  const c = new Checker()
  const root = c.obj(doc, '(protocol)')
  if (root === null) return c.problems
  c.noExtraKeys(root, ['$comment', 'name', 'version', 'jurisdiction', 'effectiveDate', 'about', 'sources', 'questions', 'language', 'signals', 'callTypeCodes', 'categories', 'rules', 'defaults', 'phoneLine'], '(protocol)')
  c.str(root.name, 'name')
  const version = c.str(root.version, 'version')
  if (version !== null && !/^[a-z0-9][a-z0-9._-]*$/i.test(version)) c.fail('version', `must be letters, digits, ".", "-" or "_", e.g. "la-2026.1" (got ${show(version)})`)
  c.optStr(root, 'jurisdiction', '(protocol)')
  c.optStr(root, 'about', '(protocol)')
  if (root.effectiveDate !== undefined && (typeof root.effectiveDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(root.effectiveDate))) {
    c.fail('effectiveDate', `must be a date like 2026-01-31 (got ${show(root.effectiveDate)})`)
  }

  const sourceIds = new Set<string>()
  c.arr(root.sources, 'sources')?.forEach((s, i) => {
    const o = c.obj(s, `sources[${i}]`)
    if (o === null) return
    const id = c.str(o.id, `sources[${i}].id`)
    if (id !== null) sourceIds.add(id)
    c.str(o.name, `sources[${i}].name`)
    c.str(o.summary, `sources[${i}].summary`)
    c.optStr(o, 'url', `sources[${i}]`)
  })

  // signals come first: conditions elsewhere refer to them by name
  const signals = new Set<string>()
  const sig = c.obj(root.signals, 'signals')
  if (sig !== null) {
    for (const [name, v] of Object.entries(sig)) {
      const p = `signals.${name}`
      if (!/^[a-z][A-Za-z0-9]*$/.test(name)) c.fail(p, 'signal names are camelCase words, e.g. "weapon"')
      signals.add(name)
      const o = c.obj(v, p)
      if (o === null) continue
      c.noExtraKeys(o, ['meaning', 'question', 'phrases', 'phrasesMeaningNone'], p)
      c.str(o.meaning, `${p}.meaning`)
      if (o.question !== undefined) c.oneOf(o.question, QUESTION_IDS, `${p}.question`)
      c.strList(o.phrases, `${p}.phrases`)
      if (o.phrasesMeaningNone !== undefined) c.strList(o.phrasesMeaningNone, `${p}.phrasesMeaningNone`)
    }
  }
  const known: Known = { signals }

  const seenQ = new Set<string>()
  c.arr(root.questions, 'questions')?.forEach((q, i) => {
    const p = `questions[${i}]`
    const o = c.obj(q, p)
    if (o === null) return
    const id = c.oneOf(o.id, QUESTION_IDS, `${p}.id`)
    if (id !== null) {
      if (seenQ.has(id)) c.fail(`${p}.id`, `question ${id} is listed twice`)
      seenQ.add(id)
    }
    c.str(o.label, `${p}.label`)
    c.str(o.text, `${p}.text`)
    c.oneOf(o.safeAnswer, ['yes', 'no'], `${p}.safeAnswer`)
    checkCondition(c, o.askWhen, `${p}.askWhen`, known)
  })
  if (Array.isArray(root.questions)) {
    const missing = QUESTION_IDS.filter((q) => !seenQ.has(q))
    if (missing.length > 0) c.fail('questions', `every screening question must be listed; missing ${missing.join(', ')}`)
  }

  const lang = c.obj(root.language, 'language')
  if (lang !== null) {
    const ab = c.obj(lang.abbreviations, 'language.abbreviations')
    if (ab !== null) for (const [k, v] of Object.entries(ab)) c.str(v, `language.abbreviations.${k}`)
    c.strList(lang.ignoredWords, 'language.ignoredWords', false)
    const neg = c.obj(lang.negation, 'language.negation')
    if (neg !== null) {
      for (const k of ['wordsBefore', 'wordsAfter', 'uncertainWords', 'unknownWords', 'scopeEndsAt']) c.strList(neg[k], `language.negation.${k}`, false)
      c.int(neg.window, 'language.negation.window', 1, 12)
    }
    const typo = c.obj(lang.typoTolerance, 'language.typoTolerance')
    if (typo !== null) {
      c.strList(typo.terms, 'language.typoTolerance.terms', false).forEach((t, i) => {
        if (!/^[a-z]{4,}$/.test(t)) c.fail(`language.typoTolerance.terms[${i}]`, `must be one lower-case word of at least 4 letters (got ${show(t)})`)
      })
      c.strList(typo.neverCorrect, 'language.typoTolerance.neverCorrect', false)
      c.int(typo.minWordLength, 'language.typoTolerance.minWordLength', 3, 20)
      c.int(typo.twoEditsFromLength, 'language.typoTolerance.twoEditsFromLength', 6, 30)
    }
  }

  c.arr(root.callTypeCodes, 'callTypeCodes')?.forEach((e, i) => {
    const p = `callTypeCodes[${i}]`
    const o = c.obj(e, p)
    if (o === null) return
    c.noExtraKeys(o, ['codes', 'means', 'rulesOut', 'note'], p)
    c.strList(o.codes, `${p}.codes`)
    const signalList = (key: string, nonEmpty: boolean): void => {
      c.strList(o[key], `${p}.${key}`, nonEmpty).forEach((s, j) => {
        if (!signals.has(s)) c.fail(`${p}.${key}[${j}]`, `unknown signal ${show(s)}; signals are defined under "signals"`)
      })
    }
    signalList('means', true)
    if (o.rulesOut !== undefined) signalList('rulesOut', false)
    c.optStr(o, 'note', p)
  })

  c.arr(root.categories, 'categories')?.forEach((e, i) => {
    const p = `categories[${i}]`
    const o = c.obj(e, p)
    if (o === null) return
    const cat = c.oneOf(o.category, CATEGORIES, `${p}.category`)
    if (cat === 'out_of_scope') c.fail(`${p}.category`, 'out_of_scope is what remains when no category matches; do not list it')
    checkCondition(c, o.when, `${p}.when`, known)
    c.str(o.reason, `${p}.reason`)
  })

  const ruleIds = new Set<string>()
  c.arr(root.rules, 'rules')?.forEach((e, i) => {
    const p = `rules[${i}]`
    const o = c.obj(e, p)
    if (o === null) return
    c.noExtraKeys(o, ['id', 'kind', 'name', 'when', 'response', 'priority', 'reason', 'sources'], p)
    const id = c.str(o.id, `${p}.id`)
    if (id !== null) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) c.fail(`${p}.id`, `must be lower-case words joined by "-", e.g. "weapons" (got ${show(id)})`)
      if (ruleIds.has(id)) c.fail(`${p}.id`, `rule id ${show(id)} is used twice`)
      ruleIds.add(id)
    }
    const kind = c.oneOf(o.kind, RULE_KINDS, `${p}.kind`)
    c.str(o.name, `${p}.name`)
    checkCondition(c, o.when, `${p}.when`, known)
    if (o.response === undefined && o.priority === undefined) c.fail(p, 'needs a response, a priority, or both')
    if (o.response !== undefined) {
      const r = c.oneOf(o.response, RESPONSES, `${p}.response`)
      if (r === 'phone_988') c.fail(`${p}.response`, 'phone_988 is only given through "phoneLine", never by a rule')
      if (r !== null && kind === 'exclusion' && RESPONSE_PROTECTIVENESS[r] < RESPONSE_PROTECTIVENESS.co_response_police) {
        c.fail(`${p}.response`, `an exclusion must not leave a care team alone: use one of ${RESPONSES.filter((x) => !CARE_ONLY.includes(x)).join(', ')}`)
      }
    }
    if (o.priority !== undefined) c.oneOf(o.priority, PRIORITIES, `${p}.priority`)
    c.str(o.reason, `${p}.reason`)
    if (o.sources !== undefined) {
      c.strList(o.sources, `${p}.sources`, false).forEach((s, j) => {
        if (!sourceIds.has(s)) c.fail(`${p}.sources[${j}]`, `unknown source ${show(s)}; sources are listed under "sources"`)
      })
    }
  })

  const def = c.obj(root.defaults, 'defaults')
  if (def !== null) {
    checkOutcome(c, def.inScope, 'defaults.inScope')
    checkOutcome(c, def.outOfScope, 'defaults.outOfScope')
    for (const k of ['emptyCallReason', 'unscreenedReason', 'reportedNoneReason', 'conflictReason']) c.str(def[k], `defaults.${k}`)
  }

  const phone = c.obj(root.phoneLine, 'phoneLine')
  if (phone !== null) {
    if (typeof phone.enabled !== 'boolean') c.fail('phoneLine.enabled', `must be true or false (got ${show(phone.enabled)})`)
    checkCondition(c, phone.when, 'phoneLine.when', known)
    c.strList(phone.ignoresRules, 'phoneLine.ignoresRules', false).forEach((r, i) => {
      if (!ruleIds.has(r)) c.fail(`phoneLine.ignoresRules[${i}]`, `unknown rule id ${show(r)}`)
    })
    c.oneOf(phone.priority, PRIORITIES, 'phoneLine.priority')
    c.str(phone.reason, 'phoneLine.reason')
  }
  return c.problems
}

// ------------------------------------------------------------------------------------------ compilation

function asList<T> (v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v]
}

function compileCondition (doc: ConditionDoc): Condition {
  if (doc === 'always') return () => true
  if ('flagged' in doc) {
    const qs = asList(doc.flagged)
    return (ctx, ev) => {
      let hit = false
      for (const q of qs) {
        if (ctx.fact(q) === 'flagged') {
          hit = true
          if (ev === null) return true
          ev.push(...ctx.factEvidence(q))
        }
      }
      return hit
    }
  }
  if ('cleared' in doc) {
    const q = doc.cleared
    return (ctx) => ctx.fact(q) === 'cleared'
  }
  if ('allCleared' in doc) {
    const qs = doc.allCleared
    return (ctx) => qs.every((q) => ctx.fact(q) === 'cleared')
  }
  if ('unscreened' in doc) {
    const qs = asList(doc.unscreened)
    return (ctx) => qs.some((q) => ctx.fact(q) === 'unscreened')
  }
  if ('signal' in doc) {
    const names = asList(doc.signal)
    return (ctx, ev) => {
      let hit = false
      for (const n of names) {
        if (ctx.signal(n)) {
          hit = true
          if (ev === null) return true
          ev.push(...ctx.signalEvidence(n))
        }
      }
      return hit
    }
  }
  if ('category' in doc) {
    const cats = asList(doc.category)
    return (ctx) => cats.includes(ctx.category)
  }
  if ('any' in doc) {
    const parts = doc.any.map(compileCondition)
    return (ctx, ev) => {
      let hit = false
      for (const p of parts) {
        if (p(ctx, ev)) {
          hit = true
          if (ev === null) return true
        }
      }
      return hit
    }
  }
  if ('all' in doc) {
    const parts = doc.all.map(compileCondition)
    return (ctx, ev) => {
      // evidence is only kept when every part holds
      const local: string[] | null = ev === null ? null : []
      for (const p of parts) if (!p(ctx, local)) return false
      if (ev !== null && local !== null) ev.push(...local)
      return true
    }
  }
  const inner = compileCondition(doc.not)
  return (ctx) => !inner(ctx, null)
}

function deepFreeze<T> (v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v)
    for (const x of Object.values(v)) deepFreeze(x)
  }
  return v
}

/**
 * Validates and compiles a protocol document. Throws ProtocolError listing every problem, each with
 * the JSON path of the bad field, e.g. `rules[3].response: must be one of care_team, ...`.
 */
export function compileProtocol (raw: unknown, source?: string): CompiledProtocol {
  const problems = validateProtocol(raw)
  if (problems.length > 0) throw new ProtocolError(problems, source)
  const doc = deepFreeze(structuredClone(raw)) as ProtocolDocument
  const lang = doc.language

  const lower = (s: string): string => s.trim().toLowerCase()
  const abbreviations = new Map<string, string[]>()
  for (const [k, v] of Object.entries(lang.abbreviations)) abbreviations.set(lower(k), lower(v).split(/\s+/))

  // every word the protocol knows; such words are never "corrected" into something else
  const vocabulary = new Set<string>()
  const addWords = (phrase: string): void => {
    for (const w of lower(phrase).replace(/['’‘`]/g, '').split(/[^a-z0-9]+/)) if (w !== '') vocabulary.add(w)
    const whole = lower(phrase).replace(/['’‘`]/g, '')
    if (/^[a-z0-9]+(?:[-/&.][a-z0-9]+)+$/.test(whole)) vocabulary.add(whole)
  }
  for (const s of Object.values(doc.signals)) {
    for (const p of s.phrases) addWords(p)
    for (const p of s.phrasesMeaningNone ?? []) addWords(p)
  }
  for (const e of doc.callTypeCodes) for (const code of e.codes) addWords(code)
  for (const v of abbreviations.values()) for (const w of v) vocabulary.add(w)
  const neg = lang.negation
  for (const list of [neg.wordsBefore, neg.wordsAfter, neg.uncertainWords, neg.unknownWords, neg.scopeEndsAt, lang.typoTolerance.neverCorrect]) {
    for (const w of list) addWords(w)
  }

  const lexicon = new Lexicon({
    abbreviations,
    ignored: new Set(lang.ignoredWords.map(lower)),
    vocabulary,
    typoTerms: lang.typoTolerance.terms.map(lower),
    neverCorrect: new Set(lang.typoTolerance.neverCorrect.map(lower)),
    minWordLength: lang.typoTolerance.minWordLength,
    twoEditsFromLength: lang.typoTolerance.twoEditsFromLength
  })

  // one entry per distinct word sequence, so a phrase listed under two signals fires both
  const build = (withCodes: boolean): PhraseIndex<MatchEffect[]> => {
    const byKey = new Map<string, { words: string[], effects: MatchEffect[] }>()
    const put = (phrase: string, effect: MatchEffect): void => {
      const words = lexicon.phraseWords(phrase)
      if (words.length === 0) return
      const key = words.join(' ')
      const e = byKey.get(key) ?? { words, effects: [] }
      if (!e.effects.some((x) => x.signal === effect.signal && x.none === effect.none)) e.effects.push(effect)
      byKey.set(key, e)
    }
    for (const [name, s] of Object.entries(doc.signals)) {
      for (const p of s.phrases) put(p, { signal: name, none: false })
      for (const p of s.phrasesMeaningNone ?? []) put(p, { signal: name, none: true })
    }
    if (withCodes) {
      for (const e of doc.callTypeCodes) {
        for (const code of e.codes) {
          for (const s of e.means) put(code, { signal: s, none: false })
          for (const s of e.rulesOut ?? []) put(code, { signal: s, none: true })
        }
      }
    }
    const index = new PhraseIndex<MatchEffect[]>()
    for (const e of byKey.values()) index.add(e.words, e.effects)
    return index.seal()
  }

  const signalQuestion = new Map<string, QuestionId>()
  for (const [name, s] of Object.entries(doc.signals)) if (s.question !== undefined) signalQuestion.set(name, s.question)

  const questions: CompiledQuestion[] = doc.questions.map((q) => ({
    id: q.id,
    label: q.label,
    text: q.text,
    safeAnswer: q.safeAnswer,
    dangerAnswer: q.safeAnswer === 'yes' ? 'no' : 'yes',
    askWhen: compileCondition(q.askWhen),
    signals: [...signalQuestion].filter(([, qid]) => qid === q.id).map(([s]) => s)
  }))
  const wordSet = (list: readonly string[]): Set<string> => new Set(list.flatMap((w) => lexicon.phraseWords(w)))

  return Object.freeze({
    name: doc.name,
    version: doc.version,
    document: doc,
    questions,
    questionById: new Map(questions.map((q) => [q.id, q])),
    signalQuestion,
    lexicon,
    narrativeIndex: build(false),
    callTypeIndex: build(true),
    negation: {
      before: wordSet(neg.wordsBefore),
      after: wordSet(neg.wordsAfter),
      uncertain: wordSet(neg.uncertainWords),
      unknown: wordSet(neg.unknownWords),
      scopeEnds: wordSet(neg.scopeEndsAt),
      window: neg.window
    },
    categories: doc.categories.map((e) => ({ category: e.category, when: compileCondition(e.when), reason: e.reason })),
    rules: doc.rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      when: compileCondition(r.when),
      response: r.response ?? null,
      priority: r.priority ?? null,
      reason: r.reason
    })),
    defaults: doc.defaults,
    phoneLine: {
      enabled: doc.phoneLine.enabled,
      when: compileCondition(doc.phoneLine.when),
      ignoresRules: new Set(doc.phoneLine.ignoresRules),
      priority: doc.phoneLine.priority,
      reason: doc.phoneLine.reason
    }
  })
}
