// Small Chart.js charts for the planner's pages: lines or bars over labelled x values.
import { useEffect, useRef } from 'react'
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration
} from 'chart.js'

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip)

const COLORS = ['#0f3d3e', '#c0392b', '#1f6fb2', '#c46a00', '#7b3fa0', '#2f7d5b', '#555']

export interface Series {
  name: string
  values: Array<number | null>
  kind?: 'line' | 'bar'
}

export function SimpleChart ({
  title,
  labels,
  series,
  yLabel,
  xLabel,
  percent,
  kind = 'line',
  height = 220,
  testId
}: {
  title: string
  labels: string[]
  series: Series[]
  yLabel: string
  xLabel?: string
  percent?: boolean
  kind?: 'line' | 'bar'
  height?: number
  testId?: string
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const el = canvas.current
    if (!el || !el.getContext?.('2d')) return
    const config: ChartConfiguration = {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          type: s.kind ?? kind,
          label: s.name,
          data: s.values.map((v) => (v === null ? null : percent ? v * 100 : v)),
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: (s.kind ?? kind) === 'bar' ? `${COLORS[i % COLORS.length]}99` : COLORS[i % COLORS.length],
          pointRadius: 0,
          borderWidth: 2,
          spanGaps: false
        }))
      } as ChartConfiguration['data'],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1 }, tooltip: { mode: 'index', intersect: false } },
        scales: {
          x: { title: { display: xLabel !== undefined, text: xLabel ?? '' }, ticks: { autoSkip: true, maxTicksLimit: 14 } },
          y: { beginAtZero: true, title: { display: true, text: yLabel } }
        }
      }
    }
    const chart = new Chart(el, config)
    return () => chart.destroy()
  }, [labels, series, yLabel, xLabel, percent, kind])
  return (
    <figure className='plan-chart' data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className='plan-chart-box' style={{ height }}>
        <canvas ref={canvas} role='img' aria-label={title} />
      </div>
    </figure>
  )
}
