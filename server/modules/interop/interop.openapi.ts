// Examples for the EIDO routes in the OpenAPI document. Added to the finished document: an EIDO is full of
// `$id` and `$ref` keys, which the schema resolver would take for its own if they were in a route's schema.
import example from './eido.example.json'
import exported from './eido.example-export.json'

type Content = Record<string, { examples?: unknown }>
type OpenApi = {
  paths?: Record<string, Record<string, { requestBody?: { content?: Content }; responses?: Record<string, { content?: Content }> }>>
}

export function withEidoExamples<T> (doc: T): T {
  const post = (doc as OpenApi).paths?.['/api/interop/eido']?.post
  const json = post?.requestBody?.content?.['application/json']
  if (json !== undefined) json.examples = { transfer: { summary: 'A 911 centre transfers a mental-health call', value: example } }
  const out = (doc as OpenApi).paths?.['/api/calls/{id}/eido']?.get?.responses?.['200']?.content?.['application/json']
  if (out !== undefined) {
    out.examples = { closed: { summary: 'A mental-health call worked by a care team and closed', value: exported } }
  }
  return doc
}
