// The typed client of the care dispatch API: call('POST /api/calls/:id/assignments', { params, body }) takes the
// route's params, query and body and answers its response, all typed from the route table that Fastify registers
// (server/contracts/api.ts), so a path, a body or an answer that does not match is a type error. Bearer token, JSON,
// ApiError(status, code, message).
import type { Static, TSchema } from 'typebox'
import type { Api, Route } from '../../server/contracts/api'

export type { Route }

export class ApiError extends Error {
  constructor (
    public readonly status: number,
    public readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type Part<R extends Route, K extends string> = Api[R] extends { [P in K]: infer S }
  ? S extends TSchema
    ? Static<S>
    : unknown
  : undefined
/** A route's path parameters, query and body (each only when the route has it; optional when every field is). */
type Slot<K extends string, V> = [V] extends [undefined] ? { [P in K]?: never } : object extends V ? { [P in K]?: V } : { [P in K]: V }
export type Params<R extends Route> = Part<R, 'params'>
export type Query<R extends Route> = Part<R, 'querystring'>
export type Body<R extends Route> = Part<R, 'body'>
export type PathInput<R extends Route> = Slot<'params', Params<R>> & Slot<'query', Query<R>>
export type Input<R extends Route> = PathInput<R> & Slot<'body', Body<R>>

type Responses<R extends Route> = Api[R] extends { response: infer S } ? S : never
// A route that answers JSON or CSV describes each by content type; TSchema's fields are all optional, so that comes first.
type Json<S> = S extends { content: { 'application/json': { schema: infer J extends TSchema } } }
  ? Static<J>
  : S extends TSchema
    ? Static<S>
    : unknown
/** What a route answers when it succeeds (its 2xx responses). */
export type Reply<R extends Route> = Json<Responses<R>[Extract<keyof Responses<R>, 200 | 201 | 202 | 204>]>

export interface CallInit {
  signal?: AbortSignal
  idempotencyKey?: string
}
type Args<R extends Route> = object extends Input<R> ? [input?: Input<R>, init?: CallInit] : [input: Input<R>, init?: CallInit]
type PathArgs<R extends Route> = object extends PathInput<R> ? [input?: PathInput<R>] : [input: PathInput<R>]

const TOKEN_KEY = 'cd.token'
let token: string | null = typeof localStorage !== 'undefined' ? localStorage.getItem(TOKEN_KEY) : null
const unauthorizedListeners = new Set<() => void>()

export function getToken (): string | null {
  return token
}
export function setToken (t: string | null): void {
  token = t
  if (t) localStorage.setItem(TOKEN_KEY, t)
  else localStorage.removeItem(TOKEN_KEY)
}
/** Called when the server says the session is gone (401), so the app can show sign-in again. */
export function onUnauthorized (fn: () => void): () => void {
  unauthorizedListeners.add(fn)
  return () => {
    unauthorizedListeners.delete(fn)
  }
}

/** The route's method and its path with the parameters and query filled in (downloads fetch it themselves). */
export function pathOf<R extends Route> (route: R, ...[input]: PathArgs<R>): string {
  const template = route.slice(route.indexOf(' ') + 1)
  const params = (input?.params ?? {}) as Record<string, string | number>
  const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])))
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries((input?.query ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null) continue
    q.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

/** Calls a route of the table: its input and its answer are the route's own types. */
export async function call<R extends Route> (route: R, ...[input, init = {}]: Args<R>): Promise<Reply<R>> {
  const method = route.slice(0, route.indexOf(' ')) as Method
  const path = pathOf<R>(route, ...([input] as PathArgs<R>))
  // A body-less POST still sends {} (a JSON request), as the server's routes expect.
  const body = method === 'GET' || method === 'DELETE' ? undefined : (input?.body ?? {})
  return (await request(method, path, body, init)) as Reply<R>
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The one fetch of the client; replayed offline actions (field/outbox) come through here with their stored path. */
export async function request (method: Method, path: string, body?: unknown, init: CallInit = {}): Promise<unknown> {
  const headers: Record<string, string> = {}
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: init.signal })
  const text = await res.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: string; message?: string }
    // A wrong password or code at a sign-in step (or when confirming an authenticator) is a 401 about the
    // code, not about the session.
    const aboutCode = method !== 'GET' && /^\/api\/auth\/(login|password|totp)/.test(path)
    if (res.status === 401 && !aboutCode) for (const fn of unauthorizedListeners) fn()
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? (text || res.statusText))
  }
  return json
}

/** A fetch that failed before any answer: offline, DNS, connection refused. */
export function isNetworkError (err: unknown): boolean {
  return (
    !(err instanceof ApiError) && (err instanceof TypeError || (err instanceof Error && /network|fetch|offline/i.test(err.message)))
  )
}
