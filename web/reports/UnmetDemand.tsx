// Unmet demand on the reports page: how many care-eligible calls a care team took, late or on time, and why not the
// rest; coverage by area on the map, by weekday and hour as a heat chart (with its table), by hour, weekday and week.
import { useState } from 'react'
import { csvPath, reportQuery, unmetReport, type AreaSetList, type ReportFilters } from '../api/reports'
import { ErrorBoundary } from '../lib/ErrorBoundary'
import { ChoroplethMap } from './ChoroplethMap'
import { formatCell, type MapFigure } from './figures'
import { HeatChart } from './HeatChart'
import { SimulatedNote, SLICE_OPTIONS, SliceSelect, Status, useReport } from './report-hooks'
import { CsvButton, ReportTable } from './ReportTable'

const UNMET_FIGURES: readonly MapFigure[] = [
  { id: 'coverage', label: 'Coverage: share of eligible calls served', unit: 'share', higherIsDarker: false },
  { id: 'notServed', label: 'Eligible calls not served', unit: 'calls', higherIsDarker: true },
  { id: 'eligible', label: 'Care-team eligible calls', unit: 'calls', higherIsDarker: true }
]

export function UnmetDemand ({ filters, sets }: { filters: ReportFilters; sets: AreaSetList }) {
  const [by, setBy] = useState('none')
  const [figureId, setFigureId] = useState('coverage')
  const [coverageBy, setCoverageBy] = useState<'hour' | 'weekday' | 'week'>('hour')
  const r = useReport((s) => unmetReport(filters, by, s), ['GET /api/reports/unmet', reportQuery(filters), by])
  const figure = UNMET_FIGURES.find((f) => f.id === figureId) ?? UNMET_FIGURES[0]
  const setLabel = sets.find((s) => s.id === filters.areaSet)?.label ?? 'Areas'
  // a period with no eligible call has no row at all
  const all = r.data ? (r.data.table.total ?? r.data.table.rows[0] ?? null) : null
  const reasons =
    all && r.data
      ? r.data.reasons
        .map((x) => ({ ...x, n: all.values[x.id] }))
        .filter((x) => x.n !== 0 && x.n !== null)
        .sort((a, b) => (typeof b.n === 'number' ? b.n : 0) - (typeof a.n === 'number' ? a.n : 0))
      : []
  // served and not served both suppressed with open calls at zero: fewer than 5 went unserved (the smaller part hides the larger)
  const fewUnserved =
    all !== null &&
    all.values.notServed === 'suppressed' &&
    all.values.served === 'suppressed' &&
    all.values.open === 0 &&
    typeof all.values.eligible === 'number' &&
    // a shown number of served calls (on time or late) says the served part is the large one
    ((typeof all.values.servedLate === 'number' && all.values.servedLate > 0) ||
      (typeof all.values.servedOnTime === 'number' && all.values.servedOnTime > 0))
  const csv = (table: 'main' | 'area' | 'hour' | 'weekday' | 'week' | 'heat') =>
    csvPath.unmet(filters, by, table === 'main' ? undefined : table)
  return (
    <section className='panel report-section' aria-labelledby='unmet-h' data-testid='unmet'>
      <div className='table-head'>
        <h2 id='unmet-h'>Unmet demand</h2>
        <SliceSelect id='unmet-by' value={by} onChange={setBy} options={SLICE_OPTIONS} />
        <CsvButton path={csv('main')} what='unmet demand' />
      </div>
      <Status loading={r.loading} error={r.error} />
      <SimulatedNote notes={r.data?.notes} />
      {all && (
        <p className='headline' data-testid='unmet-headline'>
          Of <strong>{formatCell(all.values.eligible, 'calls')}</strong> care-team eligible calls, a care team served{' '}
          {fewUnserved ? (
            <>
              <strong>all but 1 to 4</strong> ({formatCell(all.values.servedLate, 'calls')} late; the exact count is suppressed, as
              every count under 5 is)
            </>
          ) : (
            <>
              <strong>{formatCell(all.values.served, 'calls')}</strong> (coverage{' '}
              <strong>{formatCell(all.values.coverage, 'share')}</strong>; {formatCell(all.values.servedLate, 'calls')} late);{' '}
              <strong>{formatCell(all.values.notServed, 'calls')}</strong> were not served
              {reasons.length > 0
                ? `: ${reasons
                    .slice(0, 3)
                    .map((x) => `${x.label.toLowerCase()} ${formatCell(x.n, 'calls')}`)
                    .join(', ')}`
                : ''}
            </>
          )}
          .
        </p>
      )}
      {r.data && <ReportTable table={r.data.table} caption='Unmet demand' />}
      {r.data && (
        <div className='equity-grid'>
          {r.data.coverage.area && filters.areaSet && (
            <div>
              <span className='inline'>
                <label htmlFor='unmet-figure'>Unmet demand map</label>
                <select id='unmet-figure' value={figureId} onChange={(e) => setFigureId(e.target.value)}>
                  {UNMET_FIGURES.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </span>
              <ErrorBoundary what='map'>
                <ChoroplethMap
                  areaSet={filters.areaSet}
                  areaSetLabel={setLabel}
                  rows={r.data.coverage.area.rows}
                  figure={figure}
                  testId='unmet-map'
                />
              </ErrorBoundary>
              <details className='notes'>
                <summary>Coverage by area as a table</summary>
                <ReportTable table={r.data.coverage.area} caption={`Coverage by ${setLabel.toLowerCase()}`} />
              </details>
            </div>
          )}
          <div>
            <h3>When unmet demand falls</h3>
            <ErrorBoundary what='chart'>
              <HeatChart rows={r.data.heat.rows} figure='coverage' label='Coverage by weekday and hour' />
            </ErrorBoundary>
            <details className='notes'>
              <summary>Weekday and hour as a table</summary>
              <ReportTable table={r.data.heat} caption='Coverage by weekday and hour' />
            </details>
            <div className='table-head'>
              <span className='inline'>
                <label htmlFor='unmet-coverage-by'>Coverage by</label>
                <select id='unmet-coverage-by' value={coverageBy} onChange={(e) => setCoverageBy(e.target.value as typeof coverageBy)}>
                  <option value='hour'>Hour of day</option>
                  <option value='weekday'>Day of week</option>
                  <option value='week'>Week</option>
                </select>
              </span>
              <CsvButton path={csv(coverageBy)} what={`coverage by ${coverageBy}`} />
            </div>
            <ReportTable table={r.data.coverage[coverageBy]} caption={`Coverage by ${coverageBy}`} />
          </div>
        </div>
      )}
      {r.data && (
        <details className='notes'>
          <summary>How to read this section</summary>
          <ul>
            {r.data.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  )
}
