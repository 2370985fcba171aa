// The dispatcher console: map, queue, intake, the selected call, alerts, every team in a list; keyboard
// shortcuts with a help list (?); roster for supervisors; read-only for planners.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import type { LatLon } from '../api/geocoding'
import type { User } from '../api/resources'
import { ErrorBoundary } from '../lib/ErrorBoundary'
import { LiveMap, type MapAlert } from '../map/LiveMap'
import { useMapFacilities } from '../map/FacilitiesLayer'
import { Alerts } from './Alerts'
import { CallPanel } from './CallPanel'
import { IntakeForm } from './IntakeForm'
import { Queue } from './Queue'
import { Roster } from './Roster'
import { SafetyAlerts, useSafetyData } from './SafetyAlerts'
import { ToLocate } from './ToLocate'
import { useDispatchData } from './useDispatchData'
import { SHORTCUTS, useShortcuts } from './useShortcuts'
import { Dialog } from '../lib/Dialog'
import { age, CATEGORY_COLOR, CATEGORY_LABEL, shortId, time, words } from '../lib/format'
import { isStalePosition } from '../api/resources'

// Team positions re-render the console every animation frame while teams move: the panels that do not
// show positions skip those renders.
const IntakePanel = memo(IntakeForm)
const CallDetail = memo(CallPanel)
const QueuePanel = memo(Queue)
const ToLocatePanel = memo(ToLocate)

