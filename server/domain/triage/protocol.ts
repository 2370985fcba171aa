// The compiled triage protocol: conditions as functions, phrase indexes and the lexicon, built once per document.
import type { Capability, Category, PlaceKind, Priority, ResponseType } from '../types'
import type { ConditionDoc, ProtocolDocument, RuleKind } from './protocol-schema'
import { Lexicon, PhraseIndex } from './text'
import type { QuestionId } from './types'

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
  /** Capabilities a need rule asks for; empty for other rules. */
  needs: readonly Capability[]
  /** Questions a questions rule puts first among the missing ones; empty for other rules. */
  ask: readonly QuestionId[]
  reason: string
}

/** The protocol's youth section, compiled: how age and place are read, and the hand-off steps. */
export interface CompiledYouth {
  maxAge: number
  minorSignal: string
  adultSignal: string
  placeSignals: ReadonlyMap<PlaceKind, string>
  handoff: ReadonlyArray<{ id: string; title: string; text: string; when: Condition }>
}

export interface NegationWords {
  before: ReadonlySet<string>
  after: ReadonlySet<string>
  uncertain: ReadonlySet<string>
  unknown: ReadonlySet<string>
  scopeEnds: ReadonlySet<string>
  /** Words a negation standing alone reaches over to the phrase it negates ("no known weapons"). */
  skips: ReadonlySet<string>
  window: number
}

/** A cue before a phrase: a negation ("no", "other than"), "unknown" ("unknown if") or "possible" (counts as yes). */
export type CueKind = 'negation' | 'unknown' | 'uncertain'

/** A cue as compiled: its kind, and whether it names an exception when its clause also says none. */
export interface CueDef {
  kind: CueKind
  /** "other than": a negation alone ("INJURY OTHER THAN FIREARM"), an exception beside one ("no weapons other than a bat"). */
  exception: boolean
}

/** How a signal reads beside others: what its negation implies, and what it gives way to. */
export interface SignalMeta {
  /** Mentioned when this signal is said to be absent ("NON-VIOLENT": a care team fits). */
  whenNegated?: string
  /** Its positive mentions in a text are dropped when one of these is mentioned in the same text. */
  yieldsTo?: readonly string[]
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
  /** Negation, "unknown" and "possible" cues, words or phrases ("other than"). */
  readonly cueIndex: PhraseIndex<CueDef>
  readonly signalMeta: ReadonlyMap<string, SignalMeta>
  readonly categories: ReadonlyArray<{ category: Category; when: Condition; reason: string }>
  readonly rules: readonly CompiledRule[]
  /** Need rules (kind "need"), kept apart: they fire only once a care team is the response. */
  readonly needRules: readonly CompiledRule[]
  readonly youth: CompiledYouth | null
  readonly defaults: ProtocolDocument['defaults']
  readonly phoneLine: { enabled: boolean; when: Condition; ignoresRules: ReadonlySet<string>; priority: Priority; reason: string }
}

function asList<T> (v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v]
}

/** Any-of over a list of names, collecting the evidence of every one that holds. */
function anyOf<T> (
  items: readonly T[],
  holds: (ctx: EvalContext, x: T) => boolean,
  evidence: (ctx: EvalContext, x: T) => readonly string[]
): Condition {
  return (ctx, ev) => {
    let hit = false
    for (const x of items) {
      if (holds(ctx, x)) {
        hit = true
        if (ev === null) return true
        ev.push(...evidence(ctx, x))
      }
    }
    return hit
  }
}

