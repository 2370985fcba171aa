// Request validation: one Ajv setup, two modes. Query strings, path parameters and headers are text on the
// wire, so their values are coerced to the schema's types ("5" → 5, "a" → ["a"]). A JSON body already has
// types, and coercing them corrupts data: Ajv reads `null` against the first branch of
// `Union([Integer, Null])` as 0, `null` as false and "false" as false. Bodies are validated as sent.
import AjvCompiler from '@fastify/ajv-compiler'
import fastJsonStringify from 'fast-json-stringify'
import type { FastifySchemaCompiler } from 'fastify'

// One pool per process: the same route schemas (module-level objects) compile once, however many apps are built
// (a test file builds several); Ajv caches what it compiled by schema object.
const pool = AjvCompiler()

/** The validator compiler of every route: bodies strict, text parts coerced. */
export function requestValidatorCompiler (): FastifySchemaCompiler<unknown> {
  // Fastify's own Ajv defaults (formats, defaults), never removing unknown fields (they are refused instead).
  // The pool's declared type takes a schema; at run time, as Fastify calls it, it takes the route definition.
  const build = (coerceTypes: false | 'array') =>
    pool({}, { customOptions: { removeAdditional: false, allErrors: false, coerceTypes } }) as unknown as FastifySchemaCompiler<unknown>
  const text = build('array')
  const body = build(false)
  return (route) => (route.httpPart === 'body' ? body(route) : text(route))
}

/** A route's response schema, as Fastify hands it to the serializer compiler. */
interface ResponseRoute {
  schema: object
}

// What each response schema compiled to, by schema object: like the validators' pool above, the serializers of the
// same route schemas are built once per process, not once per app (a test file builds several; each build compiled
// every route's responses again, about half a second).
const serializers = new WeakMap<object, (data: unknown) => string>()

/**
 * The serializer compiler of every route: fast-json-stringify, as Fastify's own, with no shared schemas (the app adds
 * none, so a schema alone decides what it compiles to).
 */
export function responseSerializerCompiler (): (route: ResponseRoute) => (data: unknown) => string {
  return ({ schema }) => {
    let fn = serializers.get(schema)
    if (!fn) {
      fn = fastJsonStringify(schema)
      serializers.set(schema, fn)
    }
    return fn
  }
}
