// Team eligibility and ranking for a call: who can go, how soon they can arrive, and what is missing.
// Pure: the live server and the simulator call the same functions.
import { DEFAULT_TRAVEL, travelMinutesXY, type TravelParams } from './travel'
import { PREFERRED_CAPABILITIES, type Capability, type Category, type LatLon, type ResponseType, type TeamStatus } from './types'

export interface RankableTeam {
  id: string
  callSign: string
  status: TeamStatus
  onShift: boolean
  capabilities: readonly Capability[]
  languages: readonly string[]
  /** Last known position, or the home base when no position was ever reported. */
  position: LatLon | null
  /** Epoch ms of the position fix; null when the position is only the home base. */
  positionAtMs: number | null
}

export interface RankableCall {
  location: LatLon
  needs: readonly Capability[]
  /** Caller's preferred language (ISO 639-1, e.g. "es"), if known. */
  language?: string | null
  /** Teams that declined this call: still listed, but after every team that has not. */
  declinedBy?: ReadonlySet<string>
  /** Teams that let an assignment of this call time out: listed after every team that has not failed it, like a declined one. */
  timedOutBy?: ReadonlySet<string>
}

export interface RankingOptions {
  travel?: TravelParams
  /** A position older than this is flagged stale. */
  staleAfterMs?: number
  /** Minutes of ETA a shared language is worth when ranking (0 ranks by ETA alone). */
  languageBonusMinutes?: number
  /**
   * Minutes of ETA a preferred capability (youth) is worth: a youth team is ranked first unless a team
   * without it is more than this much closer (Infinity: always first; 0: by ETA alone).
   */
  preferredBonusMinutes?: number
}

export interface Recommendation {
  teamId: string
  callSign: string
  etaMinutes: number
  /** Whether the team's position is stale (the ETA is less certain). */
  stale: boolean
  speaksLanguage: boolean
  reasons: string[]
}

export interface RankingResult {
  recommendations: Recommendation[]
  shortfalls: string[]
}

export const DEFAULT_STALE_AFTER_MS = 5 * 60_000
export const DEFAULT_LANGUAGE_BONUS_MINUTES = 5
/**
 * A youth team goes first unless another team is more than 15 minutes closer: a student in crisis
 * waits a little longer for a counsellor, not a long time (the la-youth scenarios show the trade-off).
 */
export const DEFAULT_PREFERRED_BONUS_MINUTES = 15

export const CAPABILITY_LABEL: Readonly<Record<Capability, string>> = {
  mental_health: 'mental-health',
  substance_use: 'substance-use',
  traffic_safety: 'traffic-safety',
  medical_basic: 'EMT',
  naloxone: 'naloxone-carrying',
  transport: 'transport-capable',
  youth: 'youth'
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  es: 'Spanish',
  ko: 'Korean',
  zh: 'Chinese',
  tl: 'Tagalog',
  hy: 'Armenian',
  vi: 'Vietnamese',
  fa: 'Persian',
  ru: 'Russian',
  ja: 'Japanese',
  km: 'Khmer',
  ar: 'Arabic',
  asl: 'American Sign Language'
}
export const languageName = (code: string): string => LANGUAGE_NAMES[code.toLowerCase()] ?? code

/**
 * Capabilities a call needs, from its triage: the category's and the response's, plus those the
 * protocol's need rules asked for (`extra`, e.g. youth).
 */
export function requiredCapabilities (
  category: Category,
  response: ResponseType,
  opts: { overdose?: boolean; extra?: readonly Capability[] } = {}
): Capability[] {
  const needs: Capability[] = []
  if (category === 'mental_health') needs.push('mental_health')
  else if (category === 'substance_use') needs.push('substance_use')
  else if (category === 'traffic_safety') needs.push('traffic_safety')
  if (response === 'care_team_with_ems') needs.push('medical_basic')
  if (opts.overdose === true) needs.push('naloxone')
  for (const n of opts.extra ?? []) if (!needs.includes(n)) needs.push(n)
  return needs
}

const isPreferred = (c: Capability): boolean => PREFERRED_CAPABILITIES.includes(c)

/**
 * Whether the team has every *required* capability in `needs` (allocation-free). Preferred ones
 * (youth) do not make a team ineligible: they rank it (see lacksPreferred).
 */
export function coversNeeds (caps: readonly Capability[], needs: readonly Capability[]): boolean {
  for (let i = 0; i < needs.length; i++) if (!isPreferred(needs[i]) && !caps.includes(needs[i])) return false
  return true
}

/** Whether the team lacks a preferred capability in `needs` (allocation-free): such teams rank after those that have it. */
export function lacksPreferred (caps: readonly Capability[], needs: readonly Capability[]): boolean {
  for (let i = 0; i < needs.length; i++) if (isPreferred(needs[i]) && !caps.includes(needs[i])) return true
  return false
}

/** Whether the team can take a new call right now. */
export function isDispatchable (status: TeamStatus, onShift: boolean): boolean {
  return onShift && status === 'available'
}

