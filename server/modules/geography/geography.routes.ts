// Map outlines the web app draws: GET /api/geo/lapd-divisions (LAPD division outlines, from the shipped LA data).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { API } from '../../contracts/api'
import { ROLES } from '../../contracts/users'
import { loadGeoJson } from '../../lib/la-data'

const ALL_ROLES = [...ROLES]

type Outline = {
  type: 'FeatureCollection'
  features: Array<{ type: 'Feature'; properties: { name: string; number: string | null }; geometry: unknown }>
}
let outlines: string | null = null

function round (x: unknown): unknown {
  if (typeof x === 'number') return Math.round(x * 1e5) / 1e5
  return Array.isArray(x) ? x.map(round) : x
}

function divisionOutlines (): string {
  if (outlines) return outlines
  const fc = loadGeoJson('lapd_divisions') as unknown as {
    features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>
  }
  const out: Outline = {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      type: 'Feature',
      properties: { name: String(f.properties.name ?? ''), number: f.properties.number == null ? null : String(f.properties.number) },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) }
    }))
  }
  outlines = JSON.stringify(out)
  return outlines
}

export const geographyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/geo/lapd-divisions',
    {
      config: { roles: ALL_ROLES, cacheable: true },
      schema: {
        tags: ['web'],
        summary: 'LAPD division outlines (GeoJSON, name and number only, 1 m precision)',
        ...API['GET /api/geo/lapd-divisions']
      }
    },
    async (_req, reply) => {
      // The outlines are serialized once and cached; the schema above documents their shape.
      return reply
        .header('content-type', 'application/geo+json')
        .header('cache-control', 'private, max-age=86400')
        .send(divisionOutlines() as never)
    }
  )
}
