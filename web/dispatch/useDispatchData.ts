// Dispatcher state: queue, active calls and teams, refetched on reconnect and kept current from the live stream.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LiveEvent } from '../../server/contracts/events'
import type { PositionsMessage } from '../../server/contracts/positions'
import { activeCalls, queue, recentReferrals, teams as fetchTeams, type Call, type QueueEntry, type Team } from '../api/resources'
import { latestOnly } from '../lib/latest'
import { markReceived } from '../lib/perf'
import { useLiveEvents, useLivePositions } from '../realtime/useLiveEvents'

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

/** `readsCalls`: the role may read calls (dispatcher, supervisor); planners and admins get teams only. */
export function useDispatchData (readsCalls: boolean) {
  const [queueEntries, setQueue] = useState<QueueEntry[]>([])
  const [calls, setCalls] = useState<Call[]>([])
  const [referrals, setReferrals] = useState<Call[]>([])
  const [teamList, setTeams] = useState<Team[]>([])
  const [eventAlerts, setEventAlerts] = useState<Alert[]>([])
  const [lastEvent, setLastEvent] = useState<LiveEvent | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  // Refetches overlap (a burst of events, a reconnect): the newest one started wins, whatever order they end in.
  const loadCalls = useMemo(() => latestOnly(async () => readsCalls ? await Promise.all([queue(), activeCalls(), recentReferrals()]) : null, (r) => {
    if (!r) return
    setQueue(r[0])
    setCalls(r[1])
    setReferrals(r[2])
  }), [readsCalls])
  const loadTeams = useMemo(() => latestOnly(fetchTeams, setTeams), [])
  const reload = useCallback(() => {
    loadCalls().catch(() => {})
    loadTeams().catch(() => {})
  }, [loadCalls, loadTeams])
  useEffect(reload, [reload])

  // Several call events arrive together (received, triaged, queued): one refetch for the burst.
  const refetchCallsSoon = useCallback(() => {
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      loadCalls().catch(() => {})
    }, 60)
  }, [loadCalls])

  // Positions come batched (at most one message a second, every team that moved): one render per message.
  useLivePositions((m: PositionsMessage) => {
    if (m.teams.length === 0) return
    markReceived(m.teams.length)
    const batch = new Map(m.teams.map((p) => [p.teamId, p]))
    setTeams((list) => list.map((t) => {
      const p = batch.get(t.id)
      return p ? { ...t, position: { lat: p.lat, lon: p.lon, at: p.at, ageSeconds: 0, stale: false } } : t
    }))
  })

  useLiveEvents(['call.', 'team.'], (e) => {
    setLastEvent(e)
    if (e.type === 'team.status_changed' && e.teamId) {
      const to = e.data.to
      if (to !== undefined) setTeams((list) => list.map((t) => t.id === e.teamId ? { ...t, status: to, statusChangedAt: e.at } : t))
      // out of service: its reason and expected return come with the team
      if (to === 'out_of_service' || e.data.from === 'out_of_service') loadTeams().catch(() => {})
      return
    }
    if (e.type.startsWith('team.')) { loadTeams().catch(() => {}); return }
    // Backup requests are alerts from the calls themselves (Alerts.tsx), so they survive a reload.
    // One alert per call and kind: a call that times out again replaces its alert, it does not add another.
    if (e.type === 'call.requeued' && (e.data.cause === 'ack_timeout' || e.data.cause === 'declined')) {
      const kind = e.data.cause
      const text = `${e.data.reason ?? (kind === 'declined' ? 'declined' : 'did not acknowledge in time')}: call back in the queue`
      setEventAlerts((a) => [{ key: `${kind}${e.seq}`, kind, text, callSign: e.data.callSign ?? null, callId: e.callId, teamId: e.teamId, at: e.at }, ...a.filter((x) => !(x.kind === kind && x.callId === e.callId))])
    }
    refetchCallsSoon()
  }, reload)

  const dismiss = (key: string) => setEventAlerts((a) => a.filter((x) => x.key !== key))
  return { queueEntries, calls, referrals, teams: teamList, eventAlerts, dismiss, reload, lastEvent, setTeams }
}
