// A signed-in user's own security (/account/security): two-step sign-in with an authenticator app (set up,
// confirm with the first code, new recovery codes for a current code) and a new password.
import { useEffect, useState } from 'react'
import {
  changeMyPassword,
  myRecoveryCodes,
  myTotp,
  myTotpConfirm,
  myTotpSetup,
  type TotpEnrolment,
  type TotpStatus
} from '../api/admin'
import { ApiError } from '../api/client'
import type { User } from '../api/resources'
import { CodeInput, EnrolmentCode, RecoveryCodes } from '../auth/Totp'
import { newPasswordProblems } from '../auth/SignIn'
import { described, ErrorSummary, FieldError, messageOf, sortErrors, type FieldErrors } from '../lib/forms'

export function SecurityPage ({ user }: { user: User }) {
  return (
    <main className='admin-main' id='account-main'>
      <h1>My account and security</h1>
      <p className='muted'>
        {user.name ? `${user.name}, ` : ''}
        {user.email} ({user.role})
      </p>
      <TwoStep />
      <PasswordChange />
    </main>
  )
}

const codeError = (err: unknown): string =>
  err instanceof ApiError && err.status === 401 ? 'That code is wrong or was already used: wait for the next one.' : messageOf(err)

function TwoStep () {
  const [status, setStatus] = useState<TotpStatus | null>(null)
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null)
  const [codes, setCodes] = useState<string[] | null>(null)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const reload = (): void => {
    myTotp()
      .then(setStatus)
      .catch((e: unknown) => setError(messageOf(e)))
  }
  useEffect(reload, [])

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (err) {
      setError(codeError(err))
    } finally {
      setBusy(false)
    }
  }
  const valid = (): boolean => {
    if (/^\d{6}$/.test(code.replace(/\s/g, ''))) return true
    setError('Enter the 6 digits your authenticator app shows.')
    return false
  }
  const start = async (): Promise<void> =>
    await run(async () => {
      setCodes(null)
      setEnrolment(await myTotpSetup())
    })
  const confirm = async (): Promise<void> => {
    if (!valid()) return
    await run(async () => {
      setCodes((await myTotpConfirm(code.replace(/\s/g, ''))).recoveryCodes)
      setEnrolment(null)
      setCode('')
      reload()
    })
  }
  const renew = async (): Promise<void> => {
    if (!valid()) return
    await run(async () => {
      setCodes((await myRecoveryCodes(code.replace(/\s/g, ''))).recoveryCodes)
      setCode('')
      reload()
    })
  }

  return (
    <section className='panel' aria-labelledby='twostep-h'>
      <h2 id='twostep-h'>Two-step sign-in</h2>
      {status === null && !error && <p role='status'>Loading…</p>}
      {status && (
        <p data-testid='totp-status'>
          {status.enrolled ? (
            <>
              On: you sign in with a code from your authenticator app. {status.recoveryCodesLeft} recovery code
              {status.recoveryCodesLeft === 1 ? '' : 's'} left.
            </>
          ) : (
            <>
              Off.
              {status.required
                ? ' Your role must use it: you will be asked to set it up at your next sign-in.'
                : ' Turn it on so that a stolen password alone cannot sign in as you.'}
            </>
          )}
        </p>
      )}
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {codes && <RecoveryCodes codes={codes} />}
      {status && !status.enrolled && !enrolment && (
        <button
          type='button'
          className='primary'
          disabled={busy}
          onClick={() => {
            start().catch(() => {})
          }}
        >
          Set up an authenticator app
        </button>
      )}
      {enrolment && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            confirm().catch(() => {})
          }}
        >
          <EnrolmentCode enrolment={enrolment} />
          <CodeInput id='setup-code' label='First code the app shows' value={code} onChange={setCode} error={error} />
          <button type='submit' className='primary' disabled={busy}>
            Confirm
          </button>
        </form>
      )}
      {status?.enrolled && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            renew().catch(() => {})
          }}
        >
          <h3>New recovery codes</h3>
          <p>Your old recovery codes stop working when you make new ones.</p>
          <CodeInput id='renew-code' label='Current code from your app' value={code} onChange={setCode} error={error} />
          <button type='submit' disabled={busy}>
            Make new recovery codes
          </button>
        </form>
      )}
    </section>
  )
}

const PASSWORD_LABELS = { currentPassword: 'Current password', password: 'New password', again: 'New password again' }

function PasswordChange () {
  const [form, setForm] = useState({ currentPassword: '', password: '', again: '' })
  const [errors, setErrors] = useState<{ fields: FieldErrors; form: string | null }>({ fields: {}, form: null })
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value })

  const submit = async (): Promise<void> => {
    const local = newPasswordProblems(form.password, form.again)
    if (form.currentPassword === '') local.currentPassword = 'is required'
    setDone(null)
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null })
      return
    }
    setBusy(true)
    setErrors({ fields: {}, form: null })
    try {
      const r = await changeMyPassword(form.currentPassword, form.password)
      setForm({ currentPassword: '', password: '', again: '' })
      setDone(
        `Password changed.${r.sessionsEnded > 0
? ` ${r.sessionsEnded} other session${r.sessionsEnded === 1 ? ' was' : 's were'} signed ` +
          'out.'
: ''}`
      )
    } catch (err) {
      setErrors(sortErrors(err, ['currentPassword', 'password']))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className='panel' aria-labelledby='password-h'>
      <h2 id='password-h'>Password</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          submit().catch(() => {})
        }}
        className='stack'
      >
        <ErrorSummary form={errors.form} fields={errors.fields} labels={PASSWORD_LABELS} />
        {done && (
          <p role='status' className='ok'>
            {done}
          </p>
        )}
        <label htmlFor='currentPassword'>{PASSWORD_LABELS.currentPassword}</label>
        <input
          {...described('currentPassword', errors.fields.currentPassword)}
          type='password'
          autoComplete='current-password'
          value={form.currentPassword}
          onChange={set('currentPassword')}
        />
        <FieldError id='currentPassword' error={errors.fields.currentPassword} />
        <label htmlFor='password'>{PASSWORD_LABELS.password}</label>
        <input
          {...described('password', errors.fields.password, true)}
          type='password'
          autoComplete='new-password'
          value={form.password}
          onChange={set('password')}
        />
        <p id='password-hint' className='hint'>
          At least 12 characters; not a common password, not your email. Your other sessions are signed out.
        </p>
        <FieldError id='password' error={errors.fields.password} />
        <label htmlFor='again'>{PASSWORD_LABELS.again}</label>
        <input
          {...described('again', errors.fields.again)}
          type='password'
          autoComplete='new-password'
          value={form.again}
          onChange={set('again')}
        />
        <FieldError id='again' error={errors.fields.again} />
        <button type='submit' className='primary' disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  )
}
