// CSV for real CAD exports, read with csv-parse (well-formed records by a faster reader that reads them the same, csv-fast.ts):
// byte-order mark, quoted fields with embedded newlines and
// quotes, CRLF/LF/CR, a 1-based physical line number for every record, and recovery from broken quoting
// (the record becomes an error record and reading resumes on the next line). Streams in constant memory.
import { Parser, type CsvError as ParseError, type Options } from 'csv-parse'
import { fastRecord, HAND_OVER, WAIT, type FastRecord } from './csv-fast'

export interface CsvRecord {
  /** Physical line on which the record starts (1-based, header is line 1). */
  line: number
  fields: string[]
  /** Set on a record that could not be read; `fields` then holds its raw first line. */
  error?: string
}

export class CsvError extends Error {
  constructor (
    message: string,
    readonly line: number
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'CsvError'
  }
}

/** A record longer than this is taken for an unterminated quote (it would otherwise swallow the file). */
export const MAX_RECORD_BYTES = 1 << 20

const LF = 10
const CR = 13
const BOM = [0xef, 0xbb, 0xbf]

interface Pending {
  code: string
  start: number
  line: number
}

/** csv-parse's stream, noting where each record ends (its own `info` option costs twice the parse time). */
class OffsetParser extends Parser {
  readonly ends: number[] = []
  override push (chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) this.ends.push(this.info.bytes)
    return super.push(chunk, encoding)
  }
}

/**
 * Incremental reader: push chunks as they arrive, get the records they complete. csv-parse does the
 * parsing; this class keeps the bytes of the record being read, so that line numbers are counted on the
 * bytes themselves (csv-parse counts a CRLF inside quotes twice) and so that a record with broken quoting
 * can be cut at its first line and parsing restarted after it.
 */
export class CsvReader {
  private chunks: Buffer[] = []
  /** Absolute offset of chunks[0][0]. */
  private base = 0
  /** Absolute offset where the next record's bytes begin, and that offset's physical line. */
  private consumed = 0
  private line = 1
  private parser: OffsetParser | null = null
  private parserBase = 0
  private pending: Pending | null = null
  private ended = false
  /**
   * Records are read by fastRecord (csv-fast.ts) until one it cannot vouch for (broken quoting, a runaway quote, a very long record):
   * from there on csv-parse reads the rest, as before. csv-parse reads a byte at a time through its options and was a
   * third of the import's reader (issue 25); a well-formed record reads the same either way (the CSV tests hold them equal).
   */
  private fast: boolean
  private readonly fastOut: FastRecord = { fields: [], breaks: 0 }
  private fastEmitted = false

  /** `csvParseOnly`: every record through csv-parse (the tests compare the two readers). */
  constructor (
    private readonly maxRecordBytes = MAX_RECORD_BYTES,
    csvParseOnly = false
  ) {
    this.fast = !csvParseOnly
  }

  push (chunk: Buffer | string): CsvRecord[] {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    const out: CsvRecord[] = []
    if (buf.length === 0) return out
    this.chunks.push(buf)
    if (this.fast) {
      this.fastRead(out)
      return out
    }
    if (this.pending === null) {
      this.ensureParser().write(buf)
      this.drain(out)
    }
    this.settle(out)
    return out
  }

  end (): CsvRecord[] {
    const out: CsvRecord[] = []
    this.ended = true
    if (this.fast) {
      this.fastRead(out)
      if (this.fast) return out
    }
    for (let guard = 0; guard < 1e7; guard++) {
      if (this.pending === null) {
        this.ensureParser().end()
        this.drain(out)
        if (this.pending === null) break
      }
      this.settle(out)
    }
    return out
  }

