// The app shell: sign-in, then the screens of the signed-in role (web/app/screens.tsx) at their own
// addresses, over one live-stream connection.
import { useEffect, useMemo, useState } from 'react'
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router'
import { ApiError, getToken, onUnauthorized, setToken } from './api/client'
import { logout, me, type User } from './api/resources'
import { forgetUser, rememberedUser, rememberUser } from './auth/remembered'
import { SignIn } from './auth/SignIn'
import { forgetLastAssignments } from './field/lastKnown'
import { LiveConnection, liveUrl } from './realtime/connection'
import { liveToCache } from './realtime/live-cache'
import { queryClient } from './api/queries'
import { LiveContext } from './realtime/useLiveEvents'
import { ErrorBoundary } from './lib/ErrorBoundary'
import { homeOf, pathOfLegacyHash, publicScreenAt, SCREENS, type Screen } from './app/screens'
import { TopBar } from './app/TopBar'
import { lazyScreen } from './app/lazy-screen'

// The care team's phone loads its own chunk (with the map), not the dispatcher's, planner's or reports' code.
const CareTeamView = lazyScreen(async () => (await import('./field/CareTeamView')).CareTeamView)
/** A responder's phone starts fetching its screen while the session is still being checked (or right after sign-in). */
const preloadFor = (user: User | null): void => {
  if (user?.role === 'responder') CareTeamView.preload().catch(() => {})
}
/** Called by web/main.tsx before the first render: the screen's code downloads while React draws "Loading…". */
export const preloadRememberedScreen = (): void => {
  const token = getToken()
  if (token !== null) preloadFor(rememberedUser(token))
}

export function App () {
  const [user, setUser] = useState<User | null>(null)
  const [checking, setChecking] = useState(getToken() !== null)

  // another user may sign in next on this device: nothing of this one's stays in the cache
  const signedOut = () => {
    setToken(null)
    forgetUser()
    forgetLastAssignments()
    queryClient.clear()
    setUser(null)
  }
  useEffect(() => {
    const token = getToken()
    if (token === null) return
    me()
      .then((u) => {
        rememberUser(u, token)
        setUser(u)
      })
      .catch((err: unknown) => {
        // Only the server saying "no" signs the device out. With no connection (or a server error) the
        // device starts as the user it remembers, so the field app still shows the last assignment and
        // keeps the queued actions; the outbox and live stream carry on when the connection returns.
        // Without a remembered user the sign-in form shows, and the token stays for the next start.
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) signedOut()
        else setUser(rememberedUser(token))
      })
      .finally(() => setChecking(false))
  }, [])
  useEffect(() => onUnauthorized(signedOut), [])

  const conn = useMemo(() => {
    if (!user) return null
    const token = getToken()
    return token ? new LiveConnection({ url: (since) => liveUrl(token, since) }) : null
  }, [user])
  useEffect(() => {
    if (!conn) return
    const offCache = liveToCache(conn, queryClient)
    conn.start()
    const online = () => conn.reconnectNow()
    window.addEventListener('online', online)
    // The server ended the session (signed out elsewhere, deactivated, role or team changed): back to sign-in.
    const offEnded = conn.on('ended', signedOut)
    return () => {
      offEnded()
      offCache()
      window.removeEventListener('online', online)
      conn.stop()
    }
  }, [conn])

  // A public screen (the public summary) needs no sign-in and shows the same to everyone.
  const open = publicScreenAt(window.location.pathname)
  if (open) {
    return (
      <Titled title={open.title}>
        <ErrorBoundary what={open.title.toLowerCase()}>{open.render()}</ErrorBoundary>
      </Titled>
    )
  }
  if (checking) {
    return (
      <main className='center'>
        <p>Loading…</p>
      </main>
    )
  }
  if (!user) {
    return (
      <SignIn
        onSignedIn={(u) => {
          const t = getToken()
          if (t) rememberUser(u, t)
          preloadFor(u)
          setUser(u)
        }}
      />
    )
  }
  const signOut = () => {
    logout()
      .catch(() => {})
      .finally(signedOut)
  }
  return (
    <LiveContext.Provider value={conn}>
      <BrowserRouter>
        <Screens user={user} onSignOut={signOut} />
      </BrowserRouter>
    </LiveContext.Provider>
  )
}

function Screens ({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  const home = homeOf(user.role)
  const legacy = pathOfLegacyHash(window.location.hash)
  return (
    <Routes>
      <Route path='/' element={<Navigate to={legacy ?? home} replace />} />
      <Route
        path='/field'
        element={
          user.role === 'responder' ? (
            <Titled title='Care team'>
              <ErrorBoundary what='care team view'>
                <CareTeamView user={user} onSignOut={onSignOut} />
              </ErrorBoundary>
            </Titled>
          ) : (
            <Navigate to={home} replace />
          )
        }
      />
      {SCREENS.map((s) => (
        <Route
          key={s.path}
          path={s.path}
          element={
            s.roles.includes(user.role) ? (
              <ScreenPage screen={s} user={user} onSignOut={onSignOut} />
            ) : (
              <NotHere user={user} onSignOut={onSignOut} home={home} why='not_allowed' />
            )
          }
        />
      ))}
      <Route path='*' element={<NotHere user={user} onSignOut={onSignOut} home={home} why='not_found' />} />
    </Routes>
  )
}

function Titled ({ title, children }: { title: string; children: React.ReactNode }) {
  useEffect(() => {
    document.title = `${title} · care dispatch`
  }, [title])
  return <>{children}</>
}

function ScreenPage ({ screen, user, onSignOut }: { screen: Screen; user: User; onSignOut: () => void }) {
  return (
    <Titled title={screen.title}>
      <div className='screen'>
        {screen.skipTo && (
          <a className='skip' href={`#${screen.skipTo.id}`} onClick={(e) => skipTo(e, screen.skipTo!.id)}>
            {screen.skipTo.label}
          </a>
        )}
        <TopBar user={user} onSignOut={onSignOut} />
        <ErrorBoundary what={screen.title.toLowerCase()}>{screen.render(user)}</ErrorBoundary>
      </div>
    </Titled>
  )
}

/** The skip link moves the keyboard focus itself: a fragment alone leaves it behind in some browsers. */
function skipTo (e: React.MouseEvent, id: string): void {
  const target = document.getElementById(id)
  if (!target) return
  e.preventDefault()
  target.focus()
  target.scrollIntoView({ block: 'nearest' })
}

/** An address that is not a screen, or not one for this role: said so, with the way home (never another screen silently). */
function NotHere ({
  user,
  onSignOut,
  home,
  why
}: {
  user: User
  onSignOut: () => void
  home: string
  why: 'not_found' | 'not_allowed'
}) {
  const { pathname } = useLocation()
  if (user.role === 'responder') return <Navigate to='/field' replace />
  return (
    <Titled title={why === 'not_found' ? 'Not found' : 'Not for your role'}>
      <div className='screen'>
        <TopBar user={user} onSignOut={onSignOut} />
        <main className='center'>
          <h1>{why === 'not_found' ? 'There is no such page' : 'This page is not for your role'}</h1>
          <p>
            <code>{pathname}</code> {why === 'not_found' ? 'is not an address of this app.' : `is not open to a ${user.role}.`}
          </p>
          <p>
            <Link to={home}>Go to your start page</Link>
          </p>
        </main>
      </div>
    </Titled>
  )
}
