// Reads one text field (call type or narrative) into signal mentions: scoped negation, "unknown", "possible",
// signals a negation implies ("non-violent"), signals that yield to others ("accident" beside a firearm).
import type { CompiledProtocol, CueKind, MatchEffect } from './protocol'
import { BREAK, type PhraseEntry, type PhraseIndex, type Tokens } from './text'

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

interface Cue {
  start: number
  end: number
  kind: CueKind
  /** "other than": an exception (read as yes) when its clause also says none. */
  exception: boolean
  attached: boolean
  reaches: Hit[]
  /** One past the last word the cue reached over. */
  scopeEnd: number
}

interface Hit {
  start: number
  end: number
  entry: PhraseEntry<MatchEffect[]>
  truncated: boolean
  cue: Cue | null
  after: boolean
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

const NO_POSITIONS: ReadonlySet<number> = new Set()
const NO_SIGNALS: ReadonlySet<string> = new Set()

/** The cue after a phrase: "weapons: none". */
function cueAfter (words: readonly string[], after: ReadonlySet<string>, end: number, leading: ReadonlySet<number>): boolean {
  const n = words.length
  for (let k = end; k < Math.min(n, end + 2); k++) {
    const w = words[k]
    if (w === BREAK || leading.has(k)) return false
    if (after.has(w)) {
      // a trailing "no" counts only at the end of a clause ("weapons: no"), not in "no one"
      return !(w === 'no' && k + 1 < n && words[k + 1] !== BREAK)
    }
  }
  return false
}

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

/**
 * Finds the phrases and cues of one text, left to right, the longest phrase first; a phrase beats a cue
 * starting at the same word ("no longer breathing", "no detail").
 */
function read (
  tokens: Tokens,
  index: PhraseIndex<MatchEffect[]>,
  p: CompiledProtocol,
  truncated: boolean
): { hits: Hit[]; cues: Cue[] } {
  const { words } = tokens
  const n = words.length
  const hits: Hit[] = []
  const cues: Cue[] = []
  // after a negation joined to its word ("NON-ASSAULT WEAPON"), the phrase it negates ends with its token
  let joinedAt = -1
  let joinedEnd = n
  // a negation standing alone waits for the phrase it reaches
  let negationPending = false
  let i = 0
  while (i < n) {
    if (words[i] === BREAK) {
      i++
      negationPending = false
      continue
    }
    let entry = index.matchAt(words, i, i === joinedAt ? joinedEnd : n)
    if (entry !== undefined) {
      if (negationPending) entry = firstOfTwo(tokens, index, i, entry)
      negationPending = false
      hits.push({ start: i, end: i + entry.words.length, entry, truncated: false, cue: null, after: false })
      i += entry.words.length
      continue
    }
    const cue = p.cueIndex.matchAt(words, i)
    if (cue !== undefined) {
      const end = i + cue.words.length
      // "NON-VIOLENT", "NONINJ": the cue and the next word come from one token
      const attached = end < n && tokens.group[end - 1] === tokens.group[end]
      cues.push({ start: i, end, kind: cue.value.kind, exception: cue.value.exception, attached, reaches: [], scopeEnd: end })
      if (attached) {
        joinedAt = end
        joinedEnd = end
        while (joinedEnd < n && tokens.group[joinedEnd] === tokens.group[end]) joinedEnd++
      }
      negationPending = !attached && cue.value.kind === 'negation'
      i = end
      continue
    }
    i++
  }
  if (truncated) completeLastWord(tokens, index, p, hits, cues)
  return { hits, cues }
}

/**
 * The phrase a negation standing alone reaches. When the longest phrase at `i` is a shorter phrase followed
 * by another whole phrase that says what the longer one adds ("NON ASSAULT WEAPON": "assault", then
 * "weapon"), the negation reaches the first only and the second is read on its own: a negation never takes
 * away a sign that a written word after the one it negates gives by itself.
 */
function firstOfTwo (
  tokens: Tokens,
  index: PhraseIndex<MatchEffect[]>,
  i: number,
  longest: PhraseEntry<MatchEffect[]>
): PhraseEntry<MatchEffect[]> {
  const { words, group } = tokens
  const n = longest.words.length
  for (let len = 1; len < n; len++) {
    // one written word is never cut in two ("NO DV" is "no domestic violence")
    if (group[i + len - 1] === group[i + len]) continue
    const first = index.matchAt(words, i, i + len)
    if (first === undefined || first.words.length !== len) continue
    const rest = index.matchAt(words, i + len, i + n)
    if (rest === undefined || rest.words.length !== n - len) continue
    const said = new Set([...first.value, ...rest.value].filter((e) => !e.none).map((e) => e.signal))
    if (longest.value.every((e) => e.none || said.has(e.signal))) return first
  }
  return longest
}

/** A call type's last word cut short ("WELFARE CHE"): read as the phrase it begins, when one fits. */
function completeLastWord (tokens: Tokens, index: PhraseIndex<MatchEffect[]>, p: CompiledProtocol, hits: Hit[], cues: Cue[]): void {
  const { words } = tokens
  let last = words.length - 1
  while (last >= 0 && words[last] === BREAK) last--
  if (last < 0) return
  const cut = words[last]
  if (tokens.corrected[last] || p.lexicon.knows(cut) || !/^[a-z]+$/.test(cut)) return
  if (hits.some((h) => h.end > last) || cues.some((c) => c.end > last)) return
  const upto = last === words.length - 1 ? words : words.slice(0, last + 1)
  for (let j = Math.max(0, last - 5); j <= last; j++) {
    // a completed phrase starts where a phrase or nothing starts, never inside a phrase already read
    if (words[j] === BREAK || hits.some((h) => h.start < j && h.end > j)) continue
    if ([...words.slice(j, last)].includes(BREAK)) continue
    const found = index.completions(upto, j, 2, 4)
    if (found.length === 0) continue
    // a cut word is read only when every phrase it could begin means the same ("RADIO TRANS" could be
    // "transient", "transfer" or "transport": it is left unread)
    const key = (e: PhraseEntry<MatchEffect[]>): string =>
      e.value
        .map((x) => `${x.signal}${x.none ? '-' : '+'}`)
        .sort()
        .join(' ')
    if (found.some((e) => key(e) !== key(found[0]))) return
    for (let k = hits.length - 1; k >= 0; k--) if (hits[k].start >= j) hits.splice(k, 1)
    for (let k = cues.length - 1; k >= 0; k--) if (cues[k].start >= j) cues.splice(k, 1)
    const shortest = found.reduce((a, b) => (b.words[b.words.length - 1].length < a.words[a.words.length - 1].length ? b : a))
    hits.push({ start: j, end: last + 1, entry: shortest, truncated: true, cue: null, after: false })
    hits.sort((a, b) => a.start - b.start)
    return
  }
}

/**
 * What each cue reaches. A negation standing alone ("NO WEAPONS", "OTHER THAN FIREARM", "does not have
 * any weapons") reaches the phrase after it, over the words listed in `scopeSkips` ("any", "known") and
 * on across a written "or" ("no weapons or violence"); any other word ends it, so "NON CRIMINAL MENTAL
 * HEALTH" leaves the mental-health words standing. A negation joined to its word ("NON-VIOLENT") reaches
 * the phrase that word starts within its token, and nothing after it ("NON-ASSAULT WEAPON" negates the
 * assault and leaves the weapon). A cue never reaches past a clause break, another cue, or `window`
 * skipped words.
 */
function applyCues (tokens: Tokens, p: CompiledProtocol, hits: Hit[], cues: Cue[]): void {
  const { words } = tokens
  const n = words.length
  const neg = p.negation
  if (cues.length === 0) {
    for (const h of hits) h.after = cueAfter(words, neg.after, h.end, NO_POSITIONS)
    return
  }
  const hitAt = new Map<number, Hit>()
  for (const h of hits) hitAt.set(h.start, h)
  const cueStarts = new Set(cues.map((c) => c.start))
  // "no weapons other than a bat", "other than a knife, no weapons": beside another "none" in its
  // sentence, "other than" names what is there
  for (const c of cues) {
    if (!c.exception) continue
    // the sentence, commas included ("other than a knife, no weapons")
    const ends = (k: number): boolean => words[k] === BREAK && tokens.raw[k] !== ','
    let from = c.start
    while (from > 0 && !ends(from - 1)) from--
    let to = c.end
    while (to < n && !ends(to)) to++
    const saysNone =
      cues.some((o) => o !== c && o.kind === 'negation' && !o.exception && o.start >= from && o.start < to) ||
      hits.some((h) => h.start >= from && h.start < to && h.entry.value.some((e) => e.none)) ||
      words.slice(from, to).some((w) => neg.after.has(w))
    if (saysNone) c.kind = 'uncertain'
  }
  for (const c of cues) {
    let k = c.end
    let skipped = 0
    while (k < n) {
      const w = words[k]
      if (w === BREAK || cueStarts.has(k)) break
      const h = hitAt.get(k)
      if (h !== undefined) {
        if (h.cue === null) {
          h.cue = c
          c.reaches.push(h)
        }
        k = h.end
        c.scopeEnd = k
        // "no weapons or violence", "denies SI/HI": only a written "or" (or one an abbreviation spells out)
        // carries a negation on; a slash lists call types ("NO INJURY/ASSAULT" keeps the assault), and a
        // negation joined to its word stops there
        if (
          !c.attached &&
          k < n &&
          (words[k] === 'or' || words[k] === 'nor') &&
          (/^n?or$/i.test(tokens.raw[k]) || p.lexicon.isAbbreviation(tokens.raw[k]))
        ) {
          k++
          continue
        }
        break
      }
      if (c.attached) break
      // "does not have a weapon": a verb right after the negation does not end its reach
      const directly = k === c.end
      if (neg.scopeEnds.has(w) && !directly) break
      if (!neg.skips.has(w) && !(directly && neg.scopeEnds.has(w))) break
      if (++skipped > neg.window) break
      k++
    }
  }
  // "WPNS NEG", "weapons: none"; but "SUICIDE ATTEMPT NEGATIVE FOR MENTAL HEALTH" negates what follows
  const leading = new Set(cues.filter((c) => c.reaches.length > 0).map((c) => c.start))
  for (const h of hits) if (h.cue === null) h.after = cueAfter(words, neg.after, h.end, leading)
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
