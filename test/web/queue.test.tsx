// Queue display: dispatch order from the server, live waiting time, overdue highlighted.
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Queue } from '../../web/dispatch/Queue'
import { queueRows } from '../../web/dispatch/queue-rows'
import { entry } from './fixtures'

describe(queueRows.name, () => {
  it('keeps the server dispatch order, not arrival order', () => {
    const rows = queueRows([entry('c', 3, 3, 40), entry('a', 1, 1, 1), entry('b', 2, 2, 5)], Date.now())

    expect(rows.map((r) => r.entry.call.id[0])).toEqual(['a', 'b', 'c'])
  })

  it('counts the wait from when the call was first received, not from when it came back to the queue', () => {
    const e = entry('a', 1, 2, 14)
    const back = { ...e, waitingMinutes: 0, call: { ...e.call, times: { ...e.call.times, queued: new Date().toISOString() } } }

    const rows = queueRows([back], Date.now())

    expect(Math.floor(rows[0].waitingMinutes)).toBe(14)
  })

  it('orders by the longest wait when asked, whatever the priority', () => {
    const rows = queueRows([entry('a', 1, 1, 2), entry('b', 2, 3, 30), entry('c', 3, 2, 9)], Date.now(), 'waiting')

    expect(rows.map((r) => r.entry.call.id[0])).toEqual(['b', 'c', 'a'])
  })

  it('marks a call overdue once its waiting time passes the target, even if the server said not yet', () => {
    const e = { ...entry('a', 1, 2, 9, 10), overdue: false }

    const later = queueRows([e], Date.now() + 2 * 60_000)

    expect(later[0].overdue).toBe(true)
  })
})

describe('Queue', () => {
  it('lists calls in order and highlights the overdue one', () => {
    render(<Queue entries={[entry('b', 2, 3, 50, 30, 'Second Ave'), entry('a', 1, 1, 12, 10, 'First St')]} onSelect={() => {}} />)

    const items = within(screen.getByRole('list', { name: /dispatch order/i })).getAllByRole('listitem')
    expect(items[0].textContent).toContain('First St')
    expect(items[1].textContent).toContain('Second Ave')
    expect(items[0].className).toContain('overdue')
    expect(items[0].textContent).toContain('OVERDUE')
  })

  it('says how often a call came back and who let it, in words', () => {
    const e = {
      ...entry('a', 1, 2, 14),
      returns: { count: 2, last: { cause: 'ack_timeout' as const, teamId: 't1', at: new Date().toISOString() } }
    }

    render(<Queue entries={[e]} onSelect={() => {}} teamNames={new Map([['t1', 'MEDIC-05']])} />)

    const item = within(screen.getByRole('list', { name: /dispatch order/i })).getAllByRole('listitem')[0]
    expect(item.textContent).toContain('waiting 14 min')
    expect(item.textContent).toContain('back 2×: not acknowledged in time (MEDIC-05)')
  })
})
