// `npm run triage -- explain "CALL TYPE"`: how one call was read and decided, step by step, for a city's reviewer.
import { withCodeBook, type CodeBook } from '../../domain/triage/codebook'
import { explainReading } from '../../domain/triage/engine'
import type { CompiledProtocol } from '../../domain/triage/protocol'
import type { ReadingTrace } from '../../domain/triage/scan'
import {
  QUESTION_IDS,
  type Answer,
  type Answers,
  type QuestionId,
  type TriageExplanation,
  type TriageInput
} from '../../domain/triage/types'
import { PLACE_KINDS, type PlaceKind } from '../../domain/types'
import { UsageError } from './triage-csv'

export interface ExplainRequest {
  callType?: string
  narrative?: string
  /** `weapons=no`, `breathingConscious=yes`… */
  answers?: readonly string[]
  age?: string
  place?: string
}

/** The triage input of an explain request; a wrong answer, age or place is a usage error naming it. */
export function explainInput (req: ExplainRequest, codeBook: CodeBook | null): TriageInput {
  const answers: Answers = {}
  for (const a of req.answers ?? []) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(yes|no|unknown)\s*$/.exec(a)
    if (m === null) throw new UsageError(`--answer ${JSON.stringify(a)}: write QUESTION=yes|no|unknown, e.g. --answer weapons=no`)
    if (!(QUESTION_IDS as readonly string[]).includes(m[1])) {
      throw new UsageError(
        `--answer ${JSON.stringify(a)}: unknown question ${JSON.stringify(m[1])}; the questions are ${QUESTION_IDS.join(', ')}`
      )
    }
    answers[m[1] as QuestionId] = m[2] as Answer
  }
  let personAge: number | undefined
  if (req.age !== undefined) {
    if (!/^\d{1,3}$/.test(req.age.trim())) throw new UsageError(`--age ${JSON.stringify(req.age)}: a whole number of years`)
    personAge = Number(req.age.trim())
  }
  if (req.place !== undefined && !(PLACE_KINDS as readonly string[]).includes(req.place)) {
    throw new UsageError(`--place ${JSON.stringify(req.place)}: one of ${PLACE_KINDS.join(', ')}`)
  }
  const base: TriageInput = {
    callType: req.callType ?? null,
    narrative: req.narrative ?? null,
    answers,
    personAge: personAge ?? null,
    placeKind: (req.place as PlaceKind | undefined) ?? null
  }
  return codeBook === null ? base : withCodeBook(base, codeBook)
}

const MENTION: Record<string, string> = { positive: 'yes', none: 'said absent', unknown: 'left open' }
const STATE: Record<string, string> = {
  flagged: 'FLAGGED',
  cleared: 'cleared (safe answer)',
  reportedNone: 'said absent in the text (still to confirm)',
  unscreened: 'not screened'
}

function q (s: string): string {
  return JSON.stringify(s)
}

function readingLines (r: ReadingTrace): string[] {
  const out: string[] = [`${r.source}`]
  out.push(
    `  tokens:      ${r.tokens.map((t) => (t.words.join(' ') === t.raw.toLowerCase()
? t.raw
: `${t.raw} ` +
      `→ ${t.words.join(' ')}`)).join(' · ') || '(none)'}`
  )
  if (r.cues.length === 0) out.push('  negations:   none')
  r.cues.forEach((c, i) => {
    const kind = c.kind === 'negation' ? 'negation' : c.kind === 'unknown' ? '"unknown"' : '"possible" (counts as yes)'
    const how = c.attached ? 'joined to its word, reaches that word only' : 'reaches the phrase after it'
    const reach =
      c.reaches.length === 0
        ? c.scope === ''
          ? 'reaches nothing the protocol knows'
          : `reaches ${q(c.scope)}: nothing the protocol knows`
        : `scope ${q(c.scope)}: applies to ${c.reaches.map(q).join(', ')}`
    out.push(`  ${i === 0 ? 'negations:  ' : '            '} ${kind} ${q(c.text)} (${how}); ${reach}`)
  })
  if (r.matches.length === 0) out.push('  matched:     nothing')
  r.matches.forEach((m, i) => {
    const how = m.truncated ? ' (its last word cut short)' : m.corrected ? ' (a misspelling)' : ''
    const by = m.by === null ? '' : `, by ${q(m.by)}`
    const signals = m.signals.map((s) => `${s.signal} ${MENTION[s.mention]}`).join(', ')
    out.push(`  ${i === 0 ? 'matched:    ' : '            '} ${q(m.text)} as ${q(m.phrase)}${how}: ${signals}${by}`)
  })
  for (const d of r.derived) out.push(`  implied:     ${d.signal}, because ${d.from} is said to be absent (${d.evidence})`)
  for (const y of r.yielded) out.push(`  gave way:    ${y.signal} (${y.evidence}) yields to ${y.to.join(', ')} read in the same text`)
  return out
}

