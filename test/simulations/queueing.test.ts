// Validation of the engine against exact queueing results (values computed in code, 4-standard-error tolerance).
import { describe, expect, it } from 'vitest'
import { meanCi } from '../../server/domain/metrics'
import { runMmc } from '../../simulations/mmc'
import { erlangB, erlangC, erlangCTail, mtMInfinityMeans } from '../../simulations/queueing'
import { runValidation } from '../../simulations/validate'

const within4se = (sim: number, exact: number, batches: number[]): void => {
  const se = meanCi(batches).stdErr
  expect(Math.abs(sim - exact)).toBeLessThanOrEqual(4 * se)
}

describe('exact formulas', () => {
  it('reduces Erlang C to rho for one server', () => {
    const e = erlangC(0.5, 1, 1)

    expect(e.pWait).toBeCloseTo(0.5, 12)
    expect(e.meanWait).toBeCloseTo(1, 12)
  })

  it('matches the closed form of Erlang B for two servers', () => {
    const a = 1.5

    expect(erlangB(a, 2)).toBeCloseTo((a * a) / 2 / (1 + a + (a * a) / 2), 12)
  })

  it('gives a constant-rate M/M/inf mean of lambda/mu', () => {
    const m = mtMInfinityMeans([0.2, 0.2, 0.2], 60, 1 / 45)

    for (const x of m) expect(x).toBeCloseTo(9, 9)
  })
})

describe('M/M/c against Erlang C', () => {
  for (const [lam, svc, c] of [
    [1.5, 20, 1],
    [6, 40, 5],
    [20, 45, 18],
    [51, 40, 40]
  ] as const) {
    it(`agrees on P(wait), mean wait and P(wait > 10) at lambda ${lam}/h, ${svc} min, c ${c}`, () => {
      const r = runMmc({
        lambdaPerHour: lam,
        meanServiceMinutes: svc,
        servers: c,
        calls: 600_000,
        seed: 42 + c,
        waitThresholds: [10],
        batches: 30
      })
      const e = erlangC(lam / 60, 1 / svc, c)

      within4se(r.pWait, e.pWait, r.batches.pWait)
      within4se(r.meanWaitMinutes, e.meanWait, r.batches.meanWait)
      within4se(r.pWaitGt[0], erlangCTail(lam / 60, 1 / svc, c, 10), r.batches.pWaitGt[0])
    })
  }

  it('agrees with Erlang B in the loss variant (no free team: fall back)', () => {
    const r = runMmc({ lambdaPerHour: 20, meanServiceMinutes: 45, servers: 18, calls: 400_000, seed: 5, mode: 'loss', batches: 30 })

    within4se(r.pBlocked, erlangB(15, 18), r.batches.pBlocked)
  })

  it("satisfies Little's law", () => {
    const r = runMmc({ lambdaPerHour: 6, meanServiceMinutes: 40, servers: 5, calls: 400_000, seed: 6, batches: 30 })
    const d = r.little.batchesL.map((x, i) => x - r.little.batchesLambdaW[i])

    expect(Math.abs(r.little.L - r.little.lambdaW)).toBeLessThanOrEqual(4 * meanCi(d).stdErr)
  })
})

describe(runValidation.name, () => {
  it('passes every built-in case (M_t/M/inf and the full dispatch model included) at a reduced size', () => {
    const r = runValidation({ scale: 0.15, seed: 7 })

    expect(r.cases.filter((c) => !c.pass).map((c) => c.name)).toEqual([])
    expect(r.cases.some((c) => c.model === 'M_t/M/inf')).toBe(true)
  })
})
