// Finding one text's phrases and negation, "unknown" and "possible" cues, and what each cue reaches.
import type { CompiledProtocol, CueKind, MatchEffect } from './protocol'
import { BREAK, type PhraseEntry, type PhraseIndex, type Tokens } from './text'

export interface Cue {
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

export interface Hit {
  start: number
  end: number
  entry: PhraseEntry<MatchEffect[]>
  truncated: boolean
  cue: Cue | null
  after: boolean
}

const NO_POSITIONS: ReadonlySet<number> = new Set()
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

/**
 * Finds the phrases and cues of one text, left to right, the longest phrase first; a phrase beats a cue
 * starting at the same word ("no longer breathing", "no detail").
 */
export function read (
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
export function applyCues (tokens: Tokens, p: CompiledProtocol, hits: Hit[], cues: Cue[]): void {
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
