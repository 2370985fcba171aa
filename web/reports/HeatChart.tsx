// An hour-by-weekday heat chart of one figure (coverage of eligible calls): 7 rows × 24 columns, suppressed cells
// hatched, empty cells white. A picture for the eye; the same figures are in the table beside it for every reader.
import type { ReportRow } from '../api/reports'
import { classify, formatCell, NO_CALLS_FILL, SUPPRESSED_NOTE } from './figures'

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))

export function HeatChart ({ rows, figure, label }: { rows: ReportRow[]; figure: string; label: string }) {
  const byKey = new Map(rows.map((r) => [r.key, r.values[figure] ?? null]))
  const numbers = [...byKey.values()].filter((v): v is number => typeof v === 'number')
  // low coverage is the worry: darker
  const classes = classify(numbers, false)
  const cw = 22
  const ch = 20
  const left = 36
  const top = 16
  return (
    <figure className='heat-chart'>
      <svg
        viewBox={`0 0 ${left + cw * 24 + 2} ${top + ch * 7 + 2}`}
        role='img'
        aria-label={`${label}: a heat chart of 7 weekdays by 24 hours; the table below has the same figures`}
        data-testid='heat-chart'
      >
        {HOURS.map(
          (h, i) =>
            i % 3 === 0 && (
              <text key={h} x={left + i * cw + cw / 2} y={11} textAnchor='middle' fontSize='9' fill='#333'>
                {h}
              </text>
            )
        )}
        {DAYS.map((d, di) => (
          <g key={d}>
            <text x={left - 4} y={top + di * ch + ch / 2 + 3} textAnchor='end' fontSize='10' fill='#333'>
              {d}
            </text>
            {HOURS.map((h, hi) => {
              const v = byKey.get(`${di + 1}-${h}`) ?? null
              const fill = v === 'suppressed' ? 'url(#heat-hatch)' : typeof v === 'number' ? classes.colorOf(v) : NO_CALLS_FILL
              const text =
                v === 'suppressed' ? `suppressed (${SUPPRESSED_NOTE})` : v === null ? 'no eligible calls' : formatCell(v, 'share')
              return (
                <rect
                  key={h}
                  x={left + hi * cw}
                  y={top + di * ch}
                  width={cw - 1}
                  height={ch - 1}
                  fill={fill}
                  stroke='#bbb'
                  strokeWidth='0.5'
                  className={v === 'suppressed' ? 'heat-suppressed' : typeof v === 'number' ? 'heat-shown' : 'heat-empty'}
                >
                  <title>{`${d} ${h}:00: ${text}`}</title>
                </rect>
              )
            })}
          </g>
        ))}
        <defs>
          <pattern id='heat-hatch' patternUnits='userSpaceOnUse' width='6' height='6' patternTransform='rotate(45)'>
            <rect width='6' height='6' fill='#d9d9d9' />
            <rect width='2' height='6' fill='#8a8a8a' />
          </pattern>
        </defs>
      </svg>
      <figcaption className='legend'>
        <strong>{label}</strong>
        <ul>
          {classes.breaks.slice(0, -1).map((b, i) => (
            <li key={b}>
              <span className='swatch' style={{ background: classes.colorOf(b) }} />
              {formatCell(b, 'share')} – {formatCell(classes.breaks[i + 1], 'share')}
            </li>
          ))}
          <li>
            <span className='swatch hatch' /> suppressed ({SUPPRESSED_NOTE})
          </li>
          <li>
            <span className='swatch' style={{ background: NO_CALLS_FILL }} /> no eligible calls
          </li>
        </ul>
      </figcaption>
    </figure>
  )
}
