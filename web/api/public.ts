// The public summary for the /public page: no token (anyone may read it), so a plain fetch, never the signed-in client.
import type { PublicSummary } from '../../server/contracts/public'
import { ApiError, pathOf } from './client'

export type { PublicSummary }

export const PUBLIC_SUMMARY_PATH = pathOf('GET /api/public/summary')

export async function publicSummary (signal?: AbortSignal): Promise<PublicSummary> {
  const res = await fetch(PUBLIC_SUMMARY_PATH, { signal })
  const body = (await res.json().catch(() => null)) as (PublicSummary & { code?: string; message?: string }) | null
  if (!res.ok) throw new ApiError(res.status, body?.code ?? `HTTP_${res.status}`, body?.message ?? res.statusText)
  return body as PublicSummary
}
