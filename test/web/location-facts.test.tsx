// A call's location facts: the console shows the label, the source, the nearest corner and the address warning;
// the care team's phone the label and the corner; a call saved before these were kept shows nothing more.
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Call } from '../../web/api/resources'
import { LocationFacts } from '../../web/dispatch/LocationFacts'
import { call } from './fixtures'

const corner = { label: 'Main & 5th', lat: 34.04681, lon: -118.24821, distanceMeters: 40, streets: ['Main', '5th'] }
const located = (over: Partial<Call['location']>): Call['location'] => ({ ...call('a').location, ...over })

describe('LocationFacts', () => {
  it('shows the console the label, where the point came from, the nearest corner and a far address in words', () => {
    render(
      <LocationFacts
        location={located({
          address: 'Figueroa and 5th',
          label: 'near Main & 5th (40 m)',
          source: 'map_click',
          nearestCorner: corner,
          mismatch: { label: 'Figueroa & 5th', lat: 34.0514, lon: -118.2559, distanceMeters: 845 }
        })}
      />
    )

    const text = screen.getByTestId('location-facts').textContent
    expect(text).toContain('Location: near Main & 5th (40 m)')
    expect(text).toContain('Map click')
    expect(text).toContain('Nearest corner: Main & 5th (40 m)')
    expect(text).toContain('Check the location: the address “Figueroa and 5th” was found at Figueroa & 5th, 845 m from the pin.')
  })

  it('shows the phone the label and the nearest corner, without the source or the check', () => {
    render(
      <LocationFacts
        compact
        location={located({
          address: '517 S Main St',
          label: 'Main & 5th',
          source: 'geocoded',
          nearestCorner: { ...corner, distanceMeters: 1240 },
          mismatch: { label: 'x', lat: 0, lon: 0, distanceMeters: 900 }
        })}
      />
    )

    const text = screen.getByTestId('location-facts').textContent
    expect(text).toBe('Location: Main & 5thNearest corner: Main & 5th (1.2 km)')
  })

  it('does not repeat a label that is the address itself', () => {
    render(
      <LocationFacts location={located({ address: 'Main & 5th', label: 'Main & 5th', source: 'geocoded', nearestCorner: null })} />
    )

    expect(screen.getByTestId('location-facts').textContent).toBe('Search result')
  })

  it('shows nothing for a call saved on the phone before labels and corners were kept', () => {
    const old = { ...call('a').location } as Partial<Call['location']>
    delete old.label
    delete old.nearestCorner
    delete old.source
    delete old.mismatch

    const { container } = render(<LocationFacts compact location={old as Call['location']} />)

    expect(container.textContent).toBe('')
  })
})
