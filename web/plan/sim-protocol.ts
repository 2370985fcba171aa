// Messages between the planner's page and its simulator worker (sim.worker.ts).
import type { Scenario } from '../../simulations/scenario'
import type { HistoryCall, HistoryFit, RosterGroup } from '../../simulations/history-fit'
import type { SiteChoice } from '../../simulations/site'

export interface RunRequest {
  type: 'run'
  /** The scenario file's exact text: its SHA-256 is the hash summary.json names. */
  text: string
  seed?: number
  replications?: number
  days?: number
  /** Replay these calls instead of generating demand (the scenario's days become the period's). */
  replay?: { calls: HistoryCall[]; days: number; label: string }
}

export type WorkerRequest =
  | RunRequest
  | { type: 'callsCsv' }
  | { type: 'report' }
  | { type: 'site'; text: string; teams: number; coverMinutes: number }
  | {
    type: 'fit'
    calls: HistoryCall[]
    startMinute: number
    endMinute: number
    roster: RosterGroup[]
    base: Scenario
    name: string
    periodLabel: string
  }

/** Share of calls per 5-minute bin (the last bin is 120+ minutes), by category. */
export interface Distributions {
  binMinutes: number
  response: Record<string, number[]>
  wait: number[]
  waitedShare: number
}

export type WorkerReply =
  | { type: 'progress'; done: number; total: number }
  | {
    type: 'done'
    summaryText: string
    sha256: string
    elapsedMs: number
    codeVersion: string
    distributions: Distributions
    replayUnplaced: number | null
  }
  | { type: 'file'; name: string; text: string }
  | { type: 'sited'; choice: SiteChoice; candidates: number }
  | { type: 'fitted'; fit: HistoryFit }
  | { type: 'error'; message: string }
