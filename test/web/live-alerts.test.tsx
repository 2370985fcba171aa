// A declined call's alert is recorded by the app-wide subscription, not by the console: a decline that arrives before
// the console has mounted (its code still loading, or the dispatcher on another screen) still shows when it does, and
// a dismissed alert stays dismissed.
import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { LiveEvent } from '../../server/contracts/events'
import { queryClient } from '../../web/api/queries'
import { dismissAlert, useLiveAlerts } from '../../web/realtime/live-alerts'
import { liveToCache } from '../../web/realtime/live-cache'
import type { LiveConnection } from '../../web/realtime/connection'

function Alerts () {
  const alerts = useLiveAlerts()
  return (
    <ul>
      {alerts.map((a) => (
        <li key={a.key}>{`${a.kind} ${a.callSign ?? ''}: ${a.text}`}</li>
      ))}
    </ul>
  )
}

describe('console alerts from the stream', () => {
  it('keeps a decline that arrived before the console mounted, one per call, until dismissed', async () => {
    const handlers: Array<(e: LiveEvent) => void> = []
    const conn = {
      on: (type: string, fn: (e: LiveEvent) => void) => {
        if (type === '*') handlers.push(fn)
        return () => {}
      }
    }
    onTestFinished(liveToCache(conn as unknown as LiveConnection, queryClient))
    const requeued = (seq: number, reason: string) =>
      ({
        seq,
        type: 'call.requeued',
        at: '2026-12-06T19:00:00.000Z',
        callId: 'c1',
        teamId: 't1',
        actorId: null,
        data: { cause: 'declined', reason, callSign: 'CRISIS-10' }
      }) as unknown as LiveEvent
    for (const fn of handlers) fn(requeued(1, 'already on a break'))
    for (const fn of handlers) fn(requeued(2, 'out of fuel'))

    render(<Alerts />)
    await waitFor(() =>
      expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'declined CRISIS-10: out of fuel: call back in the queue'
      ])
    )
    dismissAlert('declined2')
    await waitFor(() => expect(screen.queryAllByRole('listitem')).toHaveLength(0))
  })
})
