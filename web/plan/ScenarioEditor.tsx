// The scenario editor, for people who do not write JSON: teams as a table (base picked on the map from LAFD
// stations or any point), demand per category with a scale factor and the hour-of-week profile as a chart,
// service times and policy, targets. Every change is validated with the simulator's own schema, and its
// messages (the CLI's) are shown as you type, beside the fields they name.
import { useMemo, useState } from 'react'
import L from 'leaflet'
import { CircleMarker, Marker, Tooltip, useMapEvents } from 'react-leaflet'
import stations from 'virtual:la-stations'
import { CAPABILITIES, KIND_CAPABILITIES, TEAM_KINDS } from '../../server/domain/types'
import { FACILITY_TYPES } from '../../server/lib/la-data-parse'
import { DEMAND_CATEGORIES, ScenarioError, validateScenario, type Dist, type Scenario, type TeamSpec } from '../../simulations/scenario'
import { BaseMap } from '../map/BaseMap'
import { SimpleChart } from './charts'

/** LAFD stations a base can be picked from (numbered ones), parsed at build time from server/data/la. */
export const STATIONS = stations.filter((s) => /^\d+$/.test(s.station))

/** The schema's messages for a document, [] when it is valid. */
export function scenarioErrors (doc: unknown): string[] {
  try {
    validateScenario(doc)
    return []
  } catch (e) {
    return e instanceof ScenarioError ? e.errors : [String(e)]
  }
}

type Path = Array<string | number>
const pathText = (p: Path): string =>
  p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s === '' ? k : `${s}.${k}`), '')

function setIn (obj: any, path: Path, value: unknown): any {
  if (path.length === 0) return value
  const [k, ...rest] = path
  const copy = Array.isArray(obj) ? [...obj] : { ...(obj ?? {}) }
  if (value === undefined && rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(k as number, 1)
    else delete copy[k]
  } else copy[k] = setIn(copy[k], rest, value)
  return copy
}

/** A number as typed: the number when it reads as one, else the text (so the schema names what is wrong). */
const numberOrText = (t: string): number | string | undefined =>
  t.trim() === '' ? undefined : Number.isFinite(Number(t)) ? Number(t) : t

interface Ctx {
  doc: Scenario
  set: (p: Path, v: unknown) => void
  errors: string[]
  readOnly: boolean
}

function errorsAt (c: Ctx, p: Path): string[] {
  const t = pathText(p)
  return c.errors.filter((e) => e.startsWith(`${t}:`) || e.startsWith(`${t}.`) || e.startsWith(`${t}[`))
}

function Num ({
  c,
  p,
  label,
  value,
  step = 'any',
  width
}: {
  c: Ctx
  p: Path
  label: string
  value: unknown
  step?: string
  width?: string
}) {
  const [text, setText] = useState<string | null>(null)
  const bad = errorsAt(c, p)
  return (
    <label className={`pfield${width ? ` w-${width}` : ''}`}>
      <span>{label}</span>
      <input
        type='text'
        inputMode='decimal'
        step={step}
        aria-invalid={bad.length > 0}
        disabled={c.readOnly}
        value={text ?? (value === undefined ? '' : String(value))}
        onChange={(e) => {
          setText(e.target.value)
          c.set(p, numberOrText(e.target.value))
        }}
        onBlur={() => setText(null)}
        title={bad.join('\n') || undefined}
      />
    </label>
  )
}

