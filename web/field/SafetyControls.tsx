// The care team's own safety on the phone: the emergency button (press and hold, never a tap), what became
// of the signal (sent, acknowledged by whom), and the "All OK?" check-in on scene. Both go through the outbox:
// the emergency ahead of everything else.
import { useCallback, useEffect, useRef, useState } from 'react'
import { checkInStatus, teamEmergency, type CheckInStatus, type Emergency } from '../api/resources'
import { time } from '../lib/format'
import { useNow } from '../lib/useNow'
import { useLiveEvents } from '../realtime/useLiveEvents'
import type { Outbox } from './outbox'

/** How long the emergency button must be held. */
export const HOLD_MS = 1500

export const emergencyPath = (teamId: string): string => `/api/teams/${teamId}/emergency`
export const checkInPath = (callId: string): string => `/api/calls/${callId}/check-ins`

/** Press and hold (pointer, or Space/Enter held down) for HOLD_MS; letting go earlier sends nothing. */
export function SosButton ({ onFire }: { onFire: () => void }) {
  const [progress, setProgress] = useState(0)
  const [held, setHeld] = useState(false)
  const timers = useRef<{ fire: ReturnType<typeof setTimeout>; tick: ReturnType<typeof setInterval> } | null>(null)
  const fire = useRef(onFire)
  fire.current = onFire

  const stop = useCallback(() => {
    if (timers.current) {
      clearTimeout(timers.current.fire)
      clearInterval(timers.current.tick)
    }
    timers.current = null
    setHeld(false)
    setProgress(0)
  }, [])
  const begin = useCallback(() => {
    if (timers.current) return
    const t0 = Date.now()
    setHeld(true)
    setProgress(0)
    timers.current = {
      tick: setInterval(() => setProgress(Math.min(1, (Date.now() - t0) / HOLD_MS)), 50),
      fire: setTimeout(() => {
        stop()
        fire.current()
      }, HOLD_MS)
    }
  }, [stop])
  useEffect(() => stop, [stop])

  return (
    <div className='sos'>
      <button
        type='button'
        className={`sos-button ${held ? 'holding' : ''}`}
        aria-describedby='sos-help'
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId)
          begin()
        }}
        onPointerUp={stop}
        onPointerCancel={stop}
        onContextMenu={(e) => e.preventDefault()}
        onKeyDown={(e) => {
          if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
            e.preventDefault()
            begin()
          }
        }}
        onKeyUp={(e) => {
          if (e.key === ' ' || e.key === 'Enter') {
            e.preventDefault()
            stop()
          }
        }}
        onBlur={stop}
      >
        <span className='sos-fill' style={{ width: `${Math.round(progress * 100)}%` }} aria-hidden='true' />
        <span className='sos-label'>{held ? 'Keep holding…' : 'EMERGENCY (SOS)'}</span>
      </button>
      <p id='sos-help' className='sos-help'>
        Press and hold {HOLD_MS / 1000} s (or hold Space or Enter) to alert every dispatcher with your position. For a crew in danger,
        not for backup.
      </p>
      {held && <progress className='sos-progress' max={100} value={Math.round(progress * 100)} aria-label='Emergency button held' />}
    </div>
  )
}

/** The team's emergency as the server last said (refetched on its events and when the outbox has sent it). */
function useTeamEmergency (teamId: string, outboxRev: number): Emergency | null {
  const [e, setE] = useState<Emergency | null>(null)
  const load = useCallback(() => {
    teamEmergency(teamId).then(setE, () => {})
  }, [teamId])
  useEffect(load, [load, outboxRev])
  useLiveEvents(
    ['team.emergency'],
    (ev) => {
      if (ev.teamId === teamId) load()
    },
    load
  )
  return e
}

