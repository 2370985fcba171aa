// Sign-in page: email and password, then whatever step the server asks for (a new password after a reset,
// the authenticator's code or a recovery code, or enrolling an authenticator with its recovery codes shown
// once). Errors are read out to screen readers and named beside their field.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { ApiError, setToken } from '../api/client'
import { enrolConfirmStep, enrolStep, newPasswordStep, signIn, totpStep, type SignInResult, type TotpEnrolment } from '../api/admin'
import type { User } from '../api/resources'
import { described, ErrorSummary, FieldError, messageOf, sortErrors, type FieldErrors } from '../lib/forms'
import { CodeInput, EnrolmentCode, RecoveryCodes } from './Totp'

type Pending = Exclude<SignInResult, { status: 'signed_in' }>
type Stage = { kind: 'password' } | { kind: 'step'; pending: Pending } | { kind: 'codes'; codes: string[]; signIn: SignInResult }

const MIN_PASSWORD = 12

/** A sign-in step's error, or the sign-in starting over when the challenge is spent or expired. */
function stepError (err: unknown, restart: (why: string) => void): string | null {
  if (err instanceof ApiError && err.status === 401 && /sign in again/.test(err.message)) {
    restart(err.message)
    return null
  }
  return err instanceof ApiError && err.status === 401 ? 'That code is wrong or was already used.' : messageOf(err)
}

export function SignIn ({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const [stage, setStage] = useState<Stage>({ kind: 'password' })
  const [notice, setNotice] = useState<string | null>(null)
  const restart = (why: string): void => {
    setNotice(`${why.charAt(0).toUpperCase()}${why.slice(1)}.`)
    setStage({ kind: 'password' })
  }

  /** The server's answer to a step: signed in, or the next step. */
  const answered = (r: SignInResult): void => {
    if (r.status === 'signed_in') {
      setToken(r.token)
      onSignedIn(r.user)
    } else {
      setStage({ kind: 'step', pending: r })
    }
  }

  let body: ReactNode
  if (stage.kind === 'password') {
    body = (
      <PasswordForm
        notice={notice}
        onAnswer={(r) => {
          setNotice(null)
          answered(r)
        }}
      />
    )
  } else if (stage.kind === 'codes') body = <CodesShown codes={stage.codes} onDone={() => answered(stage.signIn)} />
  else if (stage.pending.status === 'password_change_required') {
    body = <NewPasswordForm pending={stage.pending} onAnswer={answered} restart={restart} />
  } else if (stage.pending.status === 'totp_required') body = <TotpForm pending={stage.pending} onAnswer={answered} restart={restart} />
  else {
    body = (
      <EnrolForm pending={stage.pending} onEnrolled={(codes, r) => setStage({ kind: 'codes', codes, signIn: r })} restart={restart} />
    )
  }

  return <main className='center'>{body}</main>
}

function Card ({ title, onSubmit, children }: { title: string; onSubmit?: (e: FormEvent) => Promise<void>; children: ReactNode }) {
  const h = useRef<HTMLHeadingElement>(null)
  // Each step moves focus to its heading, so a screen reader hears that the page asks something new.
  useEffect(() => {
    h.current?.focus()
  }, [title])
  const inner = (
    <>
      <h1 ref={h} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  )
  return onSubmit
    ? (
      <form
        className='card signin'
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          onSubmit(e).catch(() => {})
        }}
      >
        {inner}
      </form>
      )
    : (
      <div className='card signin'>{inner}</div>
      )
}

function PasswordForm ({ notice, onAnswer }: { notice: string | null; onAnswer: (r: SignInResult) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (): Promise<void> => {
    if (email.trim() === '' || password === '') {
      setError('Enter your email and password.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      onAnswer(await signIn(email.trim(), password))
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : `Could not sign in: ${messageOf(err)}`)
      setBusy(false)
    }
  }

  return (
    <Card title='care dispatch' onSubmit={submit}>
      <p className='muted'>Unarmed care teams for mental-health, substance-use and traffic calls.</p>
      {notice && (
        <p role='status' className='notice'>
          {notice}
        </p>
      )}
      <label htmlFor='email'>Email</label>
      <input
        id='email'
        name='email'
        type='email'
        autoComplete='username'
        required
        aria-describedby={error ? 'signin-error' : undefined}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <label htmlFor='password'>Password</label>
      <input
        id='password'
        name='password'
        type='password'
        autoComplete='current-password'
        required
        aria-describedby={error ? 'signin-error' : undefined}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && (
        <p role='alert' id='signin-error' className='error'>
          {error}
        </p>
      )}
      <button type='submit' className='primary' disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </Card>
  )
}

/** Client-side checks of a new password and its repetition (the server checks again, and more). */
export function newPasswordProblems (password: string, again: string): FieldErrors {
  const out: FieldErrors = {}
  if (password.length < MIN_PASSWORD) out.password = `must be at least ${MIN_PASSWORD} characters`
  if (again !== password) out.again = 'does not match the new password'
  return out
}

