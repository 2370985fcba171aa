// Street names and typed queries the way people write them: case, punctuation, suffixes (St, Ave, Blvd),
// directions (N, W), ordinals in words or digits (Fifth, 5th, 5), abbreviations (MLK, Mt, Pkwy), separators
// of a corner (&, and, /, at, @), house numbers, units and a trailing city, state and ZIP. Pure.

/** Street types: the short form, and the other spellings people and files use. */
const TYPE_SPELLINGS: Array<[string, string[]]> = [
  ['st', ['street', 'str']],
  ['ave', ['av', 'avenue', 'avn']],
  ['blvd', ['bl', 'boulevard', 'blv']],
  ['dr', ['drive', 'drv']],
  ['rd', ['road']],
  ['pl', ['place']],
  ['ln', ['lane']],
  ['ct', ['court']],
  ['way', ['wy']],
  ['pkwy', ['parkway', 'pky', 'pkway']],
  ['hwy', ['highway']],
  ['fwy', ['freeway']],
  ['ter', ['terrace']],
  ['cir', ['circle']],
  ['trl', ['trail']],
  ['aly', ['alley']],
  ['sq', ['square']],
  ['plz', ['plaza']],
  ['expy', ['expressway']],
  ['walk', []],
  ['row', []],
  ['mall', []]
]
const TYPES: Record<string, string> = Object.fromEntries(
  TYPE_SPELLINGS.flatMap(([short, others]) => [[short, short], ...others.map((o) => [o, short])])
)

const DIRECTION_SPELLINGS: Array<[string, string]> = [
  ['n', 'north'],
  ['s', 'south'],
  ['e', 'east'],
  ['w', 'west'],
  ['ne', 'northeast'],
  ['nw', 'northwest'],
  ['se', 'southeast'],
  ['sw', 'southwest']
]
/** Directions as stored with address points and segments, by index (0: none). */
export const DIRS = ['', 'n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']

const DIRECTIONS: Record<string, string> = Object.fromEntries(
  DIRECTION_SPELLINGS.flatMap(([short, long]) => [
    [short, short],
    [long, short]
  ])
)

const UNITS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth']
const TEENS = [
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth'
]
const TENS_ORD: Record<string, number> = {
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
  sixtieth: 60,
  seventieth: 70,
  eightieth: 80,
  ninetieth: 90
}
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }
const ORDINAL_WORDS: Record<string, number> = Object.fromEntries([
  ...UNITS.map((w, i) => [w, i + 1] as const),
  ...TEENS.map((w, i) => [w, i + 10] as const),
  ...Object.entries(TENS_ORD),
  ['hundredth', 100]
])

/** Words that stand for several: expanded before anything else. */
const EXPANSIONS: Record<string, string[]> = {
  mlk: ['martin', 'luther', 'king'],
  pch: ['pacific', 'coast', 'hwy'],
  mt: ['mount'],
  ft: ['fort'],
  jfk: ['john', 'f', 'kennedy'],
  cesar: ['cesar']
}

