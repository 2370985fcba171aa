// Seeded PRNG for the simulator (sfc32, seeded through splitmix32): fast, 32-bit, reproducible; Math.random is banned
// here, and so are Math.log and Math.cos (their last bits differ between JavaScript engines: server/domain/fmath.ts).

import { fcos, flog, flogOneMinusU32 } from '../server/domain/fmath'

/** Named random streams, so that two scenarios share demand draws (common random numbers). */
export const STREAMS = { arrivals: 1, calls: 2, service: 3, dispatch: 4, validation: 5, replay: 6 } as const

function splitmix32 (x: number): number {
  x = (x + 0x9e3779b9) | 0
  let z = x
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

export class Rng {
  // sfc32's four words in an Int32Array rather than fields: values past 2³⁰ are not small integers to V8, and a field
  // holding them is a boxed number (the M/M/c run took 8-20% less time this way, on a busy machine).
  private readonly s = new Int32Array(4)

  /** `stream` separates independent sequences from one seed (e.g. STREAMS.arrivals, a replication number). */
  constructor (seed: number, stream = 0, substream = 0) {
    let s = splitmix32((seed >>> 0) ^ Math.imul(stream + 1, 0x632be5ab))
    s = splitmix32(s ^ Math.imul(substream + 1, 0x85157af5))
    this.s[0] = s
    this.s[1] = splitmix32(s + 1)
    this.s[2] = splitmix32(s + 2)
    this.s[3] = 1
    for (let i = 0; i < 15; i++) this.u32()
  }

  u32 (): number {
    const s = this.s
    const a = s[0]
    const b = s[1]
    const c = s[2]
    const d = s[3]
    const t = (((a + b) | 0) + d) | 0
    s[3] = (d + 1) | 0
    s[0] = b ^ (b >>> 9)
    s[1] = (c + (c << 3)) | 0
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0
    return t >>> 0
  }

  /** Uniform on [0, 1). */
  next (): number {
    return this.u32() / 4294967296
  }

  /** Exponential with the given mean (1 − u is in (0, 1], so the log is finite). */
  exp (mean: number): number {
    return -mean * flogOneMinusU32(this.u32())
  }

  /** Standard normal (Box–Muller; the second variate is dropped to keep the state simple). */
  normal (): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * flog(u)) * fcos(2 * Math.PI * v)
  }

  /** Integer in [0, n). */
  int (n: number): number {
    return Math.floor(this.next() * n)
  }
}
