// The reports page in jsdom: suppressed cells read "suppressed" (never 0), the map's classes and colours, a month
// filter asks the server for that month, and CSV downloads carry the session.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setToken } from '../../web/api/client'
import type { EquityReport, ReportTable as Table } from '../../web/api/reports'
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
    { key: 'CD 2', label: 'CD 2', values: { calls: 'suppressed', responseP90: 'suppressed', resolvedWithoutPoliceShare: 'suppressed' } },
    { key: 'CD 3', label: 'CD 3', values: { calls: 0, responseP90: null, resolvedWithoutPoliceShare: null } }
  ],
  total: null
}

function json (body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
}

afterEach(() => { vi.unstubAllGlobals(); vi.restoreAllMocks() })

describe('ReportTable', () => {
  it('shows a suppressed cell as suppressed, never as zero, and a missing figure as a dash', () => {
    render(<ReportTable table={table} caption='Council districts ranked' />)

    const rows = within(screen.getByRole('group', { name: 'Council districts ranked' })).getAllByRole('row')
    const cd2 = within(rows[2]).getAllByRole('cell')
    expect(cd2.map((c) => c.textContent)).toEqual(['suppressed', 'suppressed', 'suppressed'])
    expect(cd2[0].className).toBe('suppressed')
    expect(cd2[0].getAttribute('title')).toBe('fewer than 5 calls')
    expect(within(rows[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['120', '31.3', '95.8%'])
    expect(within(rows[3]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0', '–', '–'])
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
    expect([formatCell(0.25, 'share'), formatCell(12.345, 'minutes'), formatCell(1, 'flag'), formatCell('suppressed', 'calls')]).toEqual(['25.0%', '12.3', 'yes', 'suppressed'])
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
    category: null,
    area: null,
    timeZone: 'America/Los_Angeles',
    minCell: 5,
    notes: [],
    days: 30,
    areas: table,
    groups: { ...table, id: 'equity-groups', rows: [{ key: 'high_need', label: 'High-need areas (1)', values: { calls: 120, responseP90: 31.26, resolvedWithoutPoliceShare: 0.9583 } }, { key: 'rest', label: 'Other areas (2)', values: { calls: 9, responseP90: 14, resolvedWithoutPoliceShare: 1 } }] }
  }
  const empty = { ...equity, table: { ...table, rows: [] } }
  // the unmet-demand section's answer for a period with no eligible call: every table empty, as the server sends it
  const none = (id: string): Table => ({ ...table, id, rows: [], total: null })
  const unmet = { ...empty, report: 'unmet', reasons: [{ id: 'all_teams_busy', label: 'All teams busy' }], table: none('unmet'), coverage: { area: none('by-area'), hour: none('by-hour'), weekday: none('by-weekday'), week: none('by-week') }, heat: none('heat') }

  function stubServer () {
    const urls: string[] = []
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input)
      urls.push(url)
      if (url.startsWith('/api/geo/areas/')) return json({ type: 'FeatureCollection', features: [] })
      if (url === '/api/geo/areas') return json([{ id: 'council_districts', label: 'Council districts', areas: ['CD 1', 'CD 2', 'CD 3'] }])
      if (url.includes('format=csv')) {
        expect(new Headers(init?.headers).get('authorization')).toBe('Bearer t0ken')
        return new Response('Council districts,Calls\n', { status: 200, headers: { 'content-disposition': 'attachment; filename="care-dispatch-equity.csv"' } })
      }
      if (url.startsWith('/api/reports/equity')) return json(equity)
      if (url.startsWith('/api/reports/unmet')) return json(unmet)
      return json(empty)
    })
    vi.stubGlobal('fetch', fetch)
    return urls
  }

  it('asks for a chosen month and shows the equity tables with suppressed areas', async () => {
    const urls = stubServer()
    setToken('t0ken')
    render(<ReportsPage user={{ id: 'u', email: 'p@x', name: 'Planner', role: 'planner', teamId: null, active: true, createdAt: '' }} />)
    await screen.findByText(/High-need areas \(the quarter/)

    fireEvent.change(screen.getByLabelText('Month'), { target: { value: '2026-02' } })

    await waitFor(() => expect(urls.some((u) => u.startsWith('/api/reports/equity?from=2026-02-01&to=2026-02-28&area_set=council_districts'))).toBe(true))
    const ranked = screen.getByRole('group', { name: 'Council districts ranked' })
    expect(within(ranked).getAllByText('suppressed').length).toBeGreaterThan(0)
  })

  it('downloads a table as CSV with the session', async () => {
    stubServer()
    setToken('t0ken')
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    const saved: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { saved.push(this.download) })
    render(<ReportsPage user={{ id: 'u', email: 'p@x', name: 'Planner', role: 'planner', teamId: null, active: true, createdAt: '' }} />)
    await screen.findByText(/High-need areas \(the quarter/)

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV of areas ranked' }))

    expect(await screen.findByText('Saved care-dispatch-equity.csv')).toBeTruthy()
    expect(saved).toEqual(['care-dispatch-equity.csv'])
  })
})