/** The console (`/console`, a call at `/console/calls/:callId`) or the roster (`/roster`). */
export function DispatcherConsole ({ user, view }: { user: User; view: 'dispatch' | 'roster' }) {
  const desk = user.role === 'dispatcher' || user.role === 'supervisor'
  const data = useDispatchData(desk)
  const navigate = useNavigate()
  // The selected call is the address: a call can be bookmarked, reloaded, shared and left with Back.
  const selected = useParams().callId ?? null
  const setSelected = useCallback(
    (id: string | null) => {
      navigate(id === null ? '/console' : `/console/calls/${id}`)
    },
    [navigate]
  )
  const [pick, setPick] = useState<{ lat: number; lon: number } | null>(null)
  const roster = user.role === 'supervisor' || user.role === 'admin'
  const focusCall = selected ? data.calls.find((c) => c.id === selected) : null
  const active = data.calls.filter((c) => c.status !== 'queued')
  // A call just created from the form takes focus; one picked from the queue or the map does not.
  const [justCreated, setJustCreated] = useState<string | null>(null)
  const closeCall = useCallback(() => {
    setSelected(null)
    // focus goes back to the queue, not to the top of the page
    requestAnimationFrame(() => document.getElementById('queue-h')?.focus())
  }, [setSelected])
  const created = useCallback(
    (c: { id: string }) => {
      setSelected(c.id)
      setJustCreated(c.id)
    },
    [setSelected]
  )
  // Team safety: every console role but the planner's sees it; the desk acknowledges and resolves.
  const safety = useSafetyData(desk || user.role === 'admin')
  const [locate, setLocate] = useState<{ lat: number; lon: number } | null>(null)
  const mapAlerts = useMemo<MapAlert[]>(
    () => [
      ...safety.sos
        .filter((e) => e.acknowledgedAt === null && e.position)
        .map((e) => ({ id: e.id, lat: e.position!.lat, lon: e.position!.lon, label: `SOS ${e.callSign}`, kind: 'sos' as const })),
      ...safety.misses
        .filter((m) => m.resolvedAt === null && m.position)
        .map((m) => ({
          id: m.id,
          lat: m.position!.lat,
          lon: m.position!.lon,
          label: `No check-in ${m.callSign}`,
          kind: 'miss' as const
        }))
    ],
    [safety.sos, safety.misses]
  )
  const showOnMap = useCallback(
    (p: { lat: number; lon: number }) => {
      setLocate({ ...p })
      navigate('/console')
    },
    [navigate]
  )

  // Address search: suggestions near the map's view; a chosen result moves the map to it. While a held
  // transfer is being placed, map clicks go to it rather than to the new-call form.
  const mapView = useRef<LatLon | null>(null)
  const near = useCallback(() => mapView.current, [])
  const onView = useCallback((c: LatLon) => {
    mapView.current = c
  }, [])
  const [searchFocus, setSearchFocus] = useState<(LatLon & { zoom: number }) | null>(null)
  // the facilities layer: off until switched on (kept for the session)
  const [showFacilities, setShowFacilities] = useState(false)
  const mapFacilities = useMapFacilities(showFacilities)
  useEffect(() => setSearchFocus(null), [selected])
  const intakePick = useCallback((p: LatLon | null, opts?: { pan?: boolean }) => {
    setPick(p)
    if (p && opts?.pan) setSearchFocus({ ...p, zoom: 16 })
  }, [])
  const [placing, setPlacing] = useState<string | null>(null)
  const [placePick, setPlacePick] = useState<LatLon | null>(null)
  const startPlacing = useCallback((id: string | null) => {
    setPlacing(id)
    setPlacePick(null)
  }, [])
  const placeChosen = useCallback((p: LatLon) => {
    setPlacePick(p)
    setSearchFocus({ ...p, zoom: 16 })
  }, [])
  const mapPick = useCallback(
    (p: LatLon) => {
      if (placing) setPlacePick(p)
      else setPick(p)
    },
    [placing]
  )

  const [help, setHelp] = useState(false)
  const toggleHelp = useCallback(() => setHelp((h) => !h), [])
  useShortcuts(view === 'dispatch', { toggleHelp, closeCall, helpOpen: help })
  const [find, setFind] = useState('')
  const teamNames = useMemo(() => new Map(data.teams.map((t) => [t.id, t.callSign])), [data.teams])
  const needle = find.trim().toLowerCase()
  const shownActive =
    needle === ''
      ? active
      : active.filter((c) =>
          `${c.location.address ?? ''} ${c.location.area ?? ''} ${c.callType ?? ''} ${c.id} ${teamNames.get(c.teamId ?? '') ?? ''}`
            .toLowerCase()
            .includes(needle)
      )
  const onShift = data.teams.filter((t) => t.onShift).sort((a, b) => a.callSign.localeCompare(b.callSign))

  return (
    <div className='console'>
      <SafetyAlerts
        sos={safety.sos}
        misses={safety.misses}
        calls={data.calls}
        canAct={desk}
        onLocate={showOnMap}
        onSelectCall={setSelected}
        onChanged={() => safety.reload()}
      />
      {view === 'roster' ? (
        <main className='roster-main'>
          <Roster teams={data.teams} calls={data.calls} canEdit={roster} canSetStatus={desk} onChanged={() => data.reload()} />
        </main>
      ) : (
        <main className='grid'>
          <aside className='left'>
            <Alerts
              events={data.eventAlerts}
              queue={data.queueEntries}
              calls={data.calls}
              teams={data.teams}
              onSelect={setSelected}
              onDismiss={(k) => data.dismiss(k)}
            />
            {desk && (
              <ErrorBoundary what='transfers to locate'>
                <ToLocatePanel
                  placing={placing}
                  onPlacing={startPlacing}
                  pick={placePick}
                  onChosen={placeChosen}
                  onLocated={created}
                  near={near}
                />
              </ErrorBoundary>
            )}
            {desk && (
              <div className='find'>
                <label htmlFor='find-call'>
                  Find a call <span className='muted'>(/)</span>
                </label>
                <input
                  id='find-call'
                  type='search'
                  autoComplete='off'
                  placeholder='address, area, call type, team'
                  value={find}
                  onChange={(e) => setFind(e.target.value)}
                />
              </div>
            )}
            {desk && (
              <QueuePanel
                entries={data.queueEntries}
                selectedId={selected}
                onSelect={setSelected}
                teamNames={teamNames}
                filter={find}
              />
            )}
            {desk && (
              <section className='panel' aria-labelledby='active-h'>
                <h2 id='active-h'>
                  Active calls <span className='badge'>{shownActive.length}</span>
                </h2>
                <ul className='active'>
                  {shownActive.map((c) => (
                    <li key={c.id} data-call-id={c.id}>
                      <button type='button' onClick={() => setSelected(c.id)}>
                        <span className={`prio p${c.triage.priority}`}>P{c.triage.priority}</span>
                        <span style={{ color: CATEGORY_COLOR[c.triage.category] }}>{CATEGORY_LABEL[c.triage.category]}</span>{' '}
                        <span className='addr'>{c.location.address ?? shortId(c.id)}</span>{' '}
                        <strong className='status'>{words.callStatus(c.status)}</strong>{' '}
                        <span className='muted'>{data.teams.find((t) => t.id === c.teamId)?.callSign ?? ''}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {desk && data.referrals.length > 0 && (
              <section className='panel' aria-labelledby='referred-h'>
                <details>
                  <summary>
                    <h2 id='referred-h'>
                      Referred elsewhere, last 2 h <span className='badge'>{data.referrals.length}</span>
                    </h2>
                  </summary>
                  <ul className='active'>
                    {data.referrals.map((c) => (
                      <li key={c.id}>
                        <button type='button' onClick={() => setSelected(c.id)}>
                          <strong>{words.referral(c.referredTo) || words.response(c.triage.response)}</strong>{' '}
                          <span className='addr'>{c.location.address ?? shortId(c.id)}</span>{' '}
                          <span className='muted'>{time(c.receivedAt)}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </details>
              </section>
            )}
            {!desk && (
              <section className='panel'>
                <p className='muted'>
                  Your role sees teams, their status and alerts. Calls and callers are shown to dispatchers and supervisors only.
                </p>
              </section>
            )}
            {/* every team on the map is also here, for the keyboard and screen readers (the map's markers are not tab stops) */}
            <section className='panel' aria-labelledby='teams-h'>
              <details>
                <summary>
                  <h2 id='teams-h'>
                    Teams on shift <span className='badge'>{onShift.length}</span>
                  </h2>
                </summary>
                <ul className='team-list'>
                  {onShift.map((t) => (
                    <li key={t.id}>
                      <strong>{t.callSign}</strong> {words.teamStatus(t.status)}
                      {t.outOfService?.expectedBackAt ? `, back about ${time(t.outOfService.expectedBackAt).slice(0, 5)}` : ''}
                      {t.position ? (
                        <span className={isStalePosition(t.position) ? 'stale' : 'muted'}> · location {age(t.position.at)} old</span>
                      ) : (
                        <span className='muted'> · no location</span>
                      )}
                    </li>
                  ))}
                </ul>
              </details>
            </section>
            <label className='choice map-layer-toggle'>
              <input type='checkbox' checked={showFacilities} onChange={(e) => setShowFacilities(e.target.checked)} /> Show facilities
              and their capacity on the map
            </label>
          </aside>
          <ErrorBoundary what='map'>
            <LiveMap
              className='map main-map'
              calls={data.calls}
              teams={data.teams}
              selectedCallId={selected}
              onSelectCall={setSelected}
              pick={desk ? (placing ? placePick : pick) : null}
              onPick={desk ? mapPick : undefined}
              focus={searchFocus ?? (focusCall ? { lat: focusCall.location.lat, lon: focusCall.location.lon } : locate)}
              onView={onView}
              alerts={mapAlerts}
              facilities={mapFacilities}
            />
          </ErrorBoundary>
          <aside className='right'>
            {selected && desk && (
              <ErrorBoundary key={selected} what='call panel'>
                <CallDetail callId={selected} onClose={closeCall} focusOnLoad={selected === justCreated} auditTrail={roster} />
              </ErrorBoundary>
            )}
            {desk && (
              <ErrorBoundary what='intake form'>
                <IntakePanel pick={pick} onPick={intakePick} onCreated={created} near={near} />
              </ErrorBoundary>
            )}
          </aside>
        </main>
      )}
      {help && (
        <Dialog title='Keyboard shortcuts' onClose={() => setHelp(false)}>
          <p className='muted'>Not while typing in a field. The skip link at the top of the page goes to the new-call form.</p>
          <dl className='shortcuts'>
            {SHORTCUTS.map(([k, what]) => (
              <div key={k}>
                <dt>
                  <kbd>{k}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <button type='button' onClick={() => setHelp(false)}>
            Close
          </button>
        </Dialog>
      )}
    </div>
  )
}
