// The alerts the console raises from the stream: a team declined a call or did not acknowledge it in time, and the
// call is back in the queue. They are kept in the app's query cache and recorded by the app-wide subscription
// (live-cache.ts), not by the console: an event that arrives while the console's code is still loading, or while the
// dispatcher is on another screen, still shows when the console does. Signing out clears them with the cache.
import { useQuery, type QueryClient } from '@tanstack/react-query'
import type { LiveEvent } from '../../server/contracts/events'
import { queryClient } from '../api/queries'

export interface Alert {
  key: string
  kind: 'ack_timeout' | 'declined'
  /** The sentence after the team's call sign: "did not acknowledge within 120 s: call back in the queue". */
  text: string
  callSign?: string | null
  callId?: string | null
  teamId?: string | null
  at: string
}

const KEY = ['live alerts'] as const
const none: Alert[] = []

/** Records the alert of a requeued call (one per call and kind: a call that times out again replaces its alert). */
export function recordRequeued (qc: QueryClient, e: LiveEvent): void {
  if (e.type !== 'call.requeued' || (e.data.cause !== 'ack_timeout' && e.data.cause !== 'declined')) return
  const kind = e.data.cause
  const text = `${e.data.reason ?? (kind === 'declined' ? 'declined' : 'did not acknowledge in time')}: call back in the queue`
  const alert: Alert = {
    key: `${kind}${e.seq}`,
    kind,
    text,
    callSign: e.data.callSign ?? null,
    callId: e.callId,
    teamId: e.teamId,
    at: e.at
  }
  // kept while no screen shows them (the cache would drop an entry nobody reads after a few minutes)
  qc.setQueryDefaults(KEY, { gcTime: Infinity })
  qc.setQueryData<Alert[]>(KEY, (a = none) => [alert, ...a.filter((x) => !(x.kind === kind && x.callId === e.callId))])
}

export function dismissAlert (key: string): void {
  queryClient.setQueryData<Alert[]>(KEY, (a = none) => a.filter((x) => x.key !== key))
}

/** The alerts recorded so far, newest first; the screen follows new ones. */
export function useLiveAlerts (): Alert[] {
  const q = useQuery(
    {
      queryKey: KEY,
      queryFn: () => queryClient.getQueryData<Alert[]>(KEY) ?? none,
      enabled: false,
      initialData: none,
      gcTime: Infinity
    },
    queryClient
  )
  return q.data
}
