// The reports page for planners, supervisors and admins: period and filters, the equity view (a choropleth of any
// figure by area, areas ranked, high-need areas against the rest), intervals, outcomes and weekly trends, each table
// with a CSV download. Only aggregates come from the server; cells of fewer than 5 calls arrive suppressed.
import { useEffect, useMemo, useState } from 'react'
import { SimulatedNote, SLICE_OPTIONS, SliceSelect, Status, useReport } from './report-hooks'
import { UnmetDemand } from './UnmetDemand'
import { TransportsReport } from './TransportsReport'
import type { User } from '../api/resources'
import {
  areaSets as fetchAreaSets,
  dataRanges as fetchDataRanges,
  csvPath,
  equityReport,
  followUpReport,
  intervalsReport,
  outcomesReport,
  reportQuery,
  trendsReport,
  type AreaSetList,
  type DataRanges,
  type ReportFilters,
  type ReportRow,
  type Source
} from '../api/reports'
import { openingWindow, rangeText } from './data-window'
import { ErrorBoundary } from '../lib/ErrorBoundary'
import { CATEGORY_LABEL } from '../lib/format'
import { ChoroplethMap } from './ChoroplethMap'
import { formatCell, MAP_FIGURES } from './figures'
import { CsvButton, ReportTable } from './ReportTable'
import { TrendChart, trendSeries } from './TrendChart'

const RANKED_COLUMNS = [
  'responseP90',
  'p90Rank',
  'resolvedWithoutPoliceShare',
  'withoutPoliceRank',
  'careEligiblePerDay',
  'highNeed',
  'calls'
]
const SERIES_OPTIONS = SLICE_OPTIONS.filter(([k]) => !['hour', 'weekday', 'week'].includes(k))

const day = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

function defaultFilters (): ReportFilters {
  const today = new Date()
  const from = day(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 89))
  return { from, to: day(today), source: 'both', category: '', areaSet: '', responses: 'care' }
}

/** The days each source covers, so a period with no data is never a mystery; a button reopens the window on all of it. */
function DataPresent ({ ranges, onShowAll }: { ranges: DataRanges; onShowAll: () => void }) {
  return (
    <div className='data-present' data-testid='data-present'>
      {ranges.sources.length === 0 ? (
        <p className='muted'>No calls yet: neither live calls nor imported history.</p>
      ) : (
        <>
          <p className='muted'>Data present (days in {ranges.timeZone}):</p>
          <ul>
            {ranges.sources.map((r) => (
              <li key={`${r.source}:${r.name}`}>{rangeText(r)}</li>
            ))}
          </ul>
          <button type='button' onClick={onShowAll}>
            Show all the data
          </button>
        </>
      )}
    </div>
  )
}

function Notes ({ notes }: { notes: string[] }) {
  return (
    <details className='notes'>
      <summary>How to read these figures</summary>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  )
}

function monthRange (month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number)
  return { from: `${month}-01`, to: day(new Date(y, m, 0)) }
}

