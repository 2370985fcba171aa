// Every screen of the web app in one table: its address, who may open it, its title and its place in the
// top bar. A new screen is one entry here (see web/README.md); the router, the top bar, page titles and
// the "not for your role" answer all read this table.
import type { ReactNode } from 'react'
import type { User } from '../api/resources'
import { lazyScreen } from './lazy-screen'

// Each screen's code is its own chunk, loaded when the screen first opens: the sign-in page and the care team's
// phone never load the planner, the simulator, the reports or Chart.js (see web/README.md, "Loading").
const SecurityPage = lazyScreen(async () => (await import('../account/SecurityPage')).SecurityPage)
const AuditPage = lazyScreen(async () => (await import('../admin/AuditPage')).AuditPage)
const ProtocolsPage = lazyScreen(async () => (await import('../admin/ProtocolsPage')).ProtocolsPage)
const ProtocolVersionPage = lazyScreen(async () => (await import('../admin/ProtocolsPage')).ProtocolVersionPage)
const RotaPage = lazyScreen(async () => (await import('../admin/RotaPage')).RotaPage)
const TeamsPage = lazyScreen(async () => (await import('../admin/TeamsPage')).TeamsPage)
const TeamEditPage = lazyScreen(async () => (await import('../admin/TeamsPage')).TeamEditPage)
const UsersPage = lazyScreen(async () => (await import('../admin/UsersPage')).UsersPage)
const DispatcherConsole = lazyScreen(async () => (await import('../dispatch/DispatcherConsole')).DispatcherConsole)
const CallHistory = lazyScreen(async () => (await import('../dispatch/CallHistory')).CallHistory)
const HistoryCall = lazyScreen(async () => (await import('../dispatch/CallHistory')).HistoryCall)
const FollowUpsPage = lazyScreen(async () => (await import('../followups/FollowUpsPage')).FollowUpsPage)
const ImportPage = lazyScreen(async () => (await import('../import/ImportPage')).ImportPage)
const PlanPage = lazyScreen(async () => (await import('../plan/PlanPage')).PlanPage)
const ReportsPage = lazyScreen(async () => (await import('../reports/ReportsPage')).ReportsPage)
const PublicDashboard = lazyScreen(async () => (await import('../dashboard/PublicDashboard')).PublicDashboard)
const CapacityPage = lazyScreen(async () => (await import('../facilities/CapacityPage')).CapacityPage)
const FacilitiesPage = lazyScreen(async () => (await import('../facilities/FacilitiesPage')).FacilitiesPage)

export type Role = User['role']

export interface Screen {
  /** A React Router path, e.g. '/console/calls/:callId'. */
  path: string
  /** Shown in the browser's tab (WCAG 2.4.2) and, with `nav`, in the top bar. */
  title: string
  roles: readonly Role[]
  /** The top bar's link to this screen (absent: reached from another screen); `sub`: also current on the addresses below it. */
  nav?: { label: string; order: number; sub?: boolean }
  /** Where the page's skip link goes (the element's id), when the page has a main task. */
  skipTo?: { id: string; label: string }
  render: (user: User) => ReactNode
}

const DESK: readonly Role[] = ['dispatcher', 'supervisor']
const CONSOLE: readonly Role[] = ['dispatcher', 'supervisor', 'admin', 'planner']
const INTAKE_SKIP = { id: 'address', label: 'Skip to the new-call form' }
const ADMIN_SKIP = { id: 'admin-main', label: 'Skip to the main content' }
const ALL: readonly Role[] = ['dispatcher', 'responder', 'planner', 'supervisor', 'admin', 'navigator', 'facility']
const ROSTER: readonly Role[] = ['supervisor', 'admin']
const CAPACITY_SKIP = { id: 'capacity-main', label: 'Skip to the main content' }

