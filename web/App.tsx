// The app shell: sign-in, then the view for the signed-in role over one live-stream connection.
import { useEffect, useMemo, useState } from 'react'
import { ApiError, getToken, onUnauthorized, setToken } from './api/client'
import { logout, me, type User } from './api/resources'
import { forgetUser, rememberedUser, rememberUser } from './auth/remembered'
import { SignIn } from './auth/SignIn'
import { forgetLastAssignments } from './field/lastKnown'
import { DispatcherConsole } from './dispatch/DispatcherConsole'
import { CareTeamView } from './field/CareTeamView'
import { LiveConnection, liveUrl } from './realtime/connection'
import { LiveContext } from './realtime/useLiveEvents'
import { ReportsPage } from './reports/ReportsPage'
import { PlanPage } from './plan/PlanPage'

/** Roles that read reports; the page lives at #/reports. */
const REPORT_ROLES = ['planner', 'supervisor', 'admin']
/** Roles with the planning workspace (#/plan); planners land there. */
const PLAN_ROLES = ['planner', 'admin']
const onReportsHash = (): boolean => window.location.hash === '#/reports'

export function App () {
  const [user, setUser] = useState<User | null>(null)
  const [checking, setChecking] = useState(getToken() !== null)

  const signedOut = () => { setToken(null); forgetUser(); forgetLastAssignments(); setUser(null) }
  useEffect(() => {
    const token = getToken()
    if (token === null) return
    me().then((u) => { rememberUser(u, token); setUser(u) }).catch((err: unknown) => {
      // Only the server saying "no" signs the device out. With no connection (or a server error) the
      // device starts as the user it remembers, so the field app still shows the last assignment and
      // keeps the queued actions; the outbox and live stream carry on when the connection returns.
      // Without a remembered user the sign-in form shows, and the token stays for the next start.
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) signedOut()
      else setUser(rememberedUser(token))
    }).finally(() => setChecking(false))
  }, [])
  useEffect(() => onUnauthorized(signedOut), [])
  const [reports, setReports] = useState(onReportsHash)
  const [hash, setHash] = useState(window.location.hash)
  useEffect(() => {
    const follow = () => { setReports(onReportsHash()); setHash(window.location.hash) }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])

  const conn = useMemo(() => {
    if (!user) return null
    const token = getToken()
    return token ? new LiveConnection({ url: (since) => liveUrl(token, since) }) : null
  }, [user])
  useEffect(() => {
    if (!conn) return
    conn.start()
    const online = () => conn.reconnectNow()
    window.addEventListener('online', online)
    // The server ended the session (signed out elsewhere, deactivated, role or team changed): back to sign-in.
    const offEnded = conn.on('ended', signedOut)
    return () => { offEnded(); window.removeEventListener('online', online); conn.stop() }
  }, [conn])

  if (checking) return <main className='center'><p>Loading…</p></main>
  if (!user) return <SignIn onSignedIn={(u) => { const t = getToken(); if (t) rememberUser(u, t); setUser(u) }} />
  const signOut = () => { logout().catch(() => {}).finally(signedOut) }
  const readsReports = REPORT_ROLES.includes(user.role)
  const go = (h: string) => () => { window.location.hash = h }
  const plans = PLAN_ROLES.includes(user.role)
  // Planners land on the workspace; the live map is #/console for them. Admins reach it at #/plan.
  const onPlan = plans && (hash === '#/plan' || (user.role === 'planner' && hash !== '#/console' && !reports))
  const consoleHash = user.role === 'planner' ? '#/console' : ''
  return (
    <LiveContext.Provider value={conn}>
      {user.role === 'responder'
        ? <CareTeamView user={user} onSignOut={signOut} />
        : onPlan
          ? <PlanPage user={user} onSignOut={signOut} onReports={go('#/reports')} onConsole={go(consoleHash)} />
          : readsReports && reports
            ? <ReportsPage user={user} onSignOut={signOut} onConsole={go(consoleHash)} onPlan={plans ? go('#/plan') : undefined} />
            : <DispatcherConsole user={user} onSignOut={signOut} onReports={readsReports ? go('#/reports') : undefined} onPlan={plans ? go('#/plan') : undefined} />}
    </LiveContext.Provider>
  )
}