function NewPasswordForm ({
  pending,
  onAnswer,
  restart
}: {
  pending: Pending
  onAnswer: (r: SignInResult) => void
  restart: (why: string) => void
}) {
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const [errors, setErrors] = useState<{ fields: FieldErrors; form: string | null }>({ fields: {}, form: null })
  const [busy, setBusy] = useState(false)

  const submit = async (): Promise<void> => {
    const local = newPasswordProblems(password, again)
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null })
      return
    }
    setBusy(true)
    setErrors({ fields: {}, form: null })
    try {
      onAnswer(await newPasswordStep(pending.challenge, password))
    } catch (err) {
      const e =
        err instanceof ApiError && err.status === 401 ? { fields: {}, form: stepError(err, restart) } : sortErrors(err, ['password'])
      setErrors(e)
      setBusy(false)
    }
  }

  return (
    <Card title='Choose a new password' onSubmit={submit}>
      <p>
        Signed in as <strong>{pending.user.email}</strong>. Your password was set by an administrator: choose your own before you go on.
      </p>
      <ErrorSummary form={errors.form} fields={errors.fields} labels={{ password: 'New password', again: 'New password again' }} />
      <label htmlFor='password'>New password</label>
      <input
        {...described('password', errors.fields.password, true)}
        name='new-password'
        type='password'
        autoComplete='new-password'
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <p id='password-hint' className='hint'>
        At least {MIN_PASSWORD} characters; not a common password, not your email.
      </p>
      <FieldError id='password' error={errors.fields.password} />
      <label htmlFor='again'>New password again</label>
      <input
        {...described('again', errors.fields.again)}
        name='again'
        type='password'
        autoComplete='new-password'
        required
        value={again}
        onChange={(e) => setAgain(e.target.value)}
      />
      <FieldError id='again' error={errors.fields.again} />
      <button type='submit' className='primary' disabled={busy}>
        {busy ? 'Saving…' : 'Set password and continue'}
      </button>
    </Card>
  )
}

function TotpForm ({
  pending,
  onAnswer,
  restart
}: {
  pending: Pending
  onAnswer: (r: SignInResult) => void
  restart: (why: string) => void
}) {
  const [recovery, setRecovery] = useState(false)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = recovery ? 'recovery-code' : 'totp-code'

  const submit = async (): Promise<void> => {
    const v = code.replace(/\s/g, '')
    if (v === '') {
      setError(recovery ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code.')
      return
    }
    if (!recovery && !/^\d{6}$/.test(v)) {
      setError('The code is 6 digits.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      onAnswer(await totpStep(pending.challenge, recovery ? { recoveryCode: v } : { code: v }))
    } catch (err) {
      setError(stepError(err, restart))
      setBusy(false)
    }
  }

  return (
    <Card title='Two-step sign-in' onSubmit={submit}>
      <p>
        Signed in as <strong>{pending.user.email}</strong>.{' '}
        {recovery
          ? 'Enter one of the recovery codes you saved when you set up your authenticator; each works once.'
          : 'Open your authenticator app and enter the code it shows for care dispatch.'}
      </p>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {recovery ? (
        <div className='field'>
          <label htmlFor={id}>Recovery code</label>
          <input
            {...described(id, error)}
            name={id}
            autoComplete='off'
            autoCapitalize='characters'
            spellCheck={false}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
      ) : (
        <CodeInput id={id} label='Code from your authenticator app' value={code} onChange={setCode} error={error} />
      )}
      <button type='submit' className='primary' disabled={busy}>
        {busy ? 'Checking…' : 'Verify and sign in'}
      </button>
      <button
        type='button'
        className='link'
        onClick={() => {
          setRecovery(!recovery)
          setCode('')
          setError(null)
        }}
      >
        {recovery ? 'Use a code from the app instead' : 'Lost your phone? Use a recovery code'}
      </button>
    </Card>
  )
}

function EnrolForm ({
  pending,
  onEnrolled,
  restart
}: {
  pending: Pending
  onEnrolled: (codes: string[], r: SignInResult) => void
  restart: (why: string) => void
}) {
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    enrolStep(pending.challenge)
      .then(setEnrolment)
      .catch((err: unknown) => setError(stepError(err, restart)))
  }, [pending.challenge])

  const submit = async (): Promise<void> => {
    const v = code.replace(/\s/g, '')
    if (!/^\d{6}$/.test(v)) {
      setError('Enter the 6-digit code the app shows.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const r = await enrolConfirmStep(pending.challenge, v)
      onEnrolled(r.recoveryCodes, r.signIn)
    } catch (err) {
      setError(stepError(err, restart))
      setBusy(false)
    }
  }

  return (
    <Card title='Set up two-step sign-in' onSubmit={submit}>
      <p>
        Signed in as <strong>{pending.user.email}</strong>. Your role ({pending.user.role}) signs in with a code from an authenticator
        app as well as the password.
      </p>
      {enrolment ? <EnrolmentCode enrolment={enrolment} /> : !error && <p role='status'>Making your key…</p>}
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      <CodeInput id='enrol-code' label='First code the app shows' value={code} onChange={setCode} error={error} />
      <button type='submit' className='primary' disabled={busy || !enrolment}>
        {busy ? 'Checking…' : 'Confirm and sign in'}
      </button>
    </Card>
  )
}

function CodesShown ({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <Card title='Two-step sign-in is set up'>
      <RecoveryCodes codes={codes} />
      <button type='button' className='primary' onClick={onDone}>
        I have saved my recovery codes: continue
      </button>
    </Card>
  )
}
