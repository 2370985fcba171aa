// Typed coordinates: the parser, and the intake form's latitude/longitude fields as a dispatcher types them.
import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { IntakeForm } from '../../web/dispatch/IntakeForm'
import { isValidPoint, parseCoordinate, parsePair } from '../../web/lib/coords'

describe('parseCoordinate', () => {
  it.each([
    ['34.0522', 'lat', 34.0522],
    ['-118.2437', 'lon', -118.2437],
    [' 34,05 ', 'lat', 34.05],
    ['+90', 'lat', 90],
    ['.5', 'lon', 0.5]
  ] as const)('reads %j as %s %d', (text, axis, value) => {
    expect(parseCoordinate(text, axis)).toBe(value)
  })

  it.each([
    ['', 'lat', /Latitude is empty/],
    ['34.05.1', 'lat', /Latitude must be a number/],
    ['-', 'lon', /Longitude must be a number/],
    ['1e3', 'lat', /Latitude must be a number/],
    ['91', 'lat', /between -90 and 90/],
    ['-181', 'lon', /between -180 and 180/]
  ] as const)('refuses %j as %s, naming the field', (text, axis, message) => {
    expect(parseCoordinate(text, axis)).toMatch(message)
  })

  it('reads a pasted pair and refuses half of one', () => {
    expect(parsePair('34.0522, -118.2437')).toEqual({ lat: 34.0522, lon: -118.2437 })
    expect(parsePair('34.0522 -118.2437')).toEqual({ lat: 34.0522, lon: -118.2437 })
    expect(parsePair('34.0522')).toBeNull()
    expect(parsePair('340522, -118')).toBeNull()
  })

  it('tells which points a map can draw', () => {
    expect(isValidPoint({ lat: 34, lon: -118 })).toBe(true)
    expect(isValidPoint({ lat: 340522, lon: Number.NaN })).toBe(false)
    expect(isValidPoint(null)).toBe(false)
  })
})

function Harness ({ seen }: { seen: Array<{ lat: number; lon: number } | null> }) {
  const [pick, setPick] = useState<{ lat: number; lon: number } | null>(null)
  return (
    <IntakeForm
      pick={pick}
      onPick={(p) => {
        seen.push(p)
        setPick(p)
      }}
      onCreated={() => {}}
    />
  )
}

/** Types into a controlled input one key at a time, each key appended to what the field shows now. */
function type (input: HTMLInputElement, text: string): void {
  for (const ch of text) fireEvent.change(input, { target: { value: input.value + ch } })
}

describe('IntakeForm coordinates', () => {
  it('keeps the decimal point while a latitude is typed, and sets the point once both fields read', () => {
    const seen: Array<{ lat: number; lon: number } | null> = []
    render(<Harness seen={seen} />)
    const lat = screen.getByLabelText('Latitude') as HTMLInputElement
    const lon = screen.getByLabelText('Longitude') as HTMLInputElement

    type(lat, '34.0522')
    type(lon, '-118.2437')

    expect(lat.value).toBe('34.0522')
    expect(lon.value).toBe('-118.2437')
    expect(seen.at(-1)).toEqual({ lat: 34.0522, lon: -118.2437 })
    expect(seen.every((p) => p === null || isValidPoint(p))).toBe(true)
  })

  it('names the field that is wrong and sets no point', () => {
    const seen: Array<{ lat: number; lon: number } | null> = []
    render(<Harness seen={seen} />)
    const lat = screen.getByLabelText('Latitude') as HTMLInputElement
    type(lat, '340522')
    type(screen.getByLabelText('Longitude') as HTMLInputElement, '-118.24')

    expect(screen.getByText('Latitude must be between -90 and 90')).toBeTruthy()
    expect(lat.getAttribute('aria-invalid')).toBe('true')
    expect(seen.at(-1)).toBeNull()
  })

  it('splits a pair pasted into the latitude field', () => {
    const seen: Array<{ lat: number; lon: number } | null> = []
    render(<Harness seen={seen} />)

    fireEvent.change(screen.getByLabelText('Latitude'), { target: { value: '34.0522, -118.2437' } })

    expect((screen.getByLabelText('Longitude') as HTMLInputElement).value).toBe('-118.2437')
    expect(seen.at(-1)).toEqual({ lat: 34.0522, lon: -118.2437 })
  })
})
