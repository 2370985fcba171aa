// Users (/admin/users, one user at /admin/users/:userId), for admins: every account with role, team, state,
// two-step sign-in and last sign-in; a new account with a temporary password shown once; a user's role and
// team; a password reset, ending sessions, removing a lost authenticator, deactivating and reactivating,
// each destructive one after a confirmation. The server audits every change.
import { useEffect, useRef, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { ROLES } from '../../server/contracts/users'
import {
  allTeams,
  createUser,
  endSessions,
  listUsers,
  resetPassword,
  resetTotp,
  updateUser,
  type Role,
  type Team,
  type UserAdmin
} from '../api/admin'
import type { User } from '../api/resources'
import { facilities as fetchFacilities, type Facility } from '../api/facilities'
import { described, ErrorSummary, FieldError, messageOf, sortErrors, TableScroll, type FieldErrors, useConfirm } from '../lib/forms'

const STATE_LABEL: Record<UserAdmin['state'], string> = {
  active: 'active',
  password_reset: 'must set a new password',
  deactivated: 'deactivated'
}
const when = (iso: string | null): string =>
  iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : 'never'

export function UsersPage ({ user: me }: { user: User }) {
  const [users, setUsers] = useState<UserAdmin[] | null>(null)
  const [teams, setTeams] = useState<Team[]>([])
  const [error, setError] = useState<string | null>(null)
  const selectedId = useParams().userId ?? null
  const reload = (): void => {
    listUsers()
      .then((u) => {
        setUsers(u)
        setError(null)
      })
      .catch((e: unknown) => setError(messageOf(e)))
  }
  useEffect(() => {
    reload()
    allTeams()
      .then(setTeams)
      .catch(() => setTeams([]))
  }, [])
  const teamName = (id: string | null): string => (id === null ? '—' : (teams.find((t) => t.id === id)?.callSign ?? id.slice(0, 8)))
  const selected = users?.find((u) => u.id === selectedId) ?? null

  return (
    <main className='admin-main' id='admin-main'>
      <h1>Users</h1>
      {error && (
        <p role='alert' className='error'>
          Could not load the users: {error}
        </p>
      )}
      <NewUser teams={teams} onCreated={reload} />
      {selectedId && users && !selected && (
        <p role='alert' className='error'>
          No user has the id {selectedId}.
        </p>
      )}
      {selected && <UserDetail key={selected.id} user={selected} me={me} teams={teams} onChanged={reload} />}
      <section className='panel' aria-labelledby='users-h'>
        <h2 id='users-h'>All users {users && <span className='badge'>{users.length}</span>}</h2>
        {users === null && !error && <p role='status'>Loading…</p>}
        {users && (
          <TableScroll label='Users'>
            <table className='admin-table'>
              <thead>
                <tr>
                  <th scope='col'>User</th>
                  <th scope='col'>Role</th>
                  <th scope='col'>Team</th>
                  <th scope='col'>State</th>
                  <th scope='col'>Two-step</th>
                  <th scope='col'>Last sign-in</th>
                  <th scope='col'>Sessions</th>
                  <th scope='col'>
                    <span className='sr-only'>Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} data-email={u.email} className={u.id === selectedId ? 'selected' : undefined}>
                    <th scope='row'>
                      {u.email}
                      {u.name && <span className='muted block'>{u.name}</span>}
                    </th>
                    <td>{u.role}</td>
                    <td>{teamName(u.teamId)}</td>
                    <td className={`state ${u.state}`}>{STATE_LABEL[u.state]}</td>
                    <td>{u.totp.enrolled ? 'on' : u.totp.required ? 'required, not set up' : 'off'}</td>
                    <td>{when(u.lastSignInAt)}</td>
                    <td>{u.activeSessions}</td>
                    <td>
                      <Link to={`/admin/users/${u.id}`} aria-label={`Manage ${u.email}`}>
                        Manage
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </main>
  )
}

function RoleTeamFields ({
  prefix,
  role,
  teamId,
  teams,
  errors,
  onRole,
  onTeam
}: {
  prefix: string
  role: Role
  teamId: string
  teams: Team[]
  errors: FieldErrors
  onRole: (r: Role) => void
  onTeam: (t: string) => void
}) {
  const live = teams.filter((t) => t.retiredAt === null)
  return (
    <>
      <div className='field'>
        <label htmlFor={`${prefix}role`}>Role</label>
        <select {...described(`${prefix}role`, errors.role)} value={role} onChange={(e) => onRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}role`} error={errors.role} />
      </div>
      <div className='field'>
        <label htmlFor={`${prefix}teamId`}>Team{role === 'responder' ? ' (required for a responder)' : ''}</label>
        <select {...described(`${prefix}teamId`, errors.teamId, true)} value={teamId} onChange={(e) => onTeam(e.target.value)}>
          <option value=''>{role === 'responder' ? 'Choose a team…' : 'No team'}</option>
          {live.map((t) => (
            <option key={t.id} value={t.id}>
              {t.callSign} ({t.kind})
            </option>
          ))}
        </select>
        <p id={`${prefix}teamId-hint`} className='hint'>
          A responder signs in to the field app of this team.
        </p>
        <FieldError id={`${prefix}teamId`} error={errors.teamId} />
      </div>
    </>
  )
}

/** A facility user's facility (required for that role): the list is fetched when the role is chosen. */
function FacilityField ({ value, error, onChange }: { value: string; error?: string; onChange: (id: string) => void }) {
  const [list, setList] = useState<Facility[]>([])
  useEffect(() => {
    fetchFacilities({ limit: 1000 })
      .then(setList)
      .catch(() => {})
  }, [])
  return (
    <div className='field'>
      <label htmlFor='facilityId'>Facility (required for a facility user)</label>
      <select {...described('facilityId', error)} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value=''>Choose a facility…</option>
        {list.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
      <FieldError id='facilityId' error={error} />
    </div>
  )
}

const NEW_LABELS = { email: 'Email', name: 'Name', role: 'Role', teamId: 'Team', facilityId: 'Facility' }

function NewUser ({ teams, onCreated }: { teams: Team[]; onCreated: () => void }) {
  const [form, setForm] = useState({ email: '', name: '', role: 'dispatcher' as Role, teamId: '', facilityId: '' })
  const [errors, setErrors] = useState<{ fields: FieldErrors; form: string | null }>({ fields: {}, form: null })
  const [made, setMade] = useState<{ email: string; password: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const shown = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (made) shown.current?.focus()
  }, [made])

  const submit = async (): Promise<void> => {
    const local: FieldErrors = {}
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email.trim())) local.email = 'must be an email address, like name@example.org'
    if (form.role === 'responder' && form.teamId === '') local.teamId = 'is required for a responder'
    if (form.role === 'facility' && form.facilityId === '') local.facilityId = 'is required for a facility user'
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null })
      return
    }
    setBusy(true)
    setErrors({ fields: {}, form: null })
    setMade(null)
    try {
      const bound = form.role === 'facility' ? { facilityId: form.facilityId } : {}
      const named = form.name.trim() ? { name: form.name.trim() } : {}
      const u = await createUser({ email: form.email.trim(), ...named, role: form.role, teamId: form.teamId || null, ...bound })
      setMade({ email: u.email, password: u.temporaryPassword ?? '' })
      setForm({ email: '', name: '', role: form.role, teamId: '', facilityId: '' })
      onCreated()
    } catch (err) {
      setErrors(sortErrors(err, ['email', 'name', 'role', 'teamId', 'facilityId']))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className='panel' aria-labelledby='new-user-h'>
      <h2 id='new-user-h'>New user</h2>
      {made && (
        <div className='shown-once' role='status' tabIndex={-1} ref={shown} data-testid='temporary-password'>
          <p>
            <strong>{made.email}</strong> was created. Their temporary password, shown once:
          </p>
          <p>
            <code className='secret'>{made.password}</code>
          </p>
          <p>Give it to them by a safe channel (in person, by phone). They choose their own password at first sign-in.</p>
        </div>
      )}
      <form
        noValidate
        className='admin-form'
        onSubmit={(e) => {
          e.preventDefault()
          submit().catch(() => {})
        }}
      >
        <ErrorSummary form={errors.form} fields={errors.fields} labels={NEW_LABELS} />
        <div className='field'>
          <label htmlFor='email'>Email</label>
          <input
            {...described('email', errors.fields.email)}
            type='email'
            autoComplete='off'
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
          <FieldError id='email' error={errors.fields.email} />
        </div>
        <div className='field'>
          <label htmlFor='name'>Name</label>
          <input
            {...described('name', errors.fields.name)}
            autoComplete='off'
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <FieldError id='name' error={errors.fields.name} />
        </div>
        <RoleTeamFields
          prefix=''
          role={form.role}
          teamId={form.teamId}
          teams={teams}
          errors={errors.fields}
          onRole={(role) => setForm({ ...form, role })}
          onTeam={(teamId) => setForm({ ...form, teamId })}
        />
        {form.role === 'facility' && (
          <FacilityField
            value={form.facilityId}
            error={errors.fields.facilityId}
            onChange={(facilityId) => setForm({ ...form, facilityId })}
          />
        )}
        <button type='submit' className='primary' disabled={busy}>
          {busy ? 'Creating…' : 'Create user'}
        </button>
      </form>
    </section>
  )
}

function UserDetail ({ user, me, teams, onChanged }: { user: UserAdmin; me: User; teams: Team[]; onChanged: () => void }) {
  const [role, setRole] = useState<Role>(user.role)
  const [teamId, setTeamId] = useState(user.teamId ?? '')
  const [errors, setErrors] = useState<{ fields: FieldErrors; form: string | null }>({ fields: {}, form: null })
  const [result, setResult] = useState<{ text: string; password?: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [dialog, ask] = useConfirm()
  const navigate = useNavigate()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
  }, [user.id])
  const self = user.id === me.id

  const act = async (work: () => Promise<{ text: string; password?: string }>): Promise<void> => {
    setBusy(true)
    setErrors({ fields: {}, form: null })
    setResult(null)
    try {
      setResult(await work())
      onChanged()
    } catch (err) {
      setErrors(sortErrors(err, ['role', 'teamId']))
    } finally {
      setBusy(false)
    }
  }

  const save = async (): Promise<void> => {
    if (role === 'responder' && teamId === '') {
      setErrors({ fields: { teamId: 'is required for a responder' }, form: null })
      return
    }
    const patch: { role?: Role; teamId?: string | null } = {}
    if (role !== user.role) patch.role = role
    if ((teamId || null) !== user.teamId) patch.teamId = teamId || null
    if (Object.keys(patch).length === 0) {
      setResult({ text: 'Nothing changed.' })
      return
    }
    if (
      !(await ask({
        title: `Change ${user.email}?`,
        body: <p>Their role or team changes now, and every session they have open is signed out.</p>,
        confirm: 'Save and sign them out'
      }))
    ) {
      return
    }
    await act(async () => {
      await updateUser(user.id, patch)
      return { text: 'Saved. Their sessions were ended.' }
    })
  }
  const reset = async (): Promise<void> => {
    if (
      !(await ask({
        title: `Reset the password of ${user.email}?`,
        body: (
          <p>
            Their password stops working and their sessions end now. You get a temporary password to give them; they must replace it at
            their next sign-in.
          </p>
        ),
        confirm: 'Reset password',
        danger: true
      }))
    ) {
      return
    }
    await act(async () => {
      const r = await resetPassword(user.id)
      return {
        text: `Password reset; ${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'} ended. Temporary password, shown once:`,
        password: r.temporaryPassword
      }
    })
  }
  const end = async (): Promise<void> => {
    if (
      !(await ask({
        title: `End every session of ${user.email}?`,
        body: <p>Their open consoles, phones and live streams are signed out at once. They can sign in again.</p>,
        confirm: 'End sessions',
        danger: true
      }))
    ) {
      return
    }
    await act(async () => {
      const r = await endSessions(user.id)
      return { text: `${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'} ended.` }
    })
  }
  const totp = async (): Promise<void> => {
    if (
      !(await ask({
        title: `Remove the authenticator of ${user.email}?`,
        body: (
          <p>
            For a lost phone: their codes and recovery codes stop working and their sessions end. They set up a new authenticator at
            next sign-in if their role requires one.
          </p>
        ),
        confirm: 'Remove authenticator',
        danger: true
      }))
    ) {
      return
    }
    await act(async () => {
      await resetTotp(user.id)
      return { text: 'Authenticator removed.' }
    })
  }
  const toggle = async (): Promise<void> => {
    if (user.active) {
      if (
        !(await ask({
          title: `Deactivate ${user.email}?`,
          body: (
            <p>
              They cannot sign in any more and every session they have open stops now. Their history stays; you can reactivate them
              later.
            </p>
          ),
          confirm: 'Deactivate',
          danger: true
        }))
      ) {
        return
      }
      await act(async () => {
        await updateUser(user.id, { active: false })
        return { text: 'Deactivated; their sessions were ended.' }
      })
    } else {
      await act(async () => {
        await updateUser(user.id, { active: true })
        return { text: 'Reactivated: they can sign in again.' }
      })
    }
  }

  return (
    <section className='panel user-detail' aria-labelledby='user-h'>
      {dialog}
      <div className='panel-head'>
        <h2 id='user-h' ref={heading} tabIndex={-1}>
          {user.email}
        </h2>
        <button type='button' onClick={() => navigate('/admin/users')}>
          Close
        </button>
      </div>
      <p className='muted'>
        {user.name || 'No name'} · {STATE_LABEL[user.state]} · last sign-in {when(user.lastSignInAt)} · {user.activeSessions} open
        session{user.activeSessions === 1 ? '' : 's'}
      </p>
      {result && (
        <div role='status' className='shown-once' data-testid='user-result'>
          <p>{result.text}</p>
          {result.password && (
            <p>
              <code className='secret'>{result.password}</code>
            </p>
          )}
        </div>
      )}
      <form
        noValidate
        className='admin-form'
        onSubmit={(e) => {
          e.preventDefault()
          save().catch(() => {})
        }}
      >
        <ErrorSummary form={errors.form} fields={errors.fields} labels={{ role: 'Role', teamId: 'Team' }} prefix='edit-' />
        <RoleTeamFields
          prefix='edit-'
          role={role}
          teamId={teamId}
          teams={teams}
          errors={errors.fields}
          onRole={setRole}
          onTeam={setTeamId}
        />
        <button type='submit' className='primary' disabled={busy}>
          Save role and team
        </button>
      </form>
      <div className='actions' role='group' aria-label='Account actions'>
        <button
          type='button'
          disabled={busy || !user.active}
          onClick={() => {
            reset().catch(() => {})
          }}
        >
          Reset password
        </button>
        <button
          type='button'
          disabled={busy || user.activeSessions === 0}
          onClick={() => {
            end().catch(() => {})
          }}
        >
          End sessions
        </button>
        <button
          type='button'
          disabled={busy || !user.totp.enrolled}
          onClick={() => {
            totp().catch(() => {})
          }}
        >
          Remove authenticator
        </button>
        <button
          type='button'
          className={user.active ? 'danger' : undefined}
          disabled={busy || (self && user.active)}
          onClick={() => {
            toggle().catch(() => {})
          }}
        >
          {user.active ? 'Deactivate' : 'Reactivate'}
        </button>
      </div>
      {self && <p className='muted'>You cannot deactivate yourself.</p>}
    </section>
  )
}
