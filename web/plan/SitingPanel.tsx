// Siting on the map: choose N bases among LAFD stations (or the scenario's candidates) by maximal covering then
// p-median swaps (simulations/site.ts, in the worker), see them with the distance a team covers in the cover time,
// and accept them into the scenario: its k-th distinct base moves to the k-th chosen site, as `simulate site` does.
import { useState } from 'react'
import { Circle, Marker, Tooltip } from 'react-leaflet'
import L from 'leaflet'
import { stableJson } from '../../simulations/stable-json'
import type { Scenario } from '../../simulations/scenario'
import type { SiteChoice } from '../../simulations/site'
import { DEFAULT_TRAVEL, travelMinutesXY } from '../../server/domain/travel'
import { BaseMap } from '../map/BaseMap'
import type { useSimulator } from './PlanPage'

const TURNOUT = 3
const icon = L.divIcon({ className: 'sited-icon', html: '<span></span>', iconSize: [18, 18] })

/** How far (metres) a team gets east of a point within `minutes` of travel, by the shared travel model. */
function reachMetres (lat: number, lon: number, minutes: number, doc: Scenario): number {
  const p = { ...DEFAULT_TRAVEL, ...(doc.travel ?? {}) }
  let lo = 0
  let hi = 1
  while (travelMinutesXY(lat, lon, lat, lon + hi, p) < minutes && hi < 8) hi *= 2
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2
    if (travelMinutesXY(lat, lon, lat, lon + mid, p) < minutes) lo = mid
    else hi = mid
  }
  return lo * 111_320 * Math.cos((lat * Math.PI) / 180)
}

export function siteScenario (doc: Scenario, choice: SiteChoice, n: number): Scenario {
  const out: Scenario = structuredClone(doc)
  out.name = `${doc.name} — sited on ${n} bases`
  const keys: string[] = []
  for (const t of out.teams) {
    const k = JSON.stringify(t.base)
    if (!keys.includes(k)) keys.push(k)
    const c = choice.chosen[keys.indexOf(k) % choice.chosen.length]
    t.base = { lat: c.lat, lon: c.lon, name: c.name }
  }
  return out
}

export function SitingPanel ({
  doc,
  readOnly,
  onAccept,
  sim
}: {
  doc: Scenario
  readOnly: boolean
  onAccept: (d: Scenario) => void
  sim: ReturnType<typeof useSimulator>
}) {
  const distinct = new Set(doc.teams.map((t) => JSON.stringify(t.base))).size
  const [n, setN] = useState(String(distinct))
  const [cover, setCover] = useState(String(doc.sites?.coverMinutes ?? doc.targets.responseMinutes['2']))
  const [choice, setChoice] = useState<{ c: SiteChoice; n: number; cover: number; candidates: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const go = async (): Promise<void> => {
    setError(null)
    try {
      const r = await sim.run(
        'Choosing bases',
        async (c) => await c.request({ type: 'site', text: stableJson(doc), teams: Number(n), coverMinutes: Number(cover) }, 'sited')
      )
      if (r) setChoice({ c: r.choice, n: Number(n), cover: Number(cover), candidates: r.candidates })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <section className='siting'>
      <p>
        Choose how many bases; the simulator picks them among{' '}
        {doc.sites?.candidates && doc.sites.candidates !== 'fire_stations' ? "the scenario's candidate sites" : 'LAFD stations'} to
        cover the most demand within the cover time (turnout {TURNOUT} min + travel), then the least demand-weighted travel. The
        scenario has {distinct} distinct base{distinct === 1 ? '' : 's'} now.
      </p>
      <div className='row'>
        <label className='pfield w-s'>
          <span>bases</span>
          <input type='text' inputMode='numeric' value={n} onChange={(e) => setN(e.target.value)} />
        </label>
        <label className='pfield w-s'>
          <span>cover time (min)</span>
          <input type='text' inputMode='decimal' value={cover} onChange={(e) => setCover(e.target.value)} />
        </label>
        <button
          type='button'
          className='primary'
          disabled={!(Number(n) >= 1) || !(Number(cover) > 0) || sim.progress !== null}
          onClick={() => {
            go()
          }}
        >
          Choose bases
        </button>
      </div>
      {error && (
        <p className='error' role='alert'>
          {error}
        </p>
      )}
      {choice && (
        <>
          <p data-testid='siting-result'>
            {choice.c.chosen.length} bases chosen of {choice.candidates} candidates: {(choice.c.coveredShare * 100).toFixed(1)}% of
            demand within {choice.cover} min; demand-weighted turnout + travel {choice.c.meanTravelMinutes.toFixed(1)} min. Circles show
            how far a team gets in the cover time.
          </p>
          <ol className='sited-list'>
            {choice.c.chosen.map((s) => (
              <li key={`${s.lat},${s.lon}`}>{s.name}</li>
            ))}
          </ol>
          {!readOnly ? (
            <p>
              <button type='button' className='primary' onClick={() => onAccept(siteScenario(doc, choice.c, choice.n))}>
                Accept into the scenario
              </button>{' '}
              <span className='muted small'>Then save it and confirm by simulation under Compare (A: your edits, B: as saved).</span>
            </p>
          ) : (
            <p className='muted small'>A shipped scenario is read-only: duplicate it to accept sited bases.</p>
          )}
        </>
      )}
      <BaseMap className='map editor-map' initialZoom={10} label='Map: chosen bases and their coverage' testId='siting-map'>
        {choice?.c.chosen.map((s) => (
          <Circle
            key={`c${s.lat},${s.lon}`}
            center={[s.lat, s.lon]}
            radius={reachMetres(s.lat, s.lon, Math.max(0, choice.cover - TURNOUT), doc)}
            pathOptions={{ color: '#1f6fb2', weight: 1, fillOpacity: 0.12 }}
          />
        ))}
        {choice?.c.chosen.map((s) => (
          <Marker key={`m${s.lat},${s.lon}`} position={[s.lat, s.lon]} icon={icon}>
            <Tooltip>{s.name}</Tooltip>
          </Marker>
        ))}
      </BaseMap>
    </section>
  )
}