export const SCREENS: readonly Screen[] = [
  {
    path: '/console',
    title: 'Dispatch',
    roles: CONSOLE,
    nav: { label: 'Dispatch', order: 10, sub: true },
    skipTo: INTAKE_SKIP,
    render: (u) => <DispatcherConsole user={u} view='dispatch' />
  },
  {
    path: '/console/calls/:callId',
    title: 'Call',
    roles: CONSOLE,
    skipTo: INTAKE_SKIP,
    render: (u) => <DispatcherConsole user={u} view='dispatch' />
  },
  {
    path: '/roster',
    title: 'Roster',
    roles: ['dispatcher', 'supervisor', 'admin'],
    nav: { label: 'Roster', order: 20 },
    render: (u) => <DispatcherConsole user={u} view='roster' />
  },
  {
    path: '/history',
    title: 'Call history',
    roles: DESK,
    nav: { label: 'History', order: 15 },
    skipTo: { id: 'history-filters', label: 'Skip to the search' },
    render: () => <CallHistory />
  },
  { path: '/history/:callId', title: 'Call in history', roles: DESK, render: () => <HistoryCall /> },
  {
    path: '/import',
    title: 'Import',
    roles: ['planner', 'admin'],
    nav: { label: 'Import', order: 60 },
    render: () => (
      <main className='import-main'>
        <ImportPage />
      </main>
    )
  },
  {
    path: '/plan',
    title: 'Plan',
    roles: ['planner', 'admin'],
    nav: { label: 'Plan', order: 40 },
    render: (u) => <PlanPage user={u} />
  },
  {
    path: '/reports',
    title: 'Reports',
    roles: ['planner', 'supervisor', 'admin'],
    nav: { label: 'Reports', order: 50 },
    render: (u) => <ReportsPage user={u} />
  },
  {
    path: '/follow-ups',
    title: 'Follow-ups',
    roles: ['navigator', 'supervisor', 'admin'],
    nav: { label: 'Follow-ups', order: 30 },
    render: () => <FollowUpsPage />
  },
  {
    path: '/facility',
    title: 'Capacity',
    roles: ['facility'],
    nav: { label: 'Capacity', order: 10 },
    skipTo: CAPACITY_SKIP,
    render: (u) => <CapacityPage user={u} />
  },
  {
    path: '/facilities',
    title: 'Facilities',
    roles: ['dispatcher', 'supervisor', 'admin'],
    nav: { label: 'Facilities', order: 27 },
    skipTo: { id: 'facilities-main', label: 'Skip to the main content' },
    render: (u) => <FacilitiesPage user={u} />
  },
  {
    path: '/admin/teams',
    title: 'Teams',
    roles: ROSTER,
    nav: { label: 'Teams', order: 25, sub: true },
    skipTo: ADMIN_SKIP,
    render: (u) => <TeamsPage user={u} />
  },
  { path: '/admin/teams/new', title: 'New team', roles: ROSTER, skipTo: ADMIN_SKIP, render: (u) => <TeamEditPage user={u} /> },
  { path: '/admin/teams/:teamId', title: 'Team', roles: ROSTER, skipTo: ADMIN_SKIP, render: (u) => <TeamEditPage user={u} /> },
  { path: '/admin/teams/:teamId/rota', title: 'Rota', roles: ROSTER, skipTo: ADMIN_SKIP, render: (u) => <RotaPage user={u} /> },
  {
    path: '/admin/users',
    title: 'Users',
    roles: ['admin'],
    nav: { label: 'Users', order: 70, sub: true },
    skipTo: ADMIN_SKIP,
    render: (u) => <UsersPage user={u} />
  },
  { path: '/admin/users/:userId', title: 'User', roles: ['admin'], skipTo: ADMIN_SKIP, render: (u) => <UsersPage user={u} /> },
  {
    path: '/admin/protocols',
    title: 'Protocol',
    roles: ['admin'],
    nav: { label: 'Protocol', order: 75, sub: true },
    skipTo: ADMIN_SKIP,
    render: (u) => <ProtocolsPage user={u} />
  },
  {
    path: '/admin/protocols/:version',
    title: 'Protocol version',
    roles: ['admin'],
    skipTo: ADMIN_SKIP,
    render: (u) => <ProtocolVersionPage user={u} />
  },
  {
    path: '/audit',
    title: 'Audit trail',
    roles: ROSTER,
    nav: { label: 'Audit', order: 80 },
    skipTo: ADMIN_SKIP,
    render: (u) => <AuditPage user={u} />
  },
  {
    path: '/account/security',
    title: 'My account',
    roles: ALL,
    nav: { label: 'Account', order: 90 },
    skipTo: { id: 'account-main', label: 'Skip to the main content' },
    render: (u) => <SecurityPage user={u} />
  }
]

/** A screen anyone may open without signing in (no top bar, no live stream): the server answers its data without a token. */
export interface PublicScreen {
  path: string
  title: string
  render: () => ReactNode
}

export const PUBLIC_SCREENS: readonly PublicScreen[] = [{ path: '/public', title: 'Public summary', render: () => <PublicDashboard /> }]

/** The public screen at an address, if it is one (signed in or not, it shows the same). */
export const publicScreenAt = (pathname: string): PublicScreen | null =>
  PUBLIC_SCREENS.find((s) => s.path === pathname.replace(/\/+$/, '')) ?? null

/** Where a role lands after signing in. */
export function homeOf (role: Role): string {
  if (role === 'responder') return '/field'
  if (role === 'planner') return '/plan'
  if (role === 'navigator') return '/follow-ups'
  if (role === 'facility') return '/facility'
  return '/console'
}

export const navFor = (role: Role): Screen[] =>
  SCREENS.filter((s) => s.nav && s.roles.includes(role)).sort((a, b) => a.nav!.order - b.nav!.order)

/** Addresses of the first app (#/reports, #/plan, #/console) still work: they move to their path. */
export function pathOfLegacyHash (hash: string): string | null {
  const m = /^#(\/(?:reports|plan|console|roster|import))$/.exec(hash)
  return m ? m[1] : null
}

export { DESK }
