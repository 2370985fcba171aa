// The app shell: sign-in, then the view for the signed-in role over one live-stream connection.
import { useEffect, useMemo, useState } from 'react'
import { getToken, onUnauthorized, setToken } from './api/client'
import { logout, me, type User } from './api/resources'
import { SignIn } from './auth/SignIn'
import { DispatcherConsole } from './dispatch/DispatcherConsole'
import { CareTeamView } from './field/CareTeamView'
import { LiveConnection, liveUrl } from './realtime/connection'
import { LiveContext } from './realtime/useLiveEvents'
import { ReportsPage } from './reports/ReportsPage'

/** Roles that read reports; the page lives at #/reports. */
const REPORT_ROLES = ['planner', 'supervisor', 'admin']
const onReportsHash = (): boolean => window.location.hash === '#/reports'

export function App () {
  const [user, setUser] = useState<User | null>(null)
  const [checking, setChecking] = useState(getToken() !== null)

  useEffect(() => {
    if (getToken() === null) return
    me().then(setUser).catch(() => setToken(null)).finally(() => setChecking(false))
  }, [])
  useEffect(() => onUnauthorized(() => { setToken(null); setUser(null) }), [])
  const [reports, setReports] = useState(onReportsHash)
  useEffect(() => {
    const follow = () => setReports(onReportsHash())
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
    return () => { window.removeEventListener('online', online); conn.stop() }
  }, [conn])

  if (checking) return <main className='center'><p>Loading…</p></main>
  if (!user) return <SignIn onSignedIn={(u) => setUser(u)} />
  const signOut = () => { logout().catch(() => {}).finally(() => { setToken(null); setUser(null) }) }
  const readsReports = REPORT_ROLES.includes(user.role)
  const go = (hash: string) => () => { window.location.hash = hash }
  return (
    <LiveContext.Provider value={conn}>
      {user.role === 'responder'
        ? <CareTeamView user={user} onSignOut={signOut} />
        : readsReports && reports
          ? <ReportsPage user={user} onSignOut={signOut} onConsole={go('')} />
          : <DispatcherConsole user={user} onSignOut={signOut} onReports={readsReports ? go('#/reports') : undefined} />}
    </LiveContext.Provider>
  )
}
