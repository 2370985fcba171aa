// Responder safety on the console: a team's emergency (SOS) and a missed "All OK?" check-in, loud and at the
// top of the screen, with an alarm sound, until a person acknowledges (or resolves) them; then who did.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { MISS_RESOLUTION_LABELS } from '../../server/contracts/labels'
import {
  acknowledgeEmergency,
  checkInMisses,
  emergencies as fetchEmergencies,
  resolveMiss,
  type Call,
  type CheckInMiss,
  type Emergency,
  type MissResolution
} from '../api/resources'
import { age, shortId, time } from '../lib/format'
import { useNow } from '../lib/useNow'
import { useLiveEvents } from '../realtime/useLiveEvents'

/** Open and recent emergencies and missed check-ins, kept current from the live stream. */
export function useSafetyData (enabled: boolean) {
  const [sos, setSos] = useState<Emergency[]>([])
  const [misses, setMisses] = useState<CheckInMiss[]>([])
  const reload = useCallback(() => {
    if (!enabled) return
    fetchEmergencies().then(setSos, () => {})
    checkInMisses().then(setMisses, () => {})
  }, [enabled])
  useEffect(reload, [reload])
  useLiveEvents(['team.emergency', 'check_in.', 'call.checked_in'], () => reload(), reload)
  return { sos, misses, reload }
}

/** A short alarm through WebAudio, while something is open; says so when the browser keeps it silent. */
function useAlarm (sounding: 'sos' | 'miss' | null): { blocked: boolean; enable: () => void } {
  const ctx = useRef<AudioContext | null>(null)
  const [blocked, setBlocked] = useState(false)
  const audio = useCallback((): AudioContext | null => {
    if (ctx.current) return ctx.current
    const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctor) return null
    ctx.current = new Ctor()
    return ctx.current
  }, [])
  const enable = useCallback(() => {
    audio()
      ?.resume()
      .then(
        () => setBlocked(false),
        () => {}
      )
  }, [audio])
  useEffect(() => {
    if (!sounding) return
    const beep = () => {
      const a = audio()
      if (!a) return
      if (a.state !== 'running') {
        setBlocked(true)
        a.resume().then(
          () => setBlocked(false),
          () => {}
        )
        return
      }
      // SOS: three high beeps; a missed check-in: one lower beep
      const tones = sounding === 'sos' ? [0, 0.25, 0.5] : [0]
      for (const at of tones) {
        const o = a.createOscillator()
        const g = a.createGain()
        o.type = 'square'
        o.frequency.value = sounding === 'sos' ? 1046 : 660
        g.gain.value = 0.15
        o.connect(g).connect(a.destination)
        o.start(a.currentTime + at)
        o.stop(a.currentTime + at + 0.18)
      }
    }
    beep()
    const t = setInterval(beep, sounding === 'sos' ? 2000 : 6000)
    return () => clearInterval(t)
  }, [sounding, audio])
  // any click on the page lets the browser play sound
  useEffect(() => {
    const on = () => {
      if (ctx.current?.state === 'suspended') enable()
    }
    window.addEventListener('pointerdown', on)
    window.addEventListener('keydown', on)
    return () => {
      window.removeEventListener('pointerdown', on)
      window.removeEventListener('keydown', on)
    }
  }, [enable])
  return { blocked, enable }
}

interface Props {
  sos: Emergency[]
  misses: CheckInMiss[]
  calls: Call[]
  /** Dispatchers and supervisors acknowledge and resolve; admins see. */
  canAct: boolean
  onLocate: (p: { lat: number; lon: number }) => void
  onSelectCall: (id: string) => void
  onChanged: () => void
}

