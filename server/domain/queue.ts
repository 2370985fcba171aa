// Queue order for waiting calls: by priority, with aging so that no call waits forever.
import type { Priority } from './types'

export interface QueueItem {
  id: string
  priority: Priority
  /** Epoch ms when the call started waiting (received). */
  waitingSinceMs: number
}

export interface QueuePolicy {
  /** Minutes of waiting that are worth one priority level (aging). */
  agingMinutesPerLevel: number
  /** Target minutes to dispatch, per priority; past it the call is overdue. */
  targetMinutes: Record<Priority, number>
}

export const DEFAULT_QUEUE_POLICY: Readonly<QueuePolicy> = Object.freeze({
  agingMinutesPerLevel: 20,
  targetMinutes: { 1: 5, 2: 15, 3: 45 }
})

/** Effective urgency: priority level, less one level per `agingMinutesPerLevel` waited. Lower is sooner. */
export function effectiveUrgency (priority: Priority, waitedMs: number, policy: QueuePolicy = DEFAULT_QUEUE_POLICY): number {
  return priority - Math.max(0, waitedMs) / 60_000 / policy.agingMinutesPerLevel
}

/** Compare two waiting calls: negative when `a` should be served first. */
export function compareQueued (a: QueueItem, b: QueueItem, nowMs: number, policy: QueuePolicy = DEFAULT_QUEUE_POLICY): number {
  const ua = effectiveUrgency(a.priority, nowMs - a.waitingSinceMs, policy)
  const ub = effectiveUrgency(b.priority, nowMs - b.waitingSinceMs, policy)
  return ua - ub || a.waitingSinceMs - b.waitingSinceMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export function orderQueue<T extends QueueItem> (items: readonly T[], nowMs: number, policy: QueuePolicy = DEFAULT_QUEUE_POLICY): T[] {
  return [...items].sort((a, b) => compareQueued(a, b, nowMs, policy))
}

export function isOverdue (priority: Priority, waitedMs: number, policy: QueuePolicy = DEFAULT_QUEUE_POLICY): boolean {
  return waitedMs > policy.targetMinutes[priority] * 60_000
}
