// Facilities on the web: a facility's staff send capacity in two taps (the number, then accepting or not); the transport
// step lists the call's kinds nearest first with capacity and its age, chooses one, and follows a capacity update live.
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LiveEvent } from '../../server/contracts/events'
import type { Capacity, Facility } from '../../server/contracts/facilities'
import { CapacityPage } from '../../web/facilities/CapacityPage'
import { Destinations } from '../../web/facilities/Destinations'
import { LiveContext } from '../../web/realtime/useLiveEvents'
import type { LiveConnection } from '../../web/realtime/connection'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const FAC_ID = '00000000-0000-4000-8000-0000000000f1'

function capacity (c: Partial<Capacity> = {}): Capacity {
  const at = new Date().toISOString()
  return {
    available: 2,
    accepting: true,
    note: null,
    updatedAt: at,
    updatedBy: 'Night nurse',
    ageMinutes: 12,
    stale: false,
    demo: false,
    ...c
  }
}

function facility (n: number, c: Partial<Capacity> = {}, f: Partial<Facility> = {}): Facility {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    name: `Centre ${n}`,
    kind: 'crisis_stabilisation',
    address: `${n} Main St`,
    lat: 34.05,
    lon: -118.25,
    phone: null,
    hours: '24/7',
    accepts: [],
    capacity: capacity(c),
    retired: false,
    version: 1,
    distanceMiles: n,
    etaMinutes: n * 3,
    ...f
  }
}

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
    emit: (e: Partial<LiveEvent>) => {
      for (const fn of handlers.get('*') ?? []) fn(e)
    }
  }
}

const fetchMock = vi.fn()
beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('CapacityPage', () => {
  it('sends the number tapped with "accepting" on the second tap, and says it was sent', async () => {
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') return json(facility(1, { ...JSON.parse(String(init.body)), ageMinutes: 0 }, { id: FAC_ID }))
      return json(facility(1, { updatedAt: null, ageMinutes: null, stale: true, available: null, accepting: null }, { id: FAC_ID }))
    })
    render(
      <CapacityPage
        user={{ id: 'u', email: 's@x', name: 'Staff', role: 'facility', teamId: null, facilityId: FAC_ID, active: true, createdAt: '' }}
      />
    )
    await screen.findByRole('heading', { name: 'Centre 1' })
    expect(screen.getByText(/Your last report is old or missing/)).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Accepting: send' }) as HTMLButtonElement).disabled).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: '4' }))
    fireEvent.click(screen.getByRole('button', { name: 'Accepting: send' }))

    await screen.findByText('Sent: 4 free, accepting. Teams and dispatch see it now.')
    const posts = fetchMock.mock.calls.filter(([, i]) => (i as RequestInit | undefined)?.method === 'POST')
    expect(posts).toHaveLength(1)
    expect(posts[0][0]).toBe(`/api/facilities/${FAC_ID}/capacity`)
    expect(JSON.parse(String((posts[0][1] as RequestInit).body))).toEqual({ available: 4, accepting: true, note: null })
  })
})

describe('Destinations', () => {
  it("lists the call's kinds nearest first with capacity and its age, chooses one, and follows a capacity update", async () => {
    let list = [facility(1), facility(2, { available: 0 }), facility(3, { stale: true, ageMinutes: 300, demo: true })]
    fetchMock.mockImplementation(async () => json(list))
    const live = fakeConnection()
    const chosen: Facility[] = []
    render(
      <LiveContext.Provider value={live.conn}>
        <Destinations idPrefix='t' category='substance_use' near={{ lat: 34.06, lon: -118.24 }} onChoose={(f) => chosen.push(f)} />
      </LiveContext.Provider>
    )

    const items = within(await screen.findByRole('list', { name: /nearest by travel time/ })).getAllByRole('listitem')
    expect(String(fetchMock.mock.calls[0][0])).toBe(
      '/api/facilities?kind=sobering_centre%2Cdetox%2Ccrisis_stabilisation&near=34.06%2C-118.24&limit=8'
    )
    expect(items.map((li) => li.querySelector('.capacity')!.textContent)).toEqual([
      '2 free · accepting · 12 min ago by Night nurse',
      'Full · 12 min ago by Night nurse',
      '2 free · accepting · stale: 5 h ago (demo figure)'
    ])
    fireEvent.click(screen.getByRole('button', { name: 'Take there: Centre 1' }))
    expect(chosen.map((f) => f.id)).toEqual([facility(1).id])

    list = [facility(1, { available: 0, accepting: false, ageMinutes: 0 })]
    act(() => live.emit({ type: 'facility.capacity_updated', seq: 5, data: { facilityId: facility(1).id } } as unknown as LiveEvent))

    await screen.findByText('Not accepting')
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })
})
