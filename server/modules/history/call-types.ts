// Call types of an import: a city's code book (code → description) read behind a small interface, and
// triage run once per distinct call type with the protocol in force.
import { readFileSync } from 'node:fs'
import type { TriageInput, TriageResult } from '../../domain/triage/types'
import { parseCsv } from '../../lib/csv'

/** What the importer needs of a code book; the triage module's code book fits it. */
export interface CallTypeBook {
  /** The description of a code ("1182" → "NON-INJURY ACCIDENT"), or null when the book does not know it. */
  describe: (code: string) => string | null
  size: number
}

export class CodeBookError extends Error {}

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toUpperCase()
const CODE_HEADER = /^(code|call_?code|type_?code|call_?type|calltype|type|incident_?type|event_?type|nature(_?code)?|problem|offense|radio_?code|dispo_?code)$/i
const TEXT_HEADER = /desc|meaning|definition|^(name|text|label|title)$/i

/** Reads a code book CSV (a code column and a description column, found by their names, else the first two). */
export function parseCodeBook (text: string): CallTypeBook {
  let recs
  try { recs = parseCsv(text) } catch (e) { throw new CodeBookError((e as Error).message) }
  if (recs.length < 2) throw new CodeBookError('the code book has no rows')
  const header = recs[0].fields.map((h) => h.trim())
  let code = header.findIndex((h) => CODE_HEADER.test(h))
  let desc = header.findIndex((h, i) => i !== code && TEXT_HEADER.test(h))
  if (code < 0) code = desc === 0 ? 1 : 0
  if (desc < 0) desc = code === 0 ? 1 : 0
  if (header.length < 2) throw new CodeBookError('a code book needs a code column and a description column')
  const entries = new Map<string, string>()
  for (const r of recs.slice(1)) {
    const c = norm(r.fields[code] ?? '')
    const d = (r.fields[desc] ?? '').trim().replace(/\s+/g, ' ')
    if (c !== '' && d !== '' && !entries.has(c)) entries.set(c, d)
  }
  if (entries.size === 0) throw new CodeBookError('the code book has no codes with a description')
  return { size: entries.size, describe: (c) => entries.get(norm(c)) ?? null }
}

export function loadCodeBookFile (path: string): CallTypeBook {
  let text: string
  try { text = readFileSync(path, 'utf8') } catch (e) { throw new CodeBookError(`code book ${path}: ${(e as Error).message}`) }
  try { return parseCodeBook(text) } catch (e) { throw new CodeBookError(`code book ${path}: ${(e as Error).message}`) }
}

export interface ClassifiedType {
  /** The code book's description, when it has one. */
  text: string | null
  triage: TriageResult
}

export interface CallTypeClassifier {
  classify: (callType: string) => ClassifiedType
  /** How many distinct call types were triaged. */
  distinct: () => number
}

/** Triage once per distinct call type: a CAD export repeats a few hundred types a million times. */
export function createClassifier (triage: (input: TriageInput) => TriageResult, book: CallTypeBook | null): CallTypeClassifier {
  const cache = new Map<string, ClassifiedType>()
  return {
    classify (callType) {
      const key = callType.trim().replace(/\s+/g, ' ')
      let hit = cache.get(key)
      if (hit === undefined) {
        const text = book?.describe(key) ?? null
        hit = { text, triage: triage({ callType: text !== null && norm(text) !== norm(key) ? `${key} ${text}` : key }) }
        cache.set(key, hit)
      }
      return hit
    },
    distinct: () => cache.size
  }
}
