// Event heap for the simulator: a binary min-heap in parallel typed arrays keyed by (time, sequence number),
// so simultaneous events resolve in scheduling order and runs are reproducible. No objects per event.
// The heap moves only (time, seq, slot); an event's kind and arguments stay put in their slot, so a sift
// step copies three numbers instead of five.

export class EventHeap {
  private time: Float64Array
  private seq: Float64Array
  private slot: Int32Array
  // payload by slot, and the stack of free slots
  private kind: Int32Array
  private a: Int32Array
  private b: Int32Array
  private free: Int32Array
  private freeTop = 0
  private slots = 0
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
    this.slot = new Int32Array(capacity)
    this.kind = new Int32Array(capacity)
    this.a = new Int32Array(capacity)
    this.b = new Int32Array(capacity)
    this.free = new Int32Array(capacity)
  }

  clear (): void {
    this.size = 0
    this.nextSeq = 0
    this.freeTop = 0
    this.slots = 0
  }

  private grow (): void {
    const n = this.time.length * 2
    const f64 = (x: Float64Array): Float64Array => {
      const y = new Float64Array(n)
      y.set(x)
      return y
    }
    const i32 = (x: Int32Array): Int32Array => {
      const y = new Int32Array(n)
      y.set(x)
      return y
    }
    this.time = f64(this.time)
    this.seq = f64(this.seq)
    this.slot = i32(this.slot)
    this.kind = i32(this.kind)
    this.a = i32(this.a)
    this.b = i32(this.b)
    this.free = i32(this.free)
  }

  push (time: number, kind: number, a: number, b: number): void {
    if (this.size === this.time.length) this.grow()
    const s = this.freeTop > 0 ? this.free[--this.freeTop] : this.slots++
    this.kind[s] = kind
    this.a[s] = a
    this.b[s] = b
    const T = this.time
    const S = this.seq
    const L = this.slot
    const seq = this.nextSeq++
    let i = this.size++
    while (i > 0) {
      const p = (i - 1) >> 1
      const tp = T[p]
      if (tp < time || (tp === time && S[p] < seq)) break
      T[i] = tp
      S[i] = S[p]
      L[i] = L[p]
      i = p
    }
    T[i] = time
    S[i] = seq
    L[i] = s
  }

  /** Removes the earliest event into t, k, pa, pb; false when empty. */
  pop (): boolean {
    if (this.size === 0) return false
    const T = this.time
    const S = this.seq
    const L = this.slot
    const top = L[0]
    this.t = T[0]
    this.k = this.kind[top]
    this.pa = this.a[top]
    this.pb = this.b[top]
    this.free[this.freeTop++] = top
    const n = --this.size
    if (n === 0) return true
    const lt = T[n]
    const ls = S[n]
    const ll = L[n]
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      const r = c + 1
      if (r < n && (T[r] < T[c] || (T[r] === T[c] && S[r] < S[c]))) c = r
      if (lt < T[c] || (lt === T[c] && ls < S[c])) break
      T[i] = T[c]
      S[i] = S[c]
      L[i] = L[c]
      i = c
    }
    T[i] = lt
    S[i] = ls
    L[i] = ll
    return true
  }

  /** Reads the earliest event into t, k, pa, pb and leaves it in place; false when empty. */
  peek (): boolean {
    if (this.size === 0) return false
    const top = this.slot[0]
    this.t = this.time[0]
    this.k = this.kind[top]
    this.pa = this.a[top]
    this.pb = this.b[top]
    return true
  }

  /**
   * pop() then push() in one sift down from the root (the new event takes the earliest one's place and slot). Most
   * events schedule one follow-up, and this saves the sift of the heap's last element that pop() would do. The new
   * event gets the next sequence number, as push() would give it, so the order of events is the same.
   */
  replaceTop (time: number, kind: number, a: number, b: number): void {
    if (this.size === 0) {
      this.push(time, kind, a, b)
      return
    }
    const T = this.time
    const S = this.seq
    const L = this.slot
    const s = L[0]
    this.kind[s] = kind
    this.a[s] = a
    this.b[s] = b
    const seq = this.nextSeq++
    const n = this.size
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      const r = c + 1
      if (r < n && (T[r] < T[c] || (T[r] === T[c] && S[r] < S[c]))) c = r
      if (time < T[c] || (time === T[c] && seq < S[c])) break
      T[i] = T[c]
      S[i] = S[c]
      L[i] = L[c]
      i = c
    }
    T[i] = time
    S[i] = seq
    L[i] = s
  }
}
