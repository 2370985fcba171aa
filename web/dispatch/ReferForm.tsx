// Refer a call out (police, EMS, fire, 988, other) with the dispatcher's reason; for a care-eligible call no team has
// reached, also why no care team went (the unmet-demand reason the reports count).
import { useState, type FormEvent } from 'react'
import { REFERRAL_LABELS } from '../../server/contracts/labels'
import { UNMET_REASON_LABELS, UNMET_REASONS } from '../../server/domain/outcomes'
import { CARE_TEAM_RESPONSES } from '../../server/domain/types'
import { ApiError } from '../api/client'
import { refer, type CallDetail } from '../api/resources'

/** Whether referring this call out leaves care-team demand unmet: the server then asks why. */
export const needsUnmetReason = (c: Pick<CallDetail, 'triage' | 'times'>): boolean =>
  CARE_TEAM_RESPONSES.includes(c.triage.response) && c.times.onScene === null

export function ReferForm ({ call, onDone, onCancel }: { call: CallDetail, onDone: () => void, onCancel: () => void }) {
  const [to, setTo] = useState<string>('police')
  const [reason, setReason] = useState('')
  const [unmetReason, setUnmetReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const eligible = needsUnmetReason(call)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await refer(call.id, { to, reason, ...(eligible ? { unmetReason } : {}) })
      onDone()
    } catch (err) { setError(err instanceof ApiError ? err.message : String(err)) }
  }
  return (
    <form className='override' aria-labelledby='refer-h' onSubmit={(e) => { submit(e).catch(() => {}) }}>
      <h3 id='refer-h'>Refer out</h3>
      <label htmlFor='refer-to'>Refer to</label>
      <select id='refer-to' value={to} onChange={(e) => setTo(e.target.value)}>
        {Object.entries(REFERRAL_LABELS).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
      </select>
      {eligible && (
        <>
          <label htmlFor='refer-unmet'>Why no care team (required: this call is care-team eligible)</label>
          <select id='refer-unmet' required value={unmetReason} onChange={(e) => setUnmetReason(e.target.value)}>
            <option value=''>Choose a reason…</option>
            {UNMET_REASONS.map((k) => <option key={k} value={k}>{UNMET_REASON_LABELS[k]}</option>)}
          </select>
        </>
      )}
      <label htmlFor='refer-reason'>Reason (required)</label>
      <textarea id='refer-reason' required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      {error && <p role='alert' className='error'>{error}</p>}
      <button type='submit' className='primary'>Refer out</button>{' '}
      <button type='button' onClick={onCancel}>Cancel</button>
    </form>
  )
}
