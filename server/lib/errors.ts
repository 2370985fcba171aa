// Domain errors, defined once, each with a stable code. Services throw them; one handler maps them.
import createError from '@fastify/error'

export const NotFoundError = createError<[string]>('CD_NOT_FOUND', '%s not found', 404)
export const ConflictError = createError<[string]>('CD_CONFLICT', '%s', 409)
export const InvalidTransitionError = createError<[string, string, string]>('CD_INVALID_TRANSITION', '%s is %s: cannot %s', 409)
export const BadRequestError = createError<[string]>('CD_BAD_REQUEST', '%s', 400)
export const UnauthorizedError = createError<[string]>('CD_UNAUTHORIZED', '%s', 401)
export const ForbiddenError = createError<[string]>('CD_FORBIDDEN', '%s', 403)
/** The public dashboard is switched off (PUBLIC_DASHBOARD=0): its page says so. */
export const PublicDashboardOffError = createError(
  'CD_PUBLIC_DASHBOARD_OFF',
  'the public dashboard is switched off on this server (PUBLIC_DASHBOARD=0)',
  404
)
const TooManyRequests = createError<[string]>('CD_TOO_MANY_REQUESTS', '%s', 429)
/** 429 with the Retry-After header the error handler sends. */
export class TooManyRequestsError extends TooManyRequests {
  readonly headers: Record<string, string>
  constructor (message: string, retryAfterSeconds: number) {
    super(message)
    this.headers = { 'retry-after': String(retryAfterSeconds) }
  }
}
/** A duplicate of a request already applied: its first answer, sent again as it was (idempotent replay). */
export class ReplayAnswer extends Error {
  constructor (
    readonly statusCode: number,
    readonly body: string
  ) {
    super('replayed answer')
    this.name = 'ReplayAnswer'
  }
}

export const IdempotencyMismatchError = createError(
  'CD_IDEMPOTENCY_MISMATCH',
  'Idempotency-Key was already used with a different request body',
  422
)

/** A 400 naming the field, shaped like Fastify's schema errors ("body/field ..."). */
export function fieldError (field: string, problem: string): Error {
  return new BadRequestError(`${field} ${problem}`)
}
