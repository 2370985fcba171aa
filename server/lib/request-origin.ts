// Where a request came from (the client's address, as Fastify reads it with TRUST_PROXY), kept for the
// request's whole async life so the audit trail can say "from where" without every service passing it.
import { AsyncLocalStorage } from 'node:async_hooks'

export interface RequestOrigin {
  /** The client's address (X-Forwarded-For's client when TRUST_PROXY is on). */
  ip: string
}

const storage = new AsyncLocalStorage<RequestOrigin>()

/** Runs `fn` (and everything it leads to) with the request's origin known. */
export function runWithOrigin (origin: RequestOrigin, fn: () => void): void {
  storage.run(origin, fn)
}

/** The client address of the request being handled, or null outside one (the scheduler, a CLI). */
export function requestIp (): string | null {
  return storage.getStore()?.ip ?? null
}
