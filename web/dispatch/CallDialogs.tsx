// The recorded actions on a call, each a dialog with its reason: cancel, refer out, take back from a referral,
// take the team off, give it to another team or assign any team (with the ranking beside each), edit the
// details (triaged again), add a note. Each calls one route and closes when the server says yes.
import { useEffect, useMemo, useState } from 'react'
import {
  addNote,
  assign,
  cancelCall,
  reassign,
  recommendations,
  referCall,
  requeueCall,
  unassign,
  updateCall,
  type Answer,
  type CallDetail,
  type CancelCode,
  type PlaceKind,
  type Recommendations,
  type ReferralTarget,
  type TeamOption,
  type UpdateCall
} from '../api/resources'
import { ActionDialog } from '../lib/Dialog'
import { CANCEL_LABELS, PLACE_KIND_LABELS, REFERRAL_LABELS, words } from '../lib/format'
import { CANCEL_CODES, REFERRAL_TARGETS } from '../../server/contracts/calls'
import { UNMET_REASON_LABELS, UNMET_REASONS, type UnmetReason } from '../../server/domain/outcomes'
import { CARE_TEAM_RESPONSES } from '../../server/domain/types'
import { AddressSearch } from './AddressSearch'
import { useProtocol } from './questions'
import type { Candidate } from '../api/geocoding'

interface Props {
  call: CallDetail
  onClose: () => void
  onDone: () => void
}

function Reason ({
  id,
  label,
  value,
  onChange,
  placeholder
}: {
  id: string
  label: string
  value: string
  onChange: (v: string) => void
  placeholder?: string
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        required
        minLength={3}
        maxLength={1000}
        rows={3}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    </>
  )
}

export function CancelDialog ({ call, onClose, onDone }: Props) {
  const [code, setCode] = useState<CancelCode>('caller_cancelled')
  const [reason, setReason] = useState('')
  return (
    <ActionDialog
      title={`Cancel call #${call.id.slice(0, 8)}`}
      confirm='Cancel the call'
      danger
      canConfirm={reason.trim().length >= 3}
      onClose={onClose}
      onConfirm={async () => {
        await cancelCall(call.id, { code, reason: reason.trim() })
        onDone()
      }}
    >
      {call.teamId && <p className='muted'>The team on this call is released.</p>}
      <label htmlFor='cancel-code'>Why</label>
      <select id='cancel-code' value={code} onChange={(e) => setCode(e.target.value as CancelCode)}>
        {CANCEL_CODES.map((c) => (
          <option key={c} value={c}>
            {CANCEL_LABELS[c]}
          </option>
        ))}
      </select>
      <Reason id='cancel-reason' label='What happened (recorded with the call)' value={reason} onChange={setReason} />
    </ActionDialog>
  )
}

/** Whether referring this call out leaves care-team demand unmet: the server then asks why no care team went. */
export const needsUnmetReason = (c: Pick<CallDetail, 'triage' | 'times'>): boolean =>
  CARE_TEAM_RESPONSES.includes(c.triage.response) && c.times.onScene === null