/** The explanation as a reviewer reads it, most important first: how it was read, then what was decided. */
export function formatExplanation (e: TriageExplanation, protocol: CompiledProtocol): string {
  const r = e.result
  const lines: string[] = []
  lines.push(`explain (protocol ${protocol.version})`)
  lines.push('')
  lines.push('1. reading')
  if (e.reading.length === 0) lines.push('  no call type or narrative')
  for (const rd of e.reading) lines.push(...readingLines(rd).map((l) => `  ${l}`))
  lines.push('')
  lines.push('2. screening questions (answers first; a danger in the text flags a question, only an answer clears it)')
  for (const f of e.facts) {
    lines.push(
      `  ${f.question.padEnd(26)} ${STATE[f.state]}${f.evidence.length > 0 ? `: ${[...new Set(f.evidence)].slice(0, 3).join('; ')}` : ''}`
    )
  }
  lines.push('')
  lines.push(`3. category: ${r.category}`)
  lines.push('')
  lines.push('4. rules fired, in order')
  if (e.rules.length === 0) lines.push('  none')
  e.rules.forEach((x, i) => {
    const does = [x.response === null ? null : `response ${x.response}`, x.priority === null ? null : `priority ${x.priority}`]
      .filter((s) => s !== null)
      .join(', ')
    const ev = x.evidence.length === 0 ? '' : `: ${x.evidence.slice(0, 3).join('; ')}`
    lines.push(`  ${String(i + 1).padStart(2)}. ${x.id} (${x.kind}${does === '' ? '' : `; ${does}`})${ev}`)
  })
  lines.push('')
  lines.push(
    `5. result: ${r.category} / ${r.response} / priority ${r.priority}${r.enforcementStop === true
? ' / enforcement ' +
      'stop'
: ''}${(r.needs ?? []).length > 0 ? ` / needs ${(r.needs ?? []).join(', ')}` : ''}`
  )
  lines.push('   reasons:')
  for (const x of r.reasons) lines.push(`   - ${x}`)
  if (r.missing.length > 0) {
    lines.push(`   ask${e.askFirst.length > 0 ? ` (a questions rule asks ${e.askFirst.join(', ')} first)` : ''}:`)
    for (const m of r.missing) lines.push(`   - ${m.id}: ${m.text}`)
  }
  return `${lines.join('\n')}\n`
}

/** Explains one call: the formatted text, or the explanation as JSON. */
export function explainCall (req: ExplainRequest, protocol: CompiledProtocol, codeBook: CodeBook | null, json: boolean): string {
  if ((req.callType ?? '').trim() === '' && (req.narrative ?? '').trim() === '' && (req.answers ?? []).length === 0) {
    throw new UsageError('explain needs a call type, e.g. explain "MENTAL HEALTH - NON-VIOLENT", or --narrative TEXT')
  }
  const input = explainInput(req, codeBook)
  const e = explainReading(input, protocol)
  return json ? `${JSON.stringify({ input, ...e }, null, 2)}\n` : formatExplanation(e, protocol)
}
