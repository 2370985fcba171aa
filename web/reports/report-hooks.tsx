// Pieces every report section shares: a report that reloads with its inputs, its status line, the slice select.
import { keepPreviousData } from '@tanstack/react-query'
import type { Route } from '../api/client'
import { useApiQuery } from '../api/queries'

export const SLICE_OPTIONS: Array<[string, string]> = [
  ['area', 'Area'],
  ['category', 'Category'],
  ['response', 'Response'],
  ['priority', 'Priority'],
  ['team_kind', 'Team kind'],
  ['youth', 'Youth calls'],
  ['place_kind', 'Kind of place (school, home, …)'],
  ['hour', 'Hour of day'],
  ['weekday', 'Day of week'],
  ['week', 'Week'],
  ['none', 'All calls together']
]

/**
 * A report through the query cache, keyed by its route and query: it reloads when they change (the one shown
 * meanwhile is the last), and an answer that arrives late for old inputs is dropped (the request is aborted).
 */
export function useReport<T> (
  load: (signal: AbortSignal) => Promise<T>,
  key: readonly [Route, ...unknown[]]
): { data: T | null; error: string | null; loading: boolean } {
  const q = useApiQuery(key, load, { placeholderData: keepPreviousData })
  return { data: q.isError ? null : (q.data ?? null), error: q.error ? q.error.message : null, loading: q.isFetching }
}

export function Status ({ loading, error }: { loading: boolean; error: string | null }) {
  if (error) {
    return (
      <p className='error' role='alert'>
        {error}
      </p>
    )
  }
  return loading
    ? (
      <p className='muted' role='status'>
        Loading…
      </p>
      )
    : null
}

/** A report's period holds the demo's simulated calls: said in plain sight, not only in the notes. */
export function SimulatedNote ({ notes }: { notes: readonly string[] | undefined }) {
  const note = notes?.find((n) => n.startsWith('Simulated:'))
  return note
    ? (
      <p className='public-simulated' data-testid='simulated-note'>
        {note}
      </p>
      )
    : null
}

export function SliceSelect ({
  id,
  value,
  onChange,
  options
}: {
  id: string
  value: string
  onChange: (v: string) => void
  options: Array<[string, string]>
}) {
  return (
    <span className='inline'>
      <label htmlFor={id}>Rows by</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([k, l]) => (
          <option key={k} value={k}>
            {l}
          </option>
        ))}
      </select>
    </span>
  )
}
