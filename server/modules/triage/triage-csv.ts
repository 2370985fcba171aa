// Triage of a CSV of call types (a CAD export or a city's list), and the summary a planner reads on stderr.
import { runTriage } from '../../domain/triage/engine'
import type { CompiledProtocol } from '../../domain/triage/protocol'
import { SHIPPED_PROTOCOL } from '../../domain/triage/shipped'
import { withCodeBook, type CodeBook } from '../../domain/triage/codebook'
import type { TriageResult } from '../../domain/triage/types'
import { CATEGORIES, RESPONSES } from '../../domain/types'
import { csvLine, parseCsvRecovering, type CsvRecord } from '../../lib/csv'

export const ADDED_COLUMNS = ['category', 'response', 'priority', 'reasons', 'enforcement_stop']

export class UsageError extends Error {}

export function findColumn (header: readonly string[], name: string): number {
  const wanted = name.trim()
  const exact = header.findIndex((h) => h.trim() === wanted)
  if (exact >= 0) return exact
  const loose = header.flatMap((h, i) => (h.trim().toLowerCase() === wanted.toLowerCase() ? [i] : []))
  if (loose.length === 1) return loose[0]
  throw new UsageError(`column ${JSON.stringify(name)} not found; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`)
}

/** A count cell: "1,135" and " 597 " are read; anything else is null. */
export function parseCount (cell: string | undefined): number | null {
  const s = (cell ?? '').trim().replace(/[,_\s]/g, '')
  if (!/^\d+(\.\d+)?$/.test(s)) return null
  return Number(s)
}

export interface CsvTable {
  header: string[]
  records: CsvRecord[]
  col: number
  countCol: number | null
}

/** Reads the header and finds the call-type and count columns. */
export function readTable (text: string, column: string, countColumn?: string): CsvTable {
  const records = parseCsvRecovering(text)
  if (records.length === 0) throw new UsageError('the input has no header row')
  const head = records[0]
  if (head.error !== undefined) throw new UsageError(`line ${head.line}: the header row is unreadable: ${head.error}`)
  const header = head.fields
  return {
    header,
    records: records.slice(1),
    col: findColumn(header, column),
    countCol: countColumn === undefined ? null : findColumn(header, countColumn)
  }
}

export interface TriageCsvOptions {
  /** Column whose number says how many calls each row stands for. */
  countColumn?: string
  codeBook?: CodeBook | null
}

interface Tally {
  types: Set<string>
  calls: number
}

export interface CliResult {
  csv: string
  summary: string
  total: number
  badRows: number
}

function pct (n: number, total: number): string {
  return total === 0 ? '0.0%' : `${((100 * n) / total).toFixed(1)}%`
}

function tableLines (
  title: string,
  keys: readonly string[],
  counts: Map<string, Tally>,
  totalTypes: number,
  totalCalls: number,
  callsLabel: string | null
): string[] {
  const head =
    `by ${title}:`.padEnd(30) +
    'types'.padStart(8) +
    'share'.padStart(8) +
    (callsLabel === null ? '' : callsLabel.padStart(11) + 'share'.padStart(8))
  const lines = [head]
  for (const k of keys) {
    const t = counts.get(k)
    if (t === undefined || t.types.size === 0) continue
    let line = `  ${k.padEnd(28)}${String(t.types.size).padStart(8)}${pct(t.types.size, totalTypes).padStart(8)}`
    if (callsLabel !== null) line += `${String(Math.round(t.calls)).padStart(11)}${pct(t.calls, totalCalls).padStart(8)}`
    lines.push(line)
  }
  return lines
}

const ENFORCEMENT = 'police: enforcement stop'

/**
 * Triages CSV text; pure apart from the protocol, so tests can call it without a process. Every row
 * comes back unchanged followed by the triage columns; rows that cannot be read come back with empty
 * triage columns and a "row error" reason. The summary counts call types (distinct values) and, with
 * a count column, calls; officer-initiated enforcement stops are counted apart from police.
 */
