// The built web app as the server sends it: a hashed script goes gzipped (the build's name.js.gz) to a browser that
// accepts gzip, as it is to one that does not, both cacheable for good; index.html answers every other address.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptsGzip, webRoutes } from '../../server/modules/web/web.routes'

describe('web app assets', () => {
  const script = `export const greeting = ${JSON.stringify('hello '.repeat(500))}\n`
  let dist: string
  let app: FastifyInstance

  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-web-assets-'))
    fs.mkdirSync(path.join(dist, 'assets'))
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>care dispatch</title>')
    fs.writeFileSync(path.join(dist, 'assets', 'main-abc123.js'), script)
    fs.writeFileSync(path.join(dist, 'assets', 'main-abc123.js.gz'), zlib.gzipSync(script))
    fs.writeFileSync(path.join(dist, 'assets', 'plain-def456.js'), 'export {}\n')
    app = Fastify()
    await app.register(webRoutes, { dist })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    fs.rmSync(dist, { recursive: true, force: true })
  })

  it('sends a hashed script gzipped to a browser that accepts gzip', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/main-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } })

    expect(r.statusCode).toBe(200)
    expect(r.headers['content-encoding']).toBe('gzip')
    expect(r.headers['content-type']).toMatch(/^text\/javascript/)
    expect(r.headers['cache-control']).toMatch(/immutable/)
    expect(r.headers.vary).toMatch(/accept-encoding/i)
    expect(Number(r.headers['content-length'])).toBe(r.rawPayload.length)
    expect(r.rawPayload.length).toBeLessThan(script.length / 5)
    expect(zlib.gunzipSync(r.rawPayload).toString()).toBe(script)
  })

  it('sends it as it is to a browser that does not accept gzip', async () => {
    for (const encoding of [undefined, 'identity', 'gzip;q=0, br']) {
      const r = await app.inject({ method: 'GET', url: '/assets/main-abc123.js', headers: encoding === undefined ? {} : { 'accept-encoding': encoding } })

      expect(r.statusCode).toBe(200)
      expect(r.headers['content-encoding']).toBeUndefined()
      expect(r.headers['cache-control']).toMatch(/immutable/)
      expect(r.headers.vary).toMatch(/accept-encoding/i)
      expect(r.body).toBe(script)
    }
  })

  it('sends a file without a gzipped copy as it is, and index.html for an address of the app', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/plain-def456.js', headers: { 'accept-encoding': 'gzip' } })
    const page = await app.inject({ method: 'GET', url: '/field', headers: { 'accept-encoding': 'gzip' } })

    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe('export {}\n')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-encoding']).toBeUndefined()
    expect(page.body).toMatch(/<title>care dispatch<\/title>/)
    expect(page.headers['cache-control']).not.toMatch(/immutable/)
  })

  it('reads Accept-Encoding weights', () => {
    expect([acceptsGzip('gzip'), acceptsGzip('br, gzip;q=0.5'), acceptsGzip('*'), acceptsGzip('GZIP')]).toEqual([true, true, true, true])
    expect([acceptsGzip(undefined), acceptsGzip(''), acceptsGzip('br'), acceptsGzip('gzip;q=0'), acceptsGzip('*;q=0'), acceptsGzip('*, gzip;q=0')])
      .toEqual([false, false, false, false, false, false])
  })
})