export function SafetyAlerts ({ sos, misses, calls, canAct, onLocate, onSelectCall, onChanged }: Props) {
  const now = useNow(5000)
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set())
  const [error, setError] = useState<string | null>(null)
  const open = sos.filter((e) => e.acknowledgedAt === null)
  const acked = sos.filter((e) => e.acknowledgedAt !== null && !dismissed.has(e.id))
  const openMisses = misses.filter((m) => m.resolvedAt === null)
  const resolved = misses.filter((m) => m.resolvedAt !== null && !dismissed.has(m.id))
  const alarm = useAlarm(open.length > 0 ? 'sos' : openMisses.length > 0 ? 'miss' : null)
  const addressOf = (callId: string | null) => calls.find((c) => c.id === callId)?.location.address ?? null
  const dismiss = (id: string) => setDismissed((d) => new Set(d).add(id))

  const ack = (e: Emergency) => {
    setError(null)
    acknowledgeEmergency(e.teamId).then(onChanged, (err: unknown) => {
      setError(err instanceof Error ? err.message : String(err))
      onChanged()
    })
  }

  if (open.length + acked.length + openMisses.length + resolved.length === 0) return null
  return (
    <section className='safety-alerts' aria-label='Team safety alerts'>
      <div role='alert'>
        {open.map((e) => (
          <div key={e.id} className='sos-alert' data-team-id={e.teamId}>
            <p>
              <strong>EMERGENCY: {e.callSign}</strong> held the SOS button at {time(e.raisedAt)} ({age(e.raisedAt, now)} ago
              {e.presses > 1 ? `, ${e.presses} presses` : ''}).{' '}
              {e.position
                ? `Position ${e.position.lat.toFixed(5)}, ${e.position.lon.toFixed(5)} at ${time(e.position.at)}.`
                : 'No position known.'}
              {e.callId ? ` On call ${addressOf(e.callId) ?? `#${shortId(e.callId)}`}.` : ' Not on a call.'}
            </p>
            <div className='sos-actions'>
              {e.position && (
                <button type='button' onClick={() => onLocate(e.position!)}>
                  Show on map
                </button>
              )}
              {e.callId && (
                <button type='button' onClick={() => onSelectCall(e.callId!)}>
                  Open call
                </button>
              )}
              {canAct ? (
                <button type='button' className='primary' onClick={() => ack(e)}>
                  Acknowledge emergency of {e.callSign}
                </button>
              ) : (
                <span>Waiting for a dispatcher or supervisor to acknowledge.</span>
              )}
            </div>
          </div>
        ))}
        {openMisses.map((m) => (
          <div key={m.id} className='miss-alert' data-team-id={m.teamId}>
            <p>
              <strong>NO CHECK-IN: {m.callSign}</strong> did not answer "All OK?" due at {time(m.dueAt)} ({age(m.dueAt, now)} ago) on
              call {addressOf(m.callId) ?? `#${shortId(m.callId)}`}.{' '}
              {m.position
                ? `Last position ${m.position.lat.toFixed(5)}, ${m.position.lon.toFixed(5)} at ${time(m.position.at)}.`
                : 'No position known.'}
              {m.checkedInSince ? ` The team has checked in since, at ${time(m.checkedInSince)}.` : ''}
            </p>
            <div className='sos-actions'>
              {m.position && (
                <button type='button' onClick={() => onLocate(m.position!)}>
                  Show on map
                </button>
              )}
              <button type='button' onClick={() => onSelectCall(m.callId)}>
                Open call
              </button>
            </div>
            {canAct && <ResolveForm miss={m} onDone={onChanged} onError={setError} />}
          </div>
        ))}
      </div>
      {error && (
        <p className='error' role='status'>
          {error}
        </p>
      )}
      {alarm.blocked && (open.length > 0 || openMisses.length > 0) && (
        <p className='sos-sound'>
          The browser is keeping the alarm silent.{' '}
          <button type='button' onClick={() => alarm.enable()}>
            Turn the alarm sound on
          </button>
        </p>
      )}
      {(acked.length > 0 || resolved.length > 0) && (
        <div role='status'>
          <ul className='safety-done'>
            {acked.map((e) => (
              <li key={e.id}>
                Emergency of {e.callSign} ({time(e.raisedAt)}) acknowledged by{' '}
                <strong>{e.acknowledgedBy?.name ?? 'someone'}</strong> at{' '}
                {time(e.acknowledgedAt)}.
                <button
                  type='button'
                  className='link'
                  onClick={() => dismiss(e.id)}
                  aria-label={`Hide acknowledged emergency of ${e.callSign}`}
                >
                  hide
                </button>
              </li>
            ))}
            {resolved.map((m) => (
              <li key={m.id}>
                Missed check-in of {m.callSign} resolved by <strong>{m.resolvedBy?.name ?? 'someone'}</strong> at {time(m.resolvedAt)}:{' '}
                {m.resolution ? MISS_RESOLUTION_LABELS[m.resolution] : ''}
                {m.note ? ` (${m.note})` : ''}.
                <button
                  type='button'
                  className='link'
                  onClick={() => dismiss(m.id)}
                  aria-label={`Hide resolved check-in of ${m.callSign}`}
                >
                  hide
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}

function ResolveForm ({ miss, onDone, onError }: { miss: CheckInMiss; onDone: () => void; onError: (m: string | null) => void }) {
  const [resolution, setResolution] = useState<MissResolution>('reached_by_radio')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    onError(null)
    resolveMiss(miss.id, { resolution, ...(note.trim() ? { note: note.trim() } : {}) })
      .then(onDone, (err: unknown) => onError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false))
  }
  const id = `resolve-${miss.id}`
  return (
    <form className='resolve-miss' onSubmit={submit}>
      <label htmlFor={`${id}-r`}>How was it resolved?</label>
      <select id={`${id}-r`} value={resolution} onChange={(e) => setResolution(e.target.value as MissResolution)}>
        {(Object.keys(MISS_RESOLUTION_LABELS) as MissResolution[]).map((r) => (
          <option key={r} value={r}>
            {MISS_RESOLUTION_LABELS[r]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-n`}>Note{resolution === 'other' ? ' (required)' : ''}</label>
      <input id={`${id}-n`} value={note} maxLength={500} required={resolution === 'other'} onChange={(e) => setNote(e.target.value)} />
      <button type='submit' className='primary' disabled={busy}>
        Record resolution for {miss.callSign}
      </button>
    </form>
  )
}
