// Serves the built web app (web/dist) with an SPA fallback: any GET outside /api and /docs gets index.html.
// A hashed script or style sheet goes gzipped (the build writes name.js.gz beside it) to a browser that accepts gzip.
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { ROOT_DIR } from '../../config'

export const WEB_DIST = path.join(ROOT_DIR, 'web', 'dist')

const GZIPPED_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Whether an Accept-Encoding header takes gzip (by name or `*`) with a weight above 0. */
export function acceptsGzip (header: string | undefined): boolean {
  if (!header) return false
  const weights = new Map<string, number>()
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((x) => x.trim())
    const q = params.find((p) => p.startsWith('q='))
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)))
  }
  const w = weights.get('gzip') ?? weights.get('*') ?? 0
  return Number.isFinite(w) && w > 0
}

export const webRoutes: FastifyPluginAsync<{ dist?: string | null }> = async (app, opts) => {
  const dist = opts.dist === undefined ? WEB_DIST : opts.dist
  if (!dist || !fs.existsSync(path.join(dist, 'index.html'))) {
    app.log.warn({ dist }, 'web app not built: run npm run build (npm start does it)')
    return
  }
  await app.register(fastifyStatic, { root: dist, serve: false })

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const url = (req.params as { '*': string })['*'] ?? ''
    if (url.startsWith('api/') || url === 'api') {
      return await reply.status(404).send({ statusCode: 404, code: 'CD_ROUTE_NOT_FOUND', message: `Route GET:/${url} not found` })
    }
    const file = path.normalize(url).replace(/^(\.\.[/\\])+/, '')
    if (file && file !== '.' && fs.existsSync(path.join(dist, file)) && fs.statSync(path.join(dist, file)).isFile()) {
      // hashed bundle names never change content
      const immutable = file.startsWith('assets/')
      const type = GZIPPED_TYPES[path.extname(file)]
      const gzipped = path.join(dist, `${file}.gz`)
      if (immutable && type && fs.existsSync(gzipped)) {
        reply.header('vary', 'accept-encoding')
        if (acceptsGzip(req.headers['accept-encoding'])) {
          reply.headers({ 'content-type': type, 'content-encoding': 'gzip', 'content-length': fs.statSync(gzipped).size, 'cache-control': IMMUTABLE })
          return await reply.send(fs.createReadStream(gzipped))
        }
      }
      return await reply.sendFile(file, { immutable, maxAge: immutable ? 31_536_000_000 : 0 })
    }
    return await reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 })
  })
}
