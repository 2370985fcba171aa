// Dispatcher state: queue, active calls and teams from the query cache, which the live stream keeps current
// (web/realtime/live-cache.ts); the alerts of requeued calls are recorded from the stream there too (live-alerts.ts).
import { useCallback } from 'react'
import { activeCalls, queue, recentReferrals, teams as fetchTeams, type Call, type QueueEntry, type Team } from '../api/resources'
import { keys, queryClient, useApiQuery } from '../api/queries'
import { dismissAlert, useLiveAlerts } from '../realtime/live-alerts'

export type { Alert } from '../realtime/live-alerts'

const REFERRAL_HOURS = 2
const none: never[] = []

/** `readsCalls`: the role may read calls (dispatcher, supervisor); planners and admins get teams only. */
export function useDispatchData (readsCalls: boolean) {
  const q = useApiQuery(keys.queue, queue, { enabled: readsCalls })
  const active = useApiQuery(keys.activeCalls, activeCalls, { enabled: readsCalls })
  const referred = useApiQuery(keys.referrals(REFERRAL_HOURS), async () => await recentReferrals(REFERRAL_HOURS), {
    enabled: readsCalls
  })
  const teams = useApiQuery(keys.teams, fetchTeams)
  const eventAlerts = useLiveAlerts()

  const reload = useCallback(() => {
    for (const queryKey of [keys.queue, keys.callLists, keys.teams]) queryClient.invalidateQueries({ queryKey }).catch(() => {})
  }, [])

  // Backup requests are alerts from the calls themselves (Alerts.tsx), so they survive a reload.
  const dismiss = dismissAlert
  return {
    queueEntries: (q.data ?? none) as QueueEntry[],
    calls: (active.data ?? none) as Call[],
    referrals: (referred.data ?? none) as Call[],
    teams: (teams.data ?? none) as Team[],
    eventAlerts,
    dismiss,
    reload
  }
}