/** The emergency button and what became of the signal. */
export function SosPanel ({
  teamId,
  outbox,
  lastFix
}: {
  teamId: string
  outbox: Outbox
  lastFix: () => { lat: number; lon: number } | null
}) {
  const server = useTeamEmergency(teamId, outbox.rev)
  const pending = outbox.items.filter((i) => i.path === emergencyPath(teamId))
  const send = () => {
    const fix = lastFix()
    outbox
      .add('EMERGENCY (SOS)', emergencyPath(teamId), fix ? { lat: fix.lat, lon: fix.lon } : {}, undefined, { urgent: true })
      .catch(() => {})
  }
  return (
    <section className='panel sos-panel' aria-label='Emergency'>
      {pending.length > 0 && (
        <p role='alert' className='sos-state unsent'>
          EMERGENCY NOT SENT YET: no connection. It goes first when the connection returns. Use the radio now.
        </p>
      )}
      {pending.length === 0 && server && server.acknowledgedAt === null && (
        <p role='alert' className='sos-state open'>
          EMERGENCY SENT at {time(server.raisedAt)}: every dispatcher is alerted. Waiting for a dispatcher to acknowledge.
        </p>
      )}
      {pending.length === 0 && server?.acknowledgedAt && (
        <p role='status' className='sos-state acked'>
          Emergency acknowledged by {server.acknowledgedBy?.name ?? 'dispatch'} at {time(server.acknowledgedAt)}.
        </p>
      )}
      <SosButton onFire={send} />
    </section>
  )
}

/** "All OK?" on scene: due every CHECK_IN_SECONDS; one tap answers (through the outbox). */
export function CheckInPrompt ({ callId, callStatus, outbox }: { callId: string; callStatus: string; outbox: Outbox }) {
  const [status, setStatus] = useState<CheckInStatus | null>(null)
  const load = useCallback(() => {
    checkInStatus(callId).then(setStatus, () => {})
  }, [callId])
  useEffect(load, [load, callStatus])
  useLiveEvents(
    ['call.checked_in', 'check_in.'],
    (e) => {
      if (e.callId === callId) load()
    },
    load
  )
  const now = useNow(1000)
  const pending = outbox.items.filter((i) => i.path === checkInPath(callId))
  const active = status !== null && status.dueAt !== null && (callStatus === 'on_scene' || callStatus === 'at_facility')
  // an answer still in the outbox counts: the next one is due an interval after it
  const lastPending = pending.at(-1)?.deviceTime
  const dueAt = !active ? 0 : lastPending ? Date.parse(lastPending) + status.intervalSeconds * 1000 : Date.parse(status.dueAt!)
  const left = Math.round((dueAt - now) / 1000)
  const isDue = active && left <= 0
  useEffect(() => {
    if (isDue) navigator.vibrate?.([300, 150, 300])
  }, [isDue])
  if (!active) return null
  const openMiss = status.misses.some((m) => m.resolvedAt === null && m.checkedInSince === null) && pending.length === 0
  const answer = () => {
    outbox.add('Check-in: All OK', checkInPath(callId), {}).catch(() => {})
  }
  return (
    <section className={`panel check-in ${isDue ? 'due' : ''}`} aria-labelledby='checkin-h'>
      <h2 id='checkin-h'>{isDue ? 'All OK?' : 'Safety check-in'}</h2>
      {isDue ? (
        <p role='alert'>
          Check-in due{left < 0 ? ` ${fmt(-left)} ago` : ''}: tap All OK within {fmt(status.graceSeconds)} of the due time, or dispatch
          is alerted.
        </p>
      ) : (
        <p className='muted' role='timer' aria-live='off'>
          Next "All OK?" in {fmt(left)}.{status.lastCheckInAt ? ` Last check-in at ${time(status.lastCheckInAt)}.` : ''}
        </p>
      )}
      {openMiss && (
        <p className='error'>Dispatch was alerted that a check-in was missed: tap All OK, and expect a call or the radio.</p>
      )}
      {pending.length > 0 && <p className='muted'>All OK given at {time(pending.at(-1)!.deviceTime)} (not sent yet).</p>}
      <button type='button' className={isDue ? 'primary big' : ''} onClick={answer}>
        All OK
      </button>
    </section>
  )
}

function fmt (s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`
}
