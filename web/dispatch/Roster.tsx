// Roster and shifts for supervisors: every team with status, location age, and shift start/end.
import { useState } from 'react'
import { ApiError } from '../api/client'
import { isStalePosition, setShift, type Team } from '../api/resources'
import { age, label, TEAM_STATUS_COLOR } from '../lib/format'
import { useNow } from '../lib/useNow'

export function Roster ({ teams, canEdit, onChanged }: { teams: Team[], canEdit: boolean, onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null)
  const now = useNow(10_000)
  const toggle = async (t: Team) => {
    if (t.onShift && !window.confirm(`End ${t.callSign}'s shift? The team leaves the map and gets no more calls.`)) return
    setError(null)
    try { await setShift(t.id, !t.onShift); onChanged() } catch (err) { setError(err instanceof ApiError ? err.message : String(err)) }
  }
  const stale = (t: Team): boolean => isStalePosition(t.position, now)
  const sorted = [...teams].sort((a, b) => a.callSign.localeCompare(b.callSign))
  return (
    <section aria-labelledby='roster-h' className='panel roster'>
      <h2 id='roster-h'>Roster and shifts</h2>
      {error && <p role='alert' className='error'>{error}</p>}
      <table>
        <thead><tr><th>Team</th><th>Kind</th><th>Status</th><th>Shift</th><th>Location age</th>{canEdit && <th />}</tr></thead>
        <tbody>
          {sorted.map((t) => (
            <tr key={t.id}>
              <td>{t.callSign}</td>
              <td>{t.kind === 'youth' ? 'youth (counsellor + peer, school day)' : label(t.kind)}</td>
              <td><span className='dot' style={{ background: TEAM_STATUS_COLOR[t.status] }} /> {label(t.status)}</td>
              <td>{t.onShift ? `on${t.shiftEndsAt ? ` until ${new Date(t.shiftEndsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ''}` : 'off'}</td>
              <td className={stale(t) ? 'stale' : ''}>{t.position ? `${age(t.position.at, now)}${stale(t) ? ' (stale)' : ''}` : '—'}</td>
              {canEdit && <td><button type='button' disabled={t.onShift && t.status !== 'available' && t.status !== 'out_of_service' && t.status !== 'recovering'} onClick={() => { toggle(t).catch(() => {}) }}>{t.onShift ? 'End shift' : 'Start shift'}</button></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
