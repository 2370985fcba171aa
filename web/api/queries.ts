// Server state through one query cache (TanStack Query): each entry is keyed by its route of the table
// (server/contracts/api.ts) and what identifies it, so the live stream (web/realtime/live-cache.ts) can update or
// invalidate exactly the entries an event changes.
import { QueryClient, useQuery, type UseQueryOptions } from '@tanstack/react-query'
import type { Route } from './client'

// No retries and no refetch on focus: a screen refetches when the stream says something changed (and on reconnect).
export const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } })

/** Query keys: the route first, then what identifies the entry (its params, or the list's query). */
export const keys = {
  queue: ['GET /api/queue'] as const,
  /** Every list of calls (active, referred, a team's): a call event may change any of them. */
  callLists: ['GET /api/calls'] as const,
  activeCalls: ['GET /api/calls', { active: true }] as const,
  referrals: (hours: number) => ['GET /api/calls', { status: 'referred', hours }] as const,
  call: (id: string) => ['GET /api/calls/:id', { id }] as const,
  recommendations: (id: string) => ['GET /api/calls/:id/recommendations', { id }] as const,
  teams: ['GET /api/teams'] as const,
  team: (id: string) => ['GET /api/teams/:id', { id }] as const,
  facilities: ['GET /api/facilities'] as const
} satisfies Record<string, readonly [Route, ...unknown[]] | ((...a: never[]) => readonly [Route, ...unknown[]])>

/** useQuery on the app's one cache (passed explicitly, so screens and their tests need no provider). */
export function useApiQuery<T> (
  key: readonly [Route, ...unknown[]],
  fetch: (signal: AbortSignal) => Promise<T>,
  opts: Pick<UseQueryOptions<T>, 'enabled' | 'placeholderData'> = {}
) {
  return useQuery({ queryKey: key, queryFn: async ({ signal }) => await fetch(signal), ...opts }, queryClient)
}
