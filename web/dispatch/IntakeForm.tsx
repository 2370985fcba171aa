// Call intake: location (address search, map click or typed coordinates, with where it came from and a warning when
// the typed address is far from the pin), screening questions, narrative, call type, language, the person's age,
// the kind of place and a guardian's callback for a young person; live triage preview.
import { useEffect, useReducer, useRef, useState, type FormEvent } from 'react'
import { ApiError } from '../api/client'
import {
  formatDistance,
  geocode,
  mismatchOf,
  reverseGeocode,
  SOURCE_LABEL,
  type Candidate,
  type LatLon,
  type LocationSource
} from '../api/geocoding'
import { createCall, triagePreview, type Answer, type Call, type PlaceKind, type TriageResultWire } from '../api/resources'
import { parseCoordinate, parsePair } from '../lib/coords'
import { CATEGORY_LABEL, PRIORITY_LABEL, RESPONSE_LABELS } from '../lib/format'
import { AddressSearch } from './AddressSearch'
import { useProtocol } from './questions'

const PLACES: Array<[PlaceKind | '', string]> = [
  ['', 'Not known'],
  ['home', 'Home'],
  ['street', 'Street'],
  ['school', 'School'],
  ['business', 'Business'],
  ['park', 'Park'],
  ['other', 'Other']
]

