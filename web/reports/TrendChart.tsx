// A weekly trend as a Chart.js line chart: one line per series; a suppressed week is a gap in its line, and a week
// suppressed in every series is shaded and labelled, never drawn as zero.
import { useEffect, useRef } from 'react'
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type Plugin
} from 'chart.js'
import type { ReportRow } from '../api/reports'

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip)

declare module 'chart.js' {
  // The type parameter must match Chart.js's own declaration for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** Weeks (x indices) suppressed in every series. */
    suppressedBands?: { indices?: number[] }
  }
}

const COLORS = ['#0f3d3e', '#c0392b', '#1f6fb2', '#c46a00', '#7b3fa0', '#2f7d5b', '#555']

export interface TrendSeries {
  name: string
  values: Array<number | null | 'suppressed'>
}

/** Weeks as x labels, one series per slice value (or the given figures when there is one series). */
export function trendSeries (rows: ReportRow[], figure: string): { weeks: string[]; series: TrendSeries[] } {
  const weeks = [...new Set(rows.map((r) => r.key))].sort()
  const names = [...new Set(rows.map((r) => r.series ?? ''))]
  const series = names.map((name) => ({
    name,
    // "not recorded" is no figure: a gap, as a week with nothing to measure
    values: weeks.map((w) => {
      const v = rows.find((r) => r.key === w && (r.series ?? '') === name)?.values[figure] ?? null
      return v === 'not recorded' ? null : v
    })
  }))
  return { weeks, series }
}

const bands: Plugin<'line'> = {
  id: 'suppressedBands',
  beforeDatasetsDraw (chart, _args, opts: { indices?: number[] }) {
    const { ctx, chartArea, scales } = chart
    const x = scales.x
    const step = x.getPixelForValue(1) - x.getPixelForValue(0) || chartArea.width
    ctx.save()
    for (const i of opts.indices ?? []) {
      const cx = x.getPixelForValue(i)
      ctx.fillStyle = 'rgba(120,120,120,0.18)'
      ctx.fillRect(cx - step / 2, chartArea.top, step, chartArea.bottom - chartArea.top)
      ctx.fillStyle = '#555'
      ctx.font = '11px system-ui, sans-serif'
      ctx.textAlign = 'center'
      ctx.fillText('suppressed', cx, chartArea.top + 12)
    }
    ctx.restore()
  }
}

export interface TrendChartProps {
  title: string
  weeks: string[]
  series: TrendSeries[]
  yLabel: string
  percent?: boolean
}

export function TrendChart ({ title, weeks, series, yLabel, percent }: TrendChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const el = canvas.current
    if (!el || !el.getContext?.('2d')) return
    const allSuppressed = weeks.map((_, i) => i).filter((i) => series.length > 0 && series.every((s) => s.values[i] === 'suppressed'))
    const config: ChartConfiguration<'line'> = {
      type: 'line',
      data: {
        labels: weeks,
        datasets: series.map((s, i) => ({
          label: s.name || title,
          data: s.values.map((v) => (typeof v === 'number' ? (percent ? v * 100 : v) : null)),
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length],
          spanGaps: false,
          pointRadius: 2,
          borderWidth: 2
        }))
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: yLabel }, ...(percent ? { max: 100 } : {}) },
          x: { title: { display: true, text: 'Week starting (Monday)' }, ticks: { maxRotation: 0, autoSkip: true } }
        },
        plugins: {
          legend: { display: series.length > 1 || series[0]?.name !== '', position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? 'suppressed' : c.parsed.y.toFixed(1)}${percent ? '%' : ''}`
            }
          },
          suppressedBands: { indices: allSuppressed }
        }
      },
      plugins: [bands]
    }
    const chart = new Chart(el, config)
    return () => chart.destroy()
  }, [weeks, series, yLabel, percent, title])

  const gaps = series.flatMap((s) => weeks.filter((_, i) => s.values[i] === 'suppressed').map((w) => (s.name ? `${w} (${s.name})` : w)))
  return (
    <figure className='trend-chart'>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div className='chart-box'>
        <canvas ref={canvas} role='img' aria-label={`${title}, by week; the table below has every figure`} />
      </div>
      {gaps.length > 0 && (
        <p className='muted small'>
          Suppressed (fewer than 5 calls): {gaps.slice(0, 8).join(', ')}
          {gaps.length > 8 ? ` and ${gaps.length - 8} more` : ''}.
        </p>
      )}
    </figure>
  )
}
