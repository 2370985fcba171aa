// The phone's safety notes and backup bar: screening answers as the team needs them; an unsent backup says so loudly.
import { render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BackupButton, Screening } from '../../web/field/CareTeamView'
import { forgetProtocol } from '../../web/dispatch/questions'
import { protocolInForce } from './fixtures'

// The questions' labels come from the server (GET /api/triage/protocol), as the protocol in force words them.
beforeEach(() => {
  forgetProtocol()
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(protocolInForce()), { status: 200, headers: { 'content-type': 'application/json' } }))
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  forgetProtocol()
})

describe('Screening', () => {
  it('names concerns, including a "no" to breathing normally, before what was ruled out and what was not asked', async () => {
    render(<Screening answers={{ weapons: 'no', violence: 'yes', breathingConscious: 'no', injuries: 'unknown' }} />)

    expect((await screen.findByText(/Concerns:/)).parentElement!.textContent).toBe(
      'Concerns: violence or threats, breathing and consciousness: NO'
    )
    expect(screen.getByText(/Ruled out:/).parentElement!.textContent).toBe('Ruled out: no weapons')
    const unknown = screen.getByText(/Not asked or unknown:/).parentElement!.textContent!
    expect(unknown).toContain('injuries')
    expect(unknown).not.toContain('weapons')
  })

  it('says nothing is a concern when every answer is the safe one', async () => {
    render(<Screening answers={{ weapons: 'no', breathingConscious: 'yes' }} />)

    await screen.findByText(/Ruled out:/)
    expect(screen.queryByText(/Concerns:/)).toBeNull()
    expect(screen.getByText(/Ruled out:/).parentElement!.textContent).toBe('Ruled out: no weapons, breathing and consciousness normal')
  })
})

describe('BackupButton', () => {
  it('tells the team to use the radio while a backup request waits for a connection', () => {
    const { rerender } = render(<BackupButton pending={false} onRequest={() => {}} />)
    expect(screen.queryByRole('alert')).toBeNull()

    rerender(<BackupButton pending onRequest={() => {}} />)

    expect(screen.getByRole('button').textContent).toBe('BACKUP REQUESTED (not sent yet)')
    expect(screen.getByRole('alert').textContent).toBe('Not sent: no connection. If you need help now, use the radio or call dispatch.')
  })
})
