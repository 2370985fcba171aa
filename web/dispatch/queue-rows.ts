// Queue display logic: the server's dispatch order (or longest waiting first), waiting time counted live from
// when each call was first received (waitingSince, however often it came back), overdue recomputed.
import type { QueueEntry } from '../api/resources'

export interface QueueRow {
  entry: QueueEntry
  waitingMinutes: number
  overdue: boolean
}

export type QueueOrder = 'dispatch' | 'waiting'

/**
 * Rows in dispatch order: the server's position; ties (live-added entries) by priority, then longest waiting.
 * `waiting`: longest waiting first, whatever the priority.
 */
export function queueRows (entries: QueueEntry[], now: number, order: QueueOrder = 'dispatch'): QueueRow[] {
  return entries
    .map((entry) => {
      const since = entry.waitingSince ?? entry.call.receivedAt
      const waitingMinutes = Math.max(entry.waitingMinutes, (now - Date.parse(since)) / 60_000)
      return { entry, waitingMinutes, overdue: entry.overdue || waitingMinutes > entry.targetMinutes }
    })
    .sort((a, b) =>
      order === 'waiting'
        ? b.waitingMinutes - a.waitingMinutes || a.entry.position - b.entry.position
        : a.entry.position - b.entry.position ||
          a.entry.call.triage.priority - b.entry.call.triage.priority ||
          b.waitingMinutes - a.waitingMinutes
    )
}
