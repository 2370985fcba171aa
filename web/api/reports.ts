// The reports for the web app: the report documents, the area sets and their outlines, and CSV downloads with the session.
import type {
  AreaSetList, Cell, Column, DataRanges, EquityReport, IntervalsReport, OutcomesReport, ReportRow, ReportTable, TrendsReport
} from '../../server/contracts/reports'
import type { UnmetReport } from '../../server/contracts/outcomes'
import type { FollowUpReport } from '../../server/contracts/followups'
import { api, ApiError, getToken } from './client'
import { attachmentName, saveBlob } from '../lib/download'

export type { FollowUpReport, UnmetReport }
export type { AreaSetList, Cell, Column, DataRanges, EquityReport, IntervalsReport, OutcomesReport, ReportRow, ReportTable, TrendsReport }
export type Source = 'live' | 'imported' | 'both'

export interface ReportFilters {
  from: string
  to: string
  source: Source
  category: string
  areaSet: string
  /** Response figures over care-team calls (the default) or every call. */
  responses?: 'care' | 'all'
}

/** The query string of a report: the filters, then what the report adds (by, table, format). */
export function reportQuery (f: ReportFilters, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams()
  if (f.from) q.set('from', f.from)
  if (f.to) q.set('to', f.to)
  if (f.source !== 'both') q.set('source', f.source)
  if (f.responses === 'all') q.set('responses', 'all')
  if (f.category) q.set('category', f.category)
  if (f.areaSet) q.set('area_set', f.areaSet)
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '' && v !== 'none') q.set(k, v)
  return q.toString()
}

export const areaSets = async () => await api<AreaSetList>('GET', '/api/geo/areas')
export const dataRanges = async () => await api<DataRanges>('GET', '/api/reports/sources')

const outlineCache = new Map<string, Promise<GeoJSON.FeatureCollection>>()
export function areaOutlines (set: string): Promise<GeoJSON.FeatureCollection> {
  let p = outlineCache.get(set)
  if (!p) {
    p = api<GeoJSON.FeatureCollection>('GET', `/api/geo/areas/${encodeURIComponent(set)}`)
    p.catch(() => outlineCache.delete(set))
    outlineCache.set(set, p)
  }
  return p
}

export const intervalsReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await api<IntervalsReport>('GET', `/api/reports/intervals?${reportQuery(f, { by })}`, undefined, { signal })
export const outcomesReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await api<OutcomesReport>('GET', `/api/reports/outcomes?${reportQuery(f, { by })}`, undefined, { signal })
export const trendsReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await api<TrendsReport>('GET', `/api/reports/trends?${reportQuery(f, { by })}`, undefined, { signal })
export const equityReport = async (f: ReportFilters, signal?: AbortSignal) =>
  await api<EquityReport>('GET', `/api/reports/equity?${reportQuery(f)}`, undefined, { signal })
export async function followUpReport (f: ReportFilters, signal?: AbortSignal): Promise<FollowUpReport> {
  const q = new URLSearchParams({ ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) })
  return await api<FollowUpReport>('GET', `/api/reports/follow-ups?${q.toString()}`, undefined, { signal })
}
export const unmetReport = async (f: ReportFilters, by: string, signal?: AbortSignal) =>
  await api<UnmetReport>('GET', `/api/reports/unmet?${reportQuery(f, { by })}`, undefined, { signal })

/** Fetches the CSV with the session (a plain link would carry no token) and saves it under the server's file name. */
export async function downloadCsv (path: string): Promise<string> {
  const token = getToken()
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  if (!res.ok) {
    const e = await res.json().catch(() => ({})) as { code?: string, message?: string }
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText)
  }
  const name = attachmentName(res, 'report.csv')
  saveBlob(name, await res.blob())
  return name
}
