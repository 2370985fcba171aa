// report.html: one self-contained page a planner can open offline: Chart.js charts (the library inlined) and SVG
// maps, no remote assets.
import { CATEGORIES } from '../server/domain/types'
import type { GeoFeatureCollection, PolygonCoords } from '../server/domain/geo'
import { areaName, type AreaLayer } from '../server/lib/la-data-parse'
import { chartJsSource, laGeoJson } from './platform'
import { fcos } from '../server/domain/fmath'
import { OUTCOME } from './call-table'
import type { RepResult } from './rep-result'
import type { Scenario } from './scenario'
import type { GroupSummary, Summary } from '../server/contracts/summary'

const esc = (s: unknown): string => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
const fx = (x: unknown, d = 1): string => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–')
const pct = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–')
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b']

function histogram (values: number[], binWidth: number, bins: number): number[] {
  const h = new Array(bins).fill(0)
  for (const v of values) h[Math.min(bins - 1, Math.max(0, Math.floor(v / binWidth)))]++
  const n = values.length || 1
  return h.map((x) => x / n)
}

/** Chart.js (the web app's chart library), its UMD build inlined so the report opens offline with no remote asset. */
function chartLibrary (): string {
  return chartJsSource()
}

interface LineChart {
  id: string
  title: string
  labels: string[]
  series: Array<{ name: string; values: Array<number | null> }>
  percent: boolean
  yMax?: number
}

/** A line chart: a canvas here, drawn by Chart.js from its data when the page opens. */
function chartHtml (c: LineChart): string {
  return `<figure class="chart"><figcaption>${esc(c.title)}</figcaption><div class="box"><canvas id="${c.id}" role="img" ` +
    `aria-label="${esc(c.title)}"></canvas></div></figure>`
}

/** The library and one script that draws every chart; the data is JSON with "<" escaped, so no text can end the script. */
function chartScripts (charts: LineChart[]): string {
  const data = JSON.stringify(
    charts.map((c) => ({ ...c, series: c.series.map((s, i) => ({ ...s, color: COLORS[i % COLORS.length] })) }))
  ).replace(/</g, '\\u003c')
  return `<script>${chartLibrary()}</script>
<script>
for (const c of ${data}) {
  const pct = (v) => (v * 100).toFixed(0) + '%'
  new Chart(document.getElementById(c.id), {
    type: 'line',
    data: { labels: c.labels, datasets: c.series.map((s) => ({ label: s.name, data: s.values, borderColor: s.color, backgroundColor: ` +
    `s.color, pointRadius: 0, borderWidth: 2 })) },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
      scales: { y: { beginAtZero: true, max: c.yMax, ticks: c.percent ? { callback: pct } : {} }, x: { ticks: { maxRotation: 0, ` +
      `autoSkip: true } } },
      plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: c.percent ? { label: (t) => t.dataset.label + ': ' + (t.parsed.y ` +
      `* 100).toFixed(1) + '%' } : {} } }
    }
  })
}
</script>`
}

function ramp (v: number, lo: number, hi: number): string {
  const t = Math.max(0, Math.min(1, (v - lo) / Math.max(1e-9, hi - lo)))
  // Light yellow to dark red.
  const r = Math.round(255 - t * 75)
  const g = Math.round(237 - t * 200)
  const b = Math.round(160 - t * 130)
  return `rgb(${r},${g},${b})`
}

