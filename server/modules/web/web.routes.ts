// Serves the built web app (web/dist) with an SPA fallback: any GET outside /api and /docs gets index.html.
// A hashed script or style sheet goes compressed at build time (the build writes name.js.br and name.js.gz beside it):
// brotli to a browser that accepts it (browsers ask for it over HTTPS), else gzip, else as it is; `Vary: Accept-Encoding`
// tells caches the answer depends on the header.
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { ROOT_DIR } from '../../config'

export const WEB_DIST = path.join(ROOT_DIR, 'web', 'dist')

const COMPRESSED_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }
const IMMUTABLE = 'public, max-age=31536000, immutable'
/** The build's compressed copies, the better first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' }
] as const

/** Whether an Accept-Encoding header takes an encoding (by name or `*`) with a weight above 0. */
export function acceptsEncoding (header: string | undefined, encoding: string): boolean {
  if (!header) return false
  const weights = new Map<string, number>()
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((x) => x.trim())
    const q = params.find((p) => p.startsWith('q='))
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)))
  }
  const w = weights.get(encoding) ?? weights.get('*') ?? 0
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
      const type = COMPRESSED_TYPES[path.extname(file)]
      const copies = immutable && type ? ENCODINGS.filter((e) => fs.existsSync(path.join(dist, `${file}${e.ext}`))) : []
      if (copies.length > 0) {
        reply.header('vary', 'accept-encoding')
        const chosen = copies.find((e) => acceptsEncoding(req.headers['accept-encoding'], e.name))
        if (chosen) {
          const packed = path.join(dist, `${file}${chosen.ext}`)
          reply.headers({
            'content-type': type,
            'content-encoding': chosen.name,
            'content-length': fs.statSync(packed).size,
            'cache-control': IMMUTABLE
          })
          return await reply.send(fs.createReadStream(packed))
        }
      }
      return await reply.sendFile(file, { immutable, maxAge: immutable ? 31_536_000_000 : 0 })
    }
    return await reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 })
  })
}
