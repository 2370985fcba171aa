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
})
