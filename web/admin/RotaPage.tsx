// A team's rota (/admin/teams/:teamId/rota), for admins and supervisors: the weekly pattern (weekday, start,
// end; an end at or before the start runs overnight) and dated exceptions (a day off, an extra shift), in the
// city's time zone; saved with PUT, after which the server starts and ends the team's shifts by itself. The
// shifts the rota gives for the week ahead are listed day by day.
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import { getRota, getTeam, saveRota, type RotaBody, type RotaResult, type Team } from '../api/admin'
import type { User } from '../api/resources'
import { ErrorSummary, messageOf, sortErrors, TableScroll, type FieldErrors } from '../lib/forms'

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/

interface WeeklyRow {
  key: number
  weekday: number
  start: string
  end: string
}
interface ExceptionRow {
  key: number
  date: string
  off: boolean
  start: string
  end: string
}
let nextKey = 1

const overnight = (start: string, end: string): string | null => {
  if (!HHMM.test(start) || !HHMM.test(end)) return null
  if (start === end) return 'whole day'
  return end < start || end === '00:00' ? 'overnight, ends next day' : null
}

/** Problems of the rows, keyed `weekly.<i>.<field>` / `exceptions.<i>.<field>`. */
function check (weekly: WeeklyRow[], exceptions: ExceptionRow[]): FieldErrors {
  const e: FieldErrors = {}
  weekly.forEach((r, i) => {
    if (!HHMM.test(r.start)) e[`weekly.${i}.start`] = 'must be a time HH:MM, like 07:00'
    if (!HHMM.test(r.end)) e[`weekly.${i}.end`] = 'must be a time HH:MM, like 17:00'
  })
  exceptions.forEach((r, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date)) e[`exceptions.${i}.date`] = 'must be a date'
    if (!r.off && !HHMM.test(r.start)) e[`exceptions.${i}.start`] = 'must be a time HH:MM'
    if (!r.off && !HHMM.test(r.end)) e[`exceptions.${i}.end`] = 'must be a time HH:MM'
  })
  return e
}

/** The server's "body/weekly/2/end must match …" given to its row's field; the rest stays for the form. */
function rowErrors (err: unknown): { fields: FieldErrors; form: string | null } {
  const { form } = sortErrors(err, [])
  if (form === null || !form.startsWith('body/')) return { fields: {}, form }
  const fields: FieldErrors = {}
  const rest: string[] = []
  for (const part of form.split(/, (?=body\/)/)) {
    const m = /^body\/(weekly|exceptions)\/(\d+)\/(weekday|start|end|date|off):?\s+(.*)$/.exec(part)
    if (m) fields[`${m[1]}.${m[2]}.${m[3]}`] = m[4]
    else rest.push(part)
  }
  return { fields, form: rest.length > 0 ? rest.join(', ') : null }
}

const fieldLabel = (k: string): string => {
  const [list, i, f] = k.split('.')
  return `${list === 'weekly' ? 'Weekly shift' : 'Exception'} ${Number(i) + 1}, ${f}`
}

