// Idempotency-Key on every state-changing route. The claim is taken in the same transaction as the
// change it guards (so the change happens at most once), the answer is kept beside it, and a retry
// with the same key and body gets that answer again, marked `idempotent-replayed: true`.
import crypto from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import { ConflictError, IdempotencyMismatchError, ReplayAnswer, fieldError } from '../../lib/errors'
import { runWithFirstWrite, type FirstWriteContext } from '../../lib/request-context'
import { claimCte, findClaim, insertClaim, pruneClaims, saveAnswer, type Claim } from './idempotency.repository'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const KEY = /^[\x21-\x7e]{1,200}$/

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route recognises a repeat of its own change by what it writes (how, said here for the OpenAPI document):
     * a key is checked for form, no claim is kept, and the route marks a repeat's answer idempotent-replayed itself.
     */
    repeatsBy?: string
  }
  interface FastifyRequest {
    idempotency: { claim: Claim; context: FirstWriteContext; answer?: { status: number; body: string } } | null
  }
}

export interface IdempotencyOptions {
  db: Kysely<Database>
  now: () => Date
  /** A claim without an answer younger than this is a request still running; older, its answer was lost. */
  inProgressMs?: number
  /** Claims are kept this long (a retry comes within minutes); older ones are pruned every hour. */
  keepMs?: number
  /** How long a duplicate waits for the first request's answer before saying it is still running. */
  waitMs?: number
}

function claimOf (req: FastifyRequest, key: string): Claim {
  const route = req.routeOptions.url ?? req.url
  const requestHash = crypto
    .createHash('sha256')
    .update(JSON.stringify([req.method, route, req.params ?? null, req.body ?? null]))
    .digest('hex')
  return { userId: req.user!.id, key, method: req.method, route, requestHash }
}

export default fp(
  async function idempotency (
    app: FastifyInstance,
    { db, now, inProgressMs = 60_000, keepMs = 7 * 24 * 3_600_000, waitMs = 10_000 }: IdempotencyOptions
  ) {
    /**
     * A duplicate of a request that holds the claim: wait (briefly) for that request's answer and give it
     * again; a claim that never gets one was applied and its answer lost (or is still running).
     */
    async function answerOf (claim: Claim): Promise<Error> {
      const until = Date.now() + waitMs
      for (;;) {
        const prior = await findClaim(db, claim.userId, claim.key)
        if (prior && prior.request_hash !== claim.requestHash) return new IdempotencyMismatchError()
        if (prior?.status != null && prior.response !== null) return new ReplayAnswer(prior.status, prior.response)
        if (Date.now() >= until) {
          const lost = prior !== undefined && now().getTime() - prior.created_at.getTime() > inProgressMs
          return new ConflictError(
            lost
              ? 'this request (Idempotency-Key) was applied, but its answer was lost: reload to see the result'
              : 'a request with this Idempotency-Key is still being processed: try again in a moment'
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    }

    app.decorateRequest('idempotency', null)

    // A phone can stay offline for a long shift: keys live a week, then go.
    let pruner: NodeJS.Timeout | null = null
    app.addHook('onReady', async () => {
      pruner = setInterval(() => {
        pruneClaims(db, new Date(now().getTime() - keepMs)).catch((err: unknown) =>
          app.log.error({ err }, 'pruning idempotency claims failed')
        )
      }, 3_600_000)
      pruner.unref()
    })
    app.addHook('onClose', async () => {
      if (pruner) clearInterval(pruner)
    })

    // Document the header on every state-changing route of the API.
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (!route.url.startsWith('/api/') || !methods.some((m) => MUTATING.has(m)) || route.config?.public === true) return
      const schema = (route.schema ??= {}) as { headers?: { type?: string; properties?: Record<string, unknown> } }
      schema.headers ??= { type: 'object', properties: {} }
      schema.headers.properties ??= {}
      const own = route.config?.repeatsBy
      schema.headers.properties['idempotency-key'] ??= {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description:
          own !== undefined
            ? `Accepted for a uniform client; ${own}`
            : 'Makes a retry safe: the same key and body return the first answer (header idempotent-replayed: true); another body ' +
              'answers 422'
      }
    })

    app.addHook('preHandler', (req, reply, done) => {
      const key = req.headers['idempotency-key']
      if (!MUTATING.has(req.method) || key === undefined || req.user === null) {
        done()
        return
      }
      if (typeof key !== 'string' || !KEY.test(key)) {
        done(fieldError('headers/idempotency-key', 'must be 1 to 200 printable characters'))
        return
      }
      if (req.routeOptions.config.repeatsBy !== undefined) {
        done()
        return
      }
      const claim = claimOf(req, key)
      findClaim(db, claim.userId, claim.key).then((prior) => {
        if (prior) {
          if (prior.request_hash !== claim.requestHash) {
            done(new IdempotencyMismatchError())
            return
          }
          // Answered already, or about to be: the same answer again (ReplayAnswer), or why not.
          answerOf(claim).then(done, done)
          return
        }
        const context: FirstWriteContext = {
          firstWrite: {
            inTransaction: async (trx) => await insertClaim(trx, claim),
            asCte: () => claimCte(claim),
            lostRace: async () => await answerOf(claim)
          },
          made: false
        }
        req.idempotency = { claim, context }
        runWithFirstWrite(context, done)
      }, done)
    })

    // Keep the answer of a request that changed something. A route that wrote through no transaction
    // (nothing took the claim) takes it now, with its answer. A claim its transaction took gets its answer once the
    // answer has gone (onResponse, below): the client does not wait for that write, and a retry that comes first
    // waits for the answer as for a request still running (answerOf).
    app.addHook('onSend', async (req, reply, payload) => {
      const claim = req.idempotency?.claim
      if (!claim || reply.statusCode < 200 || reply.statusCode > 299 || reply.getHeader('idempotent-replayed') !== undefined) {
        return payload
      }
      const body =
        typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : payload === null || payload === undefined
              ? ''
              : null
      if (body === null) return payload // a stream: not replayable, the change itself still happened once
      if (req.idempotency!.context.made) req.idempotency!.answer = { status: reply.statusCode, body }
      else await insertClaim(db, claim, { status: reply.statusCode, response: body })
      return payload
    })
    app.addHook('onResponse', async (req) => {
      const answer = req.idempotency?.answer
      if (!answer) return
      const { claim } = req.idempotency!
      await saveAnswer(db, claim.userId, claim.key, answer.status, answer.body).catch((err: unknown) => {
        // the change was made once; a retry will be told its answer was lost
        req.log.error({ err, key: claim.key }, 'keeping the answer of an idempotent request failed')
      })
    })
  },
  { name: 'idempotency', dependencies: ['auth'] }
)
