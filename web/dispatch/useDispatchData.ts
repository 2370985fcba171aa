// Dispatcher state: queue, active calls and teams from the query cache, which the live stream keeps current
// (web/realtime/live-cache.ts); the alerts of requeued calls come from the stream itself.
import { useCallback, useState } from 'react'
import { activeCalls, queue, recentReferrals, teams as fetchTeams, type Call, type QueueEntry, type Team } from '../api/resources'
import { keys, queryClient, useApiQuery } from '../api/queries'
import { useLiveEvents } from '../realtime/useLiveEvents'

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
  const [eventAlerts, setEventAlerts] = useState<Alert[]>([])

  const reload = useCallback(() => {
    for (const queryKey of [keys.queue, keys.callLists, keys.teams]) queryClient.invalidateQueries({ queryKey }).catch(() => {})
  }, [])

  // Backup requests are alerts from the calls themselves (Alerts.tsx), so they survive a reload.
  // One alert per call and kind: a call that times out again replaces its alert, it does not add another.
  useLiveEvents(['call.requeued'], (e) => {
    if (e.type !== 'call.requeued' || (e.data.cause !== 'ack_timeout' && e.data.cause !== 'declined')) return
    const kind = e.data.cause
    const text = `${e.data.reason ?? (kind === 'declined' ? 'declined' : 'did not acknowledge in time')}: call back in the queue`
    setEventAlerts((a) => [
      { key: `${kind}${e.seq}`, kind, text, callSign: e.data.callSign ?? null, callId: e.callId, teamId: e.teamId, at: e.at },
      ...a.filter((x) => !(x.kind === kind && x.callId === e.callId))
    ])
  })

  const dismiss = (key: string) => setEventAlerts((a) => a.filter((x) => x.key !== key))
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
