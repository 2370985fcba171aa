// The intake form from the keyboard: Enter never sends a half-taken call; an empty call is refused with a reason.
import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IntakeForm } from '../../web/dispatch/IntakeForm'
import { call } from './fixtures'

const fetchMock = vi.fn()
const posts = () =>
  fetchMock.mock.calls.filter(
    ([url, init]) => String(url).endsWith('/api/calls') && (init as RequestInit | undefined)?.method === 'POST'
  )

beforeEach(() => {
  fetchMock.mockReset()
  fetchMock.mockImplementation(
    async () =>
      new Response(JSON.stringify(call('c', { status: 'queued' })), { status: 201, headers: { 'content-type': 'application/json' } })
  )
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

function Harness ({ onCreated = () => {} }: { onCreated?: () => void }) {
  const [pick, setPick] = useState<{ lat: number; lon: number } | null>({ lat: 34.05, lon: -118.25 })
  return <IntakeForm pick={pick} onPick={setPick} onCreated={onCreated} />
}

describe('IntakeForm from the keyboard', () => {
  it('does not create a call when Enter is pressed in a field', () => {
    render(<Harness />)
    fireEvent.change(screen.getByLabelText('Narrative'), { target: { value: 'man shouting, confused' } })
    const address = screen.getByLabelText('Address or landmark')
    fireEvent.change(address, { target: { value: '14500 Sherman Way' } })

    const notCancelled = fireEvent.keyDown(address, { key: 'Enter' })

    expect(notCancelled).toBe(false)
    expect(posts()).toHaveLength(0)
  })

  it('refuses a call with neither narrative nor call type, says why and puts the cursor in the narrative', () => {
    render(<Harness />)

    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))

    expect(screen.getByText('Describe the call: type the narrative or the upstream call type.')).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByLabelText('Narrative'))
    expect(posts()).toHaveLength(0)
  })

  it('creates the call on Ctrl+Enter from the narrative', async () => {
    const onCreated = vi.fn()
    render(<Harness onCreated={onCreated} />)
    const narrative = screen.getByLabelText('Narrative')
    fireEvent.change(narrative, { target: { value: 'man on the corner talking to himself, no weapons' } })

    fireEvent.keyDown(narrative, { key: 'Enter', ctrlKey: true })

    await vi.waitFor(() => {
      expect(onCreated).toHaveBeenCalled()
    })
    expect(posts()).toHaveLength(1)
  })
})

describe('IntakeForm for a young person', () => {
  it('refuses an age that is not a whole number of years, naming the field, and sends nothing', () => {
    render(<Harness />)
    fireEvent.change(screen.getByLabelText('Narrative'), { target: { value: 'student crying' } })
    fireEvent.change(screen.getByLabelText(/Person's age/), { target: { value: '14.5' } })

    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))

    expect(screen.getByRole('alert').textContent).toMatch(/^Age: a whole number of years/)
    expect(document.activeElement).toBe(screen.getByLabelText(/Person's age/))
    expect(posts()).toHaveLength(0)
  })

  it("shows the guardian's callback for a young person and sends the age, place and guardian", async () => {
    const onCreated = vi.fn()
    render(<Harness onCreated={onCreated} />)
    expect(screen.queryByLabelText("Guardian's callback")).toBeNull()
    fireEvent.change(screen.getByLabelText('Narrative'), { target: { value: 'student crying, will not go back to class' } })
    fireEvent.change(screen.getByLabelText(/Person's age/), { target: { value: '15' } })
    fireEvent.change(screen.getByLabelText('Kind of place'), { target: { value: 'school' } })
    fireEvent.change(screen.getByLabelText("Guardian's callback"), { target: { value: '(213) 555-0142' } })

    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))

    await vi.waitFor(() => {
      expect(onCreated).toHaveBeenCalled()
    })
    const body = JSON.parse(String((posts()[0][1] as RequestInit).body))
    expect(body).toMatchObject({ personAge: 15, placeKind: 'school', guardianCallback: '(213) 555-0142' })
  })
})

describe('IntakeForm with optional fields left empty', () => {
  it('sends no age, place, guardian, callback or call type when those fields are empty', async () => {
    const onCreated = vi.fn()
    render(<Harness onCreated={onCreated} />)
    fireEvent.change(screen.getByLabelText('Narrative'), {
      target: { value: 'man on the corner talking to himself, says he hears voices, no weapons' }
    })

    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))

    await vi.waitFor(() => {
      expect(onCreated).toHaveBeenCalled()
    })
    const body = JSON.parse(String((posts()[0][1] as RequestInit).body))
    for (const k of ['personAge', 'placeKind', 'guardianCallback', 'callback', 'callType']) expect(body).not.toHaveProperty(k)
  })

  it('sends an age of 0 typed on purpose (an infant) as 0', async () => {
    const onCreated = vi.fn()
    render(<Harness onCreated={onCreated} />)
    fireEvent.change(screen.getByLabelText('Narrative'), { target: { value: 'mother overwhelmed, baby will not stop crying' } })
    fireEvent.change(screen.getByLabelText(/Person's age/), { target: { value: '0' } })

    fireEvent.click(screen.getByRole('button', { name: 'Create call' }))

    await vi.waitFor(() => {
      expect(onCreated).toHaveBeenCalled()
    })
    expect(JSON.parse(String((posts()[0][1] as RequestInit).body)).personAge).toBe(0)
  })
})
