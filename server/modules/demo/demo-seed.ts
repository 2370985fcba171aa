// Los Angeles demo: care teams of several kinds based at real LAFD stations, and one user per role.
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database'
import { json } from '../../db/sql-helpers'
import { KIND_CAPABILITIES, type TeamKind } from '../../domain/types'
import { DEFAULT_SCHOOL_DAY, schoolDayEnd } from '../../domain/school-day'
import type { Rota, WeeklyShift } from '../../domain/rota'
import { loadFireStations } from '../../lib/la-data'
import type { Role } from '../../contracts/users'
import type { Services } from '../../services'
import { inTransaction } from '../events/transaction'
import type { NewTeamRow } from '../teams/teams.service'
import { KIND_STAFF } from '../teams/teams.service'
import { demoFacilities } from './demo-facilities'

export const DEMO_PASSWORD = 'care-dispatch-demo'
export const DEMO_USERS: ReadonlyArray<{ email: string; role: Role; name: string }> = [
  { email: 'dispatcher@demo.care', role: 'dispatcher', name: 'Demo Dispatcher' },
  { email: 'responder@demo.care', role: 'responder', name: 'Demo Responder' },
  { email: 'supervisor@demo.care', role: 'supervisor', name: 'Demo Supervisor' },
  { email: 'planner@demo.care', role: 'planner', name: 'Demo Planner' },
  { email: 'admin@demo.care', role: 'admin', name: 'Demo Admin' },
  { email: 'navigator@demo.care', role: 'navigator', name: 'Demo Navigator' },
  // the staff of the first crisis stabilisation centre seeded (its capacity, from a phone)
  { email: 'facility@demo.care', role: 'facility', name: 'Demo Facility Staff' }
]

// Kind mix: mostly clinician + peer crisis teams, with EMT-staffed, outreach and traffic-safety teams.
const KIND_PLAN: TeamKind[] = [
  'crisis',
  'medic_crisis',
  'crisis',
  'outreach',
  'crisis',
  'traffic',
  'medic_crisis',
  'crisis',
  'crisis',
  'outreach',
  'medic_crisis',
  'crisis',
  'traffic',
  'crisis',
  'medic_crisis',
  'crisis',
  'outreach',
  'crisis',
  'traffic',
  'medic_crisis',
  'crisis',
  'outreach',
  'crisis',
  'traffic'
]
const PREFIX: Record<TeamKind, string> = {
  crisis: 'CRISIS',
  medic_crisis: 'MEDIC',
  outreach: 'OUTREACH',
  traffic: 'TRAFFIC',
  youth: 'YOUTH'
}
// Youth teams (a psychiatric social worker or school counsellor with a peer) work the school day:
// their bases are the stations halfway between three of the other teams', spread north to south.
const YOUTH_TEAMS = 3
// Languages most spoken at home in LA after English; about half the teams speak Spanish.
const EXTRA_LANGUAGES = [['es'], [], ['es', 'ko'], ['es'], ['hy'], ['es'], ['tl'], ['es', 'zh'], [], ['es', 'vi'], ['fa'], ['es']]

const day = (start: string, end: string): WeeklyShift[] => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }))
/** Three eight-hour shifts every day (a crew for each), so the team is on shift around the clock. */
export const ROUND_THE_CLOCK: Rota = {
  weekly: [...day('07:00', '15:00'), ...day('15:00', '23:00'), ...day('23:00', '07:00')],
  exceptions: []
}
/** The school day: weekdays 07:00–17:00 (DEFAULT_SCHOOL_DAY). */
export const YOUTH_ROTA: Rota = {
  weekly: DEFAULT_SCHOOL_DAY.days.map((weekday) => ({
    weekday,
    start: `${String(DEFAULT_SCHOOL_DAY.startHour).padStart(2, '0')}:00`,
    end: `${String(DEFAULT_SCHOOL_DAY.endHour).padStart(2, '0')}:00`
  })),
  exceptions: []
}

/**
 * Seeds the demo into an empty database. Youth teams are on shift only when the seed runs inside the
 * school day (weekdays 07:00–17:00 in `timeZone`), until its end; otherwise they start off duty.
 */
