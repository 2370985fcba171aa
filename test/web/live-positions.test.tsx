// The console's teams follow the batched positions messages: one message moves every team in it, a full one after a
// reconnect too; the events it receives are unchanged; nothing else is fetched for a position. The connection feeds
// the query cache as the app wires it (App.tsx: liveToCache), and the console reads its teams from the cache.
import { act, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import type { PositionsMessage } from '../../server/contracts/positions'
import { useDispatchData } from '../../web/dispatch/useDispatchData'
import { LiveContext } from '../../web/realtime/useLiveEvents'
import type { LiveConnection } from '../../web/realtime/connection'
import { liveToCache } from '../../web/realtime/live-cache'
import { queryClient } from '../../web/api/queries'
import { team } from './fixtures'

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
const fetchMock = vi.fn()
const teams = [team(1, 0), team(2, 0), team(3, 0)]

beforeEach(() => {
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (url: string) => {
    const u = String(url)
    if (u === '/api/teams') return json(teams)
    if (u === '/api/queue') return json([])
    if (u.startsWith('/api/calls')) return json({ items: [] })
    return json({})
  })
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

function fakeConnection () {
  const handlers = new Map<string, Array<(x: unknown) => void>>()
  const conn = {
    state: 'live',
    on: (type: string, fn: (x: unknown) => void) => {
      handlers.set(type, [...(handlers.get(type) ?? []), fn])
      return () =>
        handlers.set(
          type,
          (handlers.get(type) ?? []).filter((h) => h !== fn)
        )
    }
  }
  return {
    conn: conn as unknown as LiveConnection,
    positions: (m: PositionsMessage) => {
      for (const fn of handlers.get('positions') ?? []) fn(m)
    }
  }
}

function Teams () {
  const { teams } = useDispatchData(true)
  return (
    <ul>
      {teams.map((t) => (
        <li key={t.id} data-testid={t.callSign}>
          {t.position ? `${t.position.lat},${t.position.lon} at ${t.position.at}` : 'none'}
        </li>
      ))}
    </ul>
  )
}

describe('positions on the console', () => {
  it('moves every team of a message at once, and only those', async () => {
    const live = fakeConnection()
    const offCache = liveToCache(live.conn, queryClient)
    onTestFinished(offCache)
    render(
      <LiveContext.Provider value={live.conn}>
        <Teams />
      </LiveContext.Provider>
    )
    await waitFor(() => expect(screen.getByTestId('CRISIS-01').textContent).toMatch(/^34,-118/))
    const fetched = fetchMock.mock.calls.length

    act(() =>
      live.positions({
        type: 'positions',
        full: false,
        teams: [
          { teamId: teams[0].id, lat: 34.1, lon: -118.1, accuracyMeters: 5, at: '2026-12-06T17:00:01.000Z' },
          { teamId: teams[2].id, lat: 34.3, lon: -118.3, accuracyMeters: null, at: '2026-12-06T17:00:02.000Z' }
        ]
      })
    )

    // the cache tells its observers on the next tick
    await waitFor(() => expect(screen.getByTestId('CRISIS-01').textContent).toBe('34.1,-118.1 at 2026-12-06T17:00:01.000Z'))
    expect(screen.getByTestId('CRISIS-02').textContent).toMatch(/^34,-118 at /)
    expect(screen.getByTestId('CRISIS-03').textContent).toBe('34.3,-118.3 at 2026-12-06T17:00:02.000Z')

    act(() =>
      live.positions({
        type: 'positions',
        full: true,
        teams: teams.map((t, i) => ({ teamId: t.id, lat: 35 + i, lon: -117, at: '2026-12-06T17:00:03.000Z' }))
      })
    )

    await waitFor(() =>
      expect(teams.map((t) => screen.getByTestId(t.callSign).textContent)).toEqual(
        [0, 1, 2].map((i) => `${35 + i},-117 at 2026-12-06T17:00:03.000Z`)
      )
    )
    // positions refetch nothing
    expect(fetchMock.mock.calls.length).toBe(fetched)
  })
})
