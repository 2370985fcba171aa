// Sign-in page: email and password, errors read out to screen readers.
import { useState, type FormEvent } from 'react'
import { ApiError, setToken } from '../api/client'
import { login, type User } from '../api/resources'

export function SignIn ({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const r = await login(email.trim(), password)
      setToken(r.token)
      onSignedIn(r.user)
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : `Could not sign in: ${err instanceof Error ? err.message : String(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className='center'>
      <form className='card signin' onSubmit={(e) => { submit(e).catch(() => {}) }}>
        <h1>care dispatch</h1>
        <p className='muted'>Unarmed care teams for mental-health, substance-use and traffic calls.</p>
        <label htmlFor='email'>Email</label>
        <input id='email' name='email' type='email' autoComplete='username' required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor='password'>Password</label>
        <input id='password' name='password' type='password' autoComplete='current-password' required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && <p role='alert' className='error'>{error}</p>}
        <button type='submit' className='primary' disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  )
}
