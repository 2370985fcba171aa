// Every team beside the ranking, for an informed override: the ranked ones in ranking order with their
// reasons, then the rest (lacking a capability, busy, off shift) nearest first, each saying why it is not
// recommended. Pure: the dispatch service gives it the ranking and the roster.
import type { TeamOption } from '../../contracts/calls-actions'
import { TEAM_STATUS_LABELS } from '../../contracts/labels'
import { CAPABILITY_LABEL, lacksPreferred, type RankableTeam, type RankingResult } from '../../domain/ranking'
import { haversineMiles, travelMinutesXY, type TravelParams } from '../../domain/travel'
import { PREFERRED_CAPABILITIES, type Capability, type LatLon } from '../../domain/types'

export interface OptionTeam extends RankableTeam {
  kind: string
}

export interface OptionsInput {
  location: LatLon
  needs: readonly Capability[]
  ranking: RankingResult
  declinedBy: ReadonlySet<string>
  timedOutBy: ReadonlySet<string>
  travel: TravelParams
  staleAfterMs: number
  nowMs: number
}

const round1 = (x: number): number => Math.round(x * 10) / 10

export function teamOptions (teams: readonly OptionTeam[], input: OptionsInput): TeamOption[] {
  const rankOf = new Map(input.ranking.recommendations.map((r, i) => [r.teamId, { rank: i + 1, rec: r }]))
  const out: TeamOption[] = teams.map((t) => {
    const ranked = rankOf.get(t.id)
    const lacks = input.needs.filter((n) => !t.capabilities.includes(n))
    const needsOverride = lacks.some((n) => !PREFERRED_CAPABILITIES.includes(n))
    const failed = input.declinedBy.has(t.id) ? ('declined' as const) : input.timedOutBy.has(t.id) ? ('ack_timeout' as const) : null
    const eta = t.position
      ? travelMinutesXY(t.position.lat, t.position.lon, input.location.lat, input.location.lon, input.travel)
      : null
    const miles = t.position ? haversineMiles(t.position.lat, t.position.lon, input.location.lat, input.location.lon) : null
    const stale = t.positionAtMs === null || input.nowMs - t.positionAtMs > input.staleAfterMs
    const assignable = t.onShift && t.status === 'available'
    const base = {
      teamId: t.id,
      callSign: t.callSign,
      kind: t.kind,
      status: t.status,
      onShift: t.onShift,
      etaMinutes: ranked ? ranked.rec.etaMinutes : eta === null ? null : round1(eta),
      distanceMiles: miles === null ? null : round1(miles),
      stale,
      assignable,
      needsOverride,
      lacks: lacks.map((n) => CAPABILITY_LABEL[n]),
      failed
    }
    if (ranked) return { ...base, rank: ranked.rank, reasons: ranked.rec.reasons }
    const reasons: string[] = []
    if (!t.onShift || t.status === 'off_duty') reasons.push('off shift: start its shift in the roster first')
    else if (!assignable) reasons.push(`${TEAM_STATUS_LABELS[t.status].toLowerCase()}: not free to take a call`)
    if (needsOverride) {
      reasons.push(
        `lacks ${lacks
          .filter((n) => !PREFERRED_CAPABILITIES.includes(n))
          .map((n) => CAPABILITY_LABEL[n])
          .join(' + ')}: assigning it is an override`
      )
    } else if (lacksPreferred(t.capabilities, input.needs)) {
      reasons.push(`no ${lacks.map((n) => CAPABILITY_LABEL[n]).join(' + ')} capability`)
    }
    if (eta === null) reasons.push('no location or base: ETA unknown')
    else {
      reasons.push(
        `${round1(eta)} min estimated travel${t.positionAtMs === null ? ' from its base' : stale ? ' from a stale location' : ''}`
      )
    }
    if (failed === 'declined') reasons.push('declined this call')
    if (failed === 'ack_timeout') reasons.push('did not acknowledge this call in time')
    return { ...base, rank: null, reasons }
  })
  const order = (o: TeamOption): number => (o.rank !== null ? 0 : o.assignable ? 1 : o.onShift ? 2 : 3)
  return out.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.rank ?? 0) - (b.rank ?? 0) ||
      (a.etaMinutes ?? Infinity) - (b.etaMinutes ?? Infinity) ||
      a.callSign.localeCompare(b.callSign)
  )
}
