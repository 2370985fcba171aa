// Ages written in a narrative ("my 14-year-old", "14 y/o", "14YOM", "age 9", "fifteen year old", "8 months old").
// The words are English; what counts as a young person is the protocol's (youth.maxAge).

const WORDS = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty'
]
const NUMBER_WORDS: Record<string, number> = Object.fromEntries(WORDS.map((w, i) => [w, i + 1]))
const NUM = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`

// "N years old" (not "for 3 years"), "N yo"/"N y/o"/"N yoa" with an optional sex letter, "age N"/"aged N", "N months old"
const PATTERNS: ReadonlyArray<{ re: RegExp; months: boolean }> = [
  { re: new RegExp(`\\b${NUM}\\s*-?\\s*(?:years?|yrs?)\\s*-?\\s*old\\b`, 'gi'), months: false },
  { re: new RegExp(`\\b${NUM}\\s*-?\\s*(?:yo|y/o|yoa)[mf]?(?![a-z])`, 'gi'), months: false },
  { re: new RegExp(`\\baged?\\s*:?\\s*${NUM}\\b`, 'gi'), months: false },
  { re: new RegExp(`\\b${NUM}\\s*-?\\s*(?:months?|mos?)\\s*-?\\s*old\\b`, 'gi'), months: true }
]

export interface AgeMention {
  /** Whole years (a baby "8 months old" is 0). */
  age: number
  /** The words as written, for the reason text. */
  text: string
}

/** Every age written in the text, in order of appearance. */
export function agesInText (text: string): AgeMention[] {
  const found: Array<AgeMention & { at: number }> = []
  for (const { re, months } of PATTERNS) {
    re.lastIndex = 0
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const word = m[1].toLowerCase()
      const n = NUMBER_WORDS[word] ?? Number(word)
      if (!Number.isFinite(n)) continue
      found.push({ age: months ? Math.floor(n / 12) : n, text: m[0].trim(), at: m.index })
    }
  }
  return found.sort((a, b) => a.at - b.at).map(({ age, text }) => ({ age, text }))
}