/** The age as typed: null when empty, a whole number 0–120, or the problem in words. */
function parseAge (text: string): number | null | string {
  const t = text.trim()
  if (t === '') return null
  if (!/^\d{1,3}$/.test(t) || Number(t) > 120) return 'Age: a whole number of years, 0 to 120 (0 for a baby).'
  return Number(t)
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

export interface IntakeProps {
  pick: { lat: number; lon: number } | null
  /** `pan`: the point was chosen from the search, so the map moves to it (a map click is already in view). */
  onPick: (p: { lat: number; lon: number } | null, opts?: { pan?: boolean }) => void
  onCreated: (c: Call) => void
  /** The map view's centre: suggestions near it come first. */
  near?: () => LatLon | null
}

/** What the dispatcher has typed and chosen: one draft, changed through one reducer. */
interface Draft {
  narrative: string
  callType: string
  address: string
  language: string
  callback: string
  ageText: string
  placeKind: PlaceKind | ''
  guardian: string
  answers: Record<string, Answer>
  // Coordinates are kept as typed ("34." on the way to "34.05"); the map gets a point only when both parse.
  latText: string
  lonText: string
  /** Where the pin came from, and the chosen result's (or the map click's) label, sent with the call. */
  source: LocationSource | null
  locLabel: string | null
  /** The address text this form filled in itself: a later map click may replace it, never what was typed. */
  filled: string | null
}

const EMPTY: Draft = {
  narrative: '',
  callType: '',
  address: '',
  language: 'en',
  callback: '',
  ageText: '',
  placeKind: '',
  guardian: '',
  answers: {},
  latText: '',
  lonText: '',
  source: null,
  locLabel: null,
  filled: null
}

type DraftAction =
  | { type: 'set'; patch: Partial<Draft> }
  | { type: 'answer'; id: string; answer: Answer }
  /** A map click was named: its label, and the address too unless the dispatcher typed one. */
  | { type: 'pinNamed'; label: string }
  /** The pin moved by typed coordinates: an address this form filled in for the old pin no longer says where it is. */
  | { type: 'typedPin'; latText: string; lonText: string; placed: boolean }
  /** The call is made: a fresh draft, in the same language. */
  | { type: 'sent' }

function draftReducer (d: Draft, a: DraftAction): Draft {
  switch (a.type) {
    case 'set':
      return { ...d, ...a.patch }
    case 'answer':
      return { ...d, answers: { ...d.answers, [a.id]: a.answer } }
    case 'pinNamed':
      return d.address.trim() !== '' && d.address !== d.filled
        ? { ...d, locLabel: a.label }
        : { ...d, locLabel: a.label, address: a.label, filled: a.label }
    case 'typedPin':
      return {
        ...d,
        latText: a.latText,
        lonText: a.lonText,
        source: a.placed ? 'typed_coordinates' : null,
        locLabel: null,
        address: d.filled !== null && d.address === d.filled ? '' : d.address,
        filled: null
      }
    case 'sent':
      return { ...EMPTY, language: d.language }
  }
}

export function IntakeForm ({ pick, onPick, onCreated, near }: IntakeProps) {
  const { protocol, error: protocolError, retry } = useProtocol()
  const [draft, dispatch] = useReducer(draftReducer, EMPTY)
  const {
    narrative,
    callType,
    address,
    language,
    callback,
    ageText,
    placeKind,
    guardian,
    answers,
    latText,
    lonText,
    source,
    locLabel
  } = draft
  const set = (patch: Partial<Draft>): void => dispatch({ type: 'set', patch })
  const [preview, setPreview] = useState<TriageResultWire | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const emitted = useRef<{ lat: number; lon: number } | null>(null)
  const latInput = useRef<HTMLInputElement | null>(null)
  const addressInput = useRef<HTMLInputElement | null>(null)
  const narrativeInput = useRef<HTMLTextAreaElement | null>(null)
  const [mismatch, setMismatch] = useState<{ label: string; lat: number; lon: number; distanceMeters: number } | null>(null)
  useEffect(() => {
    // a click on the map: show its point in the fields, name it ("near Main & 5th (40 m)"), and drop a 'set the location' error
    if (pick) setError((e) => (e !== null && /location|latitude|longitude/i.test(e) ? null : e))
    if (!pick || pick === emitted.current) return
    set({ latText: String(pick.lat), lonText: String(pick.lon), source: 'map_click', locLabel: null })
    const ctl = new AbortController()
    reverseGeocode(pick, ctl.signal)
      .then((r) => {
        if (ctl.signal.aborted || typeof r?.label !== 'string') return
        dispatch({ type: 'pinNamed', label: r.label })
      })
      .catch(() => {})
    return () => ctl.abort()
  }, [pick])
  const choose = (c: Pick<Candidate, 'label' | 'lat' | 'lon'>): void => {
    const p = { lat: c.lat, lon: c.lon }
    emitted.current = p
    set({ latText: String(c.lat), lonText: String(c.lon), source: 'geocoded', locLabel: c.label, filled: c.label, address: c.label })
    setMismatch(null)
    onPick(p, { pan: true })
  }
  // The typed address checked against the pin, as the server will: found with confidence over 500 m away.
  useEffect(() => {
    const text = address.trim()
    if (!pick || text === '' || text === locLabel || text === draft.filled) {
      setMismatch(null)
      return
    }
    const ctl = new AbortController()
    const t = setTimeout(() => {
      geocode(text, { near: pick, limit: 3, signal: ctl.signal })
        .then((found) => {
          if (!ctl.signal.aborted) setMismatch(mismatchOf(found[0], pick))
        })
        .catch(() => {})
    }, 500)
    return () => {
      clearTimeout(t)
      ctl.abort()
    }
  }, [address, pick, locLabel])
  const typeCoords = (lat: string, lon: string): void => {
    const pair = parsePair(lat) ?? parsePair(lon)
    if (pair) {
      lat = String(pair.lat)
      lon = String(pair.lon)
    }
    const a = parseCoordinate(lat, 'lat')
    const b = parseCoordinate(lon, 'lon')
    const next = typeof a === 'number' && typeof b === 'number' ? { lat: a, lon: b } : null
    emitted.current = next
    dispatch({ type: 'typedPin', latText: lat, lonText: lon, placed: next !== null })
    onPick(next)
  }
  const latProblem = latText.trim() === '' ? null : parseCoordinate(latText, 'lat')
  const lonProblem = lonText.trim() === '' ? null : parseCoordinate(lonText, 'lon')
  const latError = typeof latProblem === 'string' ? latProblem : null
  const lonError = typeof lonProblem === 'string' ? lonProblem : null

  const age = parseAge(ageText)
  const ageError = typeof age === 'string' ? age : null
  const personAge = typeof age === 'number' ? age : null
  const youth = preview?.needs?.includes('youth') === true
  // the guardian's number matters for a young person: shown when the age, the place or the triage says so
  // the protocol in force says who is a young person (17 and under in the shipped one)
  const youthMaxAge = protocol?.youthMaxAge ?? null
  const showGuardian =
    youth || (personAge !== null && youthMaxAge !== null && personAge <= youthMaxAge) || placeKind === 'school' || guardian !== ''

  useEffect(() => {
    if (!narrative.trim() && !callType.trim() && Object.keys(answers).length === 0) {
      setPreview(null)
      return
    }
    const ctl = new AbortController()
    const t = setTimeout(() => {
      // an empty field is not sent: a blank age is unknown, never 0
      triagePreview(
        { narrative, callType, answers, ...(personAge !== null ? { personAge } : {}), ...(placeKind ? { placeKind } : {}) },
        ctl.signal
      )
        .then((p) => {
          if (Array.isArray(p?.reasons) && Array.isArray(p.missing)) setPreview(p)
        })
        .catch(() => {})
    }, 250)
    return () => {
      clearTimeout(t)
      ctl.abort()
    }
  }, [narrative, callType, answers, personAge, placeKind])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!pick) {
      const typed = latText.trim() !== '' || lonText.trim() !== ''
      setError(
        latError ??
          lonError ??
          (typed
            ? 'Type both latitude and longitude, or click the map.'
            : 'Set the location: choose an address suggestion, click the map or type coordinates.')
      )
      if (typed) latInput.current?.focus()
      else addressInput.current?.focus()
      return
    }
    // Triage of an empty call is "out of scope": it would go to police unread. Ask for what the caller said.
    if (!narrative.trim() && !callType.trim()) {
      setError('Describe the call: type the narrative or the upstream call type.')
      narrativeInput.current?.focus()
      return
    }
    if (ageError) {
      setError(ageError)
      document.getElementById('personAge')?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      // Optional fields left empty are not sent at all: the server reads a missing age as unknown.
      const c = await createCall({
        location: {
          lat: pick.lat,
          lon: pick.lon,
          ...(address.trim() ? { address: address.trim() } : {}),
          ...(source ? { source } : {}),
          ...(locLabel ? { label: locLabel } : {})
        },
        ...(narrative.trim() ? { narrative } : {}),
        ...(callType.trim() ? { callType } : {}),
        answers,
        language,
        ...(callback.trim() ? { callback: callback.trim() } : {}),
        ...(personAge !== null ? { personAge } : {}),
        ...(placeKind ? { placeKind } : {}),
        ...(guardian.trim() ? { guardianCallback: guardian.trim() } : {})
      })
      dispatch({ type: 'sent' })
      setPreview(null)
      setMismatch(null)
      emitted.current = null
      onPick(null)
      onCreated(c)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby='intake-h' className='panel'>
      <h2 id='intake-h'>New call</h2>
      {/* Enter in a field must not send a half-taken call: only the button (or Ctrl/Cmd+Enter) creates it. */}
      <form
        onSubmit={(e) => {
          submit(e).catch(() => {})
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return
          const tag = (e.target as HTMLElement).tagName
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault()
            e.currentTarget.requestSubmit()
          } else if (tag !== 'TEXTAREA' && tag !== 'BUTTON') e.preventDefault()
        }}
        className='intake'
      >
        <label htmlFor='address'>Address or landmark</label>
        <AddressSearch
          id='address'
          inputRef={addressInput}
          value={address}
          onChange={(v) => set({ address: v })}
          onChoose={choose}
          near={near}
          describedBy='location-warning'
        />
        <p id='location-warning' role='status' className='loc-warning'>
          {mismatch && pick && (
            <>
              <strong>Check the location:</strong> “{address.trim()}” is at {mismatch.label}, {formatDistance(mismatch.distanceMeters)}{' '}
              from the pin.{' '}
              <button type='button' className='link' onClick={() => choose(mismatch)}>
                Move the pin there
              </button>
            </>
          )}
        </p>
        <fieldset className='row'>
          <legend>
            Location <span className='muted'>(search above, click the map, or type or paste coordinates)</span>
            {pick && source && (
              <span className='badge loc-source' data-testid='location-source'>
                {SOURCE_LABEL[source]}
              </span>
            )}
          </legend>
          <div>
            <label htmlFor='lat'>Latitude</label>
            <input
              id='lat'
              ref={latInput}
              inputMode='decimal'
              autoComplete='off'
              value={latText}
              aria-invalid={latError !== null}
              aria-describedby={latError ? 'lat-err' : undefined}
              onChange={(e) => typeCoords(e.target.value, lonText)}
            />
            {latError && (
              <p id='lat-err' className='error small'>
                {latError}
              </p>
            )}
          </div>
          <div>
            <label htmlFor='lon'>Longitude</label>
            <input
              id='lon'
              inputMode='decimal'
              autoComplete='off'
              value={lonText}
              aria-invalid={lonError !== null}
              aria-describedby={lonError ? 'lon-err' : undefined}
              onChange={(e) => typeCoords(latText, e.target.value)}
            />
            {lonError && (
              <p id='lon-err' className='error small'>
                {lonError}
              </p>
            )}
          </div>
        </fieldset>
        <label htmlFor='narrative'>Narrative</label>
        <textarea id='narrative' ref={narrativeInput} rows={3} value={narrative} onChange={(e) => set({ narrative: e.target.value })} />
        <div className='row'>
          <div>
            <label htmlFor='callType'>Upstream call type</label>
            <input
              id='callType'
              placeholder='e.g. EDP, 5150, DISVEH'
              value={callType}
              onChange={(e) => set({ callType: e.target.value })}
            />
          </div>
          <div>
            <label htmlFor='language'>Caller language</label>
            <select id='language' value={language} onChange={(e) => set({ language: e.target.value })}>
              {LANGUAGES.map(([c, n]) => (
                <option key={c} value={c}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor='callback'>Callback</label>
            <input id='callback' type='tel' value={callback} onChange={(e) => set({ callback: e.target.value })} />
          </div>
        </div>
        <div className='row'>
          <div>
            <label htmlFor='personAge'>
              Person's age <span className='muted'>(about)</span>
            </label>
            <input
              id='personAge'
              inputMode='numeric'
              autoComplete='off'
              size={4}
              value={ageText}
              aria-invalid={ageError !== null}
              aria-describedby={ageError ? 'age-err' : undefined}
              onChange={(e) => set({ ageText: e.target.value })}
            />
            {ageError && (
              <p id='age-err' className='error small'>
                {ageError}
              </p>
            )}
          </div>
          <div>
            <label htmlFor='placeKind'>Kind of place</label>
            <select id='placeKind' value={placeKind} onChange={(e) => set({ placeKind: e.target.value as PlaceKind | '' })}>
              {PLACES.map(([k, n]) => (
                <option key={k} value={k}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          {showGuardian && (
            <div>
              <label htmlFor='guardianCallback'>Guardian's callback</label>
              <input id='guardianCallback' type='tel' value={guardian} onChange={(e) => set({ guardian: e.target.value })} />
            </div>
          )}
        </div>
        {/* the triage stays in sight (sticky) while the screening questions below are answered; the block
            bounds it, so it never covers what comes after the questions (the Create call button) */}
        <div className='screening-block'>
          <div aria-live='polite' className='preview sticky-preview' data-testid='triage-preview'>
            {preview ? (
              <>
                <p>
                  <strong>Triage:</strong> {CATEGORY_LABEL[preview.category]} · {RESPONSE_LABELS[preview.response]} ·{' '}
                  {PRIORITY_LABEL[preview.priority]}
                </p>
                {preview.reasons.length > 0 && <p className='first-reason'>{preview.reasons[0]}</p>}
                {youth && (
                  <p className='youth-need' data-testid='youth-need'>
                    Young person: a youth team (social worker or school counsellor with a peer) is ranked first.
                  </p>
                )}
                {(preview.reasons.length > 1 || preview.missing.length > 0) && (
                  <details>
                    <summary>
                      {preview.reasons.length > 1
                        ? `${preview.reasons.length - 1} more reason${preview.reasons.length > 2 ? 's' : ''}`
                        : 'Details'}
                      {preview.missing.length > 0 ? ` · ${preview.missing.length} still to ask` : ''}
                    </summary>
                    {preview.reasons.length > 1 && (
                      <>
                        <p className='sub'>Reasons</p>
                        <ul className='reasons'>
                          {preview.reasons.slice(1).map((r, i) => (
                            <li key={i}>{r}</li>
                          ))}
                        </ul>
                      </>
                    )}
                    {preview.missing.length > 0 && (
                      <>
                        <p className='sub'>Still to ask</p>
                        <ul className='missing'>
                          {preview.missing.map((m) => (
                            <li key={m.id}>{m.text}</li>
                          ))}
                        </ul>
                      </>
                    )}
                  </details>
                )}
              </>
            ) : (
              <p className='muted'>Type the narrative or answer a question to see the triage.</p>
            )}
          </div>
          <fieldset className='questions'>
            <legend>Screening questions{protocol && <span className='muted'> (protocol {protocol.version})</span>}</legend>
            {protocolError && (
              <p role='alert' className='error'>
                {protocol ? `${protocolError}. Showing the questions of protocol ${protocol.version} as last loaded.` : protocolError}{' '}
                <button type='button' onClick={retry}>
                  Try again
                </button>
              </p>
            )}
            {!protocol && !protocolError && <p className='muted'>Loading the screening questions…</p>}
            {(protocol?.questions ?? []).map((q) => (
              <div key={q.id} role='radiogroup' aria-label={q.text} className='question'>
                <span className='qtext'>{q.text}</span>
                {(['yes', 'no', 'unknown'] as const).map((a) => (
                  <label key={a} className='choice'>
                    <input
                      type='radio'
                      name={`q-${q.id}`}
                      value={a}
                      checked={(answers[q.id] ?? 'unknown') === a}
                      onChange={() => dispatch({ type: 'answer', id: q.id, answer: a })}
                    />
                    {a}
                  </label>
                ))}
              </div>
            ))}
          </fieldset>
        </div>
        {error && (
          <p role='alert' className='error'>
            {error}
          </p>
        )}
        <button type='submit' className='primary' disabled={busy} title='Create the call (Ctrl+Enter from any field)'>
          Create call
        </button>
      </form>
    </section>
  )
}
