// The built web app as the server sends it: a hashed script goes as the build compressed it, brotli (name.js.br) to a
// browser that accepts brotli, else gzip (name.js.gz) to one that accepts gzip, else as it is, all cacheable for good and
// marked as varying with Accept-Encoding; index.html answers every other address.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptsEncoding, webRoutes } from '../../server/modules/web/web.routes'

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
    fs.writeFileSync(path.join(dist, 'assets', 'main-abc123.js.br'), zlib.brotliCompressSync(script))
    // a style sheet with a gzip copy only
    const style = `.a { color: red }\n${'/* padding */\n'.repeat(200)}`
    fs.writeFileSync(path.join(dist, 'assets', 'style-0a1b2c.css'), style)
    fs.writeFileSync(path.join(dist, 'assets', 'style-0a1b2c.css.gz'), zlib.gzipSync(style))
    fs.writeFileSync(path.join(dist, 'assets', 'plain-def456.js'), 'export {}\n')
    app = Fastify()
    await app.register(webRoutes, { dist })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    fs.rmSync(dist, { recursive: true, force: true })
  })

  it('sends a hashed script brotli-compressed to a browser that accepts brotli', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/assets/main-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' }
    })

    expect(r.statusCode).toBe(200)
    expect(r.headers['content-encoding']).toBe('br')
    expect(r.headers['content-type']).toMatch(/^text\/javascript/)
    expect(r.headers['cache-control']).toMatch(/immutable/)
    expect(r.headers.vary).toMatch(/accept-encoding/i)
    expect(Number(r.headers['content-length'])).toBe(r.rawPayload.length)
    expect(r.rawPayload.length).toBeLessThan(script.length / 5)
    expect(zlib.brotliDecompressSync(r.rawPayload).toString()).toBe(script)
  })

  it('sends it gzipped to a browser that accepts gzip but not brotli', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/assets/main-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br;q=0' }
    })

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
    for (const encoding of [undefined, 'identity', 'deflate', 'gzip;q=0, br;q=0', '*;q=0']) {
      const r = await app.inject({
        method: 'GET',
        url: '/assets/main-abc123.js',
        headers: encoding === undefined ? {} : { 'accept-encoding': encoding }
      })

      expect(r.statusCode).toBe(200)
      expect(r.headers['content-encoding']).toBeUndefined()
      expect(r.headers['cache-control']).toMatch(/immutable/)
      expect(r.headers.vary).toMatch(/accept-encoding/i)
      expect(r.body).toBe(script)
    }
  })

  it('sends the gzip copy of a file the build did not brotli-compress to a browser that prefers brotli', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/style-0a1b2c.css', headers: { 'accept-encoding': 'br, gzip' } })

    expect(r.headers['content-encoding']).toBe('gzip')
    expect(r.headers['content-type']).toMatch(/^text\/css/)
    expect(r.headers.vary).toMatch(/accept-encoding/i)
    expect(zlib.gunzipSync(r.rawPayload).toString()).toMatch(/^\.a \{ color: red \}/)
  })

  it('sends a file without a compressed copy as it is, and index.html for an address of the app', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/plain-def456.js', headers: { 'accept-encoding': 'gzip, br' } })
    const page = await app.inject({ method: 'GET', url: '/field', headers: { 'accept-encoding': 'gzip, br' } })

    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe('export {}\n')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-encoding']).toBeUndefined()
    expect(page.body).toMatch(/<title>care dispatch<\/title>/)
    expect(page.headers['cache-control']).not.toMatch(/immutable/)
  })

  it('reads Accept-Encoding weights', () => {
    const gzip = (h: string | undefined) => acceptsEncoding(h, 'gzip')
    const br = (h: string | undefined) => acceptsEncoding(h, 'br')
    expect([gzip('gzip'), gzip('br, gzip;q=0.5'), gzip('*'), gzip('GZIP')]).toEqual([true, true, true, true])
    expect([gzip(undefined), gzip(''), gzip('br'), gzip('gzip;q=0'), gzip('*;q=0'), gzip('*, gzip;q=0')]).toEqual([
      false,
      false,
      false,
      false,
      false,
      false
    ])
    expect([br('gzip, deflate, br'), br('BR;q=0.1'), br('gzip, *')]).toEqual([true, true, true])
    expect([br('gzip, deflate'), br('br;q=0, gzip'), br('*;q=0'), br('*, br;q=0')]).toEqual([false, false, false, false])
  })
})
