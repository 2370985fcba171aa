// Logging: request lines without secrets. Browsers put the session token in the websocket URL (?token=),
// and a token in a log file is a session anyone with the logs can use.
import type { FastifyRequest } from 'fastify'

export function redactUrl (url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]')
}

/** Fastify's request serializer, with the URL's token redacted. */
export function requestSerializer (req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }
}

/** A logger option for Fastify with the redacting serializer; false stays false. */
export function withRedaction (logger: boolean | object | undefined): boolean | object {
  if (logger === undefined || logger === false) return false
  return { ...(typeof logger === 'object' ? logger : {}), serializers: { req: requestSerializer } }
}
