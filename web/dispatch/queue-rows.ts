// Queue display logic: the server's dispatch order, waiting time counted live, overdue recomputed.
import type { QueueEntry } from '../api/resources'

export interface QueueRow {
  entry: QueueEntry
  waitingMinutes: number
  overdue: boolean
}

/** Rows in dispatch order: the server's position; ties (live-added entries) by priority, then longest waiting. */
export function queueRows (entries: QueueEntry[], now: number): QueueRow[] {
  return entries
    .map((entry) => {
      const since = entry.call.times.queued ?? entry.call.receivedAt
      const waitingMinutes = Math.max(entry.waitingMinutes, (now - Date.parse(since)) / 60_000)
      return { entry, waitingMinutes, overdue: entry.overdue || waitingMinutes > entry.targetMinutes }
    })
    .sort((a, b) => (a.entry.position - b.entry.position) ||
      (a.entry.call.triage.priority - b.entry.call.triage.priority) ||
      (b.waitingMinutes - a.waitingMinutes))
}
