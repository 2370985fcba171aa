// Examples for the EIDO routes in the OpenAPI document. Added to the finished document: an EIDO is full of
// `$id` and `$ref` keys, which the schema resolver would take for its own if they were in a route's schema.
import example from './eido.example.json'

type OpenApi = { paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { examples?: unknown }> } }>> }

export function withEidoExamples<T> (doc: T): T {
  const post = (doc as OpenApi).paths?.['/api/interop/eido']?.post
  const json = post?.requestBody?.content?.['application/json']
  if (json !== undefined) json.examples = { transfer: { summary: 'A 911 centre transfers a mental-health call', value: example } }
  return doc
}