function compileCondition (doc: ConditionDoc): Condition {
  if (doc === 'always') return () => true
  if ('flagged' in doc) {
    return anyOf(
      asList(doc.flagged),
      (ctx, q) => ctx.fact(q) === 'flagged',
      (ctx, q) => ctx.factEvidence(q)
    )
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
    return anyOf(
      asList(doc.signal),
      (ctx, s) => ctx.signal(s),
      (ctx, s) => ctx.signalEvidence(s)
    )
  }
  if ('category' in doc) {
    const cats: readonly Category[] = asList(doc.category)
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

const lower = (s: string): string => s.trim().toLowerCase()

function buildLexicon (doc: ProtocolDocument): Lexicon {
  const lang = doc.language
  const abbreviations = new Map<string, string[]>()
  for (const [k, v] of Object.entries(lang.abbreviations)) abbreviations.set(lower(k), lower(v).split(/\s+/))

  // every word the protocol knows; such words are never "corrected" into something else
  const vocabulary = new Set<string>()
  const addWords = (phrase: string): void => {
    const whole = lower(phrase).replace(/['’‘`]/g, '')
    for (const w of whole.split(/[^a-z0-9]+/)) if (w !== '') vocabulary.add(w)
    if (/^[a-z0-9]+(?:[-/&.][a-z0-9]+)+$/.test(whole)) vocabulary.add(whole)
  }
  for (const s of Object.values(doc.signals)) {
    for (const p of s.phrases) addWords(p)
    for (const p of s.phrasesMeaningNone ?? []) addWords(p)
  }
  for (const e of doc.callTypeCodes) for (const code of e.codes) addWords(code)
  for (const v of abbreviations.values()) for (const w of v) vocabulary.add(w)
  const neg = lang.negation
  for (const list of [
    neg.wordsBefore,
    neg.wordsAfter,
    neg.uncertainWords,
    neg.unknownWords,
    neg.scopeEndsAt,
    lang.typoTolerance.neverCorrect
  ]) {
    for (const w of list) addWords(w)
  }

  return new Lexicon({
    abbreviations,
    ignored: new Set(lang.ignoredWords.map(lower)),
    vocabulary,
    typoTerms: lang.typoTolerance.terms.map(lower),
    neverCorrect: new Set(lang.typoTolerance.neverCorrect.map(lower)),
    minWordLength: lang.typoTolerance.minWordLength,
    twoEditsFromLength: lang.typoTolerance.twoEditsFromLength
  })
}

/** One entry per distinct word sequence, so a phrase listed under two signals fires both. */
function buildIndex (doc: ProtocolDocument, lexicon: Lexicon, withCodes: boolean): PhraseIndex<MatchEffect[]> {
  const byKey = new Map<string, { words: string[]; effects: MatchEffect[] }>()
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

/**
 * Compiles a protocol document that is already valid (see validateProtocol / compileProtocol, which
 * check it first). Kept apart from validation so the command line can start without loading TypeBox.
 */
export function compileDocument (raw: ProtocolDocument): CompiledProtocol {
  const doc = deepFreeze(structuredClone(raw)) as ProtocolDocument
  const lexicon = buildLexicon(doc)

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
  const neg = doc.language.negation
  const wordSet = (list: readonly string[]): Set<string> => new Set(list.flatMap((w) => lexicon.phraseWords(w)))
  const rules: CompiledRule[] = doc.rules.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    when: compileCondition(r.when),
    response: r.response ?? null,
    priority: r.priority ?? null,
    needs: r.needs ?? [],
    ask: r.ask ?? [],
    reason: r.reason
  }))
  // cues are phrases: "other than" negates, "unknown if" leaves open; the first list to name one wins
  const cueIndex = new PhraseIndex<CueDef>()
  const seenCues = new Set<string>()
  const exceptions = new Set((neg.exceptWords ?? []).map((w) => lexicon.phraseWords(w).join(' ')))
  for (const [list, kind] of [
    [neg.exceptWords ?? [], 'negation'],
    [neg.wordsBefore, 'negation'],
    [neg.unknownWords, 'unknown'],
    [neg.uncertainWords, 'uncertain']
  ] as const) {
    for (const w of list) {
      const words = lexicon.phraseWords(w)
      const key = words.join(' ')
      if (words.length === 0 || seenCues.has(key)) continue
      seenCues.add(key)
      cueIndex.add(words, { kind, exception: exceptions.has(key) })
    }
  }
  const signalMeta = new Map<string, SignalMeta>()
  for (const [name, s] of Object.entries(doc.signals)) {
    if (s.whenNegated !== undefined || s.yieldsTo !== undefined) {
      signalMeta.set(name, { whenNegated: s.whenNegated, yieldsTo: s.yieldsTo })
    }
  }

  return Object.freeze({
    name: doc.name,
    version: doc.version,
    document: doc,
    questions,
    questionById: new Map(questions.map((q) => [q.id, q])),
    signalQuestion,
    lexicon,
    narrativeIndex: buildIndex(doc, lexicon, false),
    callTypeIndex: buildIndex(doc, lexicon, true),
    negation: {
      before: wordSet(neg.wordsBefore),
      after: wordSet(neg.wordsAfter),
      uncertain: wordSet(neg.uncertainWords),
      unknown: wordSet(neg.unknownWords),
      scopeEnds: wordSet(neg.scopeEndsAt),
      skips: wordSet(neg.scopeSkips ?? []),
      window: neg.window
    },
    cueIndex: cueIndex.seal(),
    signalMeta,
    categories: doc.categories.map((e) => ({ category: e.category, when: compileCondition(e.when), reason: e.reason })),
    rules: rules.filter((r) => r.kind !== 'need'),
    needRules: rules.filter((r) => r.kind === 'need'),
    youth:
      doc.youth === undefined
        ? null
        : {
            maxAge: doc.youth.maxAge,
            minorSignal: doc.youth.minorSignal,
            adultSignal: doc.youth.adultSignal,
            placeSignals: new Map(
              Object.entries(doc.youth.placeSignals).filter((e): e is [PlaceKind, string] => e[1] !== undefined) as Array<
                [PlaceKind, string]
              >
            ),
            handoff: doc.youth.handoff.map((h) => ({
              id: h.id,
              title: h.title,
              text: h.text,
              when: compileCondition(h.when ?? 'always')
            }))
          },
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
