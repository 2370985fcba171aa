// The public page in jsdom: it asks for the summary with no token, shows both tables with suppressed cells as such and
// the simulated-data notice, and says the dashboard is switched off when the server answers CD_PUBLIC_DASHBOARD_OFF.
import { render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setToken } from '../../web/api/client'
import type { PublicSummary } from '../../web/api/public'
import { PublicDashboard } from '../../web/dashboard/PublicDashboard'
import { PUBLIC_COLUMNS } from '../../server/contracts/public'

const values = (careEligible: number, handled: number | 'suppressed') => {
  const share = handled === 'suppressed' ? ('suppressed' as const) : 1
  return {
    careEligible,
    handledByCareTeam: handled,
    coverage: share,
    responseP50: 11.9,
    responseP90: 32.2,
    resolvedWithoutPolice: handled,
    resolvedWithoutPoliceShare: share,
    followUpsDone: 0
  }
}
const table = (id: string, sliceLabel: string, rows: PublicSummary['weeks']['rows']) => ({
  id,
  title: id,
  sliceLabel,
  columns: [...PUBLIC_COLUMNS],
  rows,
  total: null
})
const summary: PublicSummary = {
  from: '2026-08-31',
  to: '2026-11-29',
  timeZone: 'America/Los_Angeles',
  minCell: 11,
  areaSet: { id: 'lapd_divisions', label: 'LAPD divisions' },
  simulated: true,
  notes: ["Simulated: 11,299 of these calls are the demo's made-up past."],
  weeks: table('public-weeks', 'Week (from Monday)', [{ key: '2026-09-07', label: 'Week of 2026-09-07', values: values(831, 831) }]),
  areas: table('public-areas', 'LAPD divisions', [{ key: 'Harbor', label: 'Harbor', values: values(463, 'suppressed') }])
}

function answer (status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

describe('PublicDashboard', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    setToken(null)
  })

  it('shows the weeks and areas without sending the session, suppressed cells as such, and says the data is simulated', async () => {
    setToken('s3ssion')
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => answer(200, summary))
    vi.stubGlobal('fetch', fetch)

    render(<PublicDashboard />)

    const weeks = await screen.findByRole('group', { name: 'Care-team calls by week' })
    expect(within(weeks).getByRole('row', { name: /Week of 2026-09-07/ }).textContent).toContain('831')
    const harbor = within(screen.getByRole('group', { name: 'Care-team calls by area (LAPD divisions)' })).getByRole('row', {
      name: /Harbor/
    })
    expect(within(harbor).getAllByText('suppressed')).toHaveLength(4)
    expect(screen.getByTestId('public-simulated').textContent).toMatch(/^Simulated data\. .*not real calls/)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(String(fetch.mock.calls[0][0])).toBe('/api/public/summary')
    expect(new Headers(fetch.mock.calls[0][1]?.headers).get('authorization')).toBeNull()
  })

  it('says the dashboard is switched off when the server says so', async () => {
    const off = { statusCode: 404, code: 'CD_PUBLIC_DASHBOARD_OFF', message: 'the public dashboard is switched off' }
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(404, off))
    )

    render(<PublicDashboard />)

    expect((await screen.findByRole('alert')).textContent).toMatch(/switched off on this server/)
    expect(screen.queryByRole('table')).toBeNull()
  })
})
