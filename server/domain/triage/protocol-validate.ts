// Validation of a protocol document: the TypeBox schema first, then the checks a schema cannot express.
import { Compile } from 'typebox/compile'
import { RESPONSES, type ResponseType } from '../types'
import { RESPONSE_PROTECTIVENESS } from './protectiveness'
import { ProtocolDocumentSchema, type ConditionDoc, type ProtocolDocument } from './protocol-schema'
import { schemaErrors, show } from '../../lib/schema-errors'
import { compileDocument, type CompiledProtocol } from './protocol'
import { QUESTION_IDS } from './types'

/** A protocol that cannot be used; `problems` each start with the JSON path of the bad field. */
export class ProtocolError extends Error {
  constructor (
    readonly problems: readonly string[],
    source = 'triage protocol'
  ) {
    super(`Invalid ${source}:\n  ${problems.join('\n  ')}`)
    this.name = 'ProtocolError'
  }
}

const validator = Compile(ProtocolDocumentSchema)
const CARE_ALONE: readonly ResponseType[] = ['phone_988', 'care_team', 'care_team_with_ems']

function walkConditions (c: ConditionDoc, path: string, visit: (c: Exclude<ConditionDoc, 'always'>, path: string) => void): void {
  if (c === 'always') return
  visit(c, path)
  if ('any' in c) c.any.forEach((x, i) => walkConditions(x, `${path}.any[${i}]`, visit))
  if ('all' in c) c.all.forEach((x, i) => walkConditions(x, `${path}.all[${i}]`, visit))
  if ('not' in c) walkConditions(c.not, `${path}.not`, visit)
}

/** Checks that need the whole document: references between its parts, and unsafe-by-construction rules. */
function semanticProblems (doc: ProtocolDocument): string[] {
  const problems: string[] = []
  const fail = (path: string, msg: string): void => {
    problems.push(`${path}: ${msg}`)
  }
  const signals = new Set(Object.keys(doc.signals))
  const signalRef = (name: string, path: string): void => {
    if (!signals.has(name)) fail(path, `unknown signal ${show(name)}; signals are defined under "signals"`)
  }
  const checkCondition = (c: ConditionDoc, path: string): void =>
    walkConditions(c, path, (x, at) => {
      if ('signal' in x) {
        if (Array.isArray(x.signal)) x.signal.forEach((s, i) => signalRef(s, `${at}.signal[${i}]`))
        else signalRef(x.signal, `${at}.signal`)
      }
    })

  const coded = new Set(doc.callTypeCodes.flatMap((e) => [...e.means, ...(e.rulesOut ?? [])]))
  // signals the intake's age and place kind mention need no phrases
  if (doc.youth !== undefined) {
    for (const s of [doc.youth.minorSignal, doc.youth.adultSignal, ...Object.values(doc.youth.placeSignals)]) {
      if (s !== undefined) coded.add(s)
    }
  }
  for (const [name, s] of Object.entries(doc.signals)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) fail(`signals.${name}`, 'signal names are camelCase words, e.g. "weapon"')
    if (s.phrases.length === 0 && !coded.has(name)) {
      fail(`signals.${name}.phrases`, 'the signal is never mentioned: give it phrases, or codes under "callTypeCodes"')
    }
  }

  // what an exclusion reads: the signals it names and those answering the questions it flags
  const exclusionQuestions = new Set<string>()
  const exclusionSignals = new Set<string>()
  for (const r of doc.rules) {
    if (r.kind !== 'exclusion') continue
    walkConditions(r.when, '', (x) => {
      if ('signal' in x) for (const sig of Array.isArray(x.signal) ? x.signal : [x.signal]) exclusionSignals.add(sig)
      if ('flagged' in x) for (const q of Array.isArray(x.flagged) ? x.flagged : [x.flagged]) exclusionQuestions.add(q)
    })
  }
  for (const [name, s] of Object.entries(doc.signals)) {
    if (s.question !== undefined && exclusionQuestions.has(s.question)) exclusionSignals.add(name)
  }
  for (const [name, s] of Object.entries(doc.signals)) {
    if (s.whenNegated !== undefined) {
      const at = `signals.${name}.whenNegated`
      signalRef(s.whenNegated, at)
      if (s.whenNegated === name) fail(at, 'a signal cannot mean itself when it is said to be absent')
      else if (exclusionSignals.has(s.whenNegated)) {
        fail(at, `${show(s.whenNegated)} is read by an exclusion: saying a danger is absent must never add one`)
      }
    }
    s.yieldsTo?.forEach((t, i) => {
      signalRef(t, `signals.${name}.yieldsTo[${i}]`)
      if (t === name) fail(`signals.${name}.yieldsTo[${i}]`, 'a signal cannot yield to itself')
    })
    if (s.yieldsTo !== undefined && exclusionSignals.has(name)) {
      fail(`signals.${name}.yieldsTo`, `${show(name)} is read by an exclusion: it never yields to another signal`)
    }
  }

  const sourceIds = new Set<string>()
  doc.sources.forEach((s, i) => {
    if (sourceIds.has(s.id)) fail(`sources[${i}].id`, `source id ${show(s.id)} is used twice`)
    sourceIds.add(s.id)
  })

  const seenQ = new Set<string>()
  doc.questions.forEach((q, i) => {
    if (seenQ.has(q.id)) fail(`questions[${i}].id`, `question ${q.id} is listed twice`)
    seenQ.add(q.id)
    checkCondition(q.askWhen, `questions[${i}].askWhen`)
  })
  const missing = QUESTION_IDS.filter((q) => !seenQ.has(q))
  if (missing.length > 0) fail('questions', `every screening question must be listed; missing ${missing.join(', ')}`)

  doc.callTypeCodes.forEach((e, i) => {
    e.means.forEach((s, j) => signalRef(s, `callTypeCodes[${i}].means[${j}]`))
    e.rulesOut?.forEach((s, j) => signalRef(s, `callTypeCodes[${i}].rulesOut[${j}]`))
  })

  doc.categories.forEach((e, i) => {
    if (e.category === 'out_of_scope') {
      fail(`categories[${i}].category`, 'out_of_scope is what remains when no category matches; do not list it')
    }
    checkCondition(e.when, `categories[${i}].when`)
  })

  const ruleIds = new Set<string>()
  doc.rules.forEach((r, i) => {
    const p = `rules[${i}]`
    if (ruleIds.has(r.id)) fail(`${p}.id`, `rule id ${show(r.id)} is used twice`)
    ruleIds.add(r.id)
    checkCondition(r.when, `${p}.when`)
    if (r.response === undefined && r.priority === undefined && r.kind !== 'need') fail(p, 'needs a response, a priority, or both')
    if (r.response === 'phone_988') fail(`${p}.response`, 'phone_988 is only given through "phoneLine", never by a rule')
    else if (r.kind === 'exclusion' && r.response !== undefined && CARE_ALONE.includes(r.response)) {
      fail(
        `${p}.response`,
        'an exclusion must not leave a care team alone: use one ' +
        `of ${RESPONSES.filter((x) => RESPONSE_PROTECTIVENESS[x] >= RESPONSE_PROTECTIVENESS.co_response_police).join(', ')}`
      )
    }
    if (r.kind === 'enforcement' && r.response !== 'police') {
      fail(`${p}.response`, 'an enforcement rule marks an officer-initiated stop: its response must be police')
    }
    if (r.kind === 'need') {
      if (r.response !== undefined) {
        fail(`${p}.response`, 'a need rule fires only once a care team goes: it asks for a capability, never a response')
      }
      if (r.needs === undefined) fail(`${p}.needs`, 'a need rule must list the capabilities it asks for, e.g. ["youth"]')
    } else if (r.needs !== undefined) {
      fail(`${p}.needs`, 'only a rule of kind "need" lists needs')
    }
    if (r.kind === 'questions' && r.ask === undefined) {
      fail(`${p}.ask`, 'a questions rule must list the questions it asks first, e.g. ["violence", "injuries"]')
    } else if (r.kind !== 'questions' && r.ask !== undefined) {
      fail(`${p}.ask`, 'only a rule of kind "questions" lists questions to ask first')
    }
    r.sources?.forEach((s, j) => {
      if (!sourceIds.has(s)) fail(`${p}.sources[${j}]`, `unknown source ${show(s)}; sources are listed under "sources"`)
    })
  })

  for (const k of ['inScope', 'outOfScope'] as const) {
    if (doc.defaults[k].response === 'phone_988') fail(`defaults.${k}.response`, 'phone_988 is only given through "phoneLine"')
  }
  checkCondition(doc.phoneLine.when, 'phoneLine.when')
  if (doc.youth !== undefined) {
    const y = doc.youth
    signalRef(y.minorSignal, 'youth.minorSignal')
    signalRef(y.adultSignal, 'youth.adultSignal')
    if (y.minorSignal === y.adultSignal) fail('youth.adultSignal', 'must differ from youth.minorSignal')
    for (const [k, v] of Object.entries(y.placeSignals)) if (v !== undefined) signalRef(v, `youth.placeSignals.${k}`)
    const stepIds = new Set<string>()
    y.handoff.forEach((h, i) => {
      if (stepIds.has(h.id)) fail(`youth.handoff[${i}].id`, `hand-off step id ${show(h.id)} is used twice`)
      stepIds.add(h.id)
      if (h.when !== undefined) checkCondition(h.when, `youth.handoff[${i}].when`)
    })
  }
  doc.phoneLine.ignoresRules.forEach((r, i) => {
    if (!ruleIds.has(r)) fail(`phoneLine.ignoresRules[${i}]`, `unknown rule id ${show(r)}`)
  })
  return problems
}

