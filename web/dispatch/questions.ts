// The screening questions as the protocol in force words them, asked of the server (GET /api/triage/protocol)
// so an activated protocol version reaches the form without a rebuild. The last answer is kept in
// localStorage: a phone that opens offline still shows its screening summary with the protocol's labels.
import { useEffect, useState } from 'react'
import type { ProtocolInForce, ProtocolQuestion } from '../../server/contracts/triage'
import { call } from '../api/client'

export type Question = ProtocolQuestion
export type { ProtocolInForce }

const CACHE_KEY = 'cd.protocol'
/** How often an open console asks again, so a version activated meanwhile shows up. */
export const PROTOCOL_REFRESH_MS = 60_000

function readCache (): ProtocolInForce | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(CACHE_KEY)
    const v = raw === null ? null : (JSON.parse(raw) as ProtocolInForce)
    return v !== null && typeof v.version === 'string' && Array.isArray(v.questions) ? v : null
  } catch {
    return null
  }
}

let latest: ProtocolInForce | null = null
const listeners = new Set<(p: ProtocolInForce) => void>()

/** The protocol in force as last heard from the server (or this device's cache), or null. */
export function knownProtocol (): ProtocolInForce | null {
  latest ??= readCache()
  return latest
}

let inflight: Promise<ProtocolInForce> | null = null

/** Asks the server for the protocol in force and its questions (one request at a time); every mounted form hears the answer. */
export async function fetchProtocol (): Promise<ProtocolInForce> {
  inflight ??= call('GET /api/triage/protocol')
    .then((p) => {
      if (p === null || typeof p !== 'object' || typeof p.version !== 'string' || !Array.isArray(p.questions)) {
        throw new Error('the server sent no protocol')
      }
      latest = p
      try {
        localStorage.setItem(CACHE_KEY, JSON.stringify(p))
      } catch {
        /* storage full or off: keep it in memory */
      }
      for (const fn of listeners) fn(p)
      return p
    })
    .finally(() => {
      inflight = null
    })
  return await inflight
}

/** The protocol in force, asked for on mount and every PROTOCOL_REFRESH_MS; error is set while it cannot be had. */
export function useProtocol (refreshMs = PROTOCOL_REFRESH_MS): {
  protocol: ProtocolInForce | null
  error: string | null
  retry: () => void
} {
  const [protocol, setProtocol] = useState<ProtocolInForce | null>(knownProtocol)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    const hear = (p: ProtocolInForce): void => {
      setProtocol(p)
      setError(null)
    }
    listeners.add(hear)
    let live = true
    const ask = (): void => {
      fetchProtocol().catch((err: unknown) => {
        if (live) setError(`Could not load the screening questions: ${(err as Error).message}`)
      })
    }
    ask()
    const t = refreshMs > 0 ? setInterval(ask, refreshMs) : null
    return () => {
      live = false
      listeners.delete(hear)
      if (t !== null) clearInterval(t)
    }
  }, [refreshMs, attempt])
  return { protocol, error, retry: () => setAttempt((n) => n + 1) }
}

/** Forgets what was heard (tests, sign-out). */
export function forgetProtocol (): void {
  latest = null
  try {
    localStorage.removeItem(CACHE_KEY)
  } catch {
    /* nothing kept */
  }
}