export function RotaPage (_: { user: User }) {
  const id = useParams().teamId!
  const [team, setTeam] = useState<Team | null>(null)
  const [rota, setRota] = useState<RotaResult | null>(null)
  const [weekly, setWeekly] = useState<WeeklyRow[]>([])
  const [exceptions, setExceptions] = useState<ExceptionRow[]>([])
  const [errors, setErrors] = useState<{ fields: FieldErrors; form: string | null }>({ fields: {}, form: null })
  const [saved, setSaved] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = (r: RotaResult): void => {
    setRota(r)
    setWeekly(r.weekly.map((w) => ({ key: nextKey++, ...w })))
    setExceptions(
      r.exceptions.map((x) => ({
        key: nextKey++,
        date: x.date,
        off: 'off' in x,
        start: 'start' in x ? x.start : '',
        end: 'end' in x ? x.end : ''
      }))
    )
  }
  useEffect(() => {
    getTeam(id)
      .then(setTeam)
      .catch((e: unknown) => setErrors({ fields: {}, form: messageOf(e) }))
    getRota(id)
      .then(load)
      .catch((e: unknown) => setErrors({ fields: {}, form: messageOf(e) }))
  }, [id])

  const submit = async (): Promise<void> => {
    const local = check(weekly, exceptions)
    setSaved(null)
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null })
      return
    }
    const body: RotaBody = {
      weekly: weekly.map(({ weekday, start, end }) => ({ weekday, start, end })),
      exceptions: exceptions.map((x) => (x.off ? { date: x.date, off: true as const } : { date: x.date, start: x.start, end: x.end }))
    }
    setBusy(true)
    setErrors({ fields: {}, form: null })
    try {
      const r = await saveRota(id, body)
      load(r)
      setSaved(
        `Rota saved.${r.nextShiftChange
? ' Next: ' +
          `shift ${r.nextShiftChange.kind} ${new Date(r.nextShiftChange.at).toLocaleString()}.`
: ''}`
      )
    } catch (err) {
      setErrors(rowErrors(err))
    } finally {
      setBusy(false)
    }
  }
  const f = errors.fields
  const err = (k: string) => (f[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${k}-error` } : {})
  const errText = (k: string) =>
    f[k]
      ? (
        <span id={`${k}-error`} className='field-error'>
          {f[k]}
        </span>
        )
      : null
  const setW = (i: number, patch: Partial<WeeklyRow>): void => setWeekly((ws) => ws.map((w, j) => (j === i ? { ...w, ...patch } : w)))
  const setX = (i: number, patch: Partial<ExceptionRow>): void =>
    setExceptions((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)))

  return (
    <main className='admin-main' id='admin-main'>
      <p>
        <Link to={team ? `/admin/teams/${id}` : '/admin/teams'}>← {team ? `Team ${team.callSign}` : 'All teams'}</Link>
      </p>
      <h1>Rota{team ? ` of ${team.callSign}` : ''}</h1>
      {rota && (
        <p className='muted'>
          Times are local to <strong>{rota.timeZone}</strong>. An end at or before the start runs overnight; the same start and end is a
          whole day.
          {rota.updatedAt
            ? ` Last saved ${new Date(rota.updatedAt).toLocaleString()}${rota.updatedBy ? ` by ${rota.updatedBy}` : ''}.`
            : ' This team has no rota yet: its shifts are started by hand.'}
        </p>
      )}
      <form
        noValidate
        className='stack'
        onSubmit={(e) => {
          e.preventDefault()
          submit().catch(() => {})
        }}
      >
        <ErrorSummary form={errors.form} fields={f} labels={Object.fromEntries(Object.keys(f).map((k) => [k, fieldLabel(k)]))} />
        {saved && (
          <p role='status' className='ok'>
            {saved}
          </p>
        )}
        <section className='panel' aria-labelledby='weekly-h'>
          <h2 id='weekly-h'>Weekly pattern</h2>
          <TableScroll label='Weekly shifts'>
            <table className='admin-table rota'>
              <thead>
                <tr>
                  <th scope='col'>Starts on</th>
                  <th scope='col'>Start (HH:MM)</th>
                  <th scope='col'>End (HH:MM)</th>
                  <th scope='col'>Overnight</th>
                  <th scope='col'>
                    <span className='sr-only'>Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {weekly.map((w, i) => (
                  <tr key={w.key}>
                    <td>
                      <label htmlFor={`weekly.${i}.weekday`} className='sr-only'>
                        Shift {i + 1}: weekday
                      </label>
                      <select
                        id={`weekly.${i}.weekday`}
                        value={w.weekday}
                        onChange={(e) => setW(i, { weekday: Number(e.target.value) })}
                      >
                        {WEEKDAYS.map((d, n) => (
                          <option key={d} value={n + 1}>
                            {d}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <label htmlFor={`weekly.${i}.start`} className='sr-only'>
                        Shift {i + 1}: start
                      </label>
                      <input
                        id={`weekly.${i}.start`}
                        className='time'
                        inputMode='numeric'
                        placeholder='07:00'
                        value={w.start}
                        onChange={(e) => setW(i, { start: e.target.value })}
                        {...err(`weekly.${i}.start`)}
                      />
                      {errText(`weekly.${i}.start`)}
                    </td>
                    <td>
                      <label htmlFor={`weekly.${i}.end`} className='sr-only'>
                        Shift {i + 1}: end
                      </label>
                      <input
                        id={`weekly.${i}.end`}
                        className='time'
                        inputMode='numeric'
                        placeholder='17:00'
                        value={w.end}
                        onChange={(e) => setW(i, { end: e.target.value })}
                        {...err(`weekly.${i}.end`)}
                      />
                      {errText(`weekly.${i}.end`)}
                    </td>
                    <td>{overnight(w.start, w.end) ?? 'no'}</td>
                    <td>
                      <button
                        type='button'
                        aria-label={`Remove shift ${i + 1} (${WEEKDAYS[w.weekday - 1]} ${w.start}–${w.end})`}
                        onClick={() => setWeekly(weekly.filter((_, j) => j !== i))}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {weekly.length === 0 && <p className='muted'>No weekly shifts.</p>}
          <div className='actions'>
            <button
              type='button'
              onClick={() =>
                setWeekly([
                  ...weekly,
                  {
                    key: nextKey++,
                    weekday: weekly.length > 0 ? (weekly[weekly.length - 1].weekday % 7) + 1 : 1,
                    start: weekly.at(-1)?.start ?? '08:00',
                    end: weekly.at(-1)?.end ?? '16:00'
                  }
                ])}
            >
              Add a weekly shift
            </button>
            <button
              type='button'
              onClick={() =>
                setWeekly([...weekly, ...[1, 2, 3, 4, 5].map((d) => ({ key: nextKey++, weekday: d, start: '07:00', end: '17:00' }))])}
            >
              Add Monday to Friday, 07:00–17:00
            </button>
          </div>
        </section>
        <section className='panel' aria-labelledby='exceptions-h'>
          <h2 id='exceptions-h'>Dated exceptions</h2>
          <p className='hint'>A holiday or school closure (no shift of the pattern starts that day), or an extra shift.</p>
          {exceptions.length > 0 && (
            <TableScroll label='Dated exceptions'>
              <table className='admin-table rota'>
                <thead>
                  <tr>
                    <th scope='col'>Date</th>
                    <th scope='col'>What</th>
                    <th scope='col'>Start</th>
                    <th scope='col'>End</th>
                    <th scope='col'>
                      <span className='sr-only'>Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {exceptions.map((x, i) => (
                    <tr key={x.key}>
                      <td>
                        <label htmlFor={`exceptions.${i}.date`} className='sr-only'>
                          Exception {i + 1}: date
                        </label>
                        <input
                          id={`exceptions.${i}.date`}
                          type='date'
                          value={x.date}
                          onChange={(e) => setX(i, { date: e.target.value })}
                          {...err(`exceptions.${i}.date`)}
                        />
                        {errText(`exceptions.${i}.date`)}
                      </td>
                      <td>
                        <label htmlFor={`exceptions.${i}.off`} className='sr-only'>
                          Exception {i + 1}: kind
                        </label>
                        <select
                          id={`exceptions.${i}.off`}
                          value={x.off ? 'off' : 'extra'}
                          onChange={(e) => setX(i, { off: e.target.value === 'off' })}
                        >
                          <option value='off'>Day off</option>
                          <option value='extra'>Extra shift</option>
                        </select>
                      </td>
                      <td>
                        {!x.off && (
                          <label htmlFor={`exceptions.${i}.start`} className='sr-only'>
                            Exception {i + 1}: start
                          </label>
                        )}
                        {!x.off && (
                          <input
                            id={`exceptions.${i}.start`}
                            className='time'
                            placeholder='08:00'
                            value={x.start}
                            onChange={(e) => setX(i, { start: e.target.value })}
                            {...err(`exceptions.${i}.start`)}
                          />
                        )}
                        {errText(`exceptions.${i}.start`)}
                      </td>
                      <td>
                        {!x.off && (
                          <label htmlFor={`exceptions.${i}.end`} className='sr-only'>
                            Exception {i + 1}: end
                          </label>
                        )}
                        {!x.off && (
                          <input
                            id={`exceptions.${i}.end`}
                            className='time'
                            placeholder='16:00'
                            value={x.end}
                            onChange={(e) => setX(i, { end: e.target.value })}
                            {...err(`exceptions.${i}.end`)}
                          />
                        )}
                        {errText(`exceptions.${i}.end`)}
                      </td>
                      <td>
                        <button
                          type='button'
                          aria-label={`Remove exception ${i + 1}${x.date ? ` (${x.date})` : ''}`}
                          onClick={() => setExceptions(exceptions.filter((_, j) => j !== i))}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <button
            type='button'
            onClick={() => setExceptions([...exceptions, { key: nextKey++, date: '', off: true, start: '', end: '' }])}
          >
            Add an exception
          </button>
        </section>
        <button type='submit' className='primary' disabled={busy || rota === null}>
          {busy ? 'Saving…' : 'Save rota'}
        </button>
      </form>
      {rota && <WeekAhead rota={rota} />}
    </main>
  )
}

/** The shifts the saved rota gives from today to a week ahead. */
function WeekAhead ({ rota }: { rota: RotaResult }) {
  const fmt = (iso: string): string =>
    new Date(iso).toLocaleString([], {
      timeZone: rota.timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit'
    })
  return (
    <section className='panel' aria-labelledby='ahead-h'>
      <h2 id='ahead-h'>The week ahead</h2>
      {rota.nextShiftChange && (
        <p>
          Next change: shift {rota.nextShiftChange.kind}s {fmt(rota.nextShiftChange.at)}
          {rota.nextShiftChange.afterCall ? ', when the team finishes its call' : ''}.
        </p>
      )}
      {rota.shifts.length === 0 ? (
        <p className='muted'>No shifts in the week ahead.</p>
      ) : (
        <ul className='week-ahead'>
          {rota.shifts.map((s) => (
            <li key={s.start}>
              {fmt(s.start)} – {fmt(s.end)}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
