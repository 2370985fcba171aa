// `npm run triage -- diff OLD.json NEW.json ...`: reads the call types from a CSV and prints the impact review.
import type { CompiledProtocol } from '../../domain/triage/protocol'
import type { CodeBook } from '../../domain/triage/codebook'
import { diffProtocols, type DiffEntry, type DiffOutcome, type ProtocolDiff, type Tally } from '../../domain/triage/diff'
import { parseCount, readTable } from './triage-csv'

export interface DiffCsvOptions {
  countColumn?: string
  codeBook?: CodeBook | null
}

/** Reads the call types (and counts) of a CSV and compares two protocols on them. */
export function diffCsv (
  text: string,
  column: string,
  before: CompiledProtocol,
  after: CompiledProtocol,
  opts: DiffCsvOptions = {}
): { diff: ProtocolDiff; skipped: string[] } {
  const { header, records, col, countCol } = readTable(text, column, opts.countColumn)
  const skipped: string[] = []
  const items = []
  for (const rec of records) {
    if (rec.error !== undefined || rec.fields.length !== header.length) {
      skipped.push(`line ${rec.line}: ${rec.error ?? `${rec.fields.length} fields, the header has ${header.length}`}`)
      continue
    }
    const count = countCol === null ? 1 : parseCount(rec.fields[countCol])
    if (count === null) {
      skipped.push(`line ${rec.line}: count ${JSON.stringify(rec.fields[countCol ?? 0])} is not a number (counted as 0)`)
    }
    items.push({ callType: rec.fields[col], count: count ?? 0 })
  }
  return { diff: diffProtocols(before, after, items, opts.codeBook ?? null), skipped }
}

function pct (n: number, total: number): string {
  return total === 0 ? '0.0%' : `${((100 * n) / total).toFixed(1)}%`
}

function show (o: DiffOutcome): string {
  return `${o.category} / ${o.response}${o.enforcementStop ? ' (enforcement stop)' : ''} / priority ${o.priority}`
}

function signed (n: number): string {
  return n > 0 ? `+${n}` : String(n)
}

function entryLines (e: DiffEntry, weighted: boolean): string[] {
  const name = e.description === null ? e.callType : `${e.callType} (${e.description})`
  const lines = [`${name}${weighted ? `: ${Math.round(e.count)} calls` : ''}`, `  ${show(e.before)} → ${show(e.after)}`]
  const rules = (label: string, list: DiffEntry['rulesAdded']): void => {
    if (list.length > 0) lines.push(`  ${label}: ${list.map((r) => `${r.id} (${r.name})`).join(', ')}`)
  }
  rules('rules now firing', e.rulesAdded)
  rules('rules no longer firing', e.rulesRemoved)
  rules('rules edited in the new version', e.rulesEdited)
  if (e.signalsAdded.length > 0) lines.push(`  now read as: ${e.signalsAdded.join(', ')}`)
  if (e.signalsRemoved.length > 0) lines.push(`  no longer read as: ${e.signalsRemoved.join(', ')}`)
  if (e.rulesAdded.length + e.rulesRemoved.length + e.rulesEdited.length + e.signalsAdded.length + e.signalsRemoved.length === 0) {
    lines.push('  same rules and words: the category or the usual response changed')
  }
  return lines
}

function totals<K extends string> (
  title: string,
  rows: ReadonlyArray<{ before: Tally; after: Tally } & Record<string, unknown>>,
  key: K,
  weighted: boolean
): string[] {
  const unit = weighted ? 'calls' : 'types'
  const lines = [`by ${title} (${unit}, old → new):`]
  for (const r of rows) {
    const a = weighted ? r.before.calls : r.before.types
    const b = weighted ? r.after.calls : r.after.types
    if (a === 0 && b === 0) continue
    lines.push(
      `  ${String(r[key]).padEnd(22)}${String(Math.round(a)).padStart(9)} → ${String(Math.round(b)).padEnd(9)}${a === b ? '' : `(${signed(Math.round(b - a))})`}`.trimEnd()
    )
  }
  return lines
}

/** The impact review as a clinical lead reads it: every change first, then the totals. */
export function formatDiff (d: ProtocolDiff, opts: { weighted: boolean; skipped?: readonly string[] }): string {
  const w = opts.weighted
  const types = (n: number): string => `${n} call type${n === 1 ? '' : 's'}`
  const amount = (t: Tally): string =>
    w ? `${types(t.types)}, ${Math.round(t.calls)} call${t.calls === 1 ? '' : 's'}` : types(t.types)
  const lines = [
    `impact review: protocol ${d.from} → ${d.to}, on ${amount(d.total)}`,
    `would change: ${amount(d.changedTotal)}${w
? ` (${pct(d.changedTotal.calls, d.total.calls)} of calls)`
: ' ' +
      `(${pct(d.changedTotal.types, d.total.types)})`}`,
    ''
  ]
  if (d.changed.length === 0) lines.push('No call type would change its category, response or priority.', '')
  for (const e of d.changed) lines.push(...entryLines(e, w), '')
  lines.push(...totals('response', d.byResponse, 'response', w), ...totals('category', d.byCategory, 'category', w))
  const s = d.enforcementStops
  lines.push(
    `enforcement stops (counted apart): ${w ? Math.round(s.before.calls) : s.before.types} ` +
    `→ ${w ? Math.round(s.after.calls) : s.after.types}`
  )
  if (opts.skipped !== undefined && opts.skipped.length > 0) {
    lines.push(`rows not compared or counted as 0: ${opts.skipped.length}`, ...opts.skipped.map((x) => `  ${x}`))
  }
  return lines.join('\n') + '\n'
}
