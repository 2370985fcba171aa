// The M/M/c model on the simulator's event heap and PRNG: the engine's validation case (Erlang C, Erlang B,
// Little's law) and its speed benchmark. One event switch, typed arrays, no allocation per event.
import { EventHeap } from './heap'
import { Rng, STREAMS } from './rng'

export interface MmcOptions {
  lambdaPerHour: number
  meanServiceMinutes: number
  servers: number
  /** Calls counted after the warm-up. */
  calls: number
  warmupCalls?: number
  seed?: number
  /** 'loss': a call that finds every server busy falls back (M/M/c/c, Erlang B) instead of waiting. */
  mode?: 'queue' | 'loss'
  /** Thresholds t (minutes) for P(wait > t). */
  waitThresholds?: number[]
  batches?: number
}

export interface MmcResult {
  calls: number
  events: number
  /** Batch means (equal numbers of calls per batch) of each measure. */
  batches: { pWait: number[]; meanWait: number[]; pWaitGt: number[][]; pBlocked: number[] }
  pWait: number
  meanWaitMinutes: number
  pWaitGt: number[]
  pBlocked: number
  /** Time-average number in system and arrival rate × mean time in system, over the same window (Little). */
  little: { L: number; lambdaW: number; batchesL: number[]; batchesLambdaW: number[] }
  utilization: number
  simulatedMinutes: number
}

const ARRIVAL = 0
const DEPARTURE = 1

export function runMmc (o: MmcOptions): MmcResult {
  const c = o.servers
  const lambda = o.lambdaPerHour / 60
  const meanArrival = 1 / lambda
  const svc = o.meanServiceMinutes
  const warm = o.warmupCalls ?? Math.max(1000, Math.floor(o.calls / 50))
  const total = warm + o.calls
  const nb = o.batches ?? 20
  const batchSize = Math.max(1, Math.floor(o.calls / nb))
  const th = o.waitThresholds ?? []
  const nth = th.length
  const loss = o.mode === 'loss'
  const rngA = new Rng(o.seed ?? 1, STREAMS.arrivals)
  const rngS = new Rng(o.seed ?? 1, STREAMS.service)
  const heap = new EventHeap(Math.max(64, c * 2 + 8))

  // FIFO of waiting arrival times (ring buffer, grows by doubling).
  let qcap = 1024
  let q = new Float64Array(qcap)
  let qh = 0
  let qn = 0

  const bWaited = new Float64Array(nb)
  const bWait = new Float64Array(nb)
  const bBlocked = new Float64Array(nb)
  const bGt = new Float64Array(nb * Math.max(1, nth))
  // Little's law over equal time batches after warm-up: area under N(t), and sojourns of arrivals in the batch.
  const bArea = new Float64Array(nb)
  const bSojourn = new Float64Array(nb)
  let windowStart = -1
  let windowEnd = Infinity
  let batchLen = 0
  let tb = 0
  let tbEnd = Infinity

  let busy = 0
  let inSystem = 0
  let lastT = 0
  let busyArea = 0
  let arrivals = 0
  let started = 0
  let events = 0
  let counted = 0
  let endT = 0

  heap.push(rngA.exp(meanArrival), ARRIVAL, 0, 0)
  // peek, then replace the event with its follow-up (replaceTop) or pop it: one sift per event instead of two.
  while (heap.peek()) {
    const t = heap.t
    events++
    if (windowStart >= 0) {
      busyArea += busy * (t - lastT)
      // Split the area at time-batch boundaries (rare), so each batch gets exactly its own share.
      while (t >= tbEnd && tb < nb) {
        bArea[tb] += inSystem * (tbEnd - lastT)
        lastT = tbEnd
        tb++
        tbEnd += batchLen
      }
      if (tb < nb) bArea[tb] += inSystem * (t - lastT)
    }
    lastT = t
    switch (heap.k) {
      case ARRIVAL: {
        arrivals++
        if (arrivals === warm + 1) {
          windowStart = t
          batchLen = o.calls / lambda / nb
          windowEnd = t + nb * batchLen
          tbEnd = t + batchLen
          busyArea = 0
        }
        if (arrivals < total || t < windowEnd) heap.replaceTop(t + rngA.exp(meanArrival), ARRIVAL, 0, 0)
        else heap.pop()
        const idx = arrivals - 1 - warm
        if (busy < c) {
          busy++
          inSystem++
          const s = rngS.exp(svc)
          heap.push(t + s, DEPARTURE, 0, 0)
          started++
          if (idx >= 0) {
            const b = Math.floor(idx / batchSize)
            if (b < nb) counted++
            if (windowStart >= 0 && tb < nb) bSojourn[tb] += s
          }
        } else if (loss) {
          if (idx >= 0) {
            const b = Math.floor(idx / batchSize)
            if (b < nb) {
              bBlocked[b]++
              counted++
            }
          }
        } else {
          if (qn === qcap) {
            const nq = new Float64Array(qcap * 2)
            for (let i = 0; i < qn; i++) nq[i] = q[(qh + i) & (qcap - 1)]
            q = nq
            qh = 0
            qcap *= 2
          }
          q[(qh + qn) & (qcap - 1)] = t
          qn++
          inSystem++
        }
        break
      }
      case DEPARTURE: {
        inSystem--
        if (qn > 0) {
          const at = q[qh]
          qh = (qh + 1) & (qcap - 1)
          qn--
          const s = rngS.exp(svc)
          heap.replaceTop(t + s, DEPARTURE, 0, 0)
          // FIFO: calls start in arrival order, so `started` is the arrival index.
          const idx = started - warm
          started++
          if (idx >= 0) {
            const b = Math.floor(idx / batchSize)
            const w = t - at
            if (b < nb) {
              counted++
              bWaited[b]++
              bWait[b] += w
              for (let k = 0; k < nth; k++) if (w > th[k]) bGt[b * nth + k]++
            }
            if (windowStart >= 0 && at >= windowStart) {
              const tb = Math.floor((at - windowStart) / batchLen)
              if (tb < nb) bSojourn[tb] += w + s
            }
          }
        } else {
          heap.pop()
          busy--
        }
        break
      }
    }
    if (counted >= nb * batchSize && t >= windowEnd && (qn === 0 || q[qh] >= windowEnd)) {
      endT = t
      break
    }
    endT = t
  }

  const pWaitB: number[] = []
  const waitB: number[] = []
  const blockedB: number[] = []
  const gtB: number[][] = th.map(() => [])
  for (let b = 0; b < nb; b++) {
    pWaitB.push(bWaited[b] / batchSize)
    waitB.push(bWait[b] / batchSize)
    blockedB.push(bBlocked[b] / batchSize)
    for (let k = 0; k < nth; k++) gtB[k].push(bGt[b * nth + k] / batchSize)
  }
  const lB: number[] = []
  const lwB: number[] = []
  for (let b = 0; b < nb; b++) {
    lB.push(bArea[b] / batchLen)
    lwB.push(bSojourn[b] / batchLen)
  }
  const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
  return {
    calls: nb * batchSize,
    events,
    batches: { pWait: pWaitB, meanWait: waitB, pWaitGt: gtB, pBlocked: blockedB },
    pWait: avg(pWaitB),
    meanWaitMinutes: avg(waitB),
    pWaitGt: gtB.map(avg),
    pBlocked: avg(blockedB),
    little: { L: avg(lB), lambdaW: avg(lwB), batchesL: lB, batchesLambdaW: lwB },
    utilization: busyArea / Math.max(1e-9, endT - windowStart) / c,
    simulatedMinutes: endT
  }
}
