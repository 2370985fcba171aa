// The simulator measures with the intervals of server/domain: on scene runs to clear (transport included), as
// live and imported calls are measured, and every care-team call not measured is counted as missing.
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadScenario } from '../../simulations/scenario-file'
import { MINUTES_PER_DAY, prepare } from '../../simulations/prepare'
import { runOne } from '../../simulations/replication'
import { summarize } from '../../simulations/summary'
import { OUTCOME } from '../../simulations/call-table'
import { INTERVALS, intervalValue } from '../../server/domain/intervals'
import { percentile } from '../../server/domain/metrics'

const LA = join(fileURLToPath(new URL('../../', import.meta.url)), 'simulations/scenarios/la-baseline.json')

describe('simulated intervals', () => {
  const prep = prepare(loadScenario(LA).scenario, '', { days: 4 })
  const { calls, result } = runOne(prep, 7, 0, null)
  // The summary covers calls after the warm-up; result index k is call first + k.
  let first = 0
  while (calls.time[first] < prep.warmupDays * MINUTES_PER_DAY) first++
  const measuredCalls = Array.from({ length: calls.n - first }, (_, k) => first + k)
  const summary = summarize(prep, [result], { seed: 7, replications: 1 }) as {
    intervals: Record<string, { count: number; missing: number; p90: number }>
  }

  it('counts on scene to clear, so a transported call includes its transport', () => {
    const j = measuredCalls.find(
      (i) => calls.outcome[i] === OUTCOME.served && calls.transport[i] === 1 && !Number.isNaN(calls.clearT[i])
    )!

    expect(result.onScene[j - first]).toBeCloseTo(calls.clearT[j] - calls.onSceneT[j], 3)
    expect(result.onScene[j - first]).toBeGreaterThan(calls.onScene[j])
  })

  it('reports each interval with its count and missing calls, from the one definition', () => {
    const eligible = measuredCalls.filter((i) => calls.outcome[i] !== OUTCOME.referredByTriage)
    for (const d of INTERVALS) {
      const values = eligible.map((i) =>
        calls.outcome[i] !== OUTCOME.served
          ? NaN
          : intervalValue(d, {
            received: calls.time[i],
            dispatched: calls.dispatchT[i],
            enRoute: calls.dispatchT[i] + calls.turnout[i],
            onScene: calls.onSceneT[i],
            cleared: calls.clearT[i]
          })
      )
      const measured = values.filter((v) => !Number.isNaN(v))

      expect([d.id, summary.intervals[d.id].count, summary.intervals[d.id].missing]).toEqual([
        d.id,
        measured.length,
        eligible.length - measured.length
      ])
      expect(summary.intervals[d.id].p90).toBeCloseTo(percentile(Float32Array.from(measured), 90), 1)
    }
  })
})
