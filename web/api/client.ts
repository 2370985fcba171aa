// Typed fetch wrapper for the care dispatch API: bearer token, JSON, ApiError(status, code, message).
export class ApiError extends Error {
  constructor (public readonly status: number, public readonly code: string, message: string) {
    super(message)
    this.name = 'ApiError'
  }
}

const TOKEN_KEY = 'cd.token'
let token: string | null = typeof localStorage !== 'undefined' ? localStorage.getItem(TOKEN_KEY) : null
const unauthorizedListeners = new Set<() => void>()

export function getToken (): string | null { return token }
export function setToken (t: string | null): void {
  token = t
  if (t) localStorage.setItem(TOKEN_KEY, t)
  else localStorage.removeItem(TOKEN_KEY)
}
/** Called when the server says the session is gone (401), so the app can show sign-in again. */
export function onUnauthorized (fn: () => void): () => void {
  unauthorizedListeners.add(fn)
  return () => { unauthorizedListeners.delete(fn) }
}

export async function api<T> (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, init: { signal?: AbortSignal, idempotencyKey?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: init.signal })
  const text = await res.text()
  let json: unknown = null
  try { json = text ? JSON.parse(text) : null } catch { json = null }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: string, message?: string }
    // A wrong password or code at a sign-in step (or when confirming an authenticator) is a 401 about the
    // code, not about the session.
    const aboutCode = method !== 'GET' && /^\/api\/auth\/(login|password|totp)/.test(path)
    if (res.status === 401 && !aboutCode) for (const fn of unauthorizedListeners) fn()
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? (text || res.statusText))
  }
  return json as T
}

/** A fetch that failed before any answer: offline, DNS, connection refused. */
export function isNetworkError (err: unknown): boolean {
  return !(err instanceof ApiError) && (err instanceof TypeError || (err instanceof Error && /network|fetch|offline/i.test(err.message)))
}