export async function seedDemo (
  db: Kysely<Database>,
  { auth, teams, bus, facilities }: Pick<Services, 'auth' | 'teams' | 'bus' | 'facilities'>,
  now = new Date(),
  timeZone = 'America/Los_Angeles'
): Promise<{ teams: number; users: number } | null> {
  if (!(await teams.isEmpty())) return null
  const stations = loadFireStations().rows.filter((s) => s.lat >= 33.7 && s.lat <= 34.35)
  // Spread the bases across the city: every k-th station in north-to-south order.
  stations.sort((a, b) => b.lat - a.lat || a.lon - b.lon)
  const step = Math.max(1, Math.floor(stations.length / KIND_PLAN.length))
  const counters: Record<TeamKind, number> = { crisis: 0, medic_crisis: 0, outreach: 0, traffic: 0, youth: 0 }
  const roster: NewTeamRow[] = []
  for (let i = 0; i < KIND_PLAN.length && i * step < stations.length; i++) {
    const kind = KIND_PLAN[i]
    const s = stations[i * step]
    counters[kind]++
    roster.push({
      call_sign: `${PREFIX[kind]}-${String(counters[kind]).padStart(2, '0')}`,
      kind,
      capabilities: json(KIND_CAPABILITIES[kind]),
      staff_slots: json(KIND_STAFF[kind]),
      languages: json(['en', ...EXTRA_LANGUAGES[i % EXTRA_LANGUAGES.length]]),
      base_name: `LAFD Station ${s.station} (${s.community})`,
      base_lat: s.lat,
      base_lon: s.lon,
      status: 'available',
      on_shift: true,
      shift_started_at: now,
      lat: s.lat,
      lon: s.lon,
      position_at: now,
      position_received_at: now
    })
  }
  const schoolEnds = schoolDayEnd(now.getTime(), timeZone, DEFAULT_SCHOOL_DAY)
  const youthStep = Math.max(1, Math.floor(KIND_PLAN.length / YOUTH_TEAMS))
  for (let k = 0; k < YOUTH_TEAMS; k++) {
    const s = stations[Math.min(stations.length - 1, (k * youthStep + Math.floor(youthStep / 2)) * step + Math.floor(step / 2))]
    if (s === undefined) break
    counters.youth++
    roster.push({
      call_sign: `${PREFIX.youth}-${String(counters.youth).padStart(2, '0')}`,
      kind: 'youth',
      capabilities: json(KIND_CAPABILITIES.youth),
      staff_slots: json(KIND_STAFF.youth),
      languages: json(['en', 'es']),
      base_name: `LAFD Station ${s.station} (${s.community})`,
      base_lat: s.lat,
      base_lon: s.lon,
      status: schoolEnds !== null ? 'available' : 'off_duty',
      on_shift: schoolEnds !== null,
      shift_started_at: schoolEnds !== null ? now : null,
      shift_ends_at: schoolEnds,
      lat: s.lat,
      lon: s.lon,
      position_at: now,
      position_received_at: now
    })
  }
  const { result: teamIds } = await inTransaction(db, bus, async (ctx) => {
    const ids = await teams.createMany(ctx, roster)
    ctx.emit({ type: 'demo.seeded', data: { teams: ids.length } })
    return ids
  })
  // Rotas: youth teams work school days, the others round the clock in three shifts a day. The scheduler
  // starts and ends shifts from them; a team seeded inside its shift is already on it.
  for (const [i, id] of teamIds.entries()) await teams.saveRota(id, roster[i].kind === 'youth' ? YOUTH_ROTA : ROUND_THE_CLOCK, null)
  // LA County's crisis care destinations, with capacity figures marked as the demo's
  await facilities.seed(demoFacilities())
  const staffOf = (await facilities.list({ kind: 'crisis_stabilisation', limit: 1 }))[0]?.id
  let users = 0
  for (const u of DEMO_USERS) {
    if (await auth.userExists(u.email)) continue
    if (u.role === 'facility' && staffOf === undefined) continue
    await auth.createUser({
      email: u.email,
      password: DEMO_PASSWORD,
      role: u.role,
      name: u.name,
      teamId: u.role === 'responder' ? teamIds[0] : undefined,
      facilityId: u.role === 'facility' ? staffOf : undefined
    })
    users++
  }
  return { teams: teamIds.length, users }
}
