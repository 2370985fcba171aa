// Text PostgreSQL cannot store (a NUL character, or half of a UTF-16 surrogate pair) is refused at the
// door with a 400 naming the field, before any handler or query sees it.
import type { FastifyInstance } from 'fastify'
import { fieldError } from './errors'

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The path ("body/narrative", "querystring/q") of the first string or key that cannot be stored, or null. */
export function unstorableTextAt (value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null
  if (depth > 64 || typeof value !== 'object' || value === null) return null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = unstorableTextAt(value[i], `${path}/${i}`, depth + 1)
      if (bad) return bad
    }
    return null
  }
  // Only parsed JSON is walked: a streamed body (the import file upload) is a socket-backed object whose
  // graph is large and cyclic, and holds nothing a client typed into a field.
  const proto = Object.getPrototypeOf(value)
  // Fastify's parsed querystring is an object whose prototype has no prototype (fast-querystring's Empty)
  if (proto !== Object.prototype && proto !== null && Object.getPrototypeOf(proto) !== null) return null
  for (const [k, v] of Object.entries(value)) {
    if (UNSTORABLE.test(k)) return `${path} (a field name)`
    const bad = unstorableTextAt(v, `${path}/${k}`, depth + 1)
    if (bad) return bad
  }
  return null
}

export function installTextGuard (app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const bad =
      unstorableTextAt(req.params, 'params') ?? unstorableTextAt(req.query, 'querystring') ?? unstorableTextAt(req.body, 'body')
    if (bad) throw fieldError(bad, 'must not contain a NUL character or an unpaired surrogate')
  })
}
