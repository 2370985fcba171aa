// Alerts: urgent ones first; many stale team locations fold into one alert so the queue stays in sight.
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Team } from '../../web/api/resources'
import { Alerts, STALE_SHOWN_SINGLY } from '../../web/dispatch/Alerts'
import type { Alert } from '../../web/dispatch/useDispatchData'

function team (n: number, minutesOld: number): Team {
  const at = new Date(Date.now() - minutesOld * 60_000).toISOString()
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    callSign: `CRISIS-${String(n).padStart(2, '0')}`,
    kind: 'crisis',
    capabilities: ['mental_health'],
    languages: ['en'],
    base: null,
    status: 'available',
    onShift: true,
    shiftStartedAt: null,
    shiftEndsAt: null,
    position: { lat: 34, lon: -118, at, ageSeconds: minutesOld * 60, stale: true },
    currentCallId: null,
    statusChangedAt: at,
    version: 1,
    updatedAt: at
  }
}

const backup: Alert = { key: 'b1', kind: 'backup', text: 'CRISIS-01 asks for police', callId: null, at: new Date().toISOString() }

describe('Alerts', () => {
  it('lists a few stale teams one by one', () => {
    render(<Alerts events={[]} queue={[]} teams={[team(1, 9), team(2, 12)]} onSelect={() => {}} onDismiss={() => {}} />)

    const items = within(screen.getByRole('log')).getAllByRole('listitem')
    expect(items.map((li) => li.textContent)).toEqual(['STALE CRISIS-01 location 9m old', 'STALE CRISIS-02 location 12m old'])
    expect(screen.getByText('2', { selector: '.badge' })).toBeTruthy()
  })

  it('folds many stale teams into one alert, after the urgent ones, that opens to the list', () => {
    const teams = Array.from({ length: 22 }, (_, i) => team(i + 1, 9 + (i === 5 ? 20 : 0)))
    render(<Alerts events={[backup]} queue={[]} teams={teams} onSelect={() => {}} onDismiss={() => {}} />)

    const log = screen.getByRole('log')
    const top = Array.from(log.children)
    expect(teams.length).toBeGreaterThan(STALE_SHOWN_SINGLY)
    expect(top).toHaveLength(2)
    expect(top[0].textContent).toContain('BACKUP')
    expect(top[1].querySelector('summary')!.textContent).toBe('STALE 22 team locations, oldest 29m old')
    expect(top[1].querySelectorAll('.stale-list li')).toHaveLength(22)
    expect(screen.getByText('2', { selector: '.badge' })).toBeTruthy()
  })
})
