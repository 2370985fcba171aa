// The route table (server/contracts/api.ts) is what Fastify registers: every entry is a route of the app with the
// table's own schemas, and every /api route of the app is in the table, so the web client's types are the server's.
import type { RouteOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API, type Route } from '../../server/contracts/api'
import { buildApp } from '../../server/app'
import { createTestDb, type TestDb } from '../helpers/db'
import { testAreas, testConfig } from '../helpers/app'

const PARTS = ['params', 'querystring', 'body', 'response'] as const

describe('the route table', () => {
  const routes = new Map<string, RouteOptions>()
  let db: TestDb
  let close: () => Promise<void>

  beforeAll(async () => {
    db = await createTestDb('pglite')
    const app = await buildApp(testConfig(), {
      db,
      sweeper: false,
      areas: testAreas(),
      onRoute: (r) => {
        const methods = Array.isArray(r.method) ? r.method : [r.method]
        // HEAD routes are Fastify's own copies of GET routes; the websocket route is no JSON request
        for (const m of methods) if (m !== 'HEAD' && !(r as { websocket?: boolean }).websocket) routes.set(`${m} ${r.url}`, r)
      }
    })
    await app.ready()
    close = async () => {
      await app.close()
      await db.destroy()
    }
  })
  afterAll(async () => {
    await close()
  })

  it("has every entry registered by the app, with the entry's own schemas", () => {
    const wrong: string[] = []
    for (const [key, entry] of Object.entries(API) as Array<[Route, Record<string, unknown>]>) {
      const r = routes.get(key)
      if (!r) {
        wrong.push(`${key}: not registered`)
        continue
      }
      const schema = (r.schema ?? {}) as Record<string, unknown>
      for (const part of PARTS) if (schema[part] !== entry[part]) wrong.push(`${key}: ${part} is not the table's`)
    }

    expect(wrong).toEqual([])
  })

  it('holds every /api route the app registers', () => {
    const missing = [...routes.keys()].filter((k) => k.split(' ')[1].startsWith('/api') && !(k in API))

    expect(routes.size).toBeGreaterThan(100)
    expect(missing).toEqual([])
  })

  it('names each route by its method and path', () => {
    for (const key of Object.keys(API)) expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/api\/[a-z0-9/:_-]*$/)
  })
})
