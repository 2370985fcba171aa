// The public summary's service: switched on or off (PUBLIC_DASHBOARD), and cached in the process for
// PUBLIC_DASHBOARD_CACHE_SECONDS, so a page anyone may load costs the database one set of statements per period.
import type { PublicSummary } from '../../contracts/public'
import { PublicDashboardOffError } from '../../lib/errors'
import type { ReportsService } from '../reports/reports.service'

export interface PublicServiceDeps {
  reports: Pick<ReportsService, 'publicSummary'>
  enabled: boolean
  cacheMs: number
  now: () => Date
}

export function createPublicService ({ reports, enabled, cacheMs, now }: PublicServiceDeps) {
  // one entry per area set asked for (only valid ones stay: a refusal leaves the cache)
  const cache = new Map<string, { until: number; value: Promise<PublicSummary> }>()
  return {
    enabled,
    cacheSeconds: Math.round(cacheMs / 1000),

    /** The summary, from the cache while it is fresh; concurrent first requests share one computation. */
    async summary (q: { area_set?: string }): Promise<PublicSummary> {
      if (!enabled) throw new PublicDashboardOffError()
      const key = q.area_set ?? ''
      const t = now().getTime()
      const hit = cache.get(key)
      if (hit && hit.until > t) return await hit.value
      const value = reports.publicSummary({ area_set: q.area_set }, now())
      if (cacheMs > 0) {
        cache.set(key, { until: t + cacheMs, value })
        value.catch(() => {
          if (cache.get(key)?.value === value) cache.delete(key)
        })
      }
      return await value
    }
  }
}

export type PublicService = ReturnType<typeof createPublicService>