export function ReferDialog ({ call, onClose, onDone }: Props) {
  const [to, setTo] = useState<ReferralTarget>('phone_988')
  const [reason, setReason] = useState('')
  const [unmetReason, setUnmetReason] = useState<UnmetReason | ''>('')
  const eligible = needsUnmetReason(call)
  return (
    <ActionDialog
      title={`Refer call #${call.id.slice(0, 8)} out`}
      confirm={`Refer to ${REFERRAL_LABELS[to]}`}
      canConfirm={reason.trim().length >= 3 && (!eligible || unmetReason !== '')}
      onClose={onClose}
      onConfirm={async () => {
        await referCall(call.id, { to, reason: reason.trim(), ...(eligible && unmetReason !== '' ? { unmetReason } : {}) })
        onDone()
      }}
    >
      <p className='muted'>
        The call stays readable here and can be taken back into the queue.{call.teamId ? ' The team on it is released.' : ''}
      </p>
      <fieldset>
        <legend>Refer to</legend>
        {REFERRAL_TARGETS.map((t) => (
          <label key={t} className='choice'>
            <input type='radio' name='refer-to' value={t} checked={to === t} onChange={() => setTo(t)} /> {REFERRAL_LABELS[t]}
          </label>
        ))}
      </fieldset>
      {eligible && (
        <>
          <label htmlFor='refer-unmet'>Why no care team (this call is care-team eligible: the reports count it)</label>
          <select id='refer-unmet' required value={unmetReason} onChange={(e) => setUnmetReason(e.target.value as UnmetReason | '')}>
            <option value=''>Choose a reason…</option>
            {UNMET_REASONS.map((k) => (
              <option key={k} value={k}>
                {UNMET_REASON_LABELS[k]}
              </option>
            ))}
          </select>
        </>
      )}
      <Reason id='refer-reason' label='Reason' value={reason} onChange={setReason} />
    </ActionDialog>
  )
}

export function RequeueDialog ({ call, onClose, onDone }: Props) {
  const [reason, setReason] = useState('')
  return (
    <ActionDialog
      title={`Take call #${call.id.slice(0, 8)} back into the queue`}
      confirm='Put back in the queue'
      canConfirm={reason.trim().length >= 3}
      onClose={onClose}
      onConfirm={async () => {
        await requeueCall(call.id, reason.trim())
        onDone()
      }}
    >
      <p className='muted'>Referred to {words.referral(call.referredTo)}. Its wait counts from when it was first received.</p>
      <Reason id='requeue-reason' label='Why a care team should go after all' value={reason} onChange={setReason} />
    </ActionDialog>
  )
}

export function UnassignDialog ({ call, teamName, onClose, onDone }: Props & { teamName: string }) {
  const [reason, setReason] = useState('')
  return (
    <ActionDialog
      title={`Take ${teamName} off call #${call.id.slice(0, 8)}`}
      confirm={`Take ${teamName} off`}
      danger
      canConfirm={reason.trim().length >= 3}
      onClose={onClose}
      onConfirm={async () => {
        await unassign(call.id, { reason: reason.trim(), version: call.version })
        onDone()
      }}
    >
      <p className='muted'>
        {teamName} is released and the call goes back to the queue, its wait counted from when it was first received.
      </p>
      <Reason id='unassign-reason' label='Reason' value={reason} onChange={setReason} />
    </ActionDialog>
  )
}

export function NoteDialog ({ call, onClose, onDone }: Props) {
  const [text, setText] = useState('')
  return (
    <ActionDialog
      title={`Note on call #${call.id.slice(0, 8)}`}
      confirm='Add the note'
      canConfirm={text.trim().length > 0}
      onClose={onClose}
      onConfirm={async () => {
        await addNote(call.id, text.trim())
        onDone()
      }}
    >
      <label htmlFor='note-text'>Note (timestamped and signed with your name; kept with the call, not sent on the live stream)</label>
      <textarea id='note-text' required maxLength={4000} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
    </ActionDialog>
  )
}

