// The reports for the web app: the report documents, the area sets and their outlines, and CSV downloads with the session.
import type {
  AreaSetList,
  Cell,
  Column,
  DataRanges,
  EquityReport,
  IntervalsReport,
  OutcomesReport,
  ReportRow,
  ReportTable,
  TrendsReport
} from '../../server/contracts/reports'
import type { UnmetReport } from '../../server/contracts/outcomes'
import type { FollowUpReport } from '../../server/contracts/followups'
import { ApiError, call, getToken, pathOf, type Query } from './client'
import { attachmentName, saveBlob } from '../lib/download'

export type { FollowUpReport, UnmetReport }
export type {
  AreaSetList,
  Cell,
  Column,
  DataRanges,
  EquityReport,
  IntervalsReport,
  OutcomesReport,
  ReportRow,
  ReportTable,
  TrendsReport
}

type ReportQuery = Query<'GET /api/reports/intervals'>
export type Source = NonNullable<ReportQuery['source']>
type Slice = NonNullable<ReportQuery['by']>
type TrendSlice = NonNullable<Query<'GET /api/reports/trends'>['by']>

/** The report page's filters (what its controls hold; '' is "any"). */
export interface ReportFilters {
  from: string
  to: string
  source: Source
  category: NonNullable<ReportQuery['category']> | ''
  areaSet: string
  /** Response figures over care-team calls (the default) or every call. */
  responses?: 'care' | 'all'
}

/** The query of a report: the filters as the routes take them (defaults and "any" left out). */
export function reportQuery (f: ReportFilters) {
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.source !== 'both' ? { source: f.source } : {}),
    ...(f.responses === 'all' ? { responses: 'all' as const } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.areaSet ? { area_set: f.areaSet } : {})
  } satisfies ReportQuery
}
/** The same query as text: what a report reloads on. */
export const reportKey = (f: ReportFilters, ...extra: string[]): string => JSON.stringify([reportQuery(f), ...extra])

export const areaSets = async () => await call('GET /api/geo/areas')
export const dataRanges = async () => await call('GET /api/reports/sources')

const outlineCache = new Map<string, Promise<GeoJSON.FeatureCollection>>()
export function areaOutlines (set: string): Promise<GeoJSON.FeatureCollection> {
  let p = outlineCache.get(set)
  if (!p) {
    // GeoJSON's own types describe the same outlines the route's schema does, in Leaflet's terms
    const fetched = call('GET /api/geo/areas/:id', { params: { id: set } }) as Promise<unknown> as Promise<GeoJSON.FeatureCollection>
    fetched.catch(() => outlineCache.delete(set))
    outlineCache.set(set, fetched)
    p = fetched
  }
  return p
}

// `by` comes from the slice select, whose options are the routes' slices.
export const intervalsReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await call('GET /api/reports/intervals', { query: { ...reportQuery(f), by: by as Slice } }, { signal })
export const outcomesReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await call('GET /api/reports/outcomes', { query: { ...reportQuery(f), by: by as Slice } }, { signal })
export const trendsReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await call('GET /api/reports/trends', { query: { ...reportQuery(f), by: by as TrendSlice } }, { signal })
export const equityReport = async (f: ReportFilters, signal?: AbortSignal) =>
  await call('GET /api/reports/equity', { query: reportQuery(f) }, { signal })
export const followUpReport = async (f: ReportFilters, signal?: AbortSignal) =>
  await call(
    'GET /api/reports/follow-ups',
    { query: { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) } },
    { signal }
  )
export const unmetReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await call('GET /api/reports/unmet', { query: { ...reportQuery(f), by: by as Slice } }, { signal })

/** The CSV paths of the reports (the routes' own, with format=csv). */
export const csvPath = {
  table: (kind: 'intervals' | 'outcomes', f: ReportFilters, by: string) =>
    pathOf(kind === 'intervals' ? 'GET /api/reports/intervals' : 'GET /api/reports/outcomes', {
      query: { ...reportQuery(f), by: by as Slice, format: 'csv' }
    }),
  trends: (f: ReportFilters, by: string) =>
    pathOf('GET /api/reports/trends', { query: { ...reportQuery(f), by: by as TrendSlice, format: 'csv' } }),
  equity: (f: ReportFilters, table?: 'groups') =>
    pathOf('GET /api/reports/equity', { query: { ...reportQuery(f), format: 'csv', ...(table ? { table } : {}) } }),
  unmet: (f: ReportFilters, by: string, table?: NonNullable<Query<'GET /api/reports/unmet'>['table']>) =>
    pathOf('GET /api/reports/unmet', {
      query: { ...reportQuery(f), ...(by !== 'none' ? { by: by as Slice } : {}), format: 'csv', ...(table ? { table } : {}) }
    })
}

/** Fetches the CSV with the session (a plain link would carry no token) and saves it under the server's file name. */
export async function downloadCsv (path: string): Promise<string> {
  const token = getToken()
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string }
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText)
  }
  const name = attachmentName(res, 'report.csv')
  saveBlob(name, await res.blob())
  return name
}