function DistEditor ({ c, p, label, d }: { c: Ctx; p: Path; label: string; d: Dist | undefined }) {
  const kind = d?.dist ?? 'lognormal'
  const change = (k: string): void => {
    const fresh: Record<string, Dist> = {
      fixed: { dist: 'fixed', value: 10 },
      exponential: { dist: 'exponential', mean: 30 },
      lognormal: { dist: 'lognormal', mean: 30, sd: 15 },
      uniform: { dist: 'uniform', min: 2, max: 5 },
      empirical: { dist: 'empirical', values: [10, 20, 30] }
    }
    c.set(p, fresh[k])
  }
  return (
    <fieldset className='dist'>
      <legend>{label}</legend>
      <select aria-label={`${label}: distribution`} value={kind} disabled={c.readOnly} onChange={(e) => change(e.target.value)}>
        {['fixed', 'exponential', 'lognormal', 'uniform', 'empirical'].map((k) => (
          <option key={k}>{k}</option>
        ))}
      </select>
      {d?.dist === 'fixed' && <Num c={c} p={[...p, 'value']} label='minutes' value={d.value} width='s' />}
      {d?.dist === 'exponential' && <Num c={c} p={[...p, 'mean']} label='mean' value={d.mean} width='s' />}
      {d?.dist === 'lognormal' && (
        <>
          <Num c={c} p={[...p, 'mean']} label='mean' value={d.mean} width='s' />
          <Num c={c} p={[...p, 'sd']} label='sd' value={d.sd} width='s' />
        </>
      )}
      {d?.dist === 'uniform' && (
        <>
          <Num c={c} p={[...p, 'min']} label='min' value={d.min} width='s' />
          <Num c={c} p={[...p, 'max']} label='max' value={d.max} width='s' />
        </>
      )}
      {d?.dist === 'empirical' && (
        <label className='pfield'>
          <span>values (minutes, comma-separated)</span>
          <input
            type='text'
            disabled={c.readOnly}
            value={d.values.join(', ')}
            onChange={(e) =>
              c.set(
                [...p, 'values'],
                e.target.value
                  .split(',')
                  .map((x) => numberOrText(x) ?? x)
                  .filter((x) => x !== '')
              )}
          />
        </label>
      )}
      {errorsAt(c, p).map((e) => (
        <span key={e} className='pfield-error' role='alert'>
          {e}
        </span>
      ))}
    </fieldset>
  )
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

function baseText (b: TeamSpec['base']): string {
  if ('station' in b) {
    const s = STATIONS.find((x) => x.station.replace(/^0+/, '') === b.station.replace(/^0+/, ''))
    return s ? `Station ${s.station} (${s.community})` : `Station ${b.station} (unknown)`
  }
  return b.name ?? `${Number(b.lat).toFixed(4)}, ${Number(b.lon).toFixed(4)}`
}

function basePoint (b: TeamSpec['base']): [number, number] | null {
  if ('station' in b) {
    const s = STATIONS.find((x) => x.station.replace(/^0+/, '') === b.station.replace(/^0+/, ''))
    return s ? [s.lat, s.lon] : null
  }
  return Number.isFinite(b.lat) && Number.isFinite(b.lon) ? [b.lat, b.lon] : null
}

const teamIcon = L.divIcon({ className: 'team-base-icon', html: '<span></span>', iconSize: [16, 16] })

/** Click anywhere: the picking team's base becomes that point. */
function PickAnyPoint ({ onPick }: { onPick: (lat: number, lon: number) => void }) {
  useMapEvents({ click: (e) => onPick(Math.round(e.latlng.lat * 1e5) / 1e5, Math.round(e.latlng.lng * 1e5) / 1e5) })
  return null
}

function TeamsTable ({ c }: { c: Ctx }) {
  const [picking, setPicking] = useState<number | null>(null)
  const teams = c.doc.teams ?? []
  const pick = (base: TeamSpec['base']): void => {
    if (picking !== null) {
      c.set(['teams', picking, 'base'], base)
      setPicking(null)
    }
  }
  return (
    <section className='editor-section'>
      <h3>Teams</h3>
      <table className='plan-table teams-table'>
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Units</th>
            <th>Base</th>
            <th>Shift</th>
            <th>Capabilities</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {teams.map((t, i) => (
            <tr key={i} className={errorsAt(c, ['teams', i]).length > 0 ? 'invalid' : undefined}>
              <td>
                <input
                  type='text'
                  aria-label={`Team ${i + 1} name`}
                  disabled={c.readOnly}
                  value={t.name ?? ''}
                  onChange={(e) => c.set(['teams', i, 'name'], e.target.value || undefined)}
                />
              </td>
              <td>
                <select
                  aria-label={`Team ${i + 1} kind`}
                  disabled={c.readOnly}
                  value={t.kind}
                  onChange={(e) => c.set(['teams', i, 'kind'], e.target.value)}
                >
                  {TEAM_KINDS.map((k) => (
                    <option key={k}>{k}</option>
                  ))}
                </select>
              </td>
              <td>
                <Num c={c} p={['teams', i, 'count']} label='' value={t.count ?? 1} width='xs' />
              </td>
              <td>
                <span className='base-name'>{baseText(t.base)}</span>
                {!c.readOnly && (
                  <button type='button' aria-pressed={picking === i} onClick={() => setPicking(picking === i ? null : i)}>
                    {picking === i ? 'Picking on the map…' : 'Pick on map'}
                  </button>
                )}
              </td>
              <td className='shift-cell'>
                <label>
                  <input
                    type='checkbox'
                    disabled={c.readOnly}
                    checked={t.shift === undefined}
                    onChange={(e) => c.set(['teams', i, 'shift'], e.target.checked ? undefined : { startHour: 8, hours: 12 })}
                  />{' '}
                  always on
                </label>
                {t.shift && (
                  <>
                    <Num c={c} p={['teams', i, 'shift', 'startHour']} label='from (h)' value={t.shift.startHour} width='xs' />
                    <Num c={c} p={['teams', i, 'shift', 'hours']} label='hours' value={t.shift.hours} width='xs' />
                    <span className='days'>
                      {DAYS.map((d, k) => (
                        <label key={d} title={d}>
                          <input
                            type='checkbox'
                            disabled={c.readOnly}
                            checked={(t.shift!.days ?? [0, 1, 2, 3, 4, 5, 6]).includes(k)}
                            onChange={(e) => {
                              const cur = t.shift!.days ?? [0, 1, 2, 3, 4, 5, 6]
                              const next = e.target.checked ? [...cur, k].sort() : cur.filter((x) => x !== k)
                              c.set(['teams', i, 'shift', 'days'], next.length === 7 ? undefined : next)
                            }}
                          />
                          {d[0]}
                        </label>
                      ))}
                    </span>
                  </>
                )}
              </td>
              <td className='caps'>
                {CAPABILITIES.map((cap) => {
                  const caps = t.capabilities ?? KIND_CAPABILITIES[t.kind] ?? []
                  return (
                    <label key={cap}>
                      <input
                        type='checkbox'
                        disabled={c.readOnly}
                        checked={caps.includes(cap)}
                        onChange={(e) =>
                          c.set(['teams', i, 'capabilities'], e.target.checked ? [...caps, cap] : caps.filter((x) => x !== cap))}
                      />
                      {cap.replace('_', ' ')}
                    </label>
                  )
                })}
              </td>
              <td>
                {!c.readOnly && (
                  <button type='button' onClick={() => c.set(['teams', i], undefined)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {errorsAt(c, ['teams']).map((e) => (
        <p key={e} className='pfield-error' role='alert'>
          {e}
        </p>
      ))}
      {!c.readOnly && (
        <button
          type='button'
          onClick={() => {
            c.set(['teams', teams.length], {
              name: `Team ${teams.length + 1}`,
              kind: 'crisis',
              count: 1,
              base: { station: STATIONS[0].station }
            })
            setPicking(teams.length)
          }}
        >
          Add a team
        </button>
      )}
      <p className='muted small'>
        {picking !== null
          ? `Choose a base for team ${picking + 1}: click an LAFD station (grey dots) or any point of the map.`
          : 'Team bases are the blue markers; LAFD stations are the grey dots.'}
      </p>
      <BaseMap className='map editor-map' initialZoom={10} label='Map: team bases and LAFD stations' testId='editor-map'>
        {picking !== null && <PickAnyPoint onPick={(lat, lon) => pick({ lat, lon })} />}
        {STATIONS.map((s) => (
          <CircleMarker
            key={s.station}
            center={[s.lat, s.lon]}
            radius={picking !== null ? 6 : 3}
            className={`station-marker station-${s.station}`}
            pathOptions={{ color: '#666', fillColor: '#999', fillOpacity: 0.8, weight: 1 }}
            eventHandlers={{
              click: (e) => {
                L.DomEvent.stopPropagation(e)
                pick({ station: s.station })
              }
            }}
          >
            <Tooltip>
              Station {s.station} ({s.community})
            </Tooltip>
          </CircleMarker>
        ))}
        {teams.map((t, i) => {
          const p = basePoint(t.base)
          return (
            p && (
              <Marker key={i} position={p} icon={teamIcon}>
                <Tooltip>
                  {t.name ?? t.kind} × {t.count ?? 1}: {baseText(t.base)}
                </Tooltip>
              </Marker>
            )
          )
        })}
      </BaseMap>
    </section>
  )
}

function profile (d: Scenario['demand']): number[] {
  const w: number[] = []
  for (let h = 0; h < 168; h++) w.push(d.hourOfWeek?.[h] ?? (d.hourOfDay?.[h % 24] ?? 1) * (d.dayOfWeek?.[Math.floor(h / 24)] ?? 1))
  const s = w.reduce((a, x) => a + (Number(x) || 0), 0) || 1
  return w.map((x) => ((Number(x) || 0) * 168) / s)
}

const HOW_LABELS = Array.from({ length: 168 }, (_, h) => `${DAYS[Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00`)

function Demand ({ c }: { c: Ctx }) {
  const d = c.doc.demand
  const [scale, setScale] = useState('1')
  const series = useMemo(() => [{ name: 'relative demand', values: profile(d) }], [d])
  const total = DEMAND_CATEGORIES.reduce((a, k) => a + (Number(d.callsPerDay?.[k]) || 0), 0)
  return (
    <section className='editor-section'>
      <h3>Demand</h3>
      <div className='row'>
        {DEMAND_CATEGORIES.map((k) => (
          <Num key={k} c={c} p={['demand', 'callsPerDay', k]} label={`${k.replace('_', ' ')} calls / day`} value={d.callsPerDay?.[k]} />
        ))}
        <span className='muted'>total {total.toFixed(1)} a day</span>
      </div>
      {!c.readOnly && (
        <div className='row'>
          <label className='pfield w-s'>
            <span>scale factor</span>
            <input type='text' inputMode='decimal' value={scale} onChange={(e) => setScale(e.target.value)} />
          </label>
          <button
            type='button'
            disabled={!(Number(scale) > 0)}
            onClick={() => {
              for (const k of DEMAND_CATEGORIES) {
                if (typeof d.callsPerDay?.[k] === 'number') {
                  c.set(['demand', 'callsPerDay', k], Math.round(d.callsPerDay[k]! * Number(scale) * 100) / 100)
                }
              }
              setScale('1')
            }}
          >
            Scale all categories
          </button>
        </div>
      )}
      <SimpleChart
        title='Hour-of-week profile (1 = an average hour)'
        labels={HOW_LABELS}
        series={series}
        yLabel='relative demand'
        height={180}
        testId='profile-chart'
      />
      <p className='muted small'>
        Call mix: {DEMAND_CATEGORIES.map((k) => `${k.replace('_', ' ')} ${(d.mix?.[k] ?? []).length} call type(s)`).join(', ')}; every
        call type goes through the live triage protocol. Where calls fall:{' '}
        {d.spatial?.model === 'even'
          ? 'evenly over census tracts'
          : d.spatial?.model === 'custom'
            ? 'weighted census tracts'
            : d.spatial?.model === 'hotspots'
              ? `${(d.spatial as { hotspots: unknown[] }).hotspots.length} hotspots over census tracts`
              : `${(d.spatial as { points?: unknown[] })?.points?.length ?? 0} points`}
        .
      </p>
    </section>
  )
}

function Times ({ c }: { c: Ctx }) {
  const t = c.doc.times
  const tr = t.transport
  return (
    <section className='editor-section'>
      <h3>Service times and policy</h3>
      <div className='dists'>
        <DistEditor c={c} p={['times', 'turnoutMinutes']} label='Turnout (minutes)' d={t.turnoutMinutes} />
        {DEMAND_CATEGORIES.map((k) => (
          <DistEditor
            key={k}
            c={c}
            p={['times', 'onSceneMinutes', k]}
            label={`On scene, ${k.replace('_', ' ')}`}
            d={t.onSceneMinutes?.[k]}
          />
        ))}
      </div>
      <div className='row'>
        {tr
          ? DEMAND_CATEGORIES.map((k) => (
            <Num
              key={k}
              c={c}
              p={['times', 'transport', 'probability', k]}
              label={`transport, ${k.replace('_', ' ')}`}
              value={tr.probability?.[k]}
            />
          ))
          : !c.readOnly && (
            <button
              type='button'
              onClick={() =>
                c.set(['times', 'transport'], {
                  probability: {},
                  destinations: { mental_health: ['crisis'] },
                  handoffMinutes: { dist: 'fixed', value: 20 }
                })}
            >
              Add transport
            </button>
            )}
        {tr && (
          <span className='muted small'>
            destinations:{' '}
            {Object.entries(tr.destinations ?? {})
              .map(([k, v]) => `${k.replace('_', ' ')} → ${(v as string[]).join(' or ')}`)
              .join('; ') || 'none'}{' '}
            (of {FACILITY_TYPES.join(', ')})
          </span>
        )}
      </div>
      {tr && (
        <DistEditor c={c} p={['times', 'transport', 'handoffMinutes']} label='Hand-off at the destination' d={tr.handoffMinutes} />
      )}
      <div className='row'>
        {t.backup ? (
          <>
            <Num c={c} p={['times', 'backup', 'probability']} label='backup probability' value={t.backup.probability} />
            <DistEditor c={c} p={['times', 'backup', 'onSceneMinutes']} label='Backup on scene' d={t.backup.onSceneMinutes} />
          </>
        ) : (
          !c.readOnly && (
            <button
              type='button'
              onClick={() => c.set(['times', 'backup'], { probability: 0.05, onSceneMinutes: { dist: 'fixed', value: 30 } })}
            >
              Add backup requests
            </button>
          )
        )}
      </div>
      <div className='row'>
        <Num
          c={c}
          p={['dispatch', 'fallback', 'maxMinutes']}
          label='fallback to police when no team can arrive within (min)'
          value={c.doc.dispatch?.fallback?.maxMinutes}
        />
        <label className='pfield'>
          <span>fallback priorities</span>
          <select
            aria-label='Fallback priorities'
            disabled={c.readOnly}
            value={JSON.stringify(c.doc.dispatch?.fallback?.priorities ?? [1, 2, 3])}
            onChange={(e) => c.set(['dispatch', 'fallback', 'priorities'], JSON.parse(e.target.value))}
          >
            <option value='[1]'>priority 1</option>
            <option value='[1,2]'>priorities 1–2</option>
            <option value='[1,2,3]'>all priorities</option>
          </select>
        </label>
        {[1, 2, 3].map((p) => (
          <Num
            key={p}
            c={c}
            p={['targets', 'responseMinutes', String(p)]}
            label={`target, priority ${p} (min)`}
            value={c.doc.targets?.responseMinutes?.[String(p) as '1']}
          />
        ))}
      </div>
    </section>
  )
}

export function ScenarioEditor ({ doc, onChange, readOnly }: { doc: Scenario; onChange: (d: Scenario) => void; readOnly: boolean }) {
  const errors = useMemo(() => scenarioErrors(doc), [doc])
  const c: Ctx = { doc, set: (p, v) => onChange(setIn(doc, p, v)), errors, readOnly }
  return (
    <div className='editor' data-testid='editor'>
      <div className={`validation ${errors.length === 0 ? 'ok' : 'bad'}`} role='status' aria-live='polite' data-testid='validation'>
        {errors.length === 0 ? (
          'Valid scenario: the simulator will read it as it is.'
        ) : (
          <>
            <strong>
              {errors.length} problem{errors.length === 1 ? '' : 's'}:
            </strong>
            <ul>
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <section className='editor-section'>
        <h3>About</h3>
        <div className='row'>
          <label className='pfield grow'>
            <span>name</span>
            <input
              type='text'
              disabled={readOnly}
              value={doc.name ?? ''}
              aria-invalid={errorsAt(c, ['name']).length > 0}
              onChange={(e) => c.set(['name'], e.target.value)}
            />
          </label>
          <Num c={c} p={['days']} label='days simulated' value={doc.days} />
          <Num c={c} p={['warmupDays']} label='warm-up days' value={doc.warmupDays} />
          <Num c={c} p={['replications']} label='replications' value={doc.replications} />
          <Num c={c} p={['seed']} label='seed' value={doc.seed} />
        </div>
        <label className='pfield'>
          <span>description</span>
          <textarea
            disabled={readOnly}
            value={doc.description ?? ''}
            onChange={(e) => c.set(['description'], e.target.value || undefined)}
          />
        </label>
      </section>
      <TeamsTable c={c} />
      <Demand c={c} />
      <Times c={c} />
    </div>
  )
}