/** The ordinal form of n: 1st, 2nd, 3rd, 11th, 21st. */
export function ordinal (n: number): string {
  const t = n % 100
  if (t >= 11 && t <= 13) return `${n}th`
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`
}

/** Title case for names written in capitals ("VERDUGO BLVD" → "Verdugo Blvd", "5TH" → "5th"). */
export function titleCase (s: string): string {
  return s
    .toLowerCase()
    .replace(/\b([a-z])/g, (c) => c.toUpperCase())
    .replace(/\b(\d+)(St|Nd|Rd|Th)\b/g, (_m, n: string, o: string) => n + o.toLowerCase())
}

/** Lower case, accents off, punctuation to spaces (an apostrophe joins: O'Farrell → ofarrell). */
export function simplify (s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/\./g, ' ')
    .replace(/[^a-z0-9#/&@ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Ordinals in words ("twenty third", "fifth") and "5 th" as digits ("23rd", "5th"). */
function ordinalTokens (tokens: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    const next = tokens[i + 1]
    if (TENS[t] !== undefined && next !== undefined && UNITS.includes(next)) {
      out.push(ordinal(TENS[t] + UNITS.indexOf(next) + 1))
      i++
      continue
    }
    if (ORDINAL_WORDS[t] !== undefined) {
      out.push(ordinal(ORDINAL_WORDS[t]))
      continue
    }
    if (/^\d+$/.test(t) && next !== undefined && /^(st|nd|rd|th)$/.test(next) && (tokens[i + 2] !== undefined || next !== 'st')) {
      out.push(ordinal(Number(t)))
      i++
      continue
    }
    if (/^\d+(st|nd|rd|th)$/.test(t)) {
      out.push(ordinal(Number(t.replace(/\D/g, ''))))
      continue
    }
    out.push(t)
  }
  return out
}

export interface StreetName {
  /** The name without type or direction, normalized: "5th", "martin luther king", "avenue 26". */
  key: string
  /** Short street type when written: st, ave, blvd, pl… */
  type: string | null
  /** Leading or trailing direction when written: n, s, e, w… */
  dir: string | null
}

/**
 * A street name as a key, a type and a direction. "W 5th St", "west fifth street" and "5th" share the key
 * "5th"; "MLK Jr Blvd" and "Martin Luther King Boulevard" the key "martin luther king". A bare number
 * standing alone is an ordinal street ("5" → "5th"); after "Avenue" it is a name ("Avenue 26").
 */
export function streetName (raw: string): StreetName {
  let tokens = simplify(raw)
    .replace(/[#/&@]/g, ' ')
    .split(' ')
    .filter(Boolean)
  tokens = tokens.flatMap((t) => EXPANSIONS[t] ?? [t]).filter((t) => t !== 'jr')
  tokens = ordinalTokens(tokens)
  let dir: string | null = null
  let type: string | null = null
  // A trailing direction (Palos Verdes Dr N), then a trailing type.
  if (tokens.length >= 3 && DIRECTIONS[tokens[tokens.length - 1]] !== undefined && TYPES[tokens[tokens.length - 2]] !== undefined) {
    dir = DIRECTIONS[tokens.pop()!]
  }
  if (tokens.length >= 2 && TYPES[tokens[tokens.length - 1]] !== undefined) {
    type = TYPES[tokens.pop()!]
  }
  // A leading direction, when a name is left after it ("West Blvd" keeps its name).
  if (tokens.length >= 2 && DIRECTIONS[tokens[0]] !== undefined && !(tokens.length === 2 && TYPES[tokens[1]] !== undefined)) {
    dir ??= DIRECTIONS[tokens.shift()!]
  }
  if (tokens.length >= 2 && (tokens[0] === 'ave' || tokens[0] === 'av' || tokens[0] === 'avenue')) tokens[0] = 'avenue'
  else if (tokens.length >= 2 && tokens[0] === 'st') tokens[0] = 'saint'
  // Middle initials (Cesar E Chavez, Augustus F Hawkins) are often left out.
  if (tokens.length >= 3) tokens = tokens.filter((t, i) => i === 0 || t.length > 1 || /\d/.test(t))
  if (tokens.length === 1 && /^\d+$/.test(tokens[0])) tokens[0] = ordinal(Number(tokens[0]))
  return { key: tokens.join(' '), type, dir }
}

export interface ParsedQuery {
  /** What is left to match, in lower case. */
  text: string
  /** Leading house number ("1234", "1234a", "1234 1/2"), when the text reads as an address. */
  houseNumber: string | null
  /** The streets of a corner (two), or the one street or name otherwise. */
  parts: string[]
  /** The text joined a corner's streets with a separator. */
  intersection: boolean
  city: string | null
  state: string | null
  zip: string | null
}

const US_STATES = new Set([
  'al',
  'ak',
  'az',
  'ar',
  'ca',
  'co',
  'ct',
  'de',
  'dc',
  'fl',
  'ga',
  'hi',
  'id',
  'il',
  'in',
  'ia',
  'ks',
  'ky',
  'la',
  'me',
  'md',
  'ma',
  'mi',
  'mn',
  'ms',
  'mo',
  'mt',
  'ne',
  'nv',
  'nh',
  'nj',
  'nm',
  'ny',
  'nc',
  'nd',
  'oh',
  'ok',
  'or',
  'pa',
  'ri',
  'sc',
  'sd',
  'tn',
  'tx',
  'ut',
  'vt',
  'va',
  'wa',
  'wv',
  'wi',
  'wy',
  'pr'
])
const STATE_NAMES: Record<string, string> = {
  california: 'ca',
  delaware: 'de',
  'new york': 'ny',
  texas: 'tx',
  oregon: 'or',
  washington: 'wa',
  pennsylvania: 'pa',
  florida: 'fl',
  nevada: 'nv',
  arizona: 'az'
}

/** A corner's separators: &, and, /, at, @, +, "y" (Spanish). */
const SEPARATOR = /\s*(?:&|\/|@|\+|\band\b|\bat\b|\by\b)\s*/

/**
 * Reads what a dispatcher typed: "1234 W 5th St Apt 3, Los Angeles, CA 90017", "main and 5th",
 * "5TH/MAIN", "corner of Main & 5th", "100 block of S Main".
 */
export function parseQuery (raw: string): ParsedQuery {
  const [head, ...tail] = raw.split(',').map((s) => s.trim())
  let city: string | null = null
  let state: string | null = null
  let zip: string | null = null
  for (const piece of tail) {
    let p = simplify(piece)
    const z = /\b(\d{5})(?:\s*\d{4})?$/.exec(p)
    if (z) {
      zip = z[1]
      p = p.slice(0, z.index).trim()
    }
    const words = p.split(' ').filter(Boolean)
    const last = words[words.length - 1]
    if (last !== undefined && (US_STATES.has(last) || STATE_NAMES[last] !== undefined)) {
      state = STATE_NAMES[last] ?? last
      words.pop()
    }
    const two = words.slice(-2).join(' ')
    if (state === null && STATE_NAMES[two] !== undefined && words.length >= 2) {
      state = STATE_NAMES[two]
      words.splice(-2)
    }
    if (words.length > 0 && !/^(usa?|united states)$/.test(words.join(' '))) city ??= words.join(' ')
  }
  let text = simplify(head ?? '')
    .replace(/^(the )?(corner|intersection) of /, '')
    .replace(/^(near|at|in front of|outside) /, '')
    // A unit at the end: "apt 3b", "ste 200", "#4" (a word needs its space: "fletcher" is not floor "etcher").
    .replace(/(?:^|\s)(?:(?:apt|apartment|unit|ste|suite|rm|room|fl|floor|spc|space)\s+|#\s*)[a-z0-9-]+$/, '')
    .trim()
  // A trailing ZIP or state typed without a comma.
  const z = /\s(\d{5})$/.exec(text)
  if (z && /^\d/.test(text) && text.split(' ').length > 2) {
    zip ??= z[1]
    text = text.slice(0, z.index).trim()
  }
  const blk = /^(\d+)\s+(?:blk|block)(?:\s+of)?\s+(.+)$/.exec(text)
  if (blk) text = `${blk[1]} ${blk[2]}`
  const parts = text.split(SEPARATOR).map((s) => s.trim())
  const sep = parts.length >= 2 && parts.some((p) => p !== '')
  if (sep) {
    const kept = parts.filter((p) => p !== '')
    // "main and" while typing: one street so far, the second to come.
    const wanted = parts[parts.length - 1] === '' ? [...kept, ''] : kept.slice(0, 2)
    return { text, houseNumber: null, parts: wanted.length === 1 ? [wanted[0], ''] : wanted, intersection: true, city, state, zip }
  }
  const m = /^(\d+(?:[a-z])?(?:\s+1\/2)?)\s+(.+)$/.exec(text)
  if (m && !/^(st|nd|rd|th)\b/.test(m[2])) {
    const rest = m[2]
    // "5 st" is Fifth Street, not number 5 on a street called "St".
    if (!(Object.keys(TYPES).includes(rest) && rest.split(' ').length === 1)) {
      return { text, houseNumber: m[1].replace(/\s+/g, ' '), parts: [rest], intersection: false, city, state, zip }
    }
  }
  return { text, houseNumber: null, parts: [text], intersection: false, city, state, zip }
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits), stopping past `max`. */
export function editDistance (a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const n = a.length
  const m = b.length
  let prev2 = new Array<number>(m + 1).fill(0)
  let prev = Array.from({ length: m + 1 }, (_, j) => j)
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1)
    cur[0] = i
    let rowMin = cur[0]
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1)
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    prev2 = prev
    prev = cur
  }
  return prev[m]
}

/** Every string made by deleting one character: the typo index's neighbourhood. */
export function deletions (s: string): string[] {
  const out: string[] = []
  for (let i = 0; i < s.length; i++) out.push(s.slice(0, i) + s.slice(i + 1))
  return out
}

/** Words of a place name or query, for name search ("St Mary Medical Ctr" → st, mary, medical, center). */
export function nameTokens (raw: string): string[] {
  const ABBR: Record<string, string> = {
    ctr: 'center',
    cntr: 'center',
    centre: 'center',
    hosp: 'hospital',
    med: 'medical',
    univ: 'university',
    stn: 'station',
    sta: 'station',
    hs: 'high',
    svcs: 'services',
    svc: 'services',
    dept: 'department',
    la: 'los angeles',
    lafd: 'fire'
  }
  return ordinalTokens(
    simplify(raw)
      .replace(/[#/&@]/g, ' ')
      .split(' ')
      .filter(Boolean)
  )
    .flatMap((t) => (ABBR[t] ?? t).split(' '))
    .filter((t) => !['the', 'of', 'and', 'at', 'inc', 'llc'].includes(t))
}
