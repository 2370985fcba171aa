// The address search box (ARIA 1.2 combobox) from the keyboard, and the intake form's location: a chosen
// suggestion, a map click named by the reverse lookup, typed coordinates, and the typed address far from the pin.
import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Candidate } from '../../web/api/geocoding'
import { AddressSearch } from '../../web/dispatch/AddressSearch'
import { IntakeForm } from '../../web/dispatch/IntakeForm'
import { call } from './fixtures'

const candidate = (label: string, lat: number, lon: number, over: Partial<Candidate> = {}): Candidate => ({
  label,
  kind: 'intersection',
  lat,
  lon,
  score: 1,
  source: 'local',
  precision: 'corner',
  city: 'Los Angeles',
  inCity: true,
  distanceMeters: 1200,
  note: null,
  ...over
})
const MAIN_5TH = candidate('Main & 5th', 34.04681, -118.24821)
const MAIN_5TH_SM = candidate('Main & 5th, Santa Monica', 34.0136, -118.4915, {
  city: 'Santa Monica',
  inCity: false,
  distanceMeters: 24_200
})
const FIGUEROA = candidate('Figueroa & 5th', 34.0514, -118.2559)

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const fetchMock = vi.fn()
const requests = (path: string) => fetchMock.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith(path))

let searchAnswer: Candidate[] = [MAIN_5TH, MAIN_5TH_SM, FIGUEROA]
beforeEach(() => {
  searchAnswer = [MAIN_5TH, MAIN_5TH_SM, FIGUEROA]
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
    const u = String(url)
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
    if (u.startsWith('/api/geocode')) return json({ candidates: searchAnswer })
    if (u === '/api/calls' && init?.method === 'POST') return json(call('c', { status: 'queued' }), 201)
    return json({})
  })
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

function Box ({ onChoose = () => {} }: { onChoose?: (c: Candidate) => void }) {
  const [v, setV] = useState('')
  return (
    <>
      <label htmlFor='a'>Address or landmark</label>
      <AddressSearch
        id='a'
        value={v}
        onChange={setV}
        onChoose={(c) => {
          setV(c.label)
          onChoose(c)
        }}
        near={() => ({ lat: 34.05, lon: -118.25 })}
        debounceMs={0}
      />
    </>
  )
}

async function typeAndWait (box: HTMLElement, text: string) {
  box.focus()
  fireEvent.change(box, { target: { value: text } })
  await vi.waitFor(() => {
    expect(box.getAttribute('aria-expanded')).toBe('true')
  })
}

