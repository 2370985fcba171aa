// Text handling for triage: HTML entities, CAD abbreviations, tokens, typo tolerance and phrase lookup.

/** Clause boundary marker in a token list: negation never reaches across it. */
export const BREAK = '.'

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: ' ',
  ndash: '-',
  mdash: '-',
  lsquo: "'",
  rsquo: "'",
  ldquo: '"',
  rdquo: '"',
  hellip: '...',
  sol: '/',
  comma: ',',
  period: '.',
  colon: ':',
  semi: ';'
}

const ENTITY_RE = /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi

function decodeEntity (match: string, body: string): string {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? match
}

/** Decodes HTML entities (&amp; &quot; &#39; &#x27; ...). CAD exports are often encoded twice. */
export function decodeEntities (text: string): string {
  if (!text.includes('&')) return text
  for (let pass = 0; pass < 3; pass++) {
    const next = text.replace(ENTITY_RE, decodeEntity)
    if (next === text) break
    text = next
  }
  return text
}

/**
 * Optimal-string-alignment edit distance (insert, delete, substitute, swap two neighbours), giving up
 * once it exceeds `max`: returns max + 1 in that case. "overdoes" is one swap from "overdose".
 */
export function editDistance (a: string, b: string, max: number): number {
  const la = a.length
  const lb = b.length
  if (Math.abs(la - lb) > max) return max + 1
  let prev2 = new Array<number>(lb + 1).fill(0)
  let prev = new Array<number>(lb + 1)
  let cur = new Array<number>(lb + 1)
  for (let j = 0; j <= lb; j++) prev[j] = j
  for (let i = 1; i <= la; i++) {
    cur[0] = i
    let rowMin = i
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1)
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    const t = prev2
    prev2 = prev
    prev = cur
    cur = t
  }
  return prev[lb]
}

export interface LexiconOptions {
  /** CAD shorthand to plain words, e.g. "wpn" → "weapon", "w/" → "with". Keys are lower case. */
  abbreviations: ReadonlyMap<string, readonly string[]>
  /** Words dropped before matching (articles), so "waving a gun" and "waving the gun" read alike. */
  ignored: ReadonlySet<string>
  /** Every word the protocol knows: such words are never treated as misspellings. */
  vocabulary: ReadonlySet<string>
  /** Key terms a misspelling may be read as. */
  typoTerms: readonly string[]
  neverCorrect: ReadonlySet<string>
  /** Shortest word that may be corrected at all. */
  minWordLength: number
  /** Terms at least this long tolerate two edits; shorter ones one. */
  twoEditsFromLength: number
}

/** One input token after normalisation: zero or more canonical words. */
interface CanonToken {
  words: readonly string[]
  /** Set when the token was read as a different (misspelled or plural) key term. */
  corrected: boolean
}

export interface Tokens {
  /** Canonical words and BREAK markers. */
  words: string[]
  /** The original spelling behind each word, for evidence a dispatcher can check. */
  raw: string[]
  /** Whether the word is a corrected misspelling. */
  corrected: boolean[]
  /**
   * The input token each word came from (0, 1, 2… in reading order): "NON-VIOLENT" gives two words of
   * one token, so a negation attached to a word by a hyphen can be told from one standing alone.
   */
  group: number[]
}

