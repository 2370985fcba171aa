// A city's code book (code → description, e.g. 1182 → NON-INJURY ACCIDENT): reading it and looking codes up.
import { parseCsv } from '../../lib/csv'
import type { TriageInput } from './types'

export interface CodeBook {
  /** Normalised code → its descriptions (a code listed twice with different texts keeps both). */
  readonly entries: ReadonlyMap<string, readonly string[]>
  /** The header names the code and description were read from. */
  readonly codeColumn: string
  readonly descriptionColumn: string
}

export interface CodeLookup {
  code: string
  description: string
}

export class CodeBookError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'CodeBookError'
  }
}

/** Upper case, single spaces, no padding: "  5150v " and "5150V" are the same code. */
export function normaliseCode (s: string): string {
  return s.trim().replace(/\s+/g, ' ').toUpperCase()
}

const CODE_HEADER =
  /^(code|codes|call_?code|type_?code|cfs_?code|incident_?code|event_?code|call_?type|calltype|type|incident_?type|event_?type|nature|nature_?code|problem|offense|radio_?code)$/i
const DESCRIPTION_HEADER = /desc|meaning|definition|^(name|text|label|title|call_?type_?text|type_?text|long_?name)$/i

function pickColumn (header: readonly string[], wanted: string | undefined, what: string): number | null {
  if (wanted === undefined) return null
  const i = header.findIndex((h) => h.trim().toLowerCase() === wanted.trim().toLowerCase())
  if (i < 0) {
    throw new CodeBookError(
      `${what} column ${JSON.stringify(wanted)} not found; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`
    )
  }
  return i
}

/** How much a column looks like codes: short values without spaces score high. */
function codeLikeness (rows: ReadonlyArray<readonly string[]>, col: number): number {
  let score = 0
  for (const r of rows) {
    const v = (r[col] ?? '').trim()
    if (v === '') continue
    score += (v.includes(' ') ? 0 : 1) + (v.length <= 10 ? 1 : 0)
  }
  return score / Math.max(1, rows.length)
}

/**
 * Finds the code and description columns: by their header names (`code`, `call_type`, `type`…;
 * `description`, `desc`, `meaning`…), else by their contents (codes are short and have no spaces),
 * else the first two columns. Either can be named explicitly.
 */
export function detectColumns (
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  names: { code?: string; description?: string } = {}
): { code: number; description: number } {
  if (header.length < 2) {
    throw new CodeBookError(`a code book needs a code column and a description column; the header has ${header.length}`)
  }
  let description = pickColumn(header, names.description, 'description') ?? header.findIndex((h) => DESCRIPTION_HEADER.test(h.trim()))
  let code = pickColumn(header, names.code, 'code') ?? header.findIndex((h, i) => i !== description && CODE_HEADER.test(h.trim()))
  if (code < 0 && description < 0) {
    const byLikeness = header.map((_, i) => i).sort((a, b) => codeLikeness(rows, b) - codeLikeness(rows, a) || a - b)
    code = byLikeness[0]
    description = byLikeness[byLikeness.length - 1]
    if (code === description) {
      code = 0
      description = 1
    }
  } else if (code < 0) {
    code = header
      .map((_, i) => i)
      .filter((i) => i !== description)
      .sort((a, b) => codeLikeness(rows, b) - codeLikeness(rows, a) || a - b)[0]
  } else if (description < 0) {
    description = header
      .map((_, i) => i)
      .filter((i) => i !== code)
      .sort((a, b) => codeLikeness(rows, a) - codeLikeness(rows, b) || a - b)[0]
  }
  if (code === description) throw new CodeBookError('the code and description columns must differ')
  return { code, description }
}

/** Builds a code book from a header and rows (already split into fields). Blank codes are skipped. */
export function codeBookFromRows (
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  names: { code?: string; description?: string } = {}
): CodeBook {
  const cols = detectColumns(header, rows, names)
  const entries = new Map<string, string[]>()
  for (const r of rows) {
    const code = normaliseCode(r[cols.code] ?? '')
    const description = (r[cols.description] ?? '').trim().replace(/\s+/g, ' ')
    if (code === '' || description === '') continue
    const list = entries.get(code) ?? []
    if (!list.some((d) => d.toUpperCase() === description.toUpperCase())) list.push(description)
    entries.set(code, list)
  }
  if (entries.size === 0) throw new CodeBookError('the code book has no codes with a description')
  return { entries, codeColumn: header[cols.code].trim(), descriptionColumn: header[cols.description].trim() }
}

/** Reads a code book from CSV text with a header row, e.g. `call_type,description,...`. */
export function parseCodeBook (text: string, names: { code?: string; description?: string } = {}): CodeBook {
  const records = parseCsv(text)
  if (records.length === 0) throw new CodeBookError('the code book is empty')
  return codeBookFromRows(
    records[0].fields,
    records.slice(1).map((r) => r.fields),
    names
  )
}

/**
 * What a call type means in the code book: the whole value ("1182"), else its leading code when the
 * rest only repeats or adds to it ("1182 - NON INJ", "131B_Traffic Acc"). Null when the book does not know it.
 */
export function lookupCode (book: CodeBook, callType: string): CodeLookup | null {
  const whole = normaliseCode(callType)
  if (whole === '') return null
  const exact = book.entries.get(whole)
  if (exact !== undefined) return { code: callType.trim(), description: exact.join('; ') }
  const value = callType.trim()
  // the leading code ends at a space or "_", or failing that at a "-" or ":" ("1182-NON INJ")
  for (const m of [/^([^\s_]+)[\s_]+(?:[-:]\s*)?(.+)$/.exec(value), /^([^\s_:-]+)\s*[-:]\s*(.+)$/.exec(value)]) {
    if (m === null) continue
    const found = book.entries.get(normaliseCode(m[1]))
    if (found === undefined) continue
    const rest = m[2].trim()
    const known = found.some((d) => d.toUpperCase().includes(rest.toUpperCase()))
    return { code: m[1], description: known ? found.join('; ') : `${found.join('; ')}; ${rest}` }
  }
  return null
}

/** The input with the code book's description filled in, when the book knows the call type. */
export function withCodeBook (input: TriageInput, book: CodeBook | null | undefined): TriageInput {
  if (book == null || input.callType == null || (input.callTypeDescription ?? '').trim() !== '') return input
  const hit = lookupCode(book, input.callType)
  return hit === null ? input : { ...input, callType: hit.code, callTypeDescription: hit.description }
}