/** Rank score: ETA, less a bonus for a shared language. Lower is better. */
export function rankScore (etaMinutes: number, speaksLanguage: boolean, languageBonusMinutes = DEFAULT_LANGUAGE_BONUS_MINUTES): number {
  return speaksLanguage ? etaMinutes - languageBonusMinutes : etaMinutes
}

export function rankTeams (call: RankableCall, teams: readonly RankableTeam[], nowMs: number, opts: RankingOptions = {}): RankingResult {
  const travel = opts.travel ?? DEFAULT_TRAVEL
  const staleAfter = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS
  const bonus = opts.languageBonusMinutes ?? DEFAULT_LANGUAGE_BONUS_MINUTES
  const prefBonus = opts.preferredBonusMinutes ?? DEFAULT_PREFERRED_BONUS_MINUTES
  const lang = call.language ? call.language.toLowerCase() : null
  const needLabel =
    call.needs
      .filter((n) => !isPreferred(n))
      .map((n) => CAPABILITY_LABEL[n])
      .join(' + ') || 'care'
  const preferred = call.needs.filter(isPreferred)
  const preferredLabel = preferred.map((n) => CAPABILITY_LABEL[n]).join(' + ')

  const scored: Array<Recommendation & { score: number; failed: boolean; lacks: boolean }> = []
  let preferredOnShift = 0
  let preferredFree = 0
  let capableOnShift = 0
  let capableBusy = 0
  let capableOut = 0
  let noPosition = 0
  let staleCount = 0
  let declinedCount = 0
  let timedOutCount = 0

  for (const t of teams) {
    if (!coversNeeds(t.capabilities, call.needs)) continue
    if (!t.onShift || t.status === 'off_duty') continue
    capableOnShift++
    const lacks = lacksPreferred(t.capabilities, call.needs)
    if (preferred.length > 0 && !lacks) preferredOnShift++
    // out of service (a break, a fault) is never recommended, and is said apart from busy on a call
    if (!isDispatchable(t.status, t.onShift)) {
      if (t.status === 'out_of_service') capableOut++
      else capableBusy++
      continue
    }
    if (preferred.length > 0 && !lacks && t.position) preferredFree++
    if (!t.position) {
      noPosition++
      continue
    }
    const eta = travelMinutesXY(t.position.lat, t.position.lon, call.location.lat, call.location.lon, travel)
    const stale = t.positionAtMs === null || nowMs - t.positionAtMs > staleAfter
    if (stale) staleCount++
    const speaks = lang !== null && t.languages.some((l) => l.toLowerCase() === lang)
    const reasons = [`${Math.round(eta * 10) / 10} min estimated travel`]
    reasons.push(`has ${needLabel} capability`)
    if (preferred.length > 0) {
      reasons.push(
        lacks
          ? `no ${preferredLabel} capability`
          : `${preferredLabel} team: ranked first for this call${Number.isFinite(prefBonus) ? ` (as if ${prefBonus} min closer)` : ''}`
      )
    }
    if (stale) {
      reasons.push(
        t.positionAtMs === null
          ? 'no location reported: ETA from home base'
          : `location is ${Math.round((nowMs - t.positionAtMs) / 60_000)} min old: ETA uncertain`
      )
    }
    const declined = call.declinedBy?.has(t.id) === true
    const timedOut = call.timedOutBy?.has(t.id) === true
    if (declined) {
      declinedCount++
      reasons.push('declined this call: ranked after every team that has not')
    }
    if (timedOut) {
      timedOutCount++
      reasons.push('did not acknowledge this call in time: ranked after every team that has not failed it')
    }
    scored.push({
      teamId: t.id,
      callSign: t.callSign,
      etaMinutes: round1(eta),
      stale,
      speaksLanguage: speaks,
      reasons,
      score: rankScore(eta, speaks, bonus) - (preferred.length > 0 && !lacks ? prefBonus : 0),
      failed: declined || timedOut,
      lacks
    })
  }

  scored.sort(
    (x, y) =>
      Number(x.failed) - Number(y.failed) ||
      cmpScore(x.score, y.score) ||
      x.etaMinutes - y.etaMinutes ||
      x.callSign.localeCompare(y.callSign)
  )

  // A shared language is worth a note only where it changed the order: a speaker ranked ahead of teams that
  // would otherwise have come first. When every team speaks it (English in Los Angeles), it changes nothing.
  if (lang !== null) {
    for (const [i, s] of scored.entries()) {
      if (!s.speaksLanguage) continue
      const passed = scored
        .slice(i + 1)
        .filter((n) => !n.speaksLanguage && n.failed === s.failed && cmpScore(n.score, s.score + bonus) < 0)
      if (passed.length === 0) continue
      const names =
        passed
          .slice(0, 3)
          .map((n) => `${n.callSign} (${n.etaMinutes} min)`)
          .join(', ') + (passed.length > 3 ? ` and ${passed.length - 3} more` : '')
      s.reasons.push(`speaks ${languageName(lang)}, the caller's language: ranked ahead of ${names} (as if ${bonus} min closer)`)
    }
  }

  const shortfalls: string[] = []
  if (preferred.length > 0) {
    const fallback = scored.length > 0 ? `: the nearest ${needLabel} team is recommended instead` : ''
    if (preferredOnShift === 0) shortfalls.push(`no ${preferredLabel} team on shift${fallback}`)
    else if (preferredFree === 0) {
      shortfalls.push(
        `${preferredOnShift === 1 ? 'the one' : `all ${preferredOnShift}`} ${preferredLabel} team${preferredOnShift === 1
? ' is'
: 's ' +
          'are'} busy${fallback}`
      )
    } else if (scored.length > 0 && scored[0].lacks) {
      const y = scored.find((x) => !x.lacks && !x.failed)
      if (y !== undefined) {
        shortfalls.push(
          `the nearest ${preferredLabel} team (${y.callSign}, ${y.etaMinutes} min) is more than ${prefBonus} min farther ` +
          `than ${scored[0].callSign}: the nearer team is ranked first`
        )
      }
    }
  }
  if (capableOnShift === 0) shortfalls.push(`no ${needLabel} team on shift`)
  else if (scored.length === 0 && capableOut === 0) {
    shortfalls.push(`all ${capableOnShift} ${needLabel} team${capableOnShift === 1 ? ' is' : 's are'} busy`)
  } else if (scored.length === 0) {
    shortfalls.push(
      `no ${needLabel} team free: ${[capableBusy > 0 ? `${capableBusy} busy` : '', `${capableOut} out of ` +
        'service'].filter(Boolean).join(', ')}`
    )
  } else {
    if (capableBusy > 0) shortfalls.push(`${capableBusy} ${needLabel} team${capableBusy === 1 ? '' : 's'} busy`)
    if (capableOut > 0) shortfalls.push(`${capableOut} ${needLabel} team${capableOut === 1 ? '' : 's'} out of service`)
  }
  if (staleCount > 0) shortfalls.push(`${staleCount} team${staleCount === 1 ? '' : 's'} with stale location`)
  if (noPosition > 0) shortfalls.push(`${noPosition} available team${noPosition === 1 ? '' : 's'} with no location or base`)
  if (lang !== null && scored.length > 0 && !scored.some((s) => s.speaksLanguage)) {
    shortfalls.push(`no available team speaks ${languageName(lang)}`)
  }
  if (declinedCount > 0) shortfalls.push(`${declinedCount} team${declinedCount === 1 ? '' : 's'} declined this call`)
  if (timedOutCount > 0) shortfalls.push(`${timedOutCount} team${timedOutCount === 1 ? '' : 's'} did not acknowledge this call in time`)

  return { recommendations: scored.map(({ score, failed, lacks, ...r }) => r), shortfalls }
}

