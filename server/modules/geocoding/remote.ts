// What every remote geocoder shares: an HTTP GET with a timeout, a circuit breaker that stops asking a
// failing service for a while, and a cache of answers (empty answers too; failures never).

export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> }
) => Promise<{ ok: boolean; status: number; json: () => Promise<unknown> }>

export class RemoteError extends Error {
  constructor (
    readonly provider: string,
    readonly kind: 'timeout' | 'http' | 'network' | 'answer' | 'open',
    message: string
  ) {
    super(`${provider}: ${message}`)
    this.name = 'RemoteError'
  }
}

/**
 * Closed: requests go through. After `failures` failures in a row it opens: every request is refused at
 * once for `coolDownMs`. Then one request is let through (half-open): success closes it, failure opens it again.
 */
export class CircuitBreaker {
  private failuresInRow = 0
  private openedAt: number | null = null
  private probing = false

  constructor (
    private readonly failures: number,
    private readonly coolDownMs: number,
    private readonly now: () => number
  ) {}

  get state (): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === null) return 'closed'
    return this.now() - this.openedAt >= this.coolDownMs ? 'half-open' : 'open'
  }

  /** May a request go now? (In half-open, only one at a time.) */
  allow (): boolean {
    const s = this.state
    if (s === 'closed') return true
    if (s === 'open' || this.probing) return false
    this.probing = true
    return true
  }

  success (): void {
    this.failuresInRow = 0
    this.openedAt = null
    this.probing = false
  }

  failure (): void {
    this.probing = false
    this.failuresInRow++
    if (this.openedAt !== null || this.failuresInRow >= this.failures) this.openedAt = this.now()
  }
}

/** A size-bounded cache whose entries expire; the least recently used goes first. */
export class TtlCache<V> {
  private readonly map = new Map<string, { at: number; value: V }>()

  constructor (
    private readonly size: number,
    private readonly ttlMs: number,
    private readonly now: () => number
  ) {}

  get (key: string): V | undefined {
    const hit = this.map.get(key)
    if (hit === undefined) return undefined
    if (this.now() - hit.at > this.ttlMs) {
      this.map.delete(key)
      return undefined
    }
    this.map.delete(key)
    this.map.set(key, hit)
    return hit.value
  }

  set (key: string, value: V): void {
    if (this.size === 0 || this.ttlMs === 0) return
    this.map.delete(key)
    this.map.set(key, { at: this.now(), value })
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string)
  }

  get entries (): number {
    return this.map.size
  }
}

export interface HttpOptions {
  provider: string
  timeoutMs: number
  fetch: FetchLike
  breaker: CircuitBreaker
  cache: TtlCache<unknown>
  headers: Record<string, string>
}

/** GET a JSON document through the breaker and the cache; throws RemoteError. */
export async function getJson (url: string, o: HttpOptions): Promise<unknown> {
  const cached = o.cache.get(url)
  if (cached !== undefined) return cached
  if (!o.breaker.allow()) throw new RemoteError(o.provider, 'open', 'not asked: it failed repeatedly and is resting (circuit open)')
  const signal = AbortSignal.timeout(o.timeoutMs)
  let body: unknown
  try {
    const res = await o.fetch(url, { signal, headers: { accept: 'application/json', ...o.headers } })
    if (!res.ok) throw new RemoteError(o.provider, 'http', `answered HTTP ${res.status}`)
    body = await res.json()
  } catch (e) {
    o.breaker.failure()
    if (e instanceof RemoteError) throw e
    if (signal.aborted) throw new RemoteError(o.provider, 'timeout', `no answer within ${o.timeoutMs} ms`)
    throw new RemoteError(o.provider, 'network', (e as Error).message)
  }
  o.breaker.success()
  o.cache.set(url, body)
  return body
}

export function query (params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v))
  return q.toString()
}
