// The reports page in jsdom: suppressed cells read "suppressed" (never 0), the map's classes and colours, a month
// filter asks the server for that month, and CSV downloads carry the session.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setToken } from '../../web/api/client'
import type { DataRanges, EquityReport, ReportTable as Table } from '../../web/api/reports'
import { classify, formatCell, PALETTE } from '../../web/reports/figures'
import { ReportTable } from '../../web/reports/ReportTable'
import { ReportsPage } from '../../web/reports/ReportsPage'

const table: Table = {
  id: 'equity-areas',
  title: 'Areas ranked',
  sliceLabel: 'Council districts',
  columns: [
    { id: 'calls', label: 'Calls', unit: 'calls', description: '' },
    { id: 'responseP90', label: 'Response p90 (min)', unit: 'minutes', description: '' },
    { id: 'resolvedWithoutPoliceShare', label: 'Resolved without police (share)', unit: 'share', description: '' }
  ],
  rows: [
    { key: 'CD 1', label: 'CD 1', values: { calls: 120, responseP90: 31.26, resolvedWithoutPoliceShare: 0.9583 } },
    {
      key: 'CD 2',
      label: 'CD 2',
      values: { calls: 'suppressed', responseP90: 'suppressed', resolvedWithoutPoliceShare: 'suppressed' }
    },
    { key: 'CD 3', label: 'CD 3', values: { calls: 0, responseP90: null, resolvedWithoutPoliceShare: null } }
  ],
  total: null
}

