// Transports by facility and turn-aways by reason and facility, for the reports' period (counts under 5 suppressed).
import { FACILITY_KIND_LABELS, TURN_AWAY_LABELS } from '../../server/contracts/labels'
import { transportsReport } from '../api/facilities'
import type { ReportFilters } from '../api/reports'
import { Status, useReport } from './report-hooks'

/** The period's days as instants: from the first day's start to the end of the last day (the browser's zone). */
function period (f: ReportFilters): { from?: string; to?: string } {
  const day = (d: string, plus = 0) => {
    const t = new Date(`${d}T00:00:00`)
    t.setDate(t.getDate() + plus)
    return t.toISOString()
  }
  return { ...(f.from ? { from: day(f.from) } : {}), ...(f.to ? { to: day(f.to, 1) } : {}) }
}

const HEADS = ['Facility', 'Kind', 'Transports', 'Accepted', 'Turned away', 'Not recorded']
const cell = (v: number | string | null): string => (v === null ? '—' : String(v))

export function TransportsReport ({ filters }: { filters: ReportFilters }) {
  const q = period(filters)
  const r = useReport(async () => await transportsReport(q), ['GET /api/reports/transports', q])
  return (
    <section className='panel report-section' aria-labelledby='transports-h'>
      <h2 id='transports-h'>Transports and turn-aways</h2>
      <p className='muted'>Live calls only. A turn-away is a person a facility did not take at its door.</p>
      <Status loading={r.loading} error={r.error} />
      {r.data && (
        <>
          {r.data.byFacility.length === 0 && <p>No transport to a facility in this period.</p>}
          {r.data.byFacility.length > 0 && (
            <table>
              <caption>Transports by facility</caption>
              <thead>
                <tr>
                  {HEADS.map((h) => (
                    <th key={h} scope='col'>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.data.byFacility.map((x) => (
                  <tr key={x.facilityId}>
                    <th scope='row'>{x.name}</th>
                    <td>{FACILITY_KIND_LABELS[x.kind]}</td>
                    {[x.transports, x.accepted, x.turnedAway, x.pending].map((v, i) => (
                      <td key={i}>{cell(v)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.data.turnAways.length > 0 && (
            <table>
              <caption>Turn-aways by reason and facility</caption>
              <thead>
                <tr>
                  <th scope='col'>Facility</th>
                  <th scope='col'>Reason</th>
                  <th scope='col'>Turn-aways</th>
                </tr>
              </thead>
              <tbody>
                {r.data.turnAways.map((x) => (
                  <tr key={`${x.facilityId}:${x.reason}`}>
                    <th scope='row'>{x.name}</th>
                    <td>{TURN_AWAY_LABELS[x.reason]}</td>
                    <td>{cell(x.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  )
}
