// A report's query checked and resolved: its period bounds (cut to the reader's grain), area set and filters.
import type { ReportQuery, Slice } from '../../contracts/reports'
import { fieldError } from '../../lib/errors'
import type { Bound, Filters } from './report-sql'
import type { ReportAreaSet } from './reports.service'

export type Query = Omit<ReportQuery, 'by' | 'format'> & { by?: string }

export const DAY_MS = 86_400_000

function parseBound (field: string, value: string): Bound {
  const year = Number(value.slice(0, 4))
  if (year < 1900 || year > 2999) throw fieldError(`querystring/${field}`, `must be in the years 1900 to 2999: ${value}`)
  const day = value.slice(0, 10)
  const d = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) {
    throw fieldError(`querystring/${field}`, `is not a calendar day: ${value}`)
  }
  if (value.length === 10) return { day: value }
  // the pattern allows 24:00 (PostgreSQL reads it as the next midnight) but not 25:00 or 12:60
  if (Number.isNaN(Date.parse(value)) || Number(value.slice(11, 13)) > 24 || Number(value.slice(14, 16)) > 59) {
    throw fieldError(`querystring/${field}`, `is not a valid instant: ${value}`)
  }
  return { instant: value }
}

/** Rough instants, only to refuse a period that ends before it starts. */
const roughStart = (b: Bound): number => ('day' in b ? Date.parse(`${b.day}T00:00:00Z`) : Date.parse(b.instant))
const roughEnd = (b: Bound): number => ('day' in b ? Date.parse(`${b.day}T00:00:00Z`) + DAY_MS : Date.parse(b.instant))

export const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString())

const HOUR_MS = 3_600_000

/**
 * Whose report it is: the operational roles (supervisors, admins) may cut a period at whole hours; everyone else
 * (planners) at whole days. A window given to the millisecond is widened to whole units, so two windows a
 * millisecond apart give the same cells and a call cannot be isolated by differencing them.
 */
export type ReportGrain = 'day' | 'hour'
export const grainOf = (role: string): ReportGrain => (role === 'supervisor' || role === 'admin' ? 'hour' : 'day')

/** An instant bound widened to the grain: the start of its day or hour (from), or the end of the day or hour it falls in (to). */
function snapBound (b: Bound | null, side: 'from' | 'to', grain: ReportGrain, timeZone: string): Bound | null {
  if (b === null || 'day' in b) return b
  const t = Date.parse(b.instant)
  if (grain === 'hour') {
    return { instant: new Date((side === 'from' ? Math.floor(t / HOUR_MS) : Math.ceil(t / HOUR_MS)) * HOUR_MS).toISOString() }
  }
  // the last day a `to` instant reaches is the day of its last millisecond (an instant at midnight ends the day before)
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(side === 'from' ? t : t - 1)
  )
  return { day }
}

/** The query checker over the configured area sets and time zone: resolve(q) gives the filters, the slice and the area set. */
export function queryResolver (areaSets: readonly ReportAreaSet[], timeZone: string) {
  function areaSetOf (id: string | undefined, needed: boolean): ReportAreaSet | null {
    if (id === undefined) {
      if (needed && areaSets.length === 0) throw fieldError('querystring/area_set', 'cannot be chosen: no area sets are configured')
      return areaSets[0] ?? null
    }
    const set = areaSets.find((s) => s.id === id)
    if (!set) {
      throw fieldError(
        'querystring/area_set',
        `must be one of the configured area sets (${areaSets.map((s) => s.id).join(', ') || 'none'}), got "${id}"`
      )
    }
    return set
  }

  function resolve (q: Query, needsArea = false, grain: ReportGrain = 'day'): { f: Filters; by: Slice; set: ReportAreaSet | null } {
    const by = (q.by ?? 'none') as Slice
    const set = areaSetOf(q.area_set, needsArea || by === 'area' || q.area !== undefined)
    if (q.area !== undefined && set && !set.names.includes(q.area)) {
      throw fieldError('querystring/area', `is not an area of ${set.id}: "${q.area}"`)
    }
    const from = snapBound(q.from === undefined ? null : parseBound('from', q.from), 'from', grain, timeZone)
    const to = snapBound(q.to === undefined ? null : parseBound('to', q.to), 'to', grain, timeZone)
    if (from && to && roughEnd(to) <= roughStart(from)) throw fieldError('querystring/to', 'must not be before from')
    const f: Filters = {
      from,
      to,
      source: q.source ?? 'both',
      responses: q.responses ?? 'care',
      category: q.category ?? null,
      areaSet: set?.id ?? null,
      area: q.area ?? null,
      timeZone,
      localKeys: false
    }
    return { f, by, set }
  }

  return resolve
}
