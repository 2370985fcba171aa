// Serves the built web app (web/dist) with an SPA fallback: any GET outside /api and /docs gets index.html.
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { ROOT_DIR } from '../../config'

export const WEB_DIST = path.join(ROOT_DIR, 'web', 'dist')

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
      return await reply.sendFile(file, { immutable, maxAge: immutable ? 31_536_000_000 : 0 })
    }
    return await reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 })
  })
}
