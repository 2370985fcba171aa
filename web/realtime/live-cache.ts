// The live stream's effect on the query cache, in one place: each event updates or invalidates the entries it
// changes (a call, the queue, the lists of calls, a team, the teams), so no screen shows what the stream has
// already contradicted; a (re)connected stream refetches everything shown, since events may have been missed.
import type { QueryClient } from '@tanstack/react-query'
import type { LiveEvent } from '../../server/contracts/events'
import type { PositionsMessage } from '../../server/contracts/positions'
import type { Team } from '../../server/contracts/teams'
import { keys } from '../api/queries'
import { markReceived } from '../lib/perf'
import { recordRequeued } from './live-alerts'
import type { LiveConnection } from './connection'

type Key = readonly unknown[]

export function liveToCache (conn: LiveConnection, qc: QueryClient): () => void {
  // Several events arrive together (received, triaged, queued): one refetch per entry for the burst.
  const stale = new Map<string, Key>()
  let timer: ReturnType<typeof setTimeout> | null = null
  const invalidate = (...ks: Key[]): void => {
    for (const k of ks) stale.set(JSON.stringify(k), k)
    timer ??= setTimeout(() => {
      timer = null
      const batch = [...stale.values()]
      stale.clear()
      for (const queryKey of batch) qc.invalidateQueries({ queryKey }).catch(() => {})
    }, 60)
  }
  const patchTeam = (id: string, patch: (t: Team) => Team): void => {
    qc.setQueryData<Team[]>(keys.teams, (list) => list?.map((t) => (t.id === id ? patch(t) : t)))
    qc.setQueryData<Team>(keys.team(id), (t) => t && patch(t))
  }

  // Positions come batched from the server (at most one message a second, every team that moved; the first after a
  // (re)connect is every team's latest): one cache write per message.
  const onPositions = (m: PositionsMessage): void => {
    if (m.teams.length === 0) return
    markReceived(m.teams.length)
    const batch = new Map(m.teams.map((p) => [p.teamId, p]))
    qc.setQueryData<Team[]>(keys.teams, (list) =>
      list?.map((t) => {
        const p = batch.get(t.id)
        return p ? { ...t, position: { lat: p.lat, lon: p.lon, at: p.at, ageSeconds: 0, stale: false } } : t
      })
    )
    for (const p of m.teams) {
      qc.setQueryData<Team>(
        keys.team(p.teamId),
        (t) => t && { ...t, position: { lat: p.lat, lon: p.lon, at: p.at, ageSeconds: 0, stale: false } }
      )
    }
  }

  const onEvent = (e: LiveEvent): void => {
    if (e.type === 'team.status_changed' && e.teamId) {
      const to = e.data.to
      if (to !== undefined) patchTeam(e.teamId, (t) => ({ ...t, status: to, statusChangedAt: e.at }))
      // out of service: its reason and expected return come with the team
      if (to === 'out_of_service' || e.data.from === 'out_of_service') invalidate(keys.teams, keys.team(e.teamId))
      // a team freed or taken changes every open call's recommendations
      invalidate(['GET /api/calls/:id/recommendations'])
      return
    }
    if (e.type.startsWith('team.')) {
      invalidate(keys.teams, ...(e.teamId ? [keys.team(e.teamId)] : []))
      return
    }
    if (e.type.startsWith('call.')) {
      if (e.type === 'call.requeued') recordRequeued(qc, e)
      invalidate(keys.queue, keys.callLists, ...(e.callId ? [keys.call(e.callId), keys.recommendations(e.callId)] : []))
      return
    }
    if (e.type.startsWith('facility.')) invalidate(keys.facilities)
  }

  const offEvent = conn.on('*', onEvent)
  const offPositions = conn.on('positions', onPositions)
  const offReconnected = conn.on('reconnected', () => {
    qc.invalidateQueries().catch(() => {})
  })
  return () => {
    offEvent()
    offPositions()
    offReconnected()
    if (timer) clearTimeout(timer)
  }
}