// scores may be -Infinity (an unbounded preference): equal infinities tie, and fall to ETA
function cmpScore (a: number, b: number): number {
  return a === b ? 0 : a - b
}

function round1 (x: number): number {
  return Math.round(x * 10) / 10
}

/** A flat team table for hot loops (the simulator): parallel arrays, one entry per team. */
export interface TeamTable {
  count: number
  capabilities: ReadonlyArray<readonly Capability[]>
  status: readonly TeamStatus[]
  onShift: ArrayLike<number>
  lat: ArrayLike<number>
  lon: ArrayLike<number>
}

/**
 * Allocation-free form of rankTeams for one call without a language preference: the index of the
 * best-ranked team (same eligibility, preferred-capability bonus, travel model and rankScore), or
 * -1. `out.eta` gets its travel minutes. Ties go to the lower index, which matches rankTeams when call
 * signs sort in table order.
 */
export function bestTeamIndex (
  teams: TeamTable,
  lat: number,
  lon: number,
  needs: readonly Capability[],
  out: { eta: number },
  travel: TravelParams = DEFAULT_TRAVEL,
  preferredBonus = DEFAULT_PREFERRED_BONUS_MINUTES
): number {
  let prefers = false
  for (let i = 0; i < needs.length; i++) if (isPreferred(needs[i])) prefers = true
  let best = -1
  let bestScore = Infinity
  let bestEta = Infinity
  for (let i = 0; i < teams.count; i++) {
    if (!isDispatchable(teams.status[i], teams.onShift[i] === 1)) continue
    if (!coversNeeds(teams.capabilities[i], needs)) continue
    const eta = travelMinutesXY(teams.lat[i], teams.lon[i], lat, lon, travel)
    const score = rankScore(eta, false) - (prefers && !lacksPreferred(teams.capabilities[i], needs) ? preferredBonus : 0)
    if (best < 0 || score < bestScore || (score === bestScore && eta < bestEta)) {
      best = i
      bestScore = score
      bestEta = eta
    }
  }
  out.eta = bestEta
  return best
}
