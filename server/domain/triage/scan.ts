// Reads one text field (call type or narrative) into signal mentions: scoped negation, "unknown", "possible",
// signals a negation implies ("non-violent"), signals that yield to others ("accident" beside a firearm).
import type { CompiledProtocol, CueKind, MatchEffect } from './protocol'
import { applyCues, read } from './scan-cues'
import { BREAK, type PhraseIndex, type Tokens } from './text'

export type Mention = 'positive' | 'none' | 'unknown'

export interface SignalState {
  /** Evidence of each positive mention, e.g. `call type "MVA"`. */
  positive: string[]
  /** Where the positive mentions came from ("narrative", "call type", "code 1182 (NON-INJURY ACCIDENT)"). */
  positiveSources: string[]
  none: string[]
  /** Where the "none" mentions came from, for the reason text. */
  noneSources: string[]
}

/** A negation, "unknown" or "possible" cue as read, with what it reached. */
export interface ReadCue {
  kind: CueKind
  /** The cue as written, e.g. "NON" or "OTHER THAN". */
  text: string
  /** Joined to the next word by a hyphen or written as one word ("NON-VIOLENT"): it reaches that word only. */
  attached: boolean
  /** The words it reaches over and the phrases it negates, as written. */
  scope: string
  /** The phrases it applies to, as written. */
  reaches: string[]
}

export interface ReadMatch {
  /** The words as written. */
  text: string
  /** The protocol phrase they were read as. */
  phrase: string
  signals: Array<{ signal: string; mention: Mention }>
  /** What decided the mention: a cue before it, a word after it ("weapons: none"), or the phrase itself. */
  by: string | null
  /** Read from a misspelling. */
  corrected: boolean
  /** The text's last word, cut short, completed ("WELFARE CHE" as "welfare check"). */
  truncated: boolean
}

/** How one text field was read, for `npm run triage -- explain`. */
export interface ReadingTrace {
  source: string
  /** Each input token with the canonical words it became (abbreviations expanded, plurals singular). */
  tokens: Array<{ raw: string; words: string[] }>
  cues: ReadCue[]
  matches: ReadMatch[]
  /** Signals a negation implies: "NON-VIOLENT" says violence is absent and that a care team fits. */
  derived: Array<{ signal: string; from: string; evidence: string }>
  /** Positive mentions dropped because a signal they yield to was read in the same text. */
  yielded: Array<{ signal: string; to: string[]; evidence: string }>
}

interface Local {
  signal: string
  positive: boolean
  evidence: string
  /** Yielded to another signal read in the same text. */
  dropped?: boolean
}

function quote (s: string): string {
  return `"${s}"`
}

function addOnce (list: string[], s: string): void {
  if (!list.includes(s)) list.push(s)
}

const NO_SIGNALS: ReadonlySet<string> = new Set()

/** The input as written over words [from, to), one token once. */
function spanText (tokens: Tokens, from: number, to: number): string {
  let text = ''
  for (let k = from; k < to; k++) {
    if (k > from && tokens.group[k] === tokens.group[k - 1]) continue
    text += (text === '' ? '' : ' ') + tokens.raw[k]
  }
  return text
}

export interface ScanOptions {
  /** The call-type field: its last word may have been cut short by the CAD export. */
  truncated?: boolean
  /** Filled with how the text was read (explain). */
  trace?: ReadingTrace[]
}

