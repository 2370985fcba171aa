// The engine-independent exp, log, sin, cos and asin: within one ulp of the platform's Math (which is only
// approximately specified), exact at the special values, and the same bits on every call.
import { describe, expect, it } from 'vitest'
import { fasin, fcos, fexp, flog, fsin } from '../../../server/domain/fmath'
import { Rng } from '../../../simulations/rng'

const ulp = (x: number): number => {
  if (x === 0) return Number.MIN_VALUE
  const e = Math.floor(Math.log2(Math.abs(x)))
  return 2 ** Math.max(e - 52, -1074)
}

describe('fmath', () => {
  const rng = new Rng(99, 5)
  const cases: Array<[string, (x: number) => number, (x: number) => number, () => number]> = [
    ['exp', fexp, Math.exp, () => rng.next() * 1400 - 700],
    ['exp near 0', fexp, Math.exp, () => (rng.next() - 0.5) * 1e-6],
    ['log', flog, Math.log, () => rng.next() * 1e6],
    ['log near 1', flog, Math.log, () => 1 + (rng.next() - 0.5) * 1e-4],
    ['log subnormal', flog, Math.log, () => rng.next() * 1e-310],
    ['sin', fsin, Math.sin, () => (rng.next() - 0.5) * 200],
    ['cos', fcos, Math.cos, () => (rng.next() - 0.5) * 200],
    ['asin', fasin, Math.asin, () => rng.next() * 2 - 1]
  ]
  it.each(cases)('%s is within one ulp of Math over 100,000 draws', (_name, f, g, draw) => {
    let worst = 0
    for (let i = 0; i < 100_000; i++) {
      const x = draw()
      const want = g(x)
      worst = Math.max(worst, Math.abs(f(x) - want) / ulp(want))
    }
    expect(worst).toBeLessThanOrEqual(1)
  })

  it('is exact at special values', () => {
    expect(fexp(0)).toBe(1)
    expect(fexp(-Infinity)).toBe(0)
    expect(fexp(Infinity)).toBe(Infinity)
    expect(fexp(800)).toBe(Infinity)
    expect(fexp(-800)).toBe(0)
    expect(flog(1)).toBe(0)
    expect(flog(0)).toBe(-Infinity)
    expect(flog(-1)).toBeNaN()
    expect(flog(2)).toBe(Math.LN2)
    expect(fsin(0)).toBe(0)
    expect(fcos(0)).toBe(1)
    expect(fasin(1)).toBe(Math.PI / 2)
    expect(fasin(-1)).toBe(-Math.PI / 2)
    expect(fasin(1.5)).toBeNaN()
    expect(fsin(Number.NaN)).toBeNaN()
  })
})
