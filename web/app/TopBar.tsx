// The one top bar of the desk screens: the screens a role may open, the live connection, who is signed in.
import type { ReactNode } from 'react'
import { NavLink } from 'react-router'
import type { User } from '../api/resources'
import { fetchProtocol, useProtocol } from '../dispatch/questions'
import { useConnectionState, useLiveEvents } from '../realtime/useLiveEvents'
import { navFor } from './screens'

export function TopBar ({ user, onSignOut, extra }: { user: User; onSignOut: () => void; extra?: ReactNode }) {
  const state = useConnectionState()
  const { protocol } = useProtocol()
  // A version activated anywhere shows here at once, without waiting for the periodic check.
  useLiveEvents(['triage.protocol_activated'], () => {
    fetchProtocol().catch(() => {})
  })
  return (
    <header className='topbar'>
      <strong>care dispatch</strong>
      <nav aria-label='Screens'>
        {navFor(user.role).map((s) => (
          <NavLink key={s.path} to={s.path} end={s.nav!.sub !== true} className='nav-link'>
            {s.nav!.label}
          </NavLink>
        ))}
      </nav>
      <span className={`conn ${state}`} role='status'>
        {state === 'live' ? '● live' : state === 'connecting' ? '○ connecting…' : '○ offline: reconnecting'}
      </span>
      {protocol && user.role !== 'planner' && (
        <span className='muted' title={`Triage protocol in force: ${protocol.name}`}>
          Protocol {protocol.version}
        </span>
      )}
      {extra}
      <span className='muted'>
        {user.name || user.email} ({user.role})
      </span>
      <button type='button' onClick={onSignOut}>
        Sign out
      </button>
    </header>
  )
}
