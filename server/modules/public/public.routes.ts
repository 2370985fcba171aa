// GET /api/public/summary: no token, cacheable by browsers and proxies, JSON or one table as CSV. 404 (with its own
// code) when PUBLIC_DASHBOARD=0, so the page can say the dashboard is off.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { csvFileName, tableCsv } from '../reports/reports.csv'
import type { PublicService } from './public.service'
import { API } from '../../contracts/api'

export const publicRoutes: FastifyPluginAsyncTypebox<{ publicSummary: PublicService }> = async (app, { publicSummary }) => {
  app.get(
    '/api/public/summary',
    {
      config: { public: true, cacheable: true },
      schema: {
        tags: ['public'],
        summary:
          'Public summary: care-team calls per week and per area, coverage, response median and p90, resolved without police, follow-ups ' +
          'done',
        description:
          'No sign-in. De-identified: counts from 1 to 10 suppressed, no time finer than a day. 404 CD_PUBLIC_DASHBOARD_OFF when ' +
          'PUBLIC_DASHBOARD=0.',
        ...API['GET /api/public/summary']
      }
    },
    async (req, reply) => {
      // a refusal (switched off, a bad area set) is not to be kept by a browser or proxy; the summary is
      reply.header('cache-control', 'no-store')
      const { format, table, ...q } = req.query
      const s = await publicSummary.summary(q)
      reply.header('cache-control', `public, max-age=${publicSummary.cacheSeconds}`)
      if (format !== 'csv') return s
      const which = table ?? 'weeks'
      const name = csvFileName('public', [
        which,
        s.areaSet && which === 'areas' ? s.areaSet.id : null,
        s.from,
        s.to,
        s.simulated ? 'simulated' : null
      ])
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(tableCsv(which === 'areas' ? s.areas : s.weeks))
    }
  )
}
