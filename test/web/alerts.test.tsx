// Alerts: urgent ones first; many stale team locations fold into one alert so the queue stays in sight.
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Alerts, STALE_SHOWN_SINGLY } from '../../web/dispatch/Alerts'
import type { Alert } from '../../web/dispatch/useDispatchData'
import { call, team } from './fixtures'

const noAck: Alert = { key: 'a1', kind: 'ack_timeout', text: 'Assignment not acknowledged', callId: null, at: new Date().toISOString() }

describe('Alerts', () => {
  it('lists a few stale teams one by one', () => {
    render(<Alerts events={[]} queue={[]} calls={[]} teams={[team(1, 9), team(2, 12)]} onSelect={() => {}} onDismiss={() => {}} />)

    const items = within(screen.getByRole('log')).getAllByRole('listitem')
    expect(items.map((li) => li.textContent)).toEqual(['STALE CRISIS-01 location 9m old', 'STALE CRISIS-02 location 12m old'])
    expect(screen.getByText('2', { selector: '.badge' })).toBeTruthy()
  })

  it('folds many stale teams into one alert, after the urgent ones, that opens to the list', () => {
    const teams = Array.from({ length: 22 }, (_, i) => team(i + 1, 9 + (i === 5 ? 20 : 0)))
    render(<Alerts events={[noAck]} queue={[]} calls={[]} teams={teams} onSelect={() => {}} onDismiss={() => {}} />)

    const log = screen.getByRole('log')
    const top = Array.from(log.querySelector(':scope > ul')!.children)
    expect(teams.length).toBeGreaterThan(STALE_SHOWN_SINGLY)
    expect(top).toHaveLength(2)
    expect(top[0].textContent).toContain('NO ACK')
    expect(top[1].querySelector('summary')!.textContent).toBe('STALE 22 team locations, oldest 29m old')
    expect(top[1].querySelectorAll('.stale-list li')).toHaveLength(22)
    expect(screen.getByText('2', { selector: '.badge' })).toBeTruthy()
  })

  it('raises a backup request from the call itself, saying who and where, so a reload keeps it until the call ends', () => {
    const asked = new Date(Date.now() - 3 * 60_000).toISOString()
    const t = team(7, 0)
    const onScene = call('a', {
      status: 'on_scene',
      teamId: t.id,
      address: '500 W Temple St',
      backupRequestedAt: asked,
      backupReason: 'police: person now has a knife'
    })
    const closed = call('b', { status: 'closed', teamId: t.id, backupRequestedAt: asked, backupReason: 'old' })
    render(<Alerts events={[]} queue={[]} calls={[onScene, closed]} teams={[t]} onSelect={() => {}} onDismiss={() => {}} />)

    const items = within(screen.getByRole('log')).getAllByRole('listitem')
    expect(items).toHaveLength(1)
    expect(items[0].textContent).toMatch(/^BACKUP CRISIS-07 at 500 W Temple St \(Central\), 3m ago: police: person now has a knife/)
  })
})
