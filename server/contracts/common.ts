// Wire schemas shared by every module: errors, ids, positions.
import { Type } from 'typebox'

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'Stable machine-readable code, e.g. CD_INVALID_TRANSITION' }),
  message: Type.String({ description: 'What was wrong, naming the field for bad input' }),
  reqId: Type.Optional(Type.String())
}, { description: 'Error' })

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'Record id' }) })

export const LatLonSchema = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, WGS84' }),
  lon: Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, WGS84' })
})

export const DateTime = Type.String({ format: 'date-time' })
export const NullableDateTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

/** Standard error responses for a route; add the statuses that apply. */
export function errors (...codes: Array<400 | 401 | 403 | 404 | 409 | 422 | 429>): Record<number, typeof ErrorSchema> {
  const out: Record<number, typeof ErrorSchema> = {}
  for (const c of codes) out[c] = ErrorSchema
  return out
}