function json (body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('ReportTable', () => {
  it('shows a suppressed cell as suppressed, never as zero, and a missing figure as a dash', () => {
    render(<ReportTable table={table} caption='Council districts ranked' />)

    const rows = within(screen.getByRole('group', { name: 'Council districts ranked' })).getAllByRole('row')
    const cd2 = within(rows[2]).getAllByRole('cell')
    expect(cd2.map((c) => c.textContent)).toEqual(['suppressed', 'suppressed', 'suppressed'])
    expect(cd2[0].className).toBe('suppressed')
    expect(cd2[0].getAttribute('title')).toBe('fewer than 5 calls')
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual(['120', '31.3', '95.8%'])
    expect(
      within(rows[3])
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual(['0', '–', '–'])
  })
})

describe(classify.name, () => {
  it('makes five equal classes, darker for worse', () => {
    const c = classify([10, 20, 30, 60], true)

    expect(c.breaks).toEqual([10, 20, 30, 40, 50, 60])
    expect(c.colorOf(10)).toBe(PALETTE[0])
    expect(c.colorOf(60)).toBe(PALETTE[4])
    expect(classify([0.5, 1], false).colorOf(0.5)).toBe(PALETTE[4])
  })

  it('formats figures by their unit', () => {
    expect([
      formatCell(0.25, 'share'),
      formatCell(12.345, 'minutes'),
      formatCell(1, 'flag'),
      formatCell('suppressed', 'calls')
    ]).toEqual(['25.0%', '12.3', 'yes', 'suppressed'])
  })
})

describe('ReportsPage', () => {
  const equity: EquityReport = {
    report: 'equity',
    by: 'area',
    areaSet: 'council_districts',
    from: null,
    to: null,
    source: 'both',
    responses: 'care',
    category: null,
    area: null,
    timeZone: 'America/Los_Angeles',
    minCell: 5,
    notes: [],
    days: 30,
    areas: table,
    groups: {
      ...table,
      id: 'equity-groups',
      rows: [
        {
          key: 'high_need',
          label: 'High-need areas (1)',
          values: { calls: 120, responseP90: 31.26, resolvedWithoutPoliceShare: 0.9583 }
        },
        { key: 'rest', label: 'Other areas (2)', values: { calls: 9, responseP90: 14, resolvedWithoutPoliceShare: 1 } }
      ]
    }
  }
  const empty = { ...equity, table: { ...table, rows: [] } }
  // the unmet-demand section's answer for a period with no eligible call: every table empty, as the server sends it
  const none = (id: string): Table => ({ ...table, id, rows: [], total: null })
  const unmet = {
    ...empty,
    report: 'unmet',
    reasons: [{ id: 'all_teams_busy', label: 'All teams busy' }],
    table: none('unmet'),
    coverage: { area: none('by-area'), hour: none('by-hour'), weekday: none('by-weekday'), week: none('by-week') },
    heat: none('heat')
  }

  const followUps = {
    from: null,
    to: null,
    timeZone: 'America/Los_Angeles',
    minCell: 5,
    followUps: { due: 16, doneOnTime: 6, doneLate: 5, openOverdue: 'suppressed', openNotYetDue: 'suppressed', onTimeShare: 0.5455 },
    referrals: { sent: 23, accepted: 6, declined: 5, completed: 5, waiting: 7, completedShare: 0.2174 },
    notes: ['Follow-ups due in the period: done on time (completed by their due time).']
  }

  function stubServer (ranges: DataRanges = { timeZone: 'America/Los_Angeles', sources: [] }, answer: EquityReport = equity) {
    const urls: string[] = []
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input)
      urls.push(url)
      if (url.startsWith('/api/geo/areas/')) return json({ type: 'FeatureCollection', features: [] })
      if (url === '/api/geo/areas') {
        return json([{ id: 'council_districts', label: 'Council districts', areas: ['CD 1', 'CD 2', 'CD 3'] }])
      }
      if (url === '/api/reports/sources') return json(ranges)
      if (url.includes('format=csv')) {
        expect(new Headers(init?.headers).get('authorization')).toBe('Bearer t0ken')
        return new Response('Council districts,Calls\n', {
          status: 200,
          headers: { 'content-disposition': 'attachment; filename="care-dispatch-equity.csv"' }
        })
      }
      if (url.startsWith('/api/reports/equity')) return json(answer)
      if (url.startsWith('/api/reports/unmet')) return json(unmet)
      if (url.startsWith('/api/reports/follow-ups')) return json(followUps)
      if (url.startsWith('/api/reports/transports')) {
        return json({
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-12-01T00:00:00.000Z',
          byFacility: [],
          turnAways: [],
          turnAwaysByReason: []
        })
      }
      return json(empty)
    })
    vi.stubGlobal('fetch', fetch)
    return urls
  }

  it('asks for a chosen month and shows the equity tables with suppressed areas', async () => {
    const urls = stubServer()
    setToken('t0ken')
    render(
      <ReportsPage user={{ id: 'u', email: 'p@x', name: 'Planner', role: 'planner', teamId: null, active: true, createdAt: '' }} />
    )
    await screen.findByText(/High-need areas \(the quarter/)

    fireEvent.change(screen.getByLabelText('Month'), { target: { value: '2026-02' } })

    await waitFor(() =>
      expect(urls.some((u) => u.startsWith('/api/reports/equity?from=2026-02-01&to=2026-02-28&area_set=council_districts'))).toBe(true)
    )
    const ranked = screen.getByRole('group', { name: 'Council districts ranked' })
    expect(within(ranked).getAllByText('suppressed').length).toBeGreaterThan(0)
  })

  it('downloads a table as CSV with the session', async () => {
    stubServer()
    setToken('t0ken')
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    const saved: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download)
    })
    render(
      <ReportsPage user={{ id: 'u', email: 'p@x', name: 'Planner', role: 'planner', teamId: null, active: true, createdAt: '' }} />
    )
    await screen.findByText(/High-need areas \(the quarter/)

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV of areas ranked' }))

    expect(await screen.findByText('Saved care-dispatch-equity.csv')).toBeTruthy()
    expect(saved).toEqual(['care-dispatch-equity.csv'])
  })

  const planner = { id: 'u', email: 'p@x', name: 'Planner', role: 'planner' as const, teamId: null, active: true, createdAt: '' }

  it('opens on the data present and says the days of each source', async () => {
    const urls = stubServer({
      timeZone: 'America/Los_Angeles',
      sources: [
        { source: 'imported', name: 'sdpd', first: '2023-01-01', last: '2023-01-20', calls: 10000 },
        { source: 'imported', name: 'old-cad', first: '2022-06-01', last: '2022-06-30', calls: 'suppressed' }
      ]
    })
    setToken('t0ken')

    render(<ReportsPage user={planner} />)

    const present = await screen.findByTestId('data-present')
    expect(present.textContent).toContain('Imported “sdpd”: 2023-01-01 to 2023-01-20 (10,000 calls)')
    expect(present.textContent).toContain('Imported “old-cad”: 2022-06-01 to 2022-06-30 (fewer than 5 calls)')
    await waitFor(() => expect(urls.some((u) => u.startsWith('/api/reports/equity?from=2022-10-23&to=2023-01-20&'))).toBe(true))
    expect(urls.some((u) => u.startsWith('/api/reports/equity?') && !u.includes('from=2022-10-23'))).toBe(false)

    fireEvent.click(screen.getByRole('button', { name: 'Show all the data' }))

    await waitFor(() => expect(urls.some((u) => u.startsWith('/api/reports/equity?from=2022-06-01&to=2023-01-20&'))).toBe(true))
  })

  it("asks for every call's response figures when chosen", async () => {
    const urls = stubServer()
    setToken('t0ken')
    render(<ReportsPage user={planner} />)
    await screen.findByText(/High-need areas \(the quarter/)

    fireEvent.change(screen.getByLabelText('Response figures over'), { target: { value: 'all' } })

    await waitFor(() =>
      expect(urls.some((u) => u.startsWith('/api/reports/intervals?') && u.includes('responses=all') && u.includes('by=area'))).toBe(
        true
      )
    )
    expect(urls.some((u) => u.startsWith('/api/reports/equity?') && u.includes('responses=all'))).toBe(true)
  })

  it('reads "not recorded" where the records do not say, and names the calls placed in no area apart from the map', async () => {
    const rows = [
      ...table.rows,
      {
        key: '(outside every area)',
        label: '(outside every area)',
        values: { calls: 412, responseP90: 65, resolvedWithoutPoliceShare: 'not recorded' as const }
      },
      { key: '(not placed)', label: '(not placed)', values: { calls: 0, responseP90: null, resolvedWithoutPoliceShare: null } }
    ]
    stubServer(undefined, {
      ...equity,
      notes: ['Resolved without police counts only calls whose record says whether police came.'],
      areas: { ...table, rows }
    })
    setToken('t0ken')

    render(<ReportsPage user={planner} />)

    expect((await screen.findByTestId('unplaced-calls')).textContent).toBe(
      'Not on the map, placed in no area of council districts: 412 calls outside every area (counted in the table as “(outside every ' +
      'area)”).'
    )
    const ranked = screen.getByRole('group', { name: 'Council districts ranked' })
    expect(within(ranked).getByText('not recorded')).toBeTruthy()
    expect(screen.getByText('Resolved without police counts only calls whose record says whether police came.')).toBeTruthy()
    expect(formatCell('not recorded', 'share')).toBe('not recorded')
  })

  it('shows follow-ups done on time and referrals completed for the period', async () => {
    const urls = stubServer()
    setToken('t0ken')

    render(<ReportsPage user={planner} />)

    const section = (await screen.findByRole('heading', { name: 'Follow-ups and referrals' })).closest('section')!
    await within(section).findByText('54.5%')
    expect(within(section).getByRole('row', { name: 'Done on time (share of done) 54.5%' })).toBeTruthy()
    expect(within(section).getByRole('row', { name: 'Open, past due suppressed' })).toBeTruthy()
    expect(within(section).getByRole('row', { name: 'Completed (share of sent) 21.7%' })).toBeTruthy()
    expect(urls.some((u) => /^\/api\/reports\/follow-ups\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/.test(u))).toBe(true)
  })
})
