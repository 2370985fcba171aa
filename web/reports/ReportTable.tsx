// One report table: the slice down the side, the figures across; suppressed cells say so; a CSV download of the same table.
import { useState } from 'react'
import { downloadCsv, type ReportRow, type ReportTable as Table } from '../api/reports'
import { formatCell, SUPPRESSED_NOTE } from './figures'

export function CsvButton ({ path, what }: { path: string; what: string }) {
  const [state, setState] = useState<string | null>(null)
  const click = () => {
    setState('Preparing…')
    downloadCsv(path)
      .then((name) => setState(`Saved ${name}`))
      .catch((e: Error) => setState(`Download failed: ${e.message}`))
  }
  return (
    <span className='csv'>
      <button type='button' onClick={click}>
        Download CSV<span className='sr-only'> of {what}</span>
      </button>
      {state && (
        <span className='muted small' role='status'>
          {state}
        </span>
      )}
    </span>
  )
}

function Row ({ row, columns, total }: { row: ReportRow; columns: Table['columns']; total?: boolean }) {
  return (
    <tr className={total ? 'total' : undefined}>
      <th scope='row'>
        {row.label}
        {row.series ? <span className='muted'> · {row.series}</span> : null}
      </th>
      {columns.map((c) => {
        const v = row.values[c.id] ?? null
        return (
          <td
            key={c.id}
            className={v === 'suppressed' ? 'suppressed' : undefined}
            title={v === 'suppressed' ? SUPPRESSED_NOTE : undefined}
          >
            {formatCell(v, c.unit)}
          </td>
        )
      })}
    </tr>
  )
}

/** `rows` reorders the rows; `columns` shows some columns only (the CSV keeps them all). */
export function ReportTable ({
  table,
  caption,
  rows,
  columns
}: {
  table: Table
  caption: string
  rows?: ReportRow[]
  columns?: string[]
}) {
  const shown = rows ?? table.rows
  const cols = columns ? columns.map((id) => table.columns.find((c) => c.id === id)!).filter(Boolean) : table.columns
  return (
    <div className='table-scroll' tabIndex={0} role='group' aria-label={caption}>
      <table className='report'>
        <caption className='sr-only'>{caption}</caption>
        <thead>
          <tr>
            <th scope='col'>{table.sliceLabel}</th>
            {cols.map((c) => (
              <th key={c.id} scope='col' title={c.description}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={cols.length + 1} className='muted'>
                No calls in this period.
              </td>
            </tr>
          )}
          {shown.map((r) => (
            <Row key={`${r.key}|${r.series ?? ''}`} row={r} columns={cols} />
          ))}
          {table.total && <Row row={table.total} columns={cols} total />}
        </tbody>
      </table>
    </div>
  )
}
