// The phone's screening summary: concerns first, then what was ruled out, then what nobody asked.
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Screening } from '../../web/field/CareTeamView'

describe('Screening', () => {
  it('names concerns, including a "no" to breathing normally, before what was ruled out and what was not asked', () => {
    render(<Screening answers={{ weapons: 'no', violence: 'yes', breathingConscious: 'no', injuries: 'unknown' }} />)

    expect(screen.getByText(/Concerns:/).parentElement!.textContent).toBe('Concerns: violence or threats, breathing and consciousness: NO')
    expect(screen.getByText(/Ruled out:/).parentElement!.textContent).toBe('Ruled out: no weapons')
    const unknown = screen.getByText(/Not asked or unknown:/).parentElement!.textContent!
    expect(unknown).toContain('injuries')
    expect(unknown).not.toContain('weapons')
  })

  it('says nothing is a concern when every answer is the safe one', () => {
    render(<Screening answers={{ weapons: 'no', breathingConscious: 'yes' }} />)

    expect(screen.queryByText(/Concerns:/)).toBeNull()
    expect(screen.getByText(/Ruled out:/).parentElement!.textContent).toBe('Ruled out: no weapons, breathing and consciousness normal')
  })
})