/** Choropleth of p90 response by area, projected equirectangularly at LA's latitude. */
function areaMap (layer: AreaLayer, byArea: Record<string, GroupSummary>, title: string): string {
  const fc = laGeoJson(layer) as GeoFeatureCollection
  const polys: Array<{ name: string; rings: PolygonCoords }> = []
  fc.features.forEach((f, i) => {
    if (f.geometry === null) return
    const name = areaName(layer, f.properties, i)
    const parts = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    for (const p of parts) polys.push({ name, rings: p })
  })
  let minLon = Infinity
  let maxLon = -Infinity
  let minLat = Infinity
  let maxLat = -Infinity
  for (const p of polys) {
    for (const [lon, lat] of p.rings[0]) {
      minLon = Math.min(minLon, lon)
      maxLon = Math.max(maxLon, lon)
      minLat = Math.min(minLat, lat)
      maxLat = Math.max(maxLat, lat)
    }
  }
  const kx = fcos((34 * Math.PI) / 180)
  const W = 520
  const scale = W / ((maxLon - minLon) * kx)
  const H = Math.round((maxLat - minLat) * scale) + 10
  const vals = Object.values(byArea)
    .map((a) => a.responseMinutes.p90)
    .filter((v): v is number => typeof v === 'number')
  const lo = Math.min(...vals)
  const hi = Math.max(...vals)
  let svg = `<svg viewBox="0 0 ${W + 170} ${H}" width="${W + 170}" height="${H}" role="img" ` +
    `aria-label="${esc(title)}"><title>${esc(title)}</title>`
  for (const p of polys) {
    const a = byArea[p.name] as GroupSummary | undefined
    const v = a?.responseMinutes?.p90
    let d = ''
    for (const ring of p.rings) {
      // Keep about 300 points per ring: enough for a city-scale map.
      const step = Math.max(1, Math.floor(ring.length / 300))
      for (let i = 0; i < ring.length; i += step) {
        const [lon, lat] = ring[i]
        d += `${i === 0 ? 'M' : 'L'}${((lon - minLon) * kx * scale).toFixed(1)},${((maxLat - lat) * scale + 5).toFixed(1)}`
      }
      d += 'Z'
    }
    svg += `<path d="${d}" fill="${typeof v === 'number' ? ramp(v, lo, hi) : '#eee'}" stroke="#555" stroke-width="0.6" ` +
      `fill-rule="evenodd"><title>${esc(p.name)}: p90 ${fx(v)} min, ${a?.calls ?? 0} calls, within ` +
      `target ${pct(a?.withinTargetShare)}</title></path>`
  }
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4
    svg += `<rect x="${W + 20}" y="${20 + k * 22}" width="18" height="18" fill="${ramp(v, lo, hi)}" stroke="#555"/><text x="${W + 44}" ` +
      `y="${34 + k * 22}" font-size="12">${fx(v)} min</text>`
  }
  return svg + `<text x="${W + 20}" y="14" font-size="12">p90 response</text></svg>`
}

function areaTable (byArea: Record<string, GroupSummary>): string {
  const rows = Object.entries(byArea).map(
    ([name, a]) =>
      `<tr><td>${esc(name)}</td><td>${a.calls}</td><td>${fx(a.responseMinutes?.p50)}</td><td>${fx(a.responseMinutes?.p90)}</td><td>${pct(a.pWait)}</td><td>${pct(a.withinTargetShare)}</td><td>${pct(a.fallbackShare)}</td></tr>`
  )
  return '<table><tr><th>area</th><th>calls</th><th>p50 min</th><th>p90 min</th><th>waited</th><th>within ' +
    `target</th><th>fallback</th></tr>${rows.join('')}</table>`
}