function Filters ({ filters, sets, onChange }: { filters: ReportFilters; sets: AreaSetList; onChange: (f: ReportFilters) => void }) {
  const [month, setMonth] = useState('')
  const set = (patch: Partial<ReportFilters>) => onChange({ ...filters, ...patch })
  return (
    <form className='report-filters' aria-label='Report filters' onSubmit={(e) => e.preventDefault()}>
      <div>
        <label htmlFor='rf-month'>Month</label>
        <input
          id='rf-month'
          type='month'
          value={month}
          onChange={(e) => {
            setMonth(e.target.value)
            if (e.target.value) set(monthRange(e.target.value))
          }}
        />
      </div>
      <div>
        <label htmlFor='rf-from'>From</label>
        <input
          id='rf-from'
          type='date'
          value={filters.from}
          onChange={(e) => {
            setMonth('')
            set({ from: e.target.value })
          }}
        />
      </div>
      <div>
        <label htmlFor='rf-to'>To (inclusive)</label>
        <input
          id='rf-to'
          type='date'
          value={filters.to}
          onChange={(e) => {
            setMonth('')
            set({ to: e.target.value })
          }}
        />
      </div>
      <div>
        <label htmlFor='rf-source'>Calls</label>
        <select id='rf-source' value={filters.source} onChange={(e) => set({ source: e.target.value as Source })}>
          <option value='both'>Live and imported</option>
          <option value='live'>Live only</option>
          <option value='imported'>Imported history only</option>
        </select>
      </div>
      <div>
        <label htmlFor='rf-responses'>Response figures over</label>
        <select
          id='rf-responses'
          value={filters.responses ?? 'care'}
          onChange={(e) => set({ responses: e.target.value as 'care' | 'all' })}
        >
          <option value='care'>Care-team calls</option>
          <option value='all'>Every call (police, EMS, fire too)</option>
        </select>
      </div>
      <div>
        <label htmlFor='rf-category'>Category</label>
        <select
          id='rf-category'
          value={filters.category}
          onChange={(e) => set({ category: e.target.value as ReportFilters['category'] })}
        >
          <option value=''>All categories</option>
          {Object.entries(CATEGORY_LABEL).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor='rf-areas'>Areas</label>
        <select id='rf-areas' value={filters.areaSet} onChange={(e) => set({ areaSet: e.target.value })}>
          {sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  )
}

function Equity ({ filters, sets }: { filters: ReportFilters; sets: AreaSetList }) {
  const [figureId, setFigureId] = useState('responseP90')
  const [rankBy, setRankBy] = useState<'p90Rank' | 'withoutPoliceRank'>('p90Rank')
  const r = useReport((s) => equityReport(filters, s), ['GET /api/reports/equity', reportQuery(filters)])
  const figure = MAP_FIGURES.find((f) => f.id === figureId) ?? MAP_FIGURES[0]
  const setLabel = sets.find((s) => s.id === filters.areaSet)?.label ?? 'Areas'
  const ranked: ReportRow[] = useMemo(() => {
    const rows = r.data?.areas.rows ?? []
    const rank = (x: ReportRow) => (typeof x.values[rankBy] === 'number' ? (x.values[rankBy] as number) : Infinity)
    return [...rows].sort((a, b) => rank(a) - rank(b))
  }, [r.data, rankBy])
  const [high, rest] = r.data?.groups.rows ?? []
  return (
    <section className='panel report-section' aria-labelledby='equity-h'>
      <h2 id='equity-h'>Equity by area</h2>
      <Status loading={r.loading} error={r.error} />
      <SimulatedNote notes={r.data?.notes} />
      {high && rest && (
        <p className='headline'>
          High-need areas (the quarter with the most care-team eligible calls a day): p90 response{' '}
          <strong>{formatCell(high.values.responseP90, 'minutes')} min</strong> against{' '}
          {formatCell(rest.values.responseP90, 'minutes')}{' '}
          min elsewhere; resolved without police <strong>{formatCell(high.values.resolvedWithoutPoliceShare, 'share')}</strong> against{' '}
          {formatCell(rest.values.resolvedWithoutPoliceShare, 'share')}.
        </p>
      )}
      <div className='equity-grid'>
        <div>
          <span className='inline'>
            <label htmlFor='map-figure'>Map</label>
            <select id='map-figure' value={figureId} onChange={(e) => setFigureId(e.target.value)}>
              {MAP_FIGURES.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </span>
          <ErrorBoundary what='map'>
            <ChoroplethMap areaSet={filters.areaSet} areaSetLabel={setLabel} rows={r.data?.areas.rows ?? []} figure={figure} />
          </ErrorBoundary>
        </div>
        <div>
          <div className='table-head'>
            <span className='inline'>
              <label htmlFor='rank-by'>Rank by</label>
              <select id='rank-by' value={rankBy} onChange={(e) => setRankBy(e.target.value as typeof rankBy)}>
                <option value='p90Rank'>p90 response, longest first</option>
                <option value='withoutPoliceRank'>share resolved without police, lowest first</option>
              </select>
            </span>
            <CsvButton path={csvPath.equity(filters)} what='areas ranked' />
          </div>
          {r.data && <ReportTable table={r.data.areas} rows={ranked} columns={RANKED_COLUMNS} caption={`${setLabel} ranked`} />}
          <p className='muted small'>Every column is in the CSV.</p>
        </div>
      </div>
      {r.data && (
        <>
          <div className='table-head'>
            <h3>High-need areas against the rest</h3>
            <CsvButton path={csvPath.equity(filters, 'groups')} what='high-need areas against the rest' />
          </div>
          <ReportTable table={r.data.groups} caption='High-need areas against the rest' />
          <Notes notes={r.data.notes} />
        </>
      )}
    </section>
  )
}

function TableReport ({
  kind,
  title,
  filters,
  defaultBy
}: {
  kind: 'intervals' | 'outcomes'
  title: string
  filters: ReportFilters
  defaultBy: string
}) {
  const [by, setBy] = useState(defaultBy)
  const load = kind === 'intervals' ? intervalsReport : outcomesReport
  const r = useReport((s) => load(filters, by, s), [`GET /api/reports/${kind}`, reportQuery(filters), by])
  return (
    <section className='panel report-section' aria-labelledby={`${kind}-h`}>
      <div className='table-head'>
        <h2 id={`${kind}-h`}>{title}</h2>
        <SliceSelect id={`${kind}-by`} value={by} onChange={setBy} options={SLICE_OPTIONS} />
        <CsvButton path={csvPath.table(kind, filters, by)} what={title.toLowerCase()} />
      </div>
      <Status loading={r.loading} error={r.error} />
      <SimulatedNote notes={r.data?.notes} />
      {r.data && <ReportTable table={r.data.table} caption={title} />}
      {r.data && (
        <details className='notes'>
          <summary>How to read this table</summary>
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

function Trends ({ filters }: { filters: ReportFilters }) {
  const [by, setBy] = useState('none')
  const r = useReport((s) => trendsReport(filters, by, s), ['GET /api/reports/trends', reportQuery(filters), by])
  const rows = r.data?.table.rows ?? []
  const p90 = useMemo(() => trendSeries(rows, 'responseP90'), [rows])
  const calls = useMemo(() => trendSeries(rows, 'careEligible'), [rows])
  const share = useMemo(() => trendSeries(rows, 'resolvedWithoutPoliceShare'), [rows])
  return (
    <section className='panel report-section' aria-labelledby='trends-h'>
      <div className='table-head'>
        <h2 id='trends-h'>Weekly trends</h2>
        <SliceSelect id='trends-by' value={by} onChange={setBy} options={SERIES_OPTIONS} />
        <CsvButton path={csvPath.trends(filters, by)} what='weekly trends' />
      </div>
      <Status loading={r.loading} error={r.error} />
      <SimulatedNote notes={r.data?.notes} />
      {r.data && rows.length > 0 && (
        <div className='charts'>
          <ErrorBoundary what='chart'>
            <TrendChart title='Response p90 (minutes)' yLabel='minutes' {...p90} />
          </ErrorBoundary>
          <ErrorBoundary what='chart'>
            <TrendChart title='Care-team eligible calls' yLabel='calls' {...calls} />
          </ErrorBoundary>
          <ErrorBoundary what='chart'>
            <TrendChart title='Resolved without police' yLabel='% of calls' percent {...share} />
          </ErrorBoundary>
        </div>
      )}
      {r.data && <ReportTable table={r.data.table} caption='Weekly trends' />}
      {r.data && <Notes notes={r.data.notes} />}
    </section>
  )
}

const FOLLOW_UP_ROWS: Array<[string, string, 'calls' | 'share']> = [
  ['due', 'Follow-ups due', 'calls'],
  ['doneOnTime', 'Done on time', 'calls'],
  ['doneLate', 'Done late', 'calls'],
  ['openOverdue', 'Open, past due', 'calls'],
  ['openNotYetDue', 'Open, not yet due', 'calls'],
  ['onTimeShare', 'Done on time (share of done)', 'share']
]
const REFERRAL_ROWS: Array<[string, string, 'calls' | 'share']> = [
  ['sent', 'Referrals sent', 'calls'],
  ['accepted', 'Accepted (not yet completed)', 'calls'],
  ['declined', 'Declined', 'calls'],
  ['completed', 'Completed', 'calls'],
  ['waiting', 'Waiting for an answer', 'calls'],
  ['completedShare', 'Completed (share of sent)', 'share']
]

/** Follow-ups done on time and referrals completed in the period: counts only. */
function FollowUpFigures ({ filters }: { filters: ReportFilters }) {
  const r = useReport((s) => followUpReport(filters, s), ['GET /api/reports/follow-ups', filters.from, filters.to])
  const fig = (values: Record<string, unknown> | undefined, rows: typeof FOLLOW_UP_ROWS, caption: string) => (
    <table className='report-table'>
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([id, label, unit]) => (
          <tr key={id}>
            <th scope='row'>{label}</th>
            <td>{values && id in values ? formatCell(values[id] as never, unit) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <section className='panel report-section' aria-labelledby='followups-h'>
      <h2 id='followups-h'>Follow-ups and referrals</h2>
      <Status loading={r.loading} error={r.error} />
      {r.data?.followUps && (
        <div className='equity-grid'>
          {fig(r.data.followUps, FOLLOW_UP_ROWS, 'Follow-ups due in the period')}
          {fig(r.data.referrals, REFERRAL_ROWS, 'Referrals sent in the period')}
        </div>
      )}
      {r.data?.notes && <Notes notes={r.data.notes} />}
    </section>
  )
}

export function ReportsPage (_props: { user: User }) {
  const [filters, setFilters] = useState<ReportFilters>(defaultFilters)
  const [sets, setSets] = useState<AreaSetList | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [ranges, setRanges] = useState<DataRanges | null>(null)
  useEffect(() => {
    // The page opens on the data present: the period is set from the sources' days before the reports load.
    Promise.all([fetchAreaSets(), fetchDataRanges()])
      .then(([s, d]) => {
        setRanges(d)
        setFilters((f) => ({
          ...f,
          ...openingWindow(d.sources, f.to),
          areaSet: f.areaSet || (s.find((x) => x.id === 'council_districts') ?? s[0])?.id || ''
        }))
        setSets(s)
      })
      .catch((e: Error) => setError(e.message))
  }, [])
  const showAll = (): void => {
    if (!ranges || ranges.sources.length === 0) return
    setFilters((f) => ({
      ...f,
      from: ranges.sources.map((r) => r.first).sort()[0],
      to: ranges.sources
        .map((r) => r.last)
        .sort()
        .at(-1)!
    }))
  }

  return (
    <div className='reports'>
      <main className='reports-main'>
        <p className='muted intro'>
          Live calls and imported history, counted by the same interval definitions as the simulator. No caller is named or placed finer
          than an area, and any figure with fewer than 5 calls behind it is shown as <em>suppressed</em>.
        </p>
        {error && (
          <p className='error' role='alert'>
            {error}
          </p>
        )}
        {sets && (
          <>
            <Filters filters={filters} sets={sets} onChange={setFilters} />
            {ranges && <DataPresent ranges={ranges} onShowAll={showAll} />}
            {filters.areaSet && <Equity filters={filters} sets={sets} />}
            <UnmetDemand filters={filters} sets={sets} />
            <FollowUpFigures filters={filters} />
            <TransportsReport filters={filters} />
            <Trends filters={filters} />
            <TableReport kind='intervals' title='Response intervals' filters={filters} defaultBy='area' />
            <TableReport kind='outcomes' title='Outcomes' filters={filters} defaultBy='area' />
          </>
        )}
      </main>
    </div>
  )
}
