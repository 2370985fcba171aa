// Impact review of a protocol change on real calls: every call triaged under the version in force and
// under the new one, grouped by call type and by what changes (from what to what), with how many calls
// each move stands for. Pure: the caller reads the calls (live ones with their narrative and answers,
// imported ones by call type and code-book text).
import { RESPONSES, type Category, type Priority, type ResponseType } from '../types'
import { withCodeBook, type CodeBook } from './codebook'
import { runTriage } from './engine'
import type { CompiledProtocol } from './protocol'
import type { TriageInput } from './types'

export interface ImpactItem {
  /** How the call type reads in the table (the upstream code, or a label for calls without one). */
  callType: string
  description: string | null
  input: TriageInput
  /** Calls this item stands for (imported history is counted by type). */
  count: number
}

export interface Outcome {
  category: Category
  response: ResponseType
  priority: Priority
}

export interface ImpactMove {
  callType: string
  description: string | null
  calls: number
  from: Outcome
  to: Outcome
  changed: Array<'category' | 'response' | 'priority'>
}

export interface ImpactTable {
  /** Calls compared, and the distinct call types among them. */
  calls: number
  callTypes: number
  changedCalls: number
  changedCallTypes: number
  /** Every move (a call type from one triage to another), most calls first. */
  moves: ImpactMove[]
  /** Calls per response under each version. */
  byResponse: Array<{ response: ResponseType; before: number; after: number }>
}

const key = (o: Outcome): string => `${o.category}|${o.response}|${o.priority}`

export function impactOf (
  before: CompiledProtocol,
  after: CompiledProtocol,
  items: readonly ImpactItem[],
  codeBook: CodeBook | null
): ImpactTable {
  const moves = new Map<string, ImpactMove>()
  const byResponse = new Map(RESPONSES.map((r) => [r, { response: r, before: 0, after: 0 }]))
  const types = new Set<string>()
  const changedTypes = new Set<string>()
  let calls = 0
  let changedCalls = 0
  // the same input triages the same way: triage it once
  const seen = new Map<string, [Outcome, Outcome]>()
  for (const it of items) {
    const input = it.description !== null ? { ...it.input, callTypeDescription: it.description } : withCodeBook(it.input, codeBook)
    const k = JSON.stringify(input)
    let pair = seen.get(k)
    if (pair === undefined) {
      const a = runTriage(input, before)
      const b = runTriage(input, after)
      pair = [
        { category: a.category, response: a.response, priority: a.priority },
        { category: b.category, response: b.response, priority: b.priority }
      ]
      seen.set(k, pair)
    }
    const [from, to] = pair
    calls += it.count
    types.add(it.callType)
    byResponse.get(from.response)!.before += it.count
    byResponse.get(to.response)!.after += it.count
    const changed = (['category', 'response', 'priority'] as const).filter((f) => from[f] !== to[f])
    if (changed.length === 0) continue
    changedCalls += it.count
    changedTypes.add(it.callType)
    const mk = `${it.callType}\u0000${it.description ?? ''}\u0000${key(from)}\u0000${key(to)}`
    const m = moves.get(mk)
    if (m === undefined) {
      moves.set(mk, { callType: it.callType, description: it.description, calls: it.count, from, to, changed: [...changed] })
    } else m.calls += it.count
  }
  return {
    calls,
    callTypes: types.size,
    changedCalls,
    changedCallTypes: changedTypes.size,
    moves: [...moves.values()].sort((x, y) => y.calls - x.calls || x.callType.localeCompare(y.callType)),
    byResponse: [...byResponse.values()].filter((r) => r.before > 0 || r.after > 0)
  }
}
