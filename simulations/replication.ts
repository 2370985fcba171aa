// One replication: generate (or replay) the calls, run the event loop, compact the results. Shared by the
// main thread and the replication workers, which import nothing heavier than the model itself.
import { generateCalls, type CallTable } from './call-table'
import { simulate } from './engine'
import type { Prepared } from './prepare'
import { replayCalls, type ReplayFile } from './replay'
import { compact, type RepResult } from './rep-result'

export function runOne (prep: Prepared, seed: number, rep: number, replay: ReplayFile | null): { calls: CallTable; result: RepResult } {
  const calls = replay !== null ? replayCalls(prep, replay, seed, rep) : generateCalls(prep, seed, rep)
  const stats = simulate(prep, calls)
  return { calls, result: compact(prep, calls, stats, rep) }
}