/** One line about a team beside the ranking: rank, ETA, distance, status, what it lacks. */
export function optionSummary (o: TeamOption): string {
  return [
    o.rank !== null ? `#${o.rank} recommended` : 'not recommended',
    o.etaMinutes !== null ? `ETA ${o.etaMinutes} min` : 'ETA unknown',
    o.distanceMiles !== null ? `${o.distanceMiles} mi` : null,
    words.teamStatus(o.status),
    o.lacks.length > 0 ? `lacks ${o.lacks.join(', ')}` : null
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * Assign any team (call queued), or give the call to another (team assigned): every team with the ranking's
 * ETA, distance and shortfalls beside it, searchable; a team lacking a needed capability needs the override box.
 */
export function TeamPickerDialog ({
  call,
  mode,
  recs: given,
  onClose,
  onDone
}: Props & { mode: 'assign' | 'reassign'; recs: Recommendations | null }) {
  const [recs, setRecs] = useState<Recommendations | null>(given)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [q, setQ] = useState('')
  const [teamId, setTeamId] = useState<string | null>(null)
  const [override, setOverride] = useState(false)
  const [reason, setReason] = useState('')
  useEffect(() => {
    if (given) return
    recommendations(call.id)
      .then(setRecs)
      .catch((e: unknown) => setLoadError(String(e instanceof Error ? e.message : e)))
  }, [call.id, given])
  const options = useMemo(() => {
    const needle = q.trim().toLowerCase()
    return (recs?.teams ?? [])
      .filter((o) => o.teamId !== call.teamId && o.onShift)
      .filter(
        (o) =>
          needle === '' ||
          `${o.callSign} ${words.teamKind(o.kind)} ${words.teamStatus(o.status)} ${o.lacks.join(' ')}`.toLowerCase().includes(needle)
      )
  }, [recs, q, call.teamId])
  const chosen = recs?.teams.find((o) => o.teamId === teamId) ?? null
  const needsReason = mode === 'reassign'
  const ok = chosen !== null && chosen.assignable && (!chosen.needsOverride || override) && (!needsReason || reason.trim().length >= 3)
  return (
    <ActionDialog
      title={mode === 'assign' ? `Assign a team to call #${call.id.slice(0, 8)}` : `Give call #${call.id.slice(0, 8)} to another team`}
      confirm={chosen ? `${mode === 'assign' ? 'Assign' : 'Give it to'} ${chosen.callSign}` : 'Choose a team'}
      canConfirm={ok}
      onClose={onClose}
      onConfirm={async () => {
        if (!chosen) return
        if (mode === 'assign') await assign(call.id, chosen.teamId, chosen.needsOverride && override)
        else {
          await reassign(call.id, {
            teamId: chosen.teamId,
            reason: reason.trim(),
            version: call.version,
            ...(chosen.needsOverride && override ? { override: true } : {})
          })
        }
        onDone()
      }}
    >
      {recs && recs.shortfalls.length > 0 && (
        <div className='shortfalls-box'>
          <strong>Shortfalls</strong>
          <ul className='shortfalls'>
            {recs.shortfalls.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </div>
      )}
      <label htmlFor='team-search'>Find a team (call sign, kind, status)</label>
      <input id='team-search' type='search' autoComplete='off' value={q} onChange={(e) => setQ(e.target.value)} />
      {loadError && (
        <p role='alert' className='error'>
          {loadError}
        </p>
      )}
      {!recs && !loadError && <p className='muted'>Loading the teams…</p>}
      <fieldset className='team-options'>
        <legend>
          Teams on shift <span className='muted'>({options.length})</span>
        </legend>
        <ul>
          {options.map((o) => (
            <li key={o.teamId} className={o.teamId === teamId ? 'chosen' : ''}>
              <label className='team-option'>
                <input
                  type='radio'
                  name='team-choice'
                  value={o.teamId}
                  disabled={!o.assignable}
                  checked={o.teamId === teamId}
                  onChange={() => {
                    setTeamId(o.teamId)
                    setOverride(false)
                  }}
                />
                <span>
                  <strong>{o.callSign}</strong> <span className='muted'>{words.teamKind(o.kind)}</span>
                  <br />
                  {optionSummary(o)}
                </span>
              </label>
              <ul className='reasons small'>
                {o.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        {recs && options.length === 0 && <p className='muted'>No team on shift matches.</p>}
      </fieldset>
      {chosen?.needsOverride === true && (
        <label className='choice'>
          <input type='checkbox' checked={override} onChange={(e) => setOverride(e.target.checked)} /> Assign {chosen.callSign} although
          it lacks {chosen.lacks.join(', ')} (an override, recorded)
        </label>
      )}
      {needsReason && <Reason id='reassign-reason' label='Why the call goes to another team' value={reason} onChange={setReason} />}
    </ActionDialog>
  )
}

type EditFields = {
  address: string
  lat: string
  lon: string
  narrative: string
  callType: string
  callback: string
  callerName: string
  language: string
  personAge: string
  placeKind: PlaceKind | ''
  guardianCallback: string
}

const LANGUAGES: Array<[string, string]> = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['ko', 'Korean'],
  ['zh', 'Chinese'],
  ['tl', 'Tagalog'],
  ['vi', 'Vietnamese'],
  ['hy', 'Armenian'],
  ['ru', 'Russian'],
  ['fa', 'Farsi']
]

/**
 * What changed, as PATCH /api/calls/{id} takes it; null when nothing did, or the problem in words. `picked` is the
 * search result the dispatcher chose: a point moved to it is `geocoded` with its label, any other move typed.
 */
export function editBody (
  call: CallDetail,
  f: EditFields,
  answers: Record<string, Answer>,
  picked: Candidate | null = null
): UpdateCall | null | string {
  const body: Record<string, unknown> = {}
  const text = (v: string): string | null => (v.trim() === '' ? null : v.trim())
  const lat = Number(f.lat)
  const lon = Number(f.lon)
  if (
    f.lat.trim() === '' ||
    f.lon.trim() === '' ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lon) ||
    Math.abs(lat) > 90 ||
    Math.abs(lon) > 180
  ) {
    return 'Latitude and longitude: numbers (e.g. 34.05 and -118.25).'
  }
  const moved = lat !== call.location.lat || lon !== call.location.lon
  const fromSearch = picked !== null && picked.lat === lat && picked.lon === lon
  if (moved) {
    body.location = {
      lat,
      lon,
      ...(text(f.address) ? { address: text(f.address)! } : {}),
      ...(fromSearch ? { source: 'geocoded', label: picked.label } : { source: 'typed_coordinates' })
    }
  } else if (text(f.address) !== call.location.address) body.address = text(f.address)
  if (text(f.narrative) !== call.narrative) body.narrative = text(f.narrative)
  if (text(f.callType) !== call.callType) body.callType = text(f.callType)
  if (text(f.callback) !== call.callback) body.callback = text(f.callback)
  if (text(f.callerName) !== call.callerName) body.callerName = text(f.callerName)
  if ((f.language || null) !== call.language) body.language = f.language || null
  const age = f.personAge.trim() === '' ? null : Number(f.personAge)
  if (age !== null && (!Number.isInteger(age) || age < 0 || age > 120)) return 'Age: a whole number of years, 0 to 120.'
  if (age !== call.personAge) body.personAge = age
  if ((f.placeKind || null) !== call.placeKind) body.placeKind = f.placeKind || null
  if (text(f.guardianCallback) !== call.guardianCallback) body.guardianCallback = text(f.guardianCallback)
  const changedAnswers = Object.fromEntries(Object.entries(answers).filter(([k, v]) => (call.answers[k] ?? 'unknown') !== v))
  if (Object.keys(changedAnswers).length > 0) body.answers = { ...call.answers, ...changedAnswers }
  if (Object.keys(body).length === 0) return null
  return { ...body, version: call.version } as UpdateCall
}

export function EditDialog ({ call, onClose, onDone }: Props) {
  const { protocol } = useProtocol()
  const [f, setF] = useState<EditFields>({
    address: call.location.address ?? '',
    lat: String(call.location.lat),
    lon: String(call.location.lon),
    narrative: call.narrative ?? '',
    callType: call.callType ?? '',
    callback: call.callback ?? '',
    callerName: call.callerName ?? '',
    language: call.language ?? '',
    personAge: call.personAge === null ? '' : String(call.personAge),
    placeKind: call.placeKind ?? '',
    guardianCallback: call.guardianCallback ?? ''
  })
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => ({ ...call.answers }) as Record<string, Answer>)
  const set = (k: keyof EditFields) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }))
  // the same search as at intake: choosing a result moves the point there
  const [picked, setPicked] = useState<Candidate | null>(null)
  const choose = (c: Candidate): void => {
    setPicked(c)
    setF((x) => ({ ...x, address: c.label, lat: String(c.lat), lon: String(c.lon) }))
  }
  const body = editBody(call, f, answers, picked)
  return (
    <ActionDialog
      title={`Edit call #${call.id.slice(0, 8)}`}
      confirm='Save and triage again'
      canConfirm={body !== null && typeof body !== 'string'}
      onClose={onClose}
      onConfirm={async () => {
        if (body && typeof body !== 'string') {
          await updateCall(call.id, body)
          onDone()
        }
      }}
    >
      <p className='muted'>The call is triaged again with what you change; every change is kept in its history.</p>
      <label htmlFor='edit-address'>Address or landmark</label>
      <AddressSearch
        id='edit-address'
        value={f.address}
        onChange={(v) => setF((x) => ({ ...x, address: v }))}
        onChoose={choose}
        near={() => ({ lat: call.location.lat, lon: call.location.lon })}
      />
      <div className='row'>
        <div>
          <label htmlFor='edit-lat'>Latitude</label>
          <input id='edit-lat' inputMode='decimal' value={f.lat} onChange={set('lat')} />
        </div>
        <div>
          <label htmlFor='edit-lon'>Longitude</label>
          <input id='edit-lon' inputMode='decimal' value={f.lon} onChange={set('lon')} />
        </div>
      </div>
      <label htmlFor='edit-narrative'>Narrative</label>
      <textarea id='edit-narrative' rows={3} value={f.narrative} onChange={set('narrative')} />
      <div className='row'>
        <div>
          <label htmlFor='edit-callType'>Upstream call type</label>
          <input id='edit-callType' value={f.callType} onChange={set('callType')} />
        </div>
        <div>
          <label htmlFor='edit-callback'>Callback</label>
          <input id='edit-callback' type='tel' value={f.callback} onChange={set('callback')} />
        </div>
        <div>
          <label htmlFor='edit-callerName'>Caller's name</label>
          <input id='edit-callerName' value={f.callerName} onChange={set('callerName')} />
        </div>
      </div>
      <div className='row'>
        <div>
          <label htmlFor='edit-language'>Caller language</label>
          <select id='edit-language' value={f.language} onChange={set('language')}>
            <option value=''>Not known</option>
            {LANGUAGES.map(([c, n]) => (
              <option key={c} value={c}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='edit-age'>Person's age</label>
          <input id='edit-age' inputMode='numeric' value={f.personAge} onChange={set('personAge')} />
        </div>
        <div>
          <label htmlFor='edit-place'>Kind of place</label>
          <select id='edit-place' value={f.placeKind} onChange={set('placeKind')}>
            <option value=''>Not known</option>
            {Object.entries(PLACE_KIND_LABELS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor='edit-guardian'>Guardian's callback</label>
          <input id='edit-guardian' type='tel' value={f.guardianCallback} onChange={set('guardianCallback')} />
        </div>
      </div>
      <details>
        <summary>Screening answers</summary>
        {(protocol?.questions ?? []).map((q) => (
          <div key={q.id} role='radiogroup' aria-label={q.text} className='question'>
            <span className='qtext'>{q.text}</span>
            {(['yes', 'no', 'unknown'] as const).map((a) => (
              <label key={a} className='choice'>
                <input
                  type='radio'
                  name={`edit-q-${q.id}`}
                  value={a}
                  checked={(answers[q.id] ?? 'unknown') === a}
                  onChange={() => setAnswers((x) => ({ ...x, [q.id]: a }))}
                />
                {a}
              </label>
            ))}
          </div>
        ))}
      </details>
      {typeof body === 'string' && <p className='error'>{body}</p>}
      {body === null && <p className='muted'>Nothing changed yet.</p>}
    </ActionDialog>
  )
}
