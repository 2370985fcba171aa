// The dispatcher console: map, queue, intake, the selected call, alerts; roster for supervisors; read-only for planners.
import { memo, useCallback, useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import type { User } from '../api/resources'
import { ErrorBoundary } from '../lib/ErrorBoundary'
import { LiveMap } from '../map/LiveMap'
import { Alerts } from './Alerts'
import { CallPanel } from './CallPanel'
import { IntakeForm } from './IntakeForm'
import { Queue } from './Queue'
import { Roster } from './Roster'
import { useDispatchData } from './useDispatchData'
import { CATEGORY_COLOR, CATEGORY_LABEL, label, shortId, time } from '../lib/format'

// Team positions re-render the console every animation frame while teams move: the panels that do not
// show positions skip those renders.
const IntakePanel = memo(IntakeForm)
const CallDetail = memo(CallPanel)
const QueuePanel = memo(Queue)

/** The console (`/console`, a call at `/console/calls/:callId`) or the roster (`/roster`). */
export function DispatcherConsole ({ user, view }: { user: User, view: 'dispatch' | 'roster' }) {
  const desk = user.role === 'dispatcher' || user.role === 'supervisor'
  const data = useDispatchData(desk)
  const navigate = useNavigate()
  // The selected call is the address: a call can be bookmarked, reloaded, shared and left with Back.
  const selected = useParams().callId ?? null
  const setSelected = useCallback((id: string | null) => { navigate(id === null ? '/console' : `/console/calls/${id}`) }, [navigate])
  const [pick, setPick] = useState<{ lat: number, lon: number } | null>(null)
  const roster = user.role === 'supervisor' || user.role === 'admin'
  const focusCall = selected ? data.calls.find((c) => c.id === selected) : null
  const active = data.calls.filter((c) => c.status !== 'queued')
  // A call just created from the form takes focus; one picked from the queue or the map does not.
  const [justCreated, setJustCreated] = useState<string | null>(null)
  const closeCall = useCallback(() => setSelected(null), [setSelected])
  const created = useCallback((c: { id: string }) => { setSelected(c.id); setJustCreated(c.id) }, [setSelected])

  return (
    <div className='console'>
      {view === 'roster'
        ? <main className='roster-main'><Roster teams={data.teams} canEdit={roster} onChanged={() => data.reload()} /></main>
        : (
          <main className='grid'>
            <aside className='left'>
              <Alerts events={data.eventAlerts} queue={data.queueEntries} calls={data.calls} teams={data.teams} onSelect={setSelected} onDismiss={(k) => data.dismiss(k)} />
              {desk && <QueuePanel entries={data.queueEntries} selectedId={selected} onSelect={setSelected} />}
              {desk && (
                <section className='panel' aria-labelledby='active-h'>
                  <h2 id='active-h'>Active calls <span className='badge'>{active.length}</span></h2>
                  <ul className='active'>
                    {active.map((c) => (
                      <li key={c.id} data-call-id={c.id}>
                        <button type='button' onClick={() => setSelected(c.id)}>
                          <span className={`prio p${c.triage.priority}`}>P{c.triage.priority}</span>
                          <span style={{ color: CATEGORY_COLOR[c.triage.category] }}>{CATEGORY_LABEL[c.triage.category]}</span>{' '}
                          <span className='addr'>{c.location.address ?? shortId(c.id)}</span>{' '}
                          <strong className='status'>{label(c.status)}</strong>{' '}
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
                    <summary><h2 id='referred-h'>Referred elsewhere, last 2 h <span className='badge'>{data.referrals.length}</span></h2></summary>
                    <ul className='active'>
                      {data.referrals.map((c) => (
                        <li key={c.id}>
                          <button type='button' onClick={() => setSelected(c.id)}>
                            <strong>{label(c.referredTo ?? c.triage.response)}</strong>{' '}
                            <span className='addr'>{c.location.address ?? shortId(c.id)}</span>{' '}
                            <span className='muted'>{time(c.receivedAt)}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </details>
                </section>
              )}
              {!desk && <section className='panel'><p className='muted'>Your role sees teams, their status and alerts. Calls and callers are shown to dispatchers and supervisors only.</p></section>}
            </aside>
            <ErrorBoundary what='map'>
              <LiveMap
                className='map main-map'
                calls={data.calls}
                teams={data.teams}
                selectedCallId={selected}
                onSelectCall={setSelected}
                pick={desk ? pick : null}
                onPick={desk ? setPick : undefined}
                focus={focusCall ? { lat: focusCall.location.lat, lon: focusCall.location.lon } : null}
              />
            </ErrorBoundary>
            <aside className='right'>
              {selected && <ErrorBoundary key={selected} what='call panel'><CallDetail callId={selected} onClose={closeCall} focusOnLoad={selected === justCreated} auditTrail={roster} /></ErrorBoundary>}
              {desk && <ErrorBoundary what='intake form'><IntakePanel pick={pick} onPick={setPick} onCreated={created} /></ErrorBoundary>}
            </aside>
          </main>
          )}
    </div>
  )
}
