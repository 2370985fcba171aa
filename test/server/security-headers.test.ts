// Security headers on every answer (server/lib/security-headers.ts): the content-security policy with the configured
// tile server's origin among the image sources, helmet's other headers, on API answers, errors and unknown paths alike;
// the API docs get their own policy (Swagger UI needs inline styles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setup, type Fixture } from '../helpers/app'

describe('security headers', () => {
  let f: Fixture
  beforeAll(async () => {
    f = await setup('pglite', { config: { TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png' } })
  })
  afterAll(async () => {
    await f.close()
  })

  it("sends the policy and helmet's headers on an answer, an error and an unknown path", async () => {
    const answers = [
      await f.app.inject({ method: 'GET', url: '/api/teams', headers: { authorization: `Bearer ${f.tokens.dispatcher}` } }),
      await f.app.inject({ method: 'GET', url: '/api/teams' }),
      await f.app.inject({ method: 'GET', url: '/api/no-such-thing' })
    ]

    expect(answers.map((r) => r.statusCode)).toEqual([200, 401, 404])
    for (const r of answers) {
      const csp = String(r.headers['content-security-policy'])
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("img-src 'self' data: blob: https://*.tiles.example.org")
      expect(csp).not.toContain('unsafe-inline')
      expect(r.headers['x-content-type-options']).toBe('nosniff')
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN')
      expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/)
      expect(r.headers['referrer-policy']).toBe('no-referrer')
      expect(r.headers['cross-origin-embedder-policy']).toBeUndefined()
      expect(r.headers['x-powered-by']).toBeUndefined()
    }
  })

  it('gives the API docs a policy of their own, with inline styles', async () => {
    const r = await f.app.inject({ method: 'GET', url: '/docs/json' })

    expect(r.statusCode).toBe(200)
    expect(String(r.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'")
  })
})
