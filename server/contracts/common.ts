// Wire schemas shared by every module: errors, ids, timestamps.
import { Type } from 'typebox'

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'Stable machine-readable code, e.g. CD_INVALID_TRANSITION' }),
  message: Type.String({ description: 'What was wrong, naming the field for bad input' }),
  reqId: Type.Optional(Type.String())
}, { description: 'Error' })

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'Record id' }) })

export const NullableDateTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

/** Standard error responses for a route; add the statuses that apply. */
export function errors (...codes: Array<400 | 401 | 403 | 404 | 409 | 422 | 429>): Record<number, typeof ErrorSchema> {
  const out: Record<number, typeof ErrorSchema> = {}
  for (const c of codes) out[c] = ErrorSchema
  return out
}
