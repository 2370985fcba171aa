// `npm run triage -- --input FILE.csv --column NAME [--output FILE.csv] [--protocol FILE.json]`: triages
// every row's call type and writes the rows back with category, response, priority and reasons.
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { DEFAULT_PROTOCOL, triage, type CompiledProtocol } from '../../domain/triage'
import type { TriageResult } from '../../domain/triage/types'
import { CATEGORIES, RESPONSES } from '../../domain/types'
import { csvLine, parseCsvRecovering } from '../../lib/csv'
import { loadProtocolFileSync } from './protocol-file'

const USAGE = `usage: npm run triage -- --input FILE.csv --column NAME [--output FILE.csv] [--protocol FILE.json]

Triages the call type in column NAME of every row and writes all rows back, unchanged, followed by
the columns category, response, priority and reasons. Without --output the CSV goes to stdout.
A summary (counts and shares by response and by category, bad rows) goes to stderr.`

const ADDED_COLUMNS = ['category', 'response', 'priority', 'reasons']

class UsageError extends Error {}

interface Options {
  input: string
  column: string
  output?: string
  protocol?: string
}

function options (argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: 'string', short: 'i' },
      column: { type: 'string', short: 'c' },
      output: { type: 'string', short: 'o' },
      protocol: { type: 'string', short: 'p' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help === true) return null
  if (values.input === undefined) throw new UsageError('--input is required')
  if (values.column === undefined) throw new UsageError('--column is required')
  return { input: values.input, column: values.column, output: values.output, protocol: values.protocol }
}

function findColumn (header: string[], name: string): number {
  const wanted = name.trim()
  const exact = header.findIndex((h) => h.trim() === wanted)
  if (exact >= 0) return exact
  const loose = header.flatMap((h, i) => (h.trim().toLowerCase() === wanted.toLowerCase() ? [i] : []))
  if (loose.length === 1) return loose[0]
  throw new UsageError(`column ${JSON.stringify(name)} not found; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`)
}

function pct (n: number, total: number): string {
  return total === 0 ? '0.0%' : `${((100 * n) / total).toFixed(1)}%`
}

function table (title: string, keys: readonly string[], counts: Map<string, number>, total: number): string[] {
  const lines = [`by ${title}:`]
  for (const k of keys) {
    const n = counts.get(k) ?? 0
    if (n > 0) lines.push(`  ${k.padEnd(20)} ${String(n).padStart(8)}  ${pct(n, total).padStart(6)}`)
  }
  return lines
}

export interface CliResult {
  csv: string
  summary: string
  total: number
  badRows: number
}

/** Triages CSV text; pure apart from the protocol, so tests can call it without a process. */
export function triageCsv (text: string, column: string, protocol: CompiledProtocol = DEFAULT_PROTOCOL): CliResult {
  const records = parseCsvRecovering(text)
  if (records.length === 0) throw new UsageError('the input has no header row')
  const head = records[0]
  if (head.error !== undefined) throw new UsageError(`line ${head.line}: the header row is unreadable: ${head.error}`)
  const header = head.fields
  const col = findColumn(header, column)
  const width = header.length

  const out: string[] = [(text.charCodeAt(0) === 0xfeff ? '\ufeff' : '') + csvLine([...header, ...ADDED_COLUMNS])]
  const byResponse = new Map<string, number>()
  const byCategory = new Map<string, number>()
  const bad: string[] = []
  // CAD exports repeat a few hundred call types many times over
  const cache = new Map<string, TriageResult>()
  let triaged = 0

  for (const rec of records.slice(1)) {
    let problem = rec.error
    if (problem === undefined && rec.fields.length !== width) problem = `${rec.fields.length} fields, the header has ${width}`
    if (problem !== undefined) {
      // an unreadable record comes back as its raw line: split it as plainly as possible
      const parsed = rec.error !== undefined ? rec.fields[0].split(',') : rec.fields
      // keep every original value: extra fields are folded into the last column rather than dropped
      const fields = parsed.length > width && width > 0
        ? [...parsed.slice(0, width - 1), parsed.slice(width - 1).join(',')]
        : [...parsed, ...new Array<string>(Math.max(0, width - parsed.length)).fill('')]
      out.push(csvLine([...fields, '', '', '', `row error: line ${rec.line}: ${problem}`]))
      bad.push(`  line ${rec.line}: ${problem}`)
      continue
    }
    const callType = rec.fields[col]
    let r = cache.get(callType)
    if (r === undefined) {
      r = triage({ callType }, protocol)
      cache.set(callType, r)
    }
    triaged++
    byResponse.set(r.response, (byResponse.get(r.response) ?? 0) + 1)
    byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + 1)
    out.push(csvLine([...rec.fields, r.category, r.response, r.priority, r.reasons.map((x) => x.replace(/\.$/, '')).join('; ')]))
  }

  const total = records.length - 1
  const summary = [
    `triage: ${total} rows, ${triaged} triaged, ${bad.length} bad (protocol ${protocol.version}, column ${JSON.stringify(header[col])})`,
    ...table('response', RESPONSES, byResponse, triaged),
    ...table('category', CATEGORIES, byCategory, triaged),
    ...(bad.length > 0 ? [`bad rows (written with empty triage columns and a "row error" reason): ${bad.length}`, ...bad] : [])
  ].join('\n') + '\n'
  return { csv: out.join(''), summary, total, badRows: bad.length }
}

function main (argv: string[]): number {
  let opts: Options | null
  try {
    opts = options(argv)
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  if (opts === null) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  try {
    const protocol = opts.protocol === undefined ? DEFAULT_PROTOCOL : loadProtocolFileSync(opts.protocol)
    const text = readFileSync(opts.input, 'utf8')
    const result = triageCsv(text, opts.column, protocol)
    if (opts.output === undefined) process.stdout.write(result.csv)
    else writeFileSync(opts.output, result.csv)
    process.stderr.write(result.summary)
    return 0
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`)
    return err instanceof UsageError ? 2 : 1
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2))
}
