// Fastify's schema error text, made to name the field in every case: "body must NOT have additional
// properties" becomes "body/colour: unknown field (must NOT have additional properties)".
import type { FastifySchemaValidationError } from 'fastify/types/schema'

export function schemaErrorFormatter (errors: FastifySchemaValidationError[], dataVar: string): Error {
  const parts = errors.map((e) => {
    const at = dataVar + (e.instancePath ?? '')
    const extra = (e.params as { additionalProperty?: unknown } | undefined)?.additionalProperty
    if (e.keyword === 'additionalProperties' && typeof extra === 'string') {
      return `${at}/${extra}: unknown field (${e.message ?? 'must NOT have additional properties'})`
    }
    return `${at} ${e.message ?? 'is invalid'}`
  })
  return new Error(parts.join(', '))
}