/** Records every mention in `into`; returns how many phrases matched (unknown mentions included). */
export function scan (
  tokens: Tokens,
  index: PhraseIndex<MatchEffect[]>,
  p: CompiledProtocol,
  source: string,
  into: Map<string, SignalState>,
  opts: ScanOptions = {}
): number {
  const { corrected } = tokens
  const { hits, cues } = read(tokens, index, p, opts.truncated === true)
  applyCues(tokens, p, hits, cues)
  const trace: ReadingTrace | null =
    opts.trace === undefined ? null : { source, tokens: [], cues: [], matches: [], derived: [], yielded: [] }

  const local: Local[] = []
  for (const h of hits) {
    const mention: Mention =
      h.cue === null
        ? h.after
          ? 'none'
          : 'positive'
        : h.cue.kind === 'negation'
          ? 'none'
          : h.cue.kind === 'unknown'
            ? 'unknown'
            : 'positive'
    const text = spanText(tokens, h.start, h.end)
    let fixed = false
    for (let k = h.start; k < h.end; k++) fixed ||= corrected[k]
    const read = h.entry.words.join(' ')
    // "code 1182 (NON-INJURY ACCIDENT)" already quotes the whole description it matched
    const evidence = h.truncated
      ? `${source} ${quote(text)}, read as ${quote(read)} (cut short)`
      : fixed
        ? `${source} ${quote(text)}, read as ${quote(read)}`
        : source.toUpperCase().endsWith(`(${text.toUpperCase()})`)
          ? source
          : `${source} ${quote(text)}`

    const signals: Array<{ signal: string; mention: Mention }> | null = trace === null ? null : []
    for (const effect of h.entry.value) {
      const m: Mention = effect.none ? 'none' : mention
      signals?.push({ signal: effect.signal, mention: m })
      if (m === 'unknown') continue
      local.push({ signal: effect.signal, positive: m === 'positive', evidence })
      // "NON-VIOLENT", "NO WEAPONS": saying a danger is absent is itself a sign (that a care team fits)
      const implied = m === 'none' ? p.signalMeta.get(effect.signal)?.whenNegated : undefined
      if (implied !== undefined) {
        const ev = `${source} ${quote(h.cue === null ? text : spanText(tokens, h.cue.start, h.end))}`
        local.push({ signal: implied, positive: true, evidence: ev })
        trace?.derived.push({ signal: implied, from: effect.signal, evidence: ev })
      }
    }
    if (trace !== null && signals !== null) {
      trace.matches.push({
        text,
        phrase: read,
        signals,
        by: h.cue !== null ? spanText(tokens, h.cue.start, h.cue.end) : h.after ? 'a word after it' : null,
        corrected: fixed,
        truncated: h.truncated
      })
    }
  }

  // "FIREARMS ACCIDENT": a signal yields to another read in the same text (the accident is the firearm's)
  const positives = local.some((x) => x.positive && p.signalMeta.get(x.signal)?.yieldsTo !== undefined)
    ? new Set(local.filter((x) => x.positive).map((x) => x.signal))
    : NO_SIGNALS
  for (const x of positives === NO_SIGNALS ? [] : local) {
    const yieldsTo = x.positive ? p.signalMeta.get(x.signal)?.yieldsTo : undefined
    const to = yieldsTo?.filter((s) => positives.has(s)) ?? []
    if (to.length > 0) {
      x.dropped = true
      if (trace !== null && !trace.yielded.some((y) => y.signal === x.signal && y.evidence === x.evidence)) {
        trace.yielded.push({ signal: x.signal, to, evidence: x.evidence })
      }
    }
  }

  for (const x of local) {
    if (x.dropped === true) continue
    let st = into.get(x.signal)
    if (st === undefined) {
      st = { positive: [], positiveSources: [], none: [], noneSources: [] }
      into.set(x.signal, st)
    }
    if (x.positive) {
      addOnce(st.positive, x.evidence)
      addOnce(st.positiveSources, source)
    } else {
      addOnce(st.none, x.evidence)
      addOnce(st.noneSources, source)
    }
  }

  if (trace !== null) {
    for (let k = 0; k < tokens.words.length; k++) {
      if (tokens.words[k] === BREAK) continue
      const prev = trace.tokens[trace.tokens.length - 1]
      if (k > 0 && tokens.group[k] === tokens.group[k - 1] && prev !== undefined) prev.words.push(tokens.words[k])
      else trace.tokens.push({ raw: tokens.raw[k], words: [tokens.words[k]] })
    }
    for (const c of cues) {
      trace.cues.push({
        kind: c.kind,
        text: spanText(tokens, c.start, c.end),
        attached: c.attached,
        scope: c.scopeEnd > c.end ? spanText(tokens, c.end, c.scopeEnd) : '',
        reaches: c.reaches.map((h) => spanText(tokens, h.start, h.end))
      })
    }
    opts.trace?.push(trace)
  }
  return hits.length
}