export function renderReport (summary: Summary, reps: RepResult[], scenario: Scenario): string {
  const byCat: Record<number, number[]> = {}
  const waits: number[] = []
  const hourly = new Array(24).fill(0)
  for (const r of reps) {
    for (let k = 0; k < r.calls; k++) {
      hourly[Math.floor(r.t[k] / 60) % 24]++
      if (r.outcome[k] !== OUTCOME.served) continue
      ;(byCat[r.cat[k]] ??= []).push(r.response[k])
      if (r.wait[k] > 0) waits.push(r.wait[k])
    }
  }
  const bins = 36
  const bw = 5
  const xl = Array.from({ length: bins }, (_, i) => (i === bins - 1 ? `${i * bw}+` : String(i * bw)))
  const hours = Array.from({ length: 24 }, (_, h) => `${h}:00`)
  const util = summary.utilizationByHour
  const charts: LineChart[] = [
    {
      id: 'chart-response',
      title: 'Response-time distribution by category (share of calls per 5-minute bin, minutes)',
      labels: xl,
      percent: true,
      series: Object.entries(byCat).map(([c, v]) => ({ name: CATEGORIES[Number(c)], values: histogram(v, bw, bins) }))
    },
    {
      id: 'chart-utilization',
      title: 'Utilization by team kind and hour of day (busy ÷ on-shift time)',
      labels: hours,
      percent: true,
      yMax: 1,
      series: Object.entries(util).map(([k, v]) => ({ name: k, values: v }))
    },
    {
      id: 'chart-waits',
      title: `Queue waits of calls that waited (${waits.length} calls; 2-minute bins)`,
      labels: Array.from({ length: 40 }, (_, i) => String(i * 2)),
      percent: true,
      series: [{ name: 'waiting calls', values: histogram(waits, 2, 40) }]
    },
    {
      id: 'chart-calls',
      title: 'Calls by hour of day (all replications)',
      labels: hours,
      percent: false,
      series: [{ name: 'calls', values: hourly }]
    }
  ]
  const [respChart, utilChart, waitChart, callsChart] = charts.map(chartHtml)
  const hw = summary.halfWidth95
  const head = [
    ['Response p50 (min)', fx(summary.responseMinutes.p50, 2), fx(hw.responseP50, 2)],
    ['Response p90 (min)', fx(summary.responseMinutes.p90, 2), fx(hw.responseP90, 2)],
    ['Response mean (min)', fx(summary.responseMinutes.mean, 2), fx(hw.responseMean, 2)],
    ['Wait mean (min)', fx(summary.waitMinutes.mean, 2), fx(hw.waitMean, 2)],
    ['Wait p90 (min)', fx(summary.waitMinutes.p90, 2), fx(hw.waitP90, 2)],
    ['Share of calls that waited', pct(summary.pWait), pct(hw.pWait)],
    ['Within target', pct(summary.withinTargetShare), pct(hw.withinTargetShare)],
    ['Fallback to police', pct(summary.fallbackShare), pct(hw.fallbackShare)]
  ]
    .map((r) => `<tr><td>${r[0]}</td><td>${r[1]}</td><td>± ${r[2]}</td></tr>`)
    .join('')
  const cats = Object.entries(summary.byCategory)
    .map(
      ([c, a]) =>
        `<tr><td>${esc(c)}</td><td>${a.calls}</td><td>${a.careTeamCalls}</td><td>${fx(a.responseMinutes?.p50)}</td><td>${fx(a.responseMinutes?.p90)}</td><td>${fx(a.waitMinutes?.mean)}</td><td>${pct(a.pWait)}</td><td>${pct(a.withinTargetShare)}</td><td>${pct(a.fallbackShare)}</td></tr>`
    )
    .join('')
  const utilRows = Object.entries(summary.utilization)
    .map(
      ([k, v]) =>
        `<tr><td>${esc(k)}</td><td>${summary.teams.byKind[k]}</td><td>${pct(v)}</td><td>${hw.utilization?.[k] !== undefined ? `± ${pct(hw.utilization[k])}` : '–'}</td></tr>`
    )
    .join('')
  const iv = Object.entries(summary.intervals)
    .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${fx(v.p50)}</td><td>${fx(v.p90)}</td><td>${fx(v.mean)}</td></tr>`)
    .join('')
  const y = summary.youth
  const youthSection =
    y === undefined
      ? ''
      : `<h2>Youth and school calls</h2>
<table><tr><th>youth calls</th><th>served</th><th>met by a youth team</th><th>p50</th><th>p90</th><th>within ` +
`target</th><th>fallback</th></tr>
<tr><td>${y.calls}</td><td>${y.served}</td><td>${y.servedByYouthTeam} ` +
`(${pct(y.servedByYouthTeamShare)})</td><td>${fx(y.responseMinutes?.p50)}</td><td>${fx(y.responseMinutes?.p90)}</td><td>${pct(y.withinTargetShare)}</td><td>${pct(y.fallbackShare)}</td></tr></table>
<p class="note">Calls the protocol gave the youth need (a young person, or a student at school). A youth team goes first unless another ` +
`team is more than ${esc(scenario.dispatch?.youthPreferenceMinutes ?? 15)} minutes closer; the others are met by the nearest crisis ` +
'team.</p>'
  const list = (xs: unknown): string => (Array.isArray(xs) ? `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : '')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(summary.scenario)}: simulated response times</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 ` +
`1em;color:#222}h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px ` +
'8px;text-align:right}td:first-child,th:first-child{text-align:left}svg{display:block;margin:.5em ' +
`0;max-width:100%;height:auto}.note{color:#555}
.chart{margin:.8em 0}.chart figcaption{font-weight:600}.chart .box{position:relative;height:280px}</style></head>
<body>
<h1>${esc(summary.scenario)}</h1>
<p>${esc(scenario.description ?? '')}</p>
<p class="note">${summary.calls} calls over ${summary.days} simulated days × ${summary.replications} replication(s), ` +
`seed ${summary.seed}${summary.replay ? `, replayed from ${esc(summary.replay)}` : ''}. Scenario SHA-256 ` +
`<code>${esc(summary.scenarioSha256)}</code>. Response = on scene − received; intervals as NFPA/NENA (median and 90th percentile).</p>
<h2>Headline figures with 95% confidence intervals</h2>
<table><tr><th>measure</th><th>estimate</th><th>95% half-width</th></tr>${head}</table>
<p class="note">Half-widths: ${esc(hw.method)}. Targets (minutes by ` +
`priority): ${esc(JSON.stringify(summary.targetsMinutes))}. ${summary.referredByTriage} calls (${pct(summary.referredByTriageShare)}) ` +
`were referred elsewhere by triage; ${summary.fallbackToPolice} (${pct(summary.fallbackShare)} of care-team calls) fell back to ` +
`police; ${summary.unserved} were never served.</p>
<h2>Response-time distribution by category</h2>
${respChart}
<table><tr><th>category</th><th>calls</th><th>care-team calls</th><th>p50</th><th>p90</th><th>mean wait</th><th>waited</th><th>within ` +
`target</th><th>fallback</th></tr>${cats}</table>
${youthSection}
<h2>p90 response by council district</h2>
${areaMap('council_districts', summary.byArea, 'p90 response by council district')}
${areaTable(summary.byArea)}
<h2>p90 response by LAPD division</h2>
${areaMap('lapd_divisions', summary.byLapdDivision, 'p90 response by LAPD division')}
${areaTable(summary.byLapdDivision)}
<h2>Utilization by team kind and hour</h2>
${utilChart}
<table><tr><th>kind</th><th>teams</th><th>utilization</th><th>95% half-width</th></tr>${utilRows}</table>
<p class="note">Overtime finishing calls after shift end: ${fx(summary.overtimeMinutesPerDay)} team-minutes a day.</p>
<h2>Queue waits</h2>
<p>${pct(summary.pWait)} of served calls waited for a team; mean wait ${fx(summary.waitMinutes.mean, 2)} min, ` +
`p90 ${fx(summary.waitMinutes.p90, 2)} min; longest queue ${summary.maxQueueLength} calls. Queue order: priority with aging (the live ` +
`server's rule).</p>
${waitChart}
${callsChart}
<h2>Fallback to police</h2>
<p>${pct(summary.fallbackShare)} of care-team calls (± ${pct(hw.fallbackShare)}) were referred to police because no care team could ` +
`arrive within the scenario's limit${scenario.dispatch?.fallback
? ` (${scenario.dispatch.fallback.maxMinutes} min, ` +
  `priorities ${esc((scenario.dispatch.fallback.priorities ?? [1, 2, 3]).join(', '))})`
: ' (no fallback rule in this scenario)'}.</p>
<h2>Intervals (minutes)</h2>
<table><tr><th>interval</th><th>p50</th><th>p90</th><th>mean</th></tr>${iv}</table>
<p>Backup requests: ${summary.backup.requests}, response p50 ${fx(summary.backup.responseMinutes.p50)} min, ` +
`p90 ${fx(summary.backup.responseMinutes.p90)} min.</p>
<h2>Assumptions and sources</h2>
${list(scenario.assumptions)}
${list(scenario.sources)}
<noscript><p class="note">The charts are drawn by JavaScript (Chart.js, inlined); the tables above carry the same figures.</p></noscript>
${chartScripts(charts)}
</body></html>
`
}