const TOKEN_RE = /[a-z0-9]+(?:[-/&.][a-z0-9]+)*\/?|[&/]|[.,;!?|\n]/g
const TOKEN_RE_I = /[a-z0-9]+(?:[-/&.][a-z0-9]+)*\/?|[&/]|[.,;!?|\n]/gi
const APOSTROPHES_RE = /['’‘`]/g
const CACHE_LIMIT = 100_000
const EMPTY: CanonToken = { words: [], corrected: false }
const BREAK_TOKEN: CanonToken = { words: [BREAK], corrected: false }
const AND_TOKEN: CanonToken = { words: ['and'], corrected: false }
const OR_TOKEN: CanonToken = { words: ['or'], corrected: false }

/** Turns free text into canonical words; caches per token because CAD vocabularies are small. */
export class Lexicon {
  private readonly cache = new Map<string, CanonToken>()
  private readonly typoByFirst = new Map<string, string[]>()

  /** Abbreviations with their plain words read as phrases are ("wpns" → "weapon", as "weapons" is). */
  private readonly abbreviations = new Map<string, readonly string[]>()

  constructor (private readonly opts: LexiconOptions) {
    for (const term of opts.typoTerms) {
      const list = this.typoByFirst.get(term[0]) ?? []
      list.push(term)
      this.typoByFirst.set(term[0], list)
    }
    for (const [k, words] of opts.abbreviations) {
      this.abbreviations.set(
        k,
        words.map((w) => this.singular(w) ?? w)
      )
    }
  }

  /** Whether a token as written is one of the protocol's abbreviations ("SI/HI"). */
  isAbbreviation (raw: string): boolean {
    return this.abbreviations.has(raw.toLowerCase())
  }

  /** Whether the protocol knows the word (as itself, or as an abbreviation). */
  knows (word: string): boolean {
    return this.opts.vocabulary.has(word) || this.abbreviations.has(word)
  }

  /** The singular of a plural the protocol knows in the singular ("firearms" → "firearm"), else null. */
  private singular (raw: string): string | null {
    if (raw.length <= 3 || !raw.endsWith('s') || raw.endsWith('ss')) return null
    if (this.opts.vocabulary.has(raw.slice(0, -1))) return raw.slice(0, -1)
    if (raw.endsWith('es') && this.opts.vocabulary.has(raw.slice(0, -2))) return raw.slice(0, -2)
    return null
  }

  tokenize (text: string): Tokens {
    const out: Tokens = { words: [], raw: [], corrected: [], group: [] }
    // matched case-insensitively so the evidence keeps the dispatcher's own spelling ("WPN", not "wpn")
    const norm = decodeEntities(text).replace(APOSTROPHES_RE, '')
    TOKEN_RE_I.lastIndex = 0
    let m: RegExpExecArray | null
    let group = 0
    while ((m = TOKEN_RE_I.exec(norm)) !== null) {
      const raw = m[0]
      const tok = this.canon(raw.toLowerCase())
      for (const w of tok.words) {
        if (w === BREAK && (out.words.length === 0 || out.words[out.words.length - 1] === BREAK)) continue
        out.words.push(w)
        out.raw.push(raw)
        out.corrected.push(tok.corrected)
        out.group.push(group)
      }
      group++
    }
    return out
  }

  /** Canonical words of a protocol phrase: abbreviations expanded, never typo-corrected. */
  phraseWords (phrase: string): string[] {
    const norm = decodeEntities(phrase).toLowerCase().replace(APOSTROPHES_RE, '')
    const words: string[] = []
    for (const raw of norm.match(TOKEN_RE) ?? []) {
      for (const w of this.expand(raw, false).words) if (w !== BREAK) words.push(w)
    }
    return words
  }

  private canon (raw: string): CanonToken {
    let tok = this.cache.get(raw)
    if (tok === undefined) {
      tok = this.expand(raw, true)
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear()
      this.cache.set(raw, tok)
    }
    return tok
  }

  private expand (raw: string, tolerateTypos: boolean): CanonToken {
    if (raw.length === 1 && '.,;!?|\n'.includes(raw)) return BREAK_TOKEN
    if (raw === '&') return AND_TOKEN
    // "FALLS / BACK INJURIES": a slash between words is "or", as inside a token ("drunk/intox")
    if (raw === '/') return OR_TOKEN
    const abbr = this.abbreviations.get(raw)
    if (abbr !== undefined) return { words: abbr, corrected: false }
    if (this.opts.ignored.has(raw)) return EMPTY
    // a plural is read as its singular whenever the protocol knows that: "FIREARMS" is "firearm" even
    // though "discharging firearms" makes "firearms" a known word too (phrases are read the same way)
    const one = this.singular(raw)
    if (one !== null) return { words: [one], corrected: false }
    if (this.opts.vocabulary.has(raw)) return { words: [raw], corrected: false }
    if (raw.endsWith('/')) return this.expand(raw.slice(0, -1), tolerateTypos)
    // dotted acronyms: "d.u.i" is "dui"
    if (/^[a-z](?:\.[a-z])+$/.test(raw)) return this.expand(raw.replace(/\./g, ''), tolerateTypos)
    if (/[-/&.]/.test(raw)) {
      // "w/knife" is "with knife"; other joined tokens are read part by part, "/" as "or" ("drunk/intox")
      if (raw.startsWith('w/')) {
        const rest = this.expand(raw.slice(2), tolerateTypos)
        return { words: ['with', ...rest.words], corrected: rest.corrected }
      }
      const words: string[] = []
      let corrected = false
      // "-" joins the loosest: "hit/run-cost" is "hit/run" then "cost", so "hit/run" can be an abbreviation
      // "edp/w/o wpn": "w/o" and "w/" stay whole inside a joined token
      const parts = raw.includes('-') ? raw.split('-') : (raw.match(/w\/o(?=$|[/&.])|w\/(?=[a-z0-9])|[^/&.]+|[/&.]/g) ?? [])
      for (const part of parts) {
        if (part === '') continue
        if (part === '/') {
          words.push('or')
          continue
        }
        if (part === '&') {
          words.push('and')
          continue
        }
        if (part === '.') {
          words.push(BREAK)
          continue
        }
        const t = this.expand(part, tolerateTypos)
        words.push(...t.words)
        corrected ||= t.corrected
      }
      return { words, corrected }
    }
    // a code with a letter suffix or prefix ("415dv", "1140od", "au245"): each part is read on its own
    if (/\d/.test(raw) && /[a-z]/.test(raw)) {
      const words: string[] = []
      for (const part of raw.match(/\d+|[a-z]+/g) ?? []) {
        if (/^\d+$/.test(part)) {
          words.push(part)
          continue
        }
        const t = this.expand(part, false)
        words.push(...t.words)
      }
      return { words, corrected: false }
    }
    if (tolerateTypos) {
      const fixed = this.correct(raw)
      if (fixed !== null) return { words: [fixed], corrected: true }
    }
    return { words: [raw], corrected: false }
  }

  /** The closest key term within the allowed edits, same first letter (typists rarely miss it). */
  private correct (word: string): string | null {
    if (word.length < this.opts.minWordLength || this.opts.neverCorrect.has(word) || !/^[a-z]+$/.test(word)) return null
    const candidates = this.typoByFirst.get(word[0])
    if (candidates === undefined) return null
    let best: string | null = null
    let bestDist = 3
    for (const term of candidates) {
      const max = term.length >= this.opts.twoEditsFromLength ? 2 : 1
      if (Math.abs(term.length - word.length) > max) continue
      const d = editDistance(word, term, max)
      if (d <= max && d < bestDist) {
        best = term
        bestDist = d
      }
    }
    return best
  }
}

export interface PhraseEntry<T> {
  words: readonly string[]
  value: T
}

/** Phrases indexed by first word; the longest phrase at a position wins, so "kill himself" beats "kill". */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Array<PhraseEntry<T>>>()

  add (words: readonly string[], value: T): void {
    if (words.length === 0) return
    const list = this.byFirst.get(words[0]) ?? []
    list.push({ words, value })
    this.byFirst.set(words[0], list)
  }

  /** Sorts each bucket longest first; insertion order breaks ties, so matching is deterministic. */
  seal (): this {
    for (const list of this.byFirst.values()) list.sort((a, b) => b.words.length - a.words.length)
    return this
  }

  /** The longest phrase at word i, ending at `end` at the latest (exclusive; the whole text by default). */
  matchAt (words: readonly string[], i: number, end = words.length): PhraseEntry<T> | undefined {
    const list = this.byFirst.get(words[i])
    if (list === undefined) return undefined
    for (const entry of list) {
      const n = entry.words.length
      if (i + n > end) continue
      let k = 1
      while (k < n && words[i + k] === entry.words[k]) k++
      if (k === n) return entry
    }
    return undefined
  }

  has (word: string): boolean {
    return this.byFirst.has(word)
  }

  /**
   * Phrases the text's last word, cut short, could have been: CAD exports cut call types at a fixed width
   * ("WELFARE CHE", "DISABLED VEHIC", "TRNSPORT NON-INMATE MENTAL CA"). A phrase of several words matches
   * when its other words are there in full and its last word starts with the text's last word (at least
   * `minInPhrase` letters); a one-word phrase when it starts with a last word of at least `minAlone`
   * letters. Every candidate of the longest kind found is returned: the most protective reading wins.
   */
  completions (words: readonly string[], i: number, minInPhrase: number, minAlone: number): Array<PhraseEntry<T>> {
    const last = words.length - 1
    const cut = words[last]
    const out: Array<PhraseEntry<T>> = []
    if (i < last && cut.length >= minInPhrase) {
      for (const entry of this.byFirst.get(words[i]) ?? []) {
        const n = entry.words.length
        if (i + n - 1 !== last) continue
        let k = 1
        while (k < n - 1 && words[i + k] === entry.words[k]) k++
        const full = entry.words[n - 1]
        if (k === n - 1 && full.length > cut.length && full.startsWith(cut)) out.push(entry)
      }
      if (out.length > 0 || i !== last) return out
    }
    if (i === last && cut.length >= minAlone) {
      const known = this.singleCompletions.get(cut)
      if (known !== undefined) return known
      let singles = this.singles
      if (singles === null) {
        singles = []
        for (const list of this.byFirst.values()) for (const e of list) if (e.words.length === 1) singles.push(e)
        this.singles = singles
      }
      for (const e of singles) if (e.words[0].length > cut.length && e.words[0].startsWith(cut)) out.push(e)
      if (this.singleCompletions.size >= 10_000) this.singleCompletions.clear()
      this.singleCompletions.set(cut, out)
    }
    return out
  }

  private singles: Array<PhraseEntry<T>> | null = null
  /** One-word completions already looked up: a city's list repeats its cut words. */
  private readonly singleCompletions = new Map<string, Array<PhraseEntry<T>>>()
}
