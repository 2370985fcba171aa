// Transfers with a location to confirm: listed with the address and why it was not placed, placed from a found
// candidate or a map click and confirmed (POST …/locate with the source), refetched when a transfer event comes.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LiveEvent } from '../../server/contracts/events'
import type { TransferToLocate } from '../../web/api/geocoding'
import { ToLocate } from '../../web/dispatch/ToLocate'
import { LiveContext } from '../../web/realtime/useLiveEvents'
import type { LiveConnection } from '../../web/realtime/connection'
import { call } from './fixtures'

const ID = '11111111-1111-4111-8111-111111111111'
function held (over: Partial<TransferToLocate> = {}): TransferToLocate {
  return {
    id: ID,
    receivedAt: new Date().toISOString(),
    status: 'waiting',
    address: '517 S Main St, Los Angeles, CA',
    reason: 'approximate',
    reasonText: 'house number 517 not found on Main St',
    candidates: [
      {
        label: 'Main & 5th',
        kind: 'intersection',
        lat: 34.04681,
        lon: -118.24821,
        score: 0.8,
        source: 'local',
        precision: 'street',
        city: 'Los Angeles',
        inCity: true,
        distanceMeters: 300,
        note: 'house number 517 not found on Main St',
        streets: ['Main', '5th']
      }
    ],
    category: 'mental_health',
    response: 'care_team',
    priority: 2,
    waitingMinutes: 3,
    overdue: false,
    position: 1,
    incidentId: 'urn:emergency:uid:incidentid:x:psap',
    callType: 'PERSON IN CRISIS',
    narrative: null,
    callback: '8195551212',
    callId: null,
    dismissReason: null,
    ...over
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const fetchMock = vi.fn()
let list: TransferToLocate[] = []
const posts = () => fetchMock.mock.calls.filter(([u, i]) => String(u).endsWith('/locate') && (i as RequestInit)?.method === 'POST')

beforeEach(() => {
  list = [held()]
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
    const u = String(url)
    if (u === '/api/transfers/to-locate') return json({ items: list })
    if (u.startsWith('/api/geocode/reverse')) {
      return json({
        label: 'near Main & 5th (40 m)',
        corner: null,
        place: null,
        address: null,
        areas: {},
        city: 'Los Angeles',
        inCity: true,
        source: 'local'
      })
    }
    if (u.startsWith('/api/geocode')) return json({ candidates: [] })
    if (u.endsWith('/locate') && init?.method === 'POST') return json(call('c'), 201)
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
    emit: (e: Partial<LiveEvent>) => {
      for (const fn of handlers.get('*') ?? []) fn(e)
    }
  }
}

function Harness ({ pick = null, onLocated = () => {} }: { pick?: { lat: number; lon: number } | null; onLocated?: () => void }) {
  const [placing, setPlacing] = useState<string | null>(null)
  return <ToLocate placing={placing} onPlacing={setPlacing} pick={placing ? pick : null} onChosen={() => {}} onLocated={onLocated} />
}

describe('ToLocate', () => {
  it('shows nothing while no transfer waits', async () => {
    list = []
    const { container } = render(<Harness />)

    await vi.waitFor(() => {
      expect(fetchMock).toHaveBeenCalledWith('/api/transfers/to-locate', expect.anything())
    })

    expect(container.textContent).toBe('')
  })

  it('lists a waiting transfer with its address, why it was not placed and the callback', async () => {
    render(<Harness />)

    const region = await screen.findByRole('region', { name: /Location to confirm/ })

    expect(region.textContent).toContain('517 S Main St, Los Angeles, CA')
    expect(region.textContent).toContain('Not placed: house number 517 not found on Main St')
    expect(screen.getByRole('link', { name: '8195551212' }).getAttribute('href')).toBe('tel:8195551212')
  })

  it('places it at a candidate the geocoder found and confirms it as geocoded, with the label', async () => {
    const onLocated = vi.fn()
    render(<Harness onLocated={onLocated} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Place this call…' }))
    const search = screen.getByRole('combobox', { name: /Where is the caller\?/ })
    expect(document.activeElement).toBe(search)

    fireEvent.click(screen.getByRole('button', { name: 'Main & 5th' }))
    expect(screen.getByText(/^Chosen:/).textContent).toBe('Chosen: Main & 5th Search result')
    fireEvent.click(screen.getByRole('button', { name: 'Confirm location and queue' }))

    await vi.waitFor(() => {
      expect(onLocated).toHaveBeenCalled()
    })
    expect(posts()).toHaveLength(1)
    expect(String(posts()[0][0])).toBe(`/api/transfers/to-locate/${ID}/locate`)
    expect(JSON.parse(String((posts()[0][1] as RequestInit).body))).toEqual({
      location: { lat: 34.04681, lon: -118.24821, source: 'geocoded', label: 'Main & 5th' }
    })
  })

  it('places it with a map click, named by the reverse lookup, as map_click', async () => {
    const onLocated = vi.fn()
    const { rerender } = render(<Harness onLocated={onLocated} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Place this call…' }))

    rerender(<Harness onLocated={onLocated} pick={{ lat: 34.0469, lon: -118.2485 }} />)

    await vi.waitFor(() => {
      expect(screen.getByText(/^Chosen:/).textContent).toBe('Chosen: near Main & 5th (40 m) Map click')
    })
    fireEvent.click(screen.getByRole('button', { name: 'Confirm location and queue' }))
    await vi.waitFor(() => {
      expect(onLocated).toHaveBeenCalled()
    })
    expect(JSON.parse(String((posts()[0][1] as RequestInit).body))).toEqual({
      location: { lat: 34.0469, lon: -118.2485, source: 'map_click', label: 'near Main & 5th (40 m)' }
    })
  })

  it('refuses to confirm before a place is chosen, and says so', async () => {
    render(<Harness />)
    fireEvent.click(await screen.findByRole('button', { name: 'Place this call…' }))

    fireEvent.click(screen.getByRole('button', { name: 'Confirm location and queue' }))

    expect(screen.getByRole('alert').textContent).toBe('Choose a suggestion or click the map first.')
    expect(posts()).toHaveLength(0)
  })

  it('refetches when a transfer event arrives on the live stream', async () => {
    list = []
    const live = fakeConnection()
    render(
      <LiveContext.Provider value={live.conn}>
        <Harness />
      </LiveContext.Provider>
    )
    await vi.waitFor(() => {
      expect(fetchMock).toHaveBeenCalledTimes(1)
    })
    list = [held()]

    act(() => live.emit({ type: 'transfer.held', seq: 9, data: { toLocateId: ID } } as unknown as LiveEvent))

    await screen.findByRole('region', { name: /Location to confirm/ })
    expect(fetchMock.mock.calls.filter(([u]) => u === '/api/transfers/to-locate')).toHaveLength(2)
  })
})
