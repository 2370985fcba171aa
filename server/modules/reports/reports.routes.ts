// HTTP routes for the reports (planners, supervisors, admins) and the area outlines their maps draw.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { type ReportMeta } from '../../contracts/reports'
import { ROLES, type Role } from '../../contracts/users'
import type { AreaSet } from '../../lib/area-sets'
import { fieldError, NotFoundError } from '../../lib/errors'
import { csvFileName, tableCsv } from './reports.csv'
import { grainOf } from './report-period'
import type { ReportsService } from './reports.service'
import { userOf } from '../auth/auth.plugin'
import { API } from '../../contracts/api'

/** Who reads reports. Dispatchers and responders work calls; they do not need them. */
export const REPORT_READERS: readonly Role[] = ['planner', 'supervisor', 'admin']

export interface ReportsRoutesOptions {
  reports: ReportsService
  /** The configured area sets, for their outlines. */
  areaSets: readonly AreaSet[]
}

/** The CSV, named after what is in it (the period as asked for: `to` is the last day). */
function sendCsv (
  reply: FastifyReply,
  csv: string,
  meta: ReportMeta,
  q: { from?: string; to?: string },
  ...extra: Array<string | null>
): FastifyReply {
  const name = csvFileName(meta.report, [
    ...extra,
    meta.by === 'none' || meta.report === 'equity' ? null : `by-${meta.by}`,
    meta.by === 'area' || meta.report === 'equity' ? meta.areaSet : null,
    q.from?.slice(0, 10),
    q.to?.slice(0, 10),
    meta.source === 'both' ? null : meta.source,
    meta.category,
    meta.area
  ])
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(csv)
}

/** Bad parameters name the field: an unknown one by its name, an enum with its allowed values. */
function queryErrors (
  errs: Array<{ keyword: string; instancePath: string; message?: string; params: Record<string, unknown> }>,
  dataVar: string
): Error {
  const e = errs[0]
  if (e.keyword === 'additionalProperties') {
    return new Error(`${dataVar}/${String(e.params.additionalProperty)} is not a parameter of this report`)
  }
  if (e.keyword === 'enum') {
    return new Error(`${dataVar}${e.instancePath} must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`)
  }
  return new Error(`${dataVar}${e.instancePath} ${e.message ?? 'is not valid'}`)
}

function roundCoords (x: unknown): unknown {
  if (typeof x === 'number') return Math.round(x * 1e5) / 1e5
  return Array.isArray(x) ? x.map(roundCoords) : x
}

