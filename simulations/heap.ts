// Event heap for the simulator: a binary min-heap in parallel typed arrays keyed by (time, sequence number),
// so simultaneous events resolve in scheduling order and runs are reproducible. No objects per event.

export class EventHeap {
  private time: Float64Array
  private seq: Float64Array
  private kind: Int32Array
  private a: Int32Array
  private b: Int32Array
  size = 0
  private nextSeq = 0
  /** The event last popped. */
  t = 0
  k = 0
  pa = 0
  pb = 0

  constructor (capacity = 1024) {
    this.time = new Float64Array(capacity)
    this.seq = new Float64Array(capacity)
    this.kind = new Int32Array(capacity)
    this.a = new Int32Array(capacity)
    this.b = new Int32Array(capacity)
  }

  clear (): void {
    this.size = 0
    this.nextSeq = 0
  }

  private grow (): void {
    const n = this.time.length * 2
    const t = new Float64Array(n); t.set(this.time); this.time = t
    const s = new Float64Array(n); s.set(this.seq); this.seq = s
    const k = new Int32Array(n); k.set(this.kind); this.kind = k
    const a = new Int32Array(n); a.set(this.a); this.a = a
    const b = new Int32Array(n); b.set(this.b); this.b = b
  }

  push (time: number, kind: number, a: number, b: number): void {
    if (this.size === this.time.length) this.grow()
    const T = this.time
    const S = this.seq
    const seq = this.nextSeq++
    let i = this.size++
    while (i > 0) {
      const p = (i - 1) >> 1
      const tp = T[p]
      if (tp < time || (tp === time && S[p] < seq)) break
      T[i] = tp; S[i] = S[p]; this.kind[i] = this.kind[p]; this.a[i] = this.a[p]; this.b[i] = this.b[p]
      i = p
    }
    T[i] = time; S[i] = seq; this.kind[i] = kind; this.a[i] = a; this.b[i] = b
  }

  /** Removes the earliest event into t, k, pa, pb; false when empty. */
  pop (): boolean {
    if (this.size === 0) return false
    const T = this.time
    const S = this.seq
    const K = this.kind
    const A = this.a
    const B = this.b
    this.t = T[0]; this.k = K[0]; this.pa = A[0]; this.pb = B[0]
    const n = --this.size
    if (n === 0) return true
    const lt = T[n]
    const ls = S[n]
    const lk = K[n]
    const la = A[n]
    const lb = B[n]
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      const r = c + 1
      if (r < n && (T[r] < T[c] || (T[r] === T[c] && S[r] < S[c]))) c = r
      if (lt < T[c] || (lt === T[c] && ls < S[c])) break
      T[i] = T[c]; S[i] = S[c]; K[i] = K[c]; A[i] = A[c]; B[i] = B[c]
      i = c
    }
    T[i] = lt; S[i] = ls; K[i] = lk; A[i] = la; B[i] = lb
    return true
  }
}
