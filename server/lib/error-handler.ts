// The one error handler: {statusCode, code, message, reqId}; 5xx messages hidden and logged.
import type { FastifyError, FastifyInstance } from 'fastify'
import { bodyTooLargeMessage } from './body-limits'
import { ReplayAnswer } from './errors'

interface PgLikeError {
  code?: unknown
  constraint?: unknown
  column?: unknown
}

/** Postgres errors caused by the request's data are the client's fault: 400/409, never 500. */
function fromPostgres (err: PgLikeError): { statusCode: number; code: string; message: string } | null {
  const c = typeof err.code === 'string' ? err.code : ''
  if (c === '23505') {
    return {
      statusCode: 409,
      code: 'CD_CONFLICT',
      message: `conflicts with an existing record${err.constraint ? ` (${String(err.constraint)})` : ''}`
    }
  }
  if (c === '23503') {
    return {
      statusCode: 400,
      code: 'CD_BAD_REFERENCE',
      message: `refers to a record that does not exist${err.constraint ? ` (${String(err.constraint)})` : ''}`
    }
  }
  if (c === '23514' || c === '23502') {
    return {
      statusCode: 400,
      code: 'CD_BAD_REQUEST',
      message: `violates ${err.constraint ? String(err.constraint) : err.column ? String(err.column) : 'a constraint'}`
    }
  }
  if (c === '22P02' || c === '22003' || c === '22007' || c === '22008' || c === '22001' || c === '22021' || c === '22P05') {
    return { statusCode: 400, code: 'CD_BAD_REQUEST', message: 'a value has the wrong format or is out of range' }
  }
  return null
}

export function installErrorHandler (app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & PgLikeError, request, reply) => {
    if (err instanceof ReplayAnswer) {
      return reply
        .header('idempotent-replayed', 'true')
        .header('content-type', 'application/json; charset=utf-8')
        .status(err.statusCode)
        .send(err.body)
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      request.log.info({ limit: request.routeOptions.bodyLimit }, 'request body too large')
      return reply.status(413).send({
        statusCode: 413,
        code: 'CD_BODY_TOO_LARGE',
        message: bodyTooLargeMessage(request.routeOptions.bodyLimit),
        reqId: String(request.id)
      })
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const type = String(request.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
      return reply.status(415).send({
        statusCode: 415,
        code: 'CD_UNSUPPORTED_MEDIA_TYPE',
        message: `content-type: ${type === '' ? 'none given' : JSON.stringify(type)} is not accepted here; send the body ` +
          `as ${request.routeOptions.url === '/api/imports/:id/file' ? 'text/csv' : 'application/json'}`,
        reqId: String(request.id)
      })
    }
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (err instanceof SyntaxError && err.statusCode === 400)
    ) {
      const what = err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'empty, but the content-type says application/json' : 'not valid JSON'
      return reply.status(400).send({ statusCode: 400, code: 'CD_BAD_JSON', message: `body: ${what}`, reqId: String(request.id) })
    }
    const pg = fromPostgres(err)
    let statusCode = pg?.statusCode ?? err.statusCode ?? 500
    if (err.validation) statusCode = 400
    if (statusCode < 400 || statusCode > 599) statusCode = 500
    const code =
      pg?.code ??
      (err.validation
        ? 'CD_VALIDATION'
        : typeof err.code === 'string' && !/^\d/.test(err.code)
          ? err.code
          : statusCode >= 500
            ? 'CD_INTERNAL'
            : 'CD_ERROR')
    if (statusCode >= 500) {
      request.log.error({ err }, 'request failed')
    } else {
      request.log.info({ code, message: err.message }, 'request rejected')
    }
    const message = statusCode >= 500 ? 'Internal Server Error' : (pg?.message ?? err.message)
    const headers = (err as { headers?: Record<string, string> }).headers
    if (statusCode === 429 && headers) reply.headers(headers)
    return reply.status(statusCode).send({ statusCode, code, message, reqId: String(request.id) })
  })
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({
      statusCode: 404,
      code: 'CD_ROUTE_NOT_FOUND',
      message: `Route ${request.method}:${request.url.split('?')[0]} not found`,
      reqId: String(request.id)
    })
  })
}
