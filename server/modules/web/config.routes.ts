// GET /api/config: the settings the web app needs before anyone signs in (map tiles, stale-location threshold).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { API } from '../../contracts/api'
import type { Config } from '../../config'

export const webConfigRoutes: FastifyPluginAsyncTypebox<{ config: Readonly<Config> }> = async (app, { config }) => {
  app.get(
    '/api/config',
    {
      config: { public: true },
      schema: {
        tags: ['web'],
        summary: 'Settings the web app needs before sign-in (map tiles, stale-location threshold)',
        ...API['GET /api/config']
      }
    },
    async () => ({
      tileUrl: config.tileUrl,
      tileAttribution: config.tileAttribution,
      staleAfterSeconds: Math.round(config.staleAfterMs / 1000)
    })
  )
}
