// Pieces of the authenticator (TOTP) steps, shared by sign-in and the account's security page: the QR code
// with the secret as text for an app that cannot scan, the code field, and recovery codes shown once.
import type { TotpEnrolment } from '../api/admin'
import { described, FieldError } from '../lib/forms'

/** The secret in groups of four, as authenticator apps ask for it. */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim()

export function EnrolmentCode ({ enrolment }: { enrolment: TotpEnrolment }) {
  return (
    <div className='enrolment'>
      <p>Scan this code with an authenticator app (for example Google Authenticator, Microsoft Authenticator, 1Password or Aegis).</p>
      <img
        src={enrolment.qrDataUrl}
        alt='QR code of the authenticator secret (the same secret is written out below)'
        width={200}
        height={200}
      />
      <p>Or type this key into the app by hand (time-based, 6 digits, 30 seconds):</p>
      <p>
        <code className='secret' data-testid='totp-secret'>
          {groupSecret(enrolment.secret)}
        </code>
      </p>
    </div>
  )
}

/** A 6-digit code input, with its label and error. */
export function CodeInput ({
  id,
  label,
  value,
  onChange,
  error
}: {
  id: string
  label: string
  value: string
  onChange: (v: string) => void
  error?: string | null
}) {
  return (
    <div className='field'>
      <label htmlFor={id}>{label}</label>
      <input
        {...described(id, error, true)}
        name={id}
        inputMode='numeric'
        autoComplete='one-time-code'
        pattern='[0-9 ]*'
        maxLength={8}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className='hint'>
        The 6 digits your authenticator app shows now.
      </p>
      <FieldError id={id} error={error} />
    </div>
  )
}

export function RecoveryCodes ({ codes }: { codes: string[] }) {
  return (
    <section className='recovery' aria-labelledby='recovery-h'>
      <h2 id='recovery-h'>Your recovery codes</h2>
      <p>
        <strong>Shown once.</strong> Keep them somewhere safe (printed, or in a password manager). Each code signs you in once if you
        lose your phone.
      </p>
      <ul className='codes' data-testid='recovery-codes'>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </section>
  )
}
