// The screening questions and the protocol version come from the server (GET /api/triage/protocol), not
// from a protocol.json bundled into the web app: a version activated on the server reaches the form.
import fs from 'node:fs'
import path from 'node:path'
import { render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IntakeForm } from '../../web/dispatch/IntakeForm'
import { fetchProtocol, forgetProtocol } from '../../web/dispatch/questions'
import { protocolInForce } from './fixtures'

const fetchMock = vi.fn()
const protocolGets = () =>
  fetchMock.mock.calls.filter(
    ([url, init]) => String(url) === '/api/triage/protocol' && ((init as RequestInit | undefined)?.method ?? 'GET') === 'GET'
  )
let served = protocolInForce()

beforeEach(() => {
  forgetProtocol()
  served = protocolInForce()
  fetchMock.mockReset()
  fetchMock.mockImplementation(async (url: string) =>
    String(url) === '/api/triage/protocol'
      ? new Response(JSON.stringify(served), { status: 200, headers: { 'content-type': 'application/json' } })
      : new Response('{}', { status: 404 })
  )
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => {
  vi.unstubAllGlobals()
  forgetProtocol()
})

describe('screening questions from the server', () => {
  it('shows the questions as the protocol in force words them, and its version', async () => {
    served = protocolInForce({
      version: 'city-2027.1',
      questions: protocolInForce().questions.map((q) =>
        q.id === 'weapons' ? { ...q, text: 'Does anyone there have a gun, knife or other weapon? (city wording)' } : q
      )
    })
    render(<IntakeForm pick={null} onPick={() => {}} onCreated={() => {}} />)

    expect(
      await screen.findByRole('radiogroup', { name: 'Does anyone there have a gun, knife or other weapon? (city wording)' })
    ).toBeTruthy()
    expect(screen.getAllByRole('radiogroup')).toHaveLength(served.questions.length)
    expect(screen.getByText('(protocol city-2027.1)')).toBeTruthy()
    expect(protocolGets().length).toBeGreaterThan(0)
  })

  it('says so, and offers to try again, when the server cannot be reached', async () => {
    fetchMock.mockImplementation(async () => {
      throw new TypeError('Failed to fetch')
    })
    render(<IntakeForm pick={null} onPick={() => {}} onCreated={() => {}} />)

    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not load the screening questions/)
    expect(screen.queryAllByRole('radiogroup')).toHaveLength(0)
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy()
  })

  it('keeps the last protocol heard for a device that opens offline', async () => {
    await fetchProtocol()
    fetchMock.mockImplementation(async () => {
      throw new TypeError('Failed to fetch')
    })
    render(<IntakeForm pick={null} onPick={() => {}} onCreated={() => {}} />)

    expect(screen.getAllByRole('radiogroup')).toHaveLength(served.questions.length)
    expect((await screen.findByRole('alert')).textContent).toMatch(
      new RegExp(`Showing the questions of protocol ${served.version.replace('.', '\\.')} as last loaded`)
    )
  })

  it('no web source bundles protocol.json', () => {
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
        const p = path.join(dir, d.name)
        return d.isDirectory() ? (d.name === 'dist' ? [] : walk(p)) : /\.(ts|tsx)$/.test(d.name) ? [p] : []
      })
    const web = path.resolve(__dirname, '../../web')
    const importers = walk(web).filter((f) => /protocol\.json/.test(fs.readFileSync(f, 'utf8')))
    expect(importers).toEqual([])
  })
})