describe('AddressSearch (combobox)', () => {
  it('is a combobox controlling a listbox, closed until suggestions come', () => {
    render(<Box />)

    const box = screen.getByRole('combobox', { name: 'Address or landmark' })

    expect(box.getAttribute('aria-expanded')).toBe('false')
    expect(box.getAttribute('aria-autocomplete')).toBe('list')
    const list = document.getElementById(box.getAttribute('aria-controls')!)
    expect(list?.getAttribute('role')).toBe('listbox')
    expect(box.hasAttribute('aria-activedescendant')).toBe(false)
  })

  it('asks the geocoder with what was typed and the map view as near, and lists label, kind, distance and city', async () => {
    render(<Box />)
    const box = screen.getByRole('combobox')

    await typeAndWait(box, 'main and 5th')

    expect(requests('/api/geocode?')[0]).toBe('/api/geocode?q=main+and+5th&near=34.05000%2C-118.25000&limit=8')
    const options = screen.getAllByRole('option')
    expect(options.map((o) => o.textContent)).toEqual([
      'Main & 5thcorner · 1.2 km',
      'Main & 5th, Santa Monicacorner · 24 km',
      'Figueroa & 5thcorner · 1.2 km'
    ])
    expect(screen.getByRole('status').textContent).toMatch(/^3 suggestions/)
  })

  it('moves through the suggestions with the arrows, wrapping, with the active one as aria-activedescendant', async () => {
    render(<Box />)
    const box = screen.getByRole('combobox')
    await typeAndWait(box, 'main and 5th')
    const options = screen.getAllByRole('option')

    fireEvent.keyDown(box, { key: 'ArrowDown' })
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0].id)
    expect(options[0].getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    expect(box.getAttribute('aria-activedescendant')).toBe(options[2].id)
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0].id)
    fireEvent.keyDown(box, { key: 'ArrowUp' })
    expect(box.getAttribute('aria-activedescendant')).toBe(options[2].id)
    expect(options[0].getAttribute('aria-selected')).toBe('false')
    expect(document.activeElement).toBe(box)
  })

  it('chooses the active suggestion on Enter: the box takes its label and the list closes', async () => {
    const onChoose = vi.fn()
    render(<Box onChoose={onChoose} />)
    const box = screen.getByRole('combobox') as HTMLInputElement
    await typeAndWait(box, 'main and 5th')

    fireEvent.keyDown(box, { key: 'ArrowDown' })
    const notCancelled = fireEvent.keyDown(box, { key: 'Enter' })

    expect(notCancelled).toBe(false)
    expect(onChoose).toHaveBeenCalledWith(MAIN_5TH)
    expect(box.value).toBe('Main & 5th')
    expect(box.getAttribute('aria-expanded')).toBe('false')
    expect(box.hasAttribute('aria-activedescendant')).toBe(false)
  })

  it('closes on Escape without choosing or changing the text', async () => {
    const onChoose = vi.fn()
    render(<Box onChoose={onChoose} />)
    const box = screen.getByRole('combobox') as HTMLInputElement
    await typeAndWait(box, 'main and 5th')
    fireEvent.keyDown(box, { key: 'ArrowDown' })

    fireEvent.keyDown(box, { key: 'Escape' })

    expect(box.getAttribute('aria-expanded')).toBe('false')
    expect(box.value).toBe('main and 5th')
    expect(onChoose).not.toHaveBeenCalled()
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    expect(box.getAttribute('aria-expanded')).toBe('true')
  })

  it('chooses nothing on Enter while no suggestion is active', async () => {
    const onChoose = vi.fn()
    render(<Box onChoose={onChoose} />)
    const box = screen.getByRole('combobox')
    await typeAndWait(box, 'main and 5th')

    const notCancelled = fireEvent.keyDown(box, { key: 'Enter' })

    expect(notCancelled).toBe(true)
    expect(onChoose).not.toHaveBeenCalled()
    expect(box.getAttribute('aria-expanded')).toBe('true')
  })

  it('says so when nothing matches, and opens no list', async () => {
    searchAnswer = []
    render(<Box />)
    const box = screen.getByRole('combobox')
    box.focus()

    fireEvent.change(box, { target: { value: 'zzyzx and qqq' } })

    await vi.waitFor(() => {
      expect(screen.getByRole('status').textContent).toBe(
        'No address, corner or place found for "zzyzx and qqq". Click the map or type coordinates.'
      )
    })
    expect(box.getAttribute('aria-expanded')).toBe('false')
  })
})

function Intake ({ initial = null }: { initial?: { lat: number; lon: number } | null }) {
  const [pick, setPick] = useState(initial)
  return (
    <>
      <IntakeForm pick={pick} onPick={setPick} onCreated={() => {}} />
      <button type='button' onClick={() => setPick({ lat: 34.0469, lon: -118.2485 })}>
        map click
      </button>
    </>
  )
}
const addressBox = () => screen.getByRole('combobox', { name: 'Address or landmark' })
const sentCall = async () => {
  await vi.waitFor(() => {
    expect(fetchMock.mock.calls.some(([u, i]) => u === '/api/calls' && (i as RequestInit)?.method === 'POST')).toBe(true)
  })
  const [, init] = fetchMock.mock.calls.find(([u, i]) => u === '/api/calls' && (i as RequestInit)?.method === 'POST')!
  return JSON.parse(String((init as RequestInit).body))
}

