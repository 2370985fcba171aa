// GET /api/config: the settings the web app needs before anyone signs in (map tiles, stale-location threshold).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Config } from '../../config'

export const webConfigRoutes: FastifyPluginAsyncTypebox<{ config: Readonly<Config> }> = async (app, { config }) => {
  app.get('/api/config', {
    config: { public: true },
    schema: {
      tags: ['web'],
      summary: 'Settings the web app needs before sign-in (map tiles, stale-location threshold)',
      response: {
        200: Type.Object({
          tileUrl: Type.String({ description: "Tile URL template; '' means outlines and markers only" }),
          tileAttribution: Type.String(),
          staleAfterSeconds: Type.Integer({ description: 'A team location older than this is stale (STALE_LOCATION_SECONDS)' })
        })
      }
    }
  }, async () => ({ tileUrl: config.tileUrl, tileAttribution: config.tileAttribution, staleAfterSeconds: Math.round(config.staleAfterMs / 1000) }))
}