/** Every problem in a protocol document, each starting with the JSON path of the bad field; [] when it is valid. */
export function validateProtocol (doc: unknown): string[] {
  if (!validator.Check(doc)) return schemaErrors(ProtocolDocumentSchema, doc, '(protocol)')
  return semanticProblems(doc)
}

/**
 * Parses (when given text) and validates a protocol document. Throws a ProtocolError whose message
 * starts with the path of the first problem, e.g. `rules[0].response: ...`, and lists the others after it.
 */
export function loadProtocolDocument (json: unknown): ProtocolDocument {
  let doc = json
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json)
    } catch (err) {
      throw new ProtocolLoadError([`(protocol): not valid JSON: ${(err as Error).message}`])
    }
  }
  const problems = validateProtocol(doc)
  if (problems.length > 0) throw new ProtocolLoadError(problems)
  return doc as ProtocolDocument
}

/** The error of loadProtocolDocument: the first problem leads the message, so a log line names the path. */
export class ProtocolLoadError extends ProtocolError {
  constructor (problems: readonly string[]) {
    super(problems)
    this.message =
      problems.length === 1 ? problems[0] : `${problems[0]}\n  (and ${problems.length - 1} more: ${problems.slice(1).join('; ')})`
    this.name = 'ProtocolLoadError'
  }
}

/**
 * Validates and compiles a protocol document. Throws ProtocolError listing every problem, each with
 * the JSON path of the bad field, e.g. `rules[3].response: must be one of care_team, ...`.
 */
export function compileProtocol (raw: unknown, source?: string): CompiledProtocol {
  const problems = validateProtocol(raw)
  if (problems.length > 0) throw new ProtocolError(problems, source)
  return compileDocument(raw as ProtocolDocument)
}