describe('IntakeForm location', () => {
  it('sets the pin from a chosen suggestion and sends source geocoded with its label', async () => {
    render(<Intake />)
    const box = screen.getByRole('combobox', { name: 'Address or landmark' })
    await typeAndWait(box, 'main and 5th')

    fireEvent.keyDown(box, { key: 'ArrowDown' })
    fireEvent.keyDown(box, { key: 'Enter' })

    expect((screen.getByLabelText('Latitude') as HTMLInputElement).value).toBe('34.04681')
    expect((screen.getByLabelText('Longitude') as HTMLInputElement).value).toBe('-118.24821')
    expect(screen.getByTestId('location-source').textContent).toBe('Search result')
    fireEvent.change(screen.getByLabelText('Narrative'), { target: { value: 'man in the street shouting, no weapon' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))
    expect((await sentCall()).location).toEqual({
      lat: 34.04681,
      lon: -118.24821,
      address: 'Main & 5th',
      source: 'geocoded',
      label: 'Main & 5th'
    })
  })

  it('fills the address from a map click with the reverse lookup, source map_click', async () => {
    render(<Intake />)

    fireEvent.click(screen.getByRole('button', { name: 'map click' }))

    await vi.waitFor(() => {
      expect((addressBox() as HTMLInputElement).value).toBe('near Main & 5th (40 m)')
    })
    expect(requests('/api/geocode/reverse')).toEqual(['/api/geocode/reverse?lat=34.0469&lon=-118.2485'])
    expect(screen.getByTestId('location-source').textContent).toBe('Map click')
    fireEvent.change(screen.getByLabelText('Narrative'), { target: { value: 'woman confused' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))
    expect((await sentCall()).location).toEqual({
      lat: 34.0469,
      lon: -118.2485,
      address: 'near Main & 5th (40 m)',
      source: 'map_click',
      label: 'near Main & 5th (40 m)'
    })
  })

  it('keeps an address the dispatcher typed when the map is clicked', async () => {
    render(<Intake />)
    fireEvent.change(addressBox(), { target: { value: 'behind the library' } })

    fireEvent.click(screen.getByRole('button', { name: 'map click' }))

    await vi.waitFor(() => {
      expect(screen.getByTestId('location-source').textContent).toBe('Map click')
    })
    await vi.waitFor(() => {
      expect(requests('/api/geocode/reverse')).toHaveLength(1)
    })
    expect((addressBox() as HTMLInputElement).value).toBe('behind the library')
  })

  it('sends typed coordinates as typed_coordinates, with no label', async () => {
    render(<Intake />)
    fireEvent.change(screen.getByLabelText('Latitude'), { target: { value: '34.05223' } })
    fireEvent.change(screen.getByLabelText('Longitude'), { target: { value: '-118.24368' } })
    expect(screen.getByTestId('location-source').textContent).toBe('Typed coordinates')
    fireEvent.change(screen.getByLabelText('Narrative'), { target: { value: 'man talking to himself' } })

    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))

    expect((await sentCall()).location).toEqual({ lat: 34.05223, lon: -118.24368, source: 'typed_coordinates' })
  })

  it('warns in words when the typed address is found over 500 m from the pin, and moves the pin there on request', async () => {
    searchAnswer = [FIGUEROA]
    render(<Intake initial={{ lat: 34.0469, lon: -118.2485 }} />)

    fireEvent.change(addressBox(), { target: { value: 'Figueroa and 5th' } })

    const warning = document.getElementById('location-warning')!
    expect(warning.getAttribute('role')).toBe('status')
    await vi.waitFor(
      () => {
        expect(warning.textContent).toMatch(/^Check the location: “Figueroa and 5th” is at Figueroa & 5th, 845 m from the pin\./)
      },
      { timeout: 3000 }
    )
    expect(addressBox().getAttribute('aria-describedby')).toBe('location-warning')
    fireEvent.click(screen.getByRole('button', { name: 'Move the pin there' }))
    expect((screen.getByLabelText('Latitude') as HTMLInputElement).value).toBe('34.0514')
    expect(warning.textContent).toBe('')
    expect(screen.getByTestId('location-source').textContent).toBe('Search result')
  })

  it('does not warn when the typed address is near the pin', async () => {
    searchAnswer = [MAIN_5TH]
    render(<Intake initial={{ lat: 34.0469, lon: -118.2485 }} />)

    fireEvent.change(addressBox(), { target: { value: 'Main and 5th' } })

    await vi.waitFor(
      () => {
        expect(requests('/api/geocode?q=Main+and+5th&near=34.04690').length).toBeGreaterThan(0)
      },
      { timeout: 3000 }
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(document.getElementById('location-warning')!.textContent).toBe('')
  })
})
