// HTTP routes for geocoding: search as the dispatcher types, and what is at a point (a map click, the phone).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ROLES } from '../../contracts/users'
import { fieldError } from '../../lib/errors'
import type { GeocodingService } from './geocoding.service'
import { API } from '../../contracts/api'

function nearOf (near: string | undefined): { lat: number; lon: number } | null {
  if (near === undefined) return null
  const [lat, lon] = near.split(',').map((s) => Number(s.trim()))
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
    throw fieldError('querystring/near', `must be lat,lon within -90..90 and -180..180, got "${near}"`)
  }
  return { lat, lon }
}

export const geocodingRoutes: FastifyPluginAsyncTypebox<{ geocoding: GeocodingService }> = async (app, { geocoding }) => {
  app.get(
    '/api/geocode',
    {
      // Public-record streets and places only: every signed-in role may search (the planner's map, the phone).
      config: { roles: ROLES },
      schema: {
        tags: ['geocoding'],
        summary: 'Addresses, corners, places and areas for what was typed, best first',
        description:
          'Reads the way people type: suffixes or none, directions, ordinals in digits or words, & / and / at / @, either street first, ' +
          'one typo, MLK/Pkwy. ' +
          'Ranked by match, then inside the city first, then by distance from `near`. A house number the data cannot place comes back as ' +
          'the street\'s corners with precision "street" and a note. ' +
          'Geocoders are asked in GEOCODERS order; the first that answers well wins.',
        ...API['GET /api/geocode']
      }
    },
    async (req) => {
      const near = nearOf(req.query.near)
      return { candidates: await geocoding.search({ q: req.query.q, near, limit: req.query.limit ?? 8, partial: true }) }
    }
  )

  app.get(
    '/api/geocode/reverse',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['geocoding'],
        summary:
          'What is at a point: the nearest corner and place with their distances, the areas, and a label ("near Main & 5th (40 m)")',
        ...API['GET /api/geocode/reverse']
      }
    },
    async (req) => await geocoding.reverse(req.query.lat, req.query.lon)
  )
}