export const reportsRoutes: FastifyPluginAsyncTypebox<ReportsRoutesOptions> = async (app, { reports, areaSets }) => {
  const outlines = new Map<string, string>()
  const outlineOf = (id: string): string => {
    let s = outlines.get(id)
    if (s === undefined) {
      const set = areaSets.find((a) => a.id === id)
      if (!set) throw new NotFoundError(`Area set ${id}`)
      s = JSON.stringify({
        type: 'FeatureCollection',
        features: set.outlines.features.map((f) => ({
          type: 'Feature',
          properties: { name: f.properties.name },
          geometry: { type: f.geometry!.type, coordinates: roundCoords(f.geometry!.coordinates) }
        }))
      })
      outlines.set(id, s)
    }
    return s
  }

  app.get(
    '/api/reports/intervals',
    {
      config: { roles: REPORT_READERS },
      schemaErrorFormatter: queryErrors,
      schema: {
        tags: ['reports'],
        summary:
          'Response intervals: count, missing, median and p90 of call processing, turnout, travel, response, on scene and committed',
        ...API['GET /api/reports/intervals']
      }
    },
    async (req, reply) => {
      const r = await reports.intervals(req.query, grainOf(userOf(req).role))
      return req.query.format === 'csv' ? sendCsv(reply, tableCsv(r.table), r, req.query) : r
    }
  )

  app.get(
    '/api/reports/outcomes',
    {
      config: { roles: REPORT_READERS },
      schemaErrorFormatter: queryErrors,
      schema: {
        tags: ['reports'],
        summary: 'Outcomes: handled by care teams, referred by triage, backup, resolved without police, transports, waits past target',
        ...API['GET /api/reports/outcomes']
      }
    },
    async (req, reply) => {
      const r = await reports.outcomes(req.query, grainOf(userOf(req).role))
      return req.query.format === 'csv' ? sendCsv(reply, tableCsv(r.table), r, req.query) : r
    }
  )

  app.get(
    '/api/reports/trends',
    {
      config: { roles: REPORT_READERS },
      schemaErrorFormatter: queryErrors,
      schema: {
        tags: ['reports'],
        summary: 'Weekly trends: calls, care-team share, response median and p90, resolved without police, waits past target',
        ...API['GET /api/reports/trends']
      }
    },
    async (req, reply) => {
      const r = await reports.trends(req.query, grainOf(userOf(req).role))
      return req.query.format === 'csv' ? sendCsv(reply, tableCsv(r.table), r, req.query) : r
    }
  )

  app.get(
    '/api/reports/equity',
    {
      config: { roles: REPORT_READERS },
      schemaErrorFormatter: queryErrors,
      schema: {
        tags: ['reports'],
        summary: 'Equity: areas ranked by p90 response and by share resolved without police; high-need areas against the rest',
        ...API['GET /api/reports/equity']
      }
    },
    async (req, reply) => {
      const { table, format, ...q } = req.query
      const r = await reports.equity(q, grainOf(userOf(req).role))
      if (format !== 'csv') return r
      return table === 'groups' ? sendCsv(reply, tableCsv(r.groups), r, q, 'groups') : sendCsv(reply, tableCsv(r.areas), r, q, 'areas')
    }
  )

  app.get(
    '/api/reports/unmet',
    {
      config: { roles: REPORT_READERS },
      schemaErrorFormatter: queryErrors,
      schema: {
        tags: ['reports'],
        summary:
          'Unmet demand: care-eligible calls served (on time, late) or not served by reason; coverage by area, hour, weekday, week and ' +
          'weekday × hour',
        ...API['GET /api/reports/unmet']
      }
    },
    async (req, reply) => {
      const { table, format, ...q } = req.query
      const r = await reports.unmet(q, grainOf(userOf(req).role))
      if (format !== 'csv') return r
      const which = table ?? 'main'
      const t = which === 'main' ? r.table : which === 'heat' ? r.heat : r.coverage[which]
      if (t === null) throw fieldError('querystring/table', 'cannot be area: no area sets are configured')
      return sendCsv(reply, tableCsv(t), r, q, which === 'main' ? null : which)
    }
  )

  app.get(
    '/api/reports/sources',
    {
      config: { roles: REPORT_READERS },
      schema: {
        tags: ['reports'],
        summary: 'Where the data is: the first and last day of live calls and of each imported source, with their counts',
        ...API['GET /api/reports/sources']
      }
    },
    async () => await reports.dataRanges()
  )

  app.get(
    '/api/geo/areas',
    {
      config: { roles: [...ROLES] },
      schema: { tags: ['reports'], summary: 'The configured area sets and their area names', ...API['GET /api/geo/areas'] }
    },
    async () => reports.areaSetList()
  )

  app.get(
    '/api/geo/areas/:id',
    {
      config: { roles: [...ROLES], cacheable: true },
      schema: {
        tags: ['reports'],
        summary: 'Outlines of one area set (GeoJSON, area names only, 1 m precision)',
        ...API['GET /api/geo/areas/:id']
      }
    },
    async (req, reply) => {
      return reply
        .header('content-type', 'application/geo+json')
        .header('cache-control', 'private, max-age=86400')
        .send(outlineOf(req.params.id) as never)
    }
  )
}
