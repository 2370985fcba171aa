// RFC 4180 CSV reading and writing for real CAD exports: byte-order mark, quoted fields with embedded
// newlines and quotes, CRLF, and a 1-based line number for every record so bad rows can be reported.

export interface CsvRecord {
  /** Physical line on which the record starts (1-based, header is line 1). */
  line: number
  fields: string[]
  /** Set by parseCsvRecovering on a record it could not read; `fields` then holds the raw line. */
  error?: string
}

export class CsvError extends Error {
  constructor (message: string, readonly line: number) {
    super(`line ${line}: ${message}`)
    this.name = 'CsvError'
  }
}

interface Unterminated {
  /** Index of the first character of the record holding the open quote. */
  recordStart: number
  recordLine: number
  quoteLine: number
  /** Line of a closing quote followed by more text, when that is how the quote went wrong. */
  strayLine?: number
}

/**
 * Reads records from `start` to the end, or stops at an unterminated quoted field and says where it
 * began. With `strictQuotes`, a closing quote followed by text (`"5150 W/ WPN,x` closed by a quote
 * rows later) also stops it: that is how a stray quote in an export usually shows.
 */
function parseFrom (text: string, start: number, firstLine: number, out: CsvRecord[], strictQuotes: boolean): Unterminated | null {
  let fields: string[] = []
  let field = ''
  let line = firstLine
  let recordLine = firstLine
  let recordStart = start
  let inQuotes = false
  let quoteLine = firstLine
  let sawAny = false
  const n = text.length
  for (let i = start; i < n; i++) {
    const ch = text[i]
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++ } else {
          inQuotes = false
          const next = text[i + 1]
          if (strictQuotes && next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
            return { recordStart, recordLine, quoteLine, strayLine: line }
          }
        }
      } else {
        // a lone CR is a line break too (old Mac exports), so line numbers stay right
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++
        field += ch
      }
      continue
    }
    if (ch === '"' && field === '') { inQuotes = true; quoteLine = line; sawAny = true } else if (ch === ',') { fields.push(field); field = ''; sawAny = true } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      fields.push(field)
      if (sawAny || fields.length > 1 || fields[0] !== '') out.push({ line: recordLine, fields })
      fields = []
      field = ''
      sawAny = false
      line++
      recordLine = line
      recordStart = i + 1
    } else { field += ch; sawAny = true }
  }
  if (inQuotes) return { recordStart, recordLine, quoteLine }
  if (sawAny || field !== '' || fields.length > 0) {
    fields.push(field)
    out.push({ line: recordLine, fields })
  }
  return null
}

function stripBom (text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Parses CSV text into records. Throws CsvError only for an unterminated quoted field. */
export function parseCsv (text: string): CsvRecord[] {
  const out: CsvRecord[] = []
  const bad = parseFrom(stripBom(text), 0, 1, out, false)
  if (bad !== null) throw new CsvError('unterminated quoted field', bad.quoteLine)
  return out
}

/**
 * Like parseCsv, but an unterminated quoted field does not swallow the rest of the file: the physical
 * line where that record starts becomes an error record, and reading resumes on the next line.
 */
export function parseCsvRecovering (text: string): CsvRecord[] {
  text = stripBom(text)
  const out: CsvRecord[] = []
  let start = 0
  let line = 1
  for (;;) {
    const bad = parseFrom(text, start, line, out, true)
    if (bad === null) return out
    const nl = text.slice(bad.recordStart).search(/\r\n|\r|\n/)
    const lineEnd = nl < 0 ? text.length : bad.recordStart + nl
    const error = `unterminated quoted field starting on line ${bad.quoteLine}` +
      (bad.strayLine === undefined ? '' : ` (a quote on line ${bad.strayLine} closes it, followed by more text)`)
    out.push({ line: bad.recordLine, fields: [text.slice(bad.recordStart, lineEnd)], error })
    if (nl < 0) return out
    start = lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : 1)
    line = bad.recordLine + 1
  }
}

/** Parses CSV with a header row into objects keyed by header name. */
export function parseCsvObjects (text: string): { header: string[], rows: Array<{ line: number, values: Record<string, string>, fields: string[] }> } {
  const recs = parseCsv(text)
  if (recs.length === 0) return { header: [], rows: [] }
  const header = recs[0].fields.map((h) => h.trim())
  const rows = recs.slice(1).map((r) => {
    const values: Record<string, string> = {}
    header.forEach((h, i) => { values[h] = r.fields[i] ?? '' })
    return { line: r.line, values, fields: r.fields }
  })
  return { header, rows }
}

/** Quotes a field when it holds a comma, quote, CR or LF. */
export function csvField (value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvLine (values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\n'
}
