// Reads one text field (call type or narrative) into signal mentions, honouring negation, "unknown" and "possible".
import type { CompiledProtocol, MatchEffect, NegationWords } from './protocol'
import { BREAK, type PhraseIndex, type Tokens } from './text'

type Mention = 'positive' | 'none' | 'unknown'

export interface SignalState {
  /** Evidence of each positive mention, e.g. `call type "MVA"`. */
  positive: string[]
  /** Where the positive mentions came from ("narrative", "call type", "code 1182 (NON-INJURY ACCIDENT)"). */
  positiveSources: string[]
  none: string[]
  /** Where the "none" mentions came from, for the reason text. */
  noneSources: string[]
}

function quote (s: string): string {
  return `"${s}"`
}

function addOnce (list: string[], s: string): void {
  if (!list.includes(s)) list.push(s)
}

/**
 * The cue before a phrase: a negation ("no weapons"), uncertainty ("possibly armed") or "unknown".
 * `hitEnd` holds, for each word already matched, where its phrase ends: a cue does not jump over an
 * earlier finding unless they are joined by "or"/"nor" ("no weapons or violence", not "no weapons hears voices").
 */
function cueBefore (words: readonly string[], hitEnd: Int32Array, neg: NegationWords, start: number): Mention | null {
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

/** The cue after a phrase: "weapons: none". */
function cueAfter (words: readonly string[], neg: NegationWords, end: number): Mention | null {
  const n = words.length
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

/** Records every mention in `into`; returns how many phrases matched (unknown mentions included). */
export function scan (tokens: Tokens, index: PhraseIndex<MatchEffect[]>, p: CompiledProtocol, source: string, into: Map<string, SignalState>): number {
  const { words, raw, corrected } = tokens
  const neg = p.negation
  const n = words.length
  // end index of the phrase covering each word, or -1
  const hitEnd = new Int32Array(n).fill(-1)

  let matches = 0
  let i = 0
  while (i < n) {
    if (words[i] === BREAK) { i++; continue }
    const entry = index.matchAt(words, i)
    if (entry === undefined) { i++; continue }
    const end = i + entry.words.length
    matches++
    const mention = cueBefore(words, hitEnd, neg, i) ?? cueAfter(words, neg, end) ?? 'positive'
    for (let k = i; k < end; k++) hitEnd[k] = end

    let text = ''
    let fixed = false
    for (let k = i; k < end; k++) {
      if (k > i && raw[k] === raw[k - 1]) continue
      text += (text === '' ? '' : ' ') + raw[k]
      fixed ||= corrected[k]
    }
    // "code 1182 (NON-INJURY ACCIDENT)" already quotes the whole description it matched
    const evidence = fixed
      ? `${source} ${quote(text)}, read as ${quote(entry.words.join(' '))}`
      : source.toUpperCase().endsWith(`(${text.toUpperCase()})`) ? source : `${source} ${quote(text)}`

    for (const effect of entry.value) {
      const m: Mention = effect.none ? 'none' : mention
      if (m === 'unknown') continue
      let st = into.get(effect.signal)
      if (st === undefined) {
        st = { positive: [], positiveSources: [], none: [], noneSources: [] }
        into.set(effect.signal, st)
      }
      if (m === 'positive') {
        addOnce(st.positive, evidence)
        addOnce(st.positiveSources, source)
      } else {
        addOnce(st.none, evidence)
        addOnce(st.noneSources, source)
      }
    }
    i = end
  }
  return matches
}
