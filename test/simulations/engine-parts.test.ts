// The simulator's event heap and PRNG after the speed work of issue 25: the fast paths give exactly what the plain
// ones gave (same event order, same bits), so every run's results stay byte for byte the same.
import { describe, expect, it } from 'vitest'
import { EventHeap } from '../../simulations/heap'
import { Rng } from '../../simulations/rng'
import { flog } from '../../server/domain/fmath'

describe(EventHeap.name, () => {
  it('pops the same events in the same order whether follow-ups replace the top or are pushed after a pop', () => {
    const rng = new Rng(7, 5)
    const plain = new EventHeap(4)
    const fused = new EventHeap(4)
    // Times on a coarse grid, so that ties (resolved by scheduling order) happen often.
    for (let i = 0; i < 20; i++) {
      const t = rng.int(50)
      plain.push(t, 0, i, 0)
      fused.push(t, 0, i, 0)
    }
    const a: number[] = []
    const b: number[] = []
    let next = 20

    for (let step = 0; step < 20_000; step++) {
      const follow = rng.int(3)
      const dt = rng.int(40)
      const extra = rng.int(4) === 0
      plain.pop()
      a.push(plain.t, plain.pa)
      expect(fused.peek()).toBe(true)
      b.push(fused.t, fused.pa)
      if (follow > 0) {
        plain.push(plain.t + dt, 1, next, 0)
        fused.replaceTop(fused.t + dt, 1, next, 0)
      } else fused.pop()
      next++
      if (extra || plain.size < 5) {
        plain.push(plain.t + dt + 1, 2, next, 0)
        fused.push(fused.t + dt + 1, 2, next, 0)
        next++
      }
    }

    expect(b).toEqual(a)
    expect(fused.size).toBe(plain.size)
  })
})

describe('Rng.exp', () => {
  it('draws the same bits as −mean·flog(1 − u/2³²), at the ends of the range and on a million draws', () => {
    const edges: number[] = [0, 1, 2, 3, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff]
    for (let e = 0; e < 32; e++) for (let d = -3; d <= 3; d++) edges.push((2 ** e + d) >>> 0, (2 ** 32 - 2 ** e + d) >>> 0)
    const want = (u: number): number => -1.5 * flog(1 - u / 4294967296)
    const stub = (u: number): Rng => {
      const r = new Rng(1)
      r.u32 = () => u
      return r
    }

    for (const u of edges) expect(Object.is(stub(u).exp(1.5), want(u)), `u = ${u}`).toBe(true)

    const draws = new Rng(3, 9)
    const twin = new Rng(3, 9)
    let same = 0
    for (let i = 0; i < 1_000_000; i++) if (Object.is(draws.exp(1.5), want(twin.u32()))) same++
    expect(same).toBe(1_000_000)
  })
})