  /** Reads the records the bytes hold, until one needs more bytes or csv-parse (then handed the rest). */
  private fastRead (out: CsvRecord[]): void {
    const b = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)
    const n = b.length
    const start = this.consumed - this.base
    let pos = start
    let line = this.line
    // Blank lines between a byte-order mark and the first record: csv-parse's reader (breaks) numbers that record as if
    // they were not there (the mark is not a blank), and so does this one (the records after it are numbered right).
    let hidden = 0
    let bom = false
    if (this.consumed === 0) {
      // csv-parse's `bom`: a byte-order mark at the start of the file is not part of the first field
      let i = 0
      while (i < 3 && i < n && b[i] === BOM[i]) i++
      if (i === 3) pos = 3
      else if (i === n && !this.ended) pos = n
      bom = i === 3
    }
    let handOver = false
    while (pos < n) {
      const c = b[pos]
      if (c === LF || c === CR) {
        // a blank line: no record (csv-parse's skip_empty_lines), one line more
        if (c === CR && pos + 1 === n && !this.ended) break
        pos += c === CR && b[pos + 1] === LF ? 2 : 1
        line++
        if (bom && !this.fastEmitted) hidden++
        continue
      }
      const end = fastRecord(b, pos, this.ended, this.maxRecordBytes / 2, this.fastOut)
      if (end === WAIT || end === HAND_OVER) {
        handOver = end === HAND_OVER || n - pos > this.maxRecordBytes / 2
        break
      }
      out.push({ line: line - hidden, fields: this.fastOut.fields })
      hidden = 0
      this.fastEmitted = true
      // the breaks inside its quotes, and its own line break (the last record of a file may have none)
      line += this.fastOut.breaks + (b[end - 1] === LF || b[end - 1] === CR ? 1 : 0)
      pos = end
    }
    if (!this.fastEmitted) {
      // Until the first record, start over from the file's first byte: csv-parse, if handed the file, reads the
      // byte-order mark and the blank lines before that record its own way.
      pos = start
      line = this.line
    }
    this.consumed = this.base + pos
    this.base = this.consumed
    this.line = line
    this.chunks = pos < n ? [b.subarray(pos)] : []
    if (handOver) {
      this.fast = false
      if (this.chunks.length > 0) {
        this.ensureParser().write(this.chunks[0])
        this.drain(out)
      }
      this.settle(out)
    }
  }

  private ensureParser (): OffsetParser {
    if (this.parser !== null) return this.parser
    // A high-water mark above any chunk's record count keeps every write synchronous: records are read right after it.
    const streamOptions = { highWaterMark: 1 << 20 } as Options
    const p = new OffsetParser({
      ...streamOptions,
      bom: this.consumed === 0,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      max_record_size: this.maxRecordBytes
    })
    // errors are read synchronously from `errored`; the event would otherwise be unhandled
    p.on('error', () => {})
    this.parser = p
    this.parserBase = this.consumed
    return p
  }

  private byteAt (abs: number): number | undefined {
    let off = abs - this.base
    for (const c of this.chunks) {
      if (off < c.length) return c[off]
      off -= c.length
    }
    return undefined
  }

  /** Counts line breaks from `from` to `to`, and the breaks of blank lines at its start. */
  private breaks (from: number, to: number): { leading: number; total: number } {
    let total = 0
    let leading = 0
    let blank = true
    let off = from - this.base
    let abs = from
    for (let i = 0; i < this.chunks.length && abs < to; i++) {
      const c = this.chunks[i]
      if (off >= c.length) {
        off -= c.length
        continue
      }
      for (let j = off; j < c.length && abs < to; j++, abs++) {
        const b = c[j]
        if (b === LF || (b === CR && (j + 1 < c.length ? c[j + 1] !== LF : this.byteAt(abs + 1) !== LF))) {
          total++
          if (blank) leading++
        } else if (b !== CR && blank) {
          blank = false
        }
      }
      off = 0
    }
    return { leading, total }
  }

  private trim (): void {
    while (this.chunks.length > 0 && this.base + this.chunks[0].length <= this.consumed) {
      this.base += this.chunks[0].length
      this.chunks.shift()
    }
  }

  private drain (out: CsvRecord[]): void {
    const p = this.parser!
    let fields: string[] | null
    let i = 0
    while ((fields = p.read() as string[] | null) !== null) {
      const end = this.parserBase + p.ends[i++]
      const { leading, total } = this.breaks(this.consumed, end)
      out.push({ line: this.line + leading, fields })
      this.line += total
      this.consumed = end
    }
    p.ends.splice(0, i)
    this.trim()
    const err = p.errored as ParseError | null
    if (err !== null) {
      this.parser = null
      const { leading } = this.breaks(this.consumed, this.totalBytes())
      this.pending = { code: err.code, start: this.skipBlank(this.consumed), line: this.line + leading }
    }
  }

  private totalBytes (): number {
    return this.base + this.chunks.reduce((n, c) => n + c.length, 0)
  }

  private skipBlank (from: number): number {
    let abs = from
    for (let b = this.byteAt(abs); b === LF || b === CR; b = this.byteAt(++abs));
    return abs
  }

  /** The failing record's first line is cut off as an error record once its end is known; parsing restarts after it. */
  private settle (out: CsvRecord[]): void {
    while (this.pending !== null) {
      const p = this.pending
      const total = this.totalBytes()
      let eol = p.start
      let b = this.byteAt(eol)
      while (b !== undefined && b !== LF && b !== CR) b = this.byteAt(++eol)
      if (b === undefined && !this.ended) return
      let next = eol
      if (b === CR) {
        const after = this.byteAt(eol + 1)
        if (after === undefined && !this.ended) return
        next = after === LF ? eol + 2 : eol + 1
      } else if (b === LF) next = eol + 1
      const raw = this.slice(p.start, eol).toString('utf8')
      out.push(recoverRecord(p, raw))
      this.consumed = Math.min(next, total)
      this.line = p.line + (b === undefined ? 0 : 1)
      this.pending = null
      this.trim()
      if (this.consumed < total || this.ended) {
        const rest = this.slice(this.consumed, total)
        if (rest.length > 0) {
          this.ensureParser().write(rest)
          this.drain(out)
        }
      }
    }
  }

  private slice (from: number, to: number): Buffer {
    const parts: Buffer[] = []
    let abs = this.base
    for (const c of this.chunks) {
      const s = Math.max(from, abs)
      const e = Math.min(to, abs + c.length)
      if (s < e) parts.push(c.subarray(s - abs, e - abs))
      abs += c.length
    }
    return Buffer.concat(parts)
  }
}

