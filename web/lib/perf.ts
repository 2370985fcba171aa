// Opt-in timing of message → marker update (?perf=1), read by the live benchmark through window.__cdPerf.
declare global {
  interface Window {
    __cdPerf?: { samples: number[]; received: number }
  }
}

const enabled = typeof location !== 'undefined' && new URLSearchParams(location.search).has('perf')
const pending: number[] = []
if (enabled) window.__cdPerf = { samples: [], received: 0 }

/** A message with `count` positions arrived. */
export function markReceived (count = 1): void {
  if (!enabled) return
  const t = performance.now()
  for (let i = 0; i < count; i++) pending.push(t)
  window.__cdPerf!.received += count
}

/** Called after the map applied the positions: every pending message is now on screen. */
export function markApplied (): void {
  if (!enabled || pending.length === 0) return
  const t = performance.now()
  for (const p of pending.splice(0)) window.__cdPerf!.samples.push(t - p)
}
