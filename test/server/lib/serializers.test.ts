// Response serializers are compiled once per schema object in a process, however many apps are built, and an app
// built second answers exactly as the first: the fields its schema names, in its types.
import { Type } from 'typebox'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { responseSerializerCompiler } from '../../../server/lib/validators'

const Answer = Type.Object({ id: Type.String(), n: Type.Integer(), note: Type.Union([Type.String(), Type.Null()]) })

async function appWith (schema: object): Promise<ReturnType<typeof Fastify>> {
  const app = Fastify()
  app.setSerializerCompiler(responseSerializerCompiler())
  app.get('/x', { schema: { response: { 200: schema } } }, async () => ({ id: 'a', n: 3, note: null, secret: 'kept out' }))
  await app.ready()
  return app
}

describe('response serializers', () => {
  it('gives the same compiled function for the same schema object and another for another', () => {
    const compile = responseSerializerCompiler()
    const again = responseSerializerCompiler()
    const copy = structuredClone(Answer)
    expect(compile({ schema: Answer })).toBe(again({ schema: Answer }))
    expect(compile({ schema: copy })).not.toBe(compile({ schema: Answer }))
    expect(compile({ schema: Answer })({ id: 'b', n: 1, note: 'x', other: 1 })).toBe('{"id":"b","n":1,"note":"x"}')
  })

  it('answers the same from a second app built on the same schemas, leaving out what the schema does not name', async () => {
    for (let i = 0; i < 2; i++) {
      const app = await appWith(Answer)
      const r = await app.inject({ method: 'GET', url: '/x' })
      expect(r.statusCode).toBe(200)
      expect(r.body).toBe('{"id":"a","n":3,"note":null}')
      await app.close()
    }
  })
})
