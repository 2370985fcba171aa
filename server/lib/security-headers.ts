// Security headers (helmet) and a strict content-security policy: scripts, styles and
// connections from this origin only, images also from the configured tile server. The API docs
// (Swagger UI) need inline styles; only their pages get that.
import helmet from 'helmet'
import type { FastifyInstance } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The answer carries no token and no personal data and may be cached (area outlines); every other /api/ answer is no-store. */
    cacheable?: boolean
  }
}

/** The origin pattern of a tile URL template ("https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org"). */
export function tileSource (tileUrl: string): string | null {
  if (tileUrl.trim() === '') return null
  try {
    const u = new URL(tileUrl.replace(/\{s\}/g, 'subdomain-placeholder').replace(/\{[a-z0-9-]+\}/gi, '0'))
    return `${u.protocol}//${u.host.replace('subdomain-placeholder', '*')}`
  } catch {
    return null
  }
}

export async function installSecurityHeaders (app: FastifyInstance, opts: { tileUrl: string }): Promise<void> {
  const tiles = tileSource(opts.tileUrl)
  const directives = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    manifestSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    upgradeInsecureRequests: null
  }
  // Built once: @fastify/helmet built helmet's middleware again for every request, parsing the policy each time (a
  // thirtieth of the server's CPU under load, issue 25).
  const headers = helmet({ contentSecurityPolicy: { useDefaults: false, directives }, crossOriginEmbedderPolicy: false })
  app.addHook('onRequest', (req, reply, done) => {
    headers(req.raw, reply.raw, (err?: unknown) => {
      done(err instanceof Error ? err : undefined)
    })
  })
  app.addHook('onSend', async (req, reply) => {
    // Every API answer may carry a token or personal data (calls, callers, the signed-in user): no browser,
    // proxy or back-forward cache keeps it, errors included. Only routes that say they are cacheable keep their own header.
    if (req.url.startsWith('/api/') && req.routeOptions.config?.cacheable !== true) reply.header('cache-control', 'no-store')
    if (req.url === '/docs' || req.url.startsWith('/docs/')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; " +
          "frame-ancestors 'none'"
      )
    }
  })
}
