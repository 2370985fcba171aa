// Wire schemas shared by every module: errors, ids, timestamps.
import { Type, type TSchema } from 'typebox'

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. CD_INVALID_TRANSITION' }),
    message: Type.String({ description: 'What was wrong, naming the field for bad input' }),
    reqId: Type.Optional(Type.String())
  },
  { description: 'Error' }
)

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'Record id' }) })

export const NullableDateTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429
/** Standard error responses for a route; add the statuses that apply. Typed by status, so a client knows which are errors. */
export function errors<C extends ErrorStatus> (...codes: C[]): { [K in C]: typeof ErrorSchema } {
  const out: Partial<Record<ErrorStatus, typeof ErrorSchema>> = {}
  for (const c of codes) out[c] = ErrorSchema
  return out as { [K in C]: typeof ErrorSchema }
}

/** JSON, or the same table as CSV (format=csv): both in the OpenAPI document. */
export const jsonOrCsv = <S extends TSchema>(schema: S, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'text/csv': { schema: Type.String({ description: 'The table as CSV; suppressed cells read "suppressed"' }) }
  }
})