export function triageCsv (
  text: string,
  column: string,
  protocol: CompiledProtocol = SHIPPED_PROTOCOL,
  opts: TriageCsvOptions = {}
): CliResult {
  const { header, records, col, countCol } = readTable(text, column, opts.countColumn)
  const width = header.length
  const out: string[] = [(text.charCodeAt(0) === 0xfeff ? '\ufeff' : '') + csvLine([...header, ...ADDED_COLUMNS])]
  const byResponse = new Map<string, Tally>()
  const byCategory = new Map<string, Tally>()
  const count = (m: Map<string, Tally>, k: string, type: string, calls: number): void => {
    const t = m.get(k) ?? { types: new Set<string>(), calls: 0 }
    t.types.add(type)
    t.calls += calls
    m.set(k, t)
  }
  const bad: string[] = []
  const badCounts: string[] = []
  const types = new Set<string>()
  // CAD exports repeat a few hundred call types many times over
  const cache = new Map<string, TriageResult>()
  let triaged = 0
  let totalCalls = 0
  let codesRead = 0

  for (const rec of records) {
    let problem = rec.error
    if (problem === undefined && rec.fields.length !== width) problem = `${rec.fields.length} fields, the header has ${width}`
    if (problem !== undefined) {
      // an unreadable record comes back as its raw line: split it as plainly as possible
      const parsed = rec.error !== undefined ? rec.fields[0].split(',') : rec.fields
      // keep every original value: extra fields are folded into the last column rather than dropped
      const fields =
        parsed.length > width && width > 0
          ? [...parsed.slice(0, width - 1), parsed.slice(width - 1).join(',')]
          : [...parsed, ...new Array<string>(Math.max(0, width - parsed.length)).fill('')]
      out.push(csvLine([...fields, '', '', '', `row error: line ${rec.line}: ${problem}`, '']))
      bad.push(`  line ${rec.line}: ${problem}`)
      continue
    }
    const callType = rec.fields[col]
    let r = cache.get(callType)
    if (r === undefined) {
      const input = withCodeBook({ callType }, opts.codeBook)
      if (input.callTypeDescription != null) codesRead++
      r = runTriage(input, protocol)
      cache.set(callType, r)
    }
    let calls = 1
    if (countCol !== null) {
      const n = parseCount(rec.fields[countCol])
      if (n === null) badCounts.push(`  line ${rec.line}: ${JSON.stringify(rec.fields[countCol])}`)
      calls = n ?? 0
    }
    const type = callType.trim()
    triaged++
    totalCalls += calls
    types.add(type)
    count(byResponse, r.enforcementStop === true ? ENFORCEMENT : r.response, type, calls)
    count(byCategory, r.category, type, calls)
    out.push(
      csvLine([
        ...rec.fields,
        r.category,
        r.response,
        r.priority,
        r.reasons.map((x) => x.replace(/\.$/, '')).join('; '),
        r.enforcementStop === true ? 'yes' : ''
      ])
    )
  }

  const callsLabel = countCol === null ? null : 'calls'
  const stops = byResponse.get(ENFORCEMENT)
  const police = byResponse.get('police')
  const policeCalls = (police?.calls ?? 0) + (stops?.calls ?? 0)
  const typesOf = (t: Tally | undefined): string => `${t?.types.size ?? 0} type${t?.types.size === 1 ? '' : 's'}`
  const measure = (t: Tally | undefined): string =>
    countCol === null
      ? typesOf(t)
      : `${typesOf(t)}, ${Math.round(t?.calls ?? 0)} calls (${pct(t?.calls ?? 0, totalCalls)} of all ` +
        `calls, ${pct(t?.calls ?? 0, policeCalls)} of police calls)`
  const summary =
    [
      `triage: ${records.length} rows, ${triaged} triaged, ${bad.length} bad (protocol ${protocol.version}, ` +
      `column ${JSON.stringify(header[col])}` +
        (countCol === null ? '' : `, calls from ${JSON.stringify(header[countCol])}`) +
        (opts.codeBook == null ? '' : `, ${codesRead} codes read through the code book`) +
        ')',
      `call types: ${types.size}${countCol === null ? '' : `, calls: ${Math.round(totalCalls)}`}` +
        (countCol !== null && types.size < triaged ? ` (${triaged - types.size} rows repeat a call type; their calls are added)` : ''),
      ...tableLines(
        'response',
        [...RESPONSES.flatMap((r) => (r === 'police' ? ['police', ENFORCEMENT] : [r]))],
        byResponse,
        types.size,
        totalCalls,
        callsLabel
      ),
      ...tableLines('category', CATEGORIES, byCategory, types.size, totalCalls, callsLabel),
      `enforcement stops (officer-initiated, not requests for help; counted apart from police above): ${measure(stops)}`,
      ...(badCounts.length > 0
        ? [
            `rows whose ${JSON.stringify(header[countCol ?? 0])} is not a number (counted as 0 calls): ${badCounts.length}`,
            ...badCounts
          ]
        : []),
      ...(bad.length > 0 ? [`bad rows (written with empty triage columns and a "row error" reason): ${bad.length}`, ...bad] : [])
    ].join('\n') + '\n'
  return { csv: out.join(''), summary, total: records.length, badRows: bad.length }
}
