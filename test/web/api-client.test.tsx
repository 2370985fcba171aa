// The typed client: paths built from the route table, and (checked by the typecheck) a path, a body or an answer
// that does not match the table is a type error.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { call, pathOf } from '../../web/api/client'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('pathOf', () => {
  it('fills the path parameters and the query, leaving out what is not given', () => {
    expect(pathOf('GET /api/calls/:id', { params: { id: 'a b' } })).toBe('/api/calls/a%20b')
    expect(pathOf('GET /api/calls', { query: { status: 'queued,assigned', limit: 500, teamId: undefined } })).toBe(
      '/api/calls?status=queued%2Cassigned&limit=500'
    )
    expect(pathOf('GET /api/queue')).toBe('/api/queue')
  })
})

describe('call', () => {
  it("sends the route's method, path and JSON body, and answers the parsed reply", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ id: 'x', status: 'queued' }), { status: 201 }))
    vi.stubGlobal('fetch', fetch)

    const made = await call('POST /api/calls/:id/notes', { params: { id: 'c1' }, body: { text: 'hello' } })

    expect(fetch).toHaveBeenCalledWith('/api/calls/c1/notes', expect.objectContaining({ method: 'POST', body: '{"text":"hello"}' }))
    expect(made.id).toBe('x')
  })
})

// Type errors the typecheck (npm run typecheck) must find; never run.
export async function typeErrors (): Promise<void> {
  // @ts-expect-error a path that is not a route
  await call('GET /api/nope')
  // @ts-expect-error a route's path parameters are required
  await call('GET /api/calls/:id')
  // @ts-expect-error a body that does not match the route's
  await call('POST /api/calls/:id/notes', { params: { id: 'c1' }, body: { note: 'hello' } })
  const detail = await call('GET /api/calls/:id', { params: { id: 'c1' } })
  // @ts-expect-error an answer read as what it is not
  detail.timeline.toUpperCase()
}
