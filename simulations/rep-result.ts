// One replication's compact record: per-call columns of the measured calls, transferable between threads.
import { CATEGORIES } from '../server/domain/types'
import { INTERVALS, intervalValue, type IntervalId, type StampTimes } from '../server/domain/intervals'
import { MINUTES_PER_DAY, type Prepared } from './prepare'
import { OUTCOME, type CallTable } from './call-table'
import { type TeamStats } from './engine'

/** One replication, compacted to what the summary and report need (measured calls only). */
export interface RepResult {
  rep: number
  events: number
  calls: number
  cat: Uint8Array
  priority: Uint8Array
  area: Int16Array
  division: Int16Array
  outcome: Uint8Array
  /** 0: not a youth call; 1: a youth call not served by a youth team; 2: served by a youth team. */
  youth: Uint8Array
  /** Arrival minute within the measured window (for batch means and hourly charts). */
  t: Float32Array
  wait: Float32Array
  response: Float32Array
  turnout: Float32Array
  travel: Float32Array
  onScene: Float32Array
  committed: Float32Array
  backupResponse: Float32Array
  busy: Float64Array
  onShift: Float64Array
  overtimeMinutes: number
  maxQueue: number
}

/** A replication's per-call columns by interval id (the wait is the call-processing interval). */
export function intervalColumns (r: RepResult): Record<IntervalId, Float32Array> {
  return {
    callProcessing: r.wait,
    turnout: r.turnout,
    travel: r.travel,
    response: r.response,
    onScene: r.onScene,
    committed: r.committed
  }
}

export function compact (prep: Prepared, calls: CallTable, stats: TeamStats, rep: number): RepResult {
  const lo = prep.warmupDays * MINUTES_PER_DAY
  let first = 0
  while (first < calls.n && calls.time[first] < lo) first++
  const m = calls.n - first
  const r: RepResult = {
    rep,
    events: stats.events,
    calls: m,
    cat: new Uint8Array(m),
    priority: new Uint8Array(m),
    area: new Int16Array(m),
    division: new Int16Array(m),
    outcome: new Uint8Array(m),
    youth: new Uint8Array(m),
    t: new Float32Array(m),
    wait: new Float32Array(m).fill(NaN),
    response: new Float32Array(m).fill(NaN),
    turnout: new Float32Array(m).fill(NaN),
    travel: new Float32Array(m).fill(NaN),
    onScene: new Float32Array(m).fill(NaN),
    committed: new Float32Array(m).fill(NaN),
    backupResponse: new Float32Array(0),
    busy: stats.busy,
    onShift: stats.onShift,
    overtimeMinutes: stats.overtimeMinutes,
    maxQueue: stats.maxQueue
  }
  // Every interval from the one definition in server/domain, as the live reports measure them.
  const out = intervalColumns(r)
  const stamps: StampTimes = {}
  for (let k = 0; k < m; k++) {
    const j = first + k
    const info = prep.callTypes[calls.type[j]]
    r.cat[k] = CATEGORIES.indexOf(info.category)
    r.priority[k] = info.priority
    r.area[k] = calls.area[j]
    r.division[k] = calls.division[j]
    r.outcome[k] = calls.outcome[j]
    if (info.needs.includes('youth')) {
      const team = calls.team[j]
      r.youth[k] = calls.outcome[j] === OUTCOME.served && team >= 0 && prep.teams[team].capabilities.includes('youth') ? 2 : 1
    }
    r.t[k] = calls.time[j] - lo
    if (calls.outcome[j] !== OUTCOME.served) continue
    stamps.received = calls.time[j]
    stamps.dispatched = calls.dispatchT[j]
    stamps.enRoute = calls.dispatchT[j] + calls.turnout[j]
    stamps.onScene = calls.onSceneT[j]
    stamps.cleared = calls.clearT[j]
    for (const d of INTERVALS) out[d.id][k] = intervalValue(d, stamps)
  }
  const backups: number[] = []
  for (let b = calls.n; b < calls.jobs; b++) {
    if (calls.time[b] >= lo && !Number.isNaN(calls.onSceneT[b])) backups.push(calls.onSceneT[b] - calls.time[b])
  }
  r.backupResponse = Float32Array.from(backups)
  return r
}

/** Typed arrays of a RepResult, for a zero-copy postMessage. */
export function transferables (r: RepResult): ArrayBuffer[] {
  return [
    r.cat,
    r.priority,
    r.area,
    r.division,
    r.outcome,
    r.youth,
    r.t,
    r.wait,
    r.response,
    r.turnout,
    r.travel,
    r.onScene,
    r.committed,
    r.backupResponse,
    r.busy,
    r.onShift
  ].map((a) => a.buffer as ArrayBuffer)
}