/** An error record for the failing line; a stray quote inside an unquoted field is read literally instead. */
function recoverRecord (p: Pending, raw: string): CsvRecord {
  if (p.code === 'INVALID_OPENING_QUOTE') {
    const relaxed = new Parser({ relax_quotes: true, relax_column_count: true })
    relaxed.on('error', () => {})
    relaxed.end(raw)
    const rec = relaxed.read() as string[] | null
    if (relaxed.errored === null && rec !== null && relaxed.read() === null) return { line: p.line, fields: rec }
  }
  return { line: p.line, fields: [raw], error: describeError(p.code, p.line) }
}

function describeError (code: string, line: number): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `unterminated quoted field starting on line ${line}`
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `unterminated quoted field starting on line ${line} (a later quote closes it, followed by more text)`
    case 'CSV_MAX_RECORD_SIZE':
      return `unterminated quoted field starting on line ${line} (the record runs past ${MAX_RECORD_BYTES} bytes)`
    case 'INVALID_OPENING_QUOTE':
      return `bad quoting in the record starting on line ${line}`
    default:
      return `unreadable record starting on line ${line} (${code})`
  }
}

/** Reads CSV from a stream of chunks, yielding the records of each chunk as they complete. */
export async function * readCsv (
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  maxRecordBytes = MAX_RECORD_BYTES
): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader(maxRecordBytes)
  for await (const chunk of source) {
    const recs = reader.push(chunk)
    if (recs.length > 0) yield recs
  }
  const last = reader.end()
  if (last.length > 0) yield last
}

/**
 * Parses CSV text; a record with broken quoting becomes an error record for its first line, and
 * reading resumes on the next line.
 */
export function parseCsvRecovering (text: string): CsvRecord[] {
  const reader = new CsvReader()
  return [...reader.push(text), ...reader.end()]
}

/** Parses CSV text into records. Throws CsvError, with the line, for a record with broken quoting. */
export function parseCsv (text: string): CsvRecord[] {
  const recs = parseCsvRecovering(text)
  const bad = recs.find((r) => r.error !== undefined)
  if (bad !== undefined) throw new CsvError(bad.error!, bad.line)
  return recs
}

/** Parses CSV with a header row into objects keyed by header name. */
export function parseCsvObjects (text: string): {
  header: string[]
  rows: Array<{ line: number; values: Record<string, string>; fields: string[] }>
} {
  const recs = parseCsv(text)
  if (recs.length === 0) return { header: [], rows: [] }
  const header = recs[0].fields.map((h) => h.trim())
  const rows = recs.slice(1).map((r) => {
    const values: Record<string, string> = {}
    header.forEach((h, i) => {
      values[h] = r.fields[i] ?? ''
    })
    return { line: r.line, values, fields: r.fields }
  })
  return { header, rows }
}

export { csvField, csvLine, neutralizeFormula } from './csv-write'
