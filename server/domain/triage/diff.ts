// Impact review: what a new protocol version would change, call type by call type, weighted by how often each occurs.
import { CATEGORIES, RESPONSES, type Category, type Priority, type ResponseType } from '../types'
import { withCodeBook, type CodeBook } from './codebook'
import { explainTriage } from './engine'
import type { CompiledProtocol } from './protocol'

export interface DiffItem {
  callType: string
  /** What the city's code book says the code means, when known. */
  description?: string | null
  /** How many calls had this type (1 when not given). */
  count?: number
}

export interface DiffOutcome {
  category: Category
  response: ResponseType
  priority: Priority
  enforcementStop: boolean
  /** Ids of the rules that fired. */
  rules: string[]
  /** Signals the call type was read as. */
  signals: string[]
}

export interface RuleRef {
  id: string
  name: string
}

export interface DiffEntry {
  callType: string
  description: string | null
  count: number
  before: DiffOutcome
  after: DiffOutcome
  /** Which of category, response and priority differ. */
  changed: Array<'category' | 'response' | 'priority'>
  /** Rules that fire only with the new version, only with the old one, or with both but were edited. */
  rulesAdded: RuleRef[]
  rulesRemoved: RuleRef[]
  rulesEdited: RuleRef[]
  signalsAdded: string[]
  signalsRemoved: string[]
}

export interface Tally {
  types: number
  calls: number
}

export interface ProtocolDiff {
  from: string
  to: string
  /** Distinct call types compared, and the calls they stand for. */
  total: Tally
  /** Call types whose category, response or priority would change, most calls first. */
  changed: DiffEntry[]
  changedTotal: Tally
  byResponse: Array<{ response: ResponseType; before: Tally; after: Tally }>
  byCategory: Array<{ category: Category; before: Tally; after: Tally }>
  /** Officer-initiated enforcement stops under each version. */
  enforcementStops: { before: Tally; after: Tally }
}

function outcome (item: DiffItem, p: CompiledProtocol, book: CodeBook | null): DiffOutcome {
  const input =
    item.description != null && item.description.trim() !== ''
      ? { callType: item.callType, callTypeDescription: item.description }
      : withCodeBook({ callType: item.callType }, book)
  const t = explainTriage(input, p)
  return {
    category: t.result.category,
    response: t.result.response,
    priority: t.result.priority,
    enforcementStop: t.result.enforcementStop === true,
    rules: t.firedRules,
    signals: t.signals
  }
}

function ruleDefinitions (p: CompiledProtocol): Map<string, { name: string; json: string }> {
  return new Map(p.document.rules.map((r) => [r.id, { name: r.name, json: JSON.stringify(r) }]))
}

const add = (t: Tally, calls: number): void => {
  t.types++
  t.calls += calls
}
const tally = (): Tally => ({ types: 0, calls: 0 })

/**
 * Triages every call type under both protocol versions and lists those whose category, response or
 * priority would change, with the rules and words that made the difference, and totals weighted by
 * the calls each type stands for. Repeated call types are merged (their counts added). Pure.
 */
export function diffProtocols (
  before: CompiledProtocol,
  after: CompiledProtocol,
  items: readonly DiffItem[],
  codeBook: CodeBook | null = null
): ProtocolDiff {
  const merged = new Map<string, { callType: string; description: string | null; count: number }>()
  for (const it of items) {
    const callType = it.callType.trim()
    const description = it.description?.trim() ?? null
    const key = `${callType}\u0000${description ?? ''}`
    const count = it.count !== undefined && Number.isFinite(it.count) ? it.count : 1
    const m = merged.get(key)
    if (m === undefined) merged.set(key, { callType, description: description === '' ? null : description, count })
    else m.count += count
  }

  const defsBefore = ruleDefinitions(before)
  const defsAfter = ruleDefinitions(after)
  const ref = (id: string): RuleRef => ({ id, name: defsAfter.get(id)?.name ?? defsBefore.get(id)?.name ?? id })
  const total = tally()
  const changedTotal = tally()
  const byResponse = new Map(RESPONSES.map((r) => [r, { before: tally(), after: tally() }]))
  const byCategory = new Map(CATEGORIES.map((c) => [c, { before: tally(), after: tally() }]))
  const enforcementStops = { before: tally(), after: tally() }
  const changed: DiffEntry[] = []

  for (const it of merged.values()) {
    const a = outcome(it, before, codeBook)
    const b = outcome(it, after, codeBook)
    add(total, it.count)
    add(byResponse.get(a.response)?.before ?? tally(), it.count)
    add(byResponse.get(b.response)?.after ?? tally(), it.count)
    add(byCategory.get(a.category)?.before ?? tally(), it.count)
    add(byCategory.get(b.category)?.after ?? tally(), it.count)
    if (a.enforcementStop) add(enforcementStops.before, it.count)
    if (b.enforcementStop) add(enforcementStops.after, it.count)
    const diff: DiffEntry['changed'] = []
    if (a.category !== b.category) diff.push('category')
    if (a.response !== b.response) diff.push('response')
    if (a.priority !== b.priority) diff.push('priority')
    if (diff.length === 0) continue
    add(changedTotal, it.count)
    changed.push({
      callType: it.callType,
      description: it.description,
      count: it.count,
      before: a,
      after: b,
      changed: diff,
      rulesAdded: b.rules.filter((r) => !a.rules.includes(r)).map(ref),
      rulesRemoved: a.rules.filter((r) => !b.rules.includes(r)).map(ref),
      rulesEdited: b.rules.filter((r) => a.rules.includes(r) && defsBefore.get(r)?.json !== defsAfter.get(r)?.json).map(ref),
      signalsAdded: b.signals.filter((s) => !a.signals.includes(s)),
      signalsRemoved: a.signals.filter((s) => !b.signals.includes(s))
    })
  }
  changed.sort((x, y) => y.count - x.count || x.callType.localeCompare(y.callType))

  return {
    from: before.version,
    to: after.version,
    total,
    changed,
    changedTotal,
    byResponse: RESPONSES.map((response) => ({ response, ...(byResponse.get(response) ?? { before: tally(), after: tally() }) })),
    byCategory: CATEGORIES.map((category) => ({ category, ...(byCategory.get(category) ?? { before: tally(), after: tally() }) })),
    enforcementStops
  }
}
