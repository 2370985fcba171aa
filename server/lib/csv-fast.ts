// The CSV reader's fast path (csv.ts, CsvReader): one well-formed record read straight from the bytes, as csv-parse
// reads it with the reader's options (comma-separated, double quotes, CRLF, LF or CR between records). csv-parse reads
// a byte at a time through all its options and was a third of an import's reading (issue 25); the CSV tests hold the
// two readers equal on generated input. Anything this one cannot vouch for goes back to csv-parse.

const LF = 10
const CR = 13
const QUOTE = 34
const COMMA = 44
/** What fastRecord answers for a record it cannot finish: wait for more bytes, or hand the rest to csv-parse. */
export const WAIT = -1
export const HAND_OVER = -2

/** The fields of the record fastRecord last read, and the line breaks inside its quotes. */
export interface FastRecord {
  fields: string[]
  breaks: number
}

/**
 * One record from `pos` (not a line break) as csv-parse reads it with this reader's options: fields split on commas,
 * a field in quotes may hold commas, line breaks and doubled quotes; a record ends at CRLF, LF or CR. Answers the offset
 * after the record's line break, WAIT when the bytes end first, or HAND_OVER for anything else (a quote inside an
 * unquoted field, text after a closing quote, a record longer than maxBytes): csv-parse then reads it.
 */
export function fastRecord (b: Buffer, pos: number, ended: boolean, maxBytes: number, out: FastRecord): number {
  const n = b.length
  const limit = pos + maxBytes
  const fields: string[] = []
  let breaks = 0
  let p = pos
  for (;;) {
    if (p < n && b[p] === QUOTE) {
      let value = ''
      let from = p + 1
      for (;;) {
        const close = b.indexOf(QUOTE, from)
        if (close === -1 || close > limit) return close > limit ? HAND_OVER : ended ? HAND_OVER : WAIT
        for (let i = from; i < close; i++) {
          if (b[i] === LF || (b[i] === CR && b[i + 1] !== LF)) breaks++
        }
        if (close + 1 === n && !ended) return WAIT
        if (b[close + 1] === QUOTE) {
          value += b.toString('utf8', from, close + 1)
          from = close + 2
          continue
        }
        value += b.toString('utf8', from, close)
        p = close + 1
        break
      }
      fields.push(value)
      if (p < n && b[p] !== COMMA && b[p] !== LF && b[p] !== CR) return HAND_OVER
    } else {
      let e = p
      while (e < n) {
        const c = b[e]
        if (c === COMMA || c === LF || c === CR) break
        if (c === QUOTE) return HAND_OVER
        e++
      }
      if (e > limit) return HAND_OVER
      if (e === n && !ended) return WAIT
      fields.push(b.toString('utf8', p, e))
      p = e
    }
    if (p < n && b[p] === COMMA) {
      p++
      continue
    }
    // the record's end: a line break (CR needs the next byte, to know whether it is CRLF) or the end of the file
    if (p === n) {
      if (!ended) return WAIT
    } else if (b[p] === CR) {
      if (p + 1 === n && !ended) return WAIT
      p += b[p + 1] === LF ? 2 : 1
    } else p++
    out.fields = fields
    out.breaks = breaks
    return p
  }
}
