// Property: the simulator's allocation-free bestTeamIndex picks the live ranking's first choice (rankTeams),
// on random rosters and calls, so "the simulator does what the live system does" holds for team choice.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bestTeamIndex, rankTeams, type RankableTeam, type TeamTable } from '../../../server/domain/ranking'
import { DEFAULT_TRAVEL } from '../../../server/domain/travel'
import { CAPABILITIES, TEAM_STATUSES, type Capability } from '../../../server/domain/types'

// Positions on a coarse grid, so equal travel times (ties) come up often.
const coord = (lo: number, steps: number) => fc.integer({ min: 0, max: steps }).map((i) => lo + i * 0.01)
const teamArb = fc.record({
  status: fc.constantFrom(...TEAM_STATUSES),
  onShift: fc.boolean(),
  capabilities: fc.subarray([...CAPABILITIES]),
  lat: coord(33.95, 20),
  lon: coord(-118.4, 20)
})
const callArb = fc.record({
  lat: coord(33.95, 20),
  lon: coord(-118.4, 20),
  needs: fc.subarray<Capability>(['mental_health', 'substance_use', 'traffic_safety', 'medical_basic', 'naloxone', 'youth'], {
    maxLength: 3
  })
})

describe(bestTeamIndex.name, () => {
  it('picks the same team as the first of rankTeams, with the same travel time', () => {
    const bonusArb = fc.constantFrom(undefined, 0, 3, 15, Infinity)
    fc.assert(
      fc.property(fc.array(teamArb, { maxLength: 30 }), callArb, bonusArb, (teams, call, bonus) => {
        const nowMs = Date.UTC(2026, 10, 29)
        // Call signs sort in table order, as the simulator's do: rankTeams breaks exact ties by call sign.
        const rankable: RankableTeam[] = teams.map((t, i) => ({
          id: `t${i}`,
          callSign: `T-${String(i).padStart(3, '0')}`,
          status: t.status,
          onShift: t.onShift,
          capabilities: t.capabilities,
          languages: ['en'],
          position: { lat: t.lat, lon: t.lon },
          positionAtMs: nowMs
        }))
        const table: TeamTable = {
          count: teams.length,
          capabilities: teams.map((t) => t.capabilities),
          status: teams.map((t) => t.status),
          onShift: Uint8Array.from(teams.map((t) => (t.onShift ? 1 : 0))),
          lat: Float64Array.from(teams.map((t) => t.lat)),
          lon: Float64Array.from(teams.map((t) => t.lon))
        }

        const live = rankTeams({ location: { lat: call.lat, lon: call.lon }, needs: call.needs }, rankable, nowMs, {
          travel: DEFAULT_TRAVEL,
          preferredBonusMinutes: bonus
        })
        const out = { eta: NaN }
        const sim = bestTeamIndex(table, call.lat, call.lon, call.needs, out, DEFAULT_TRAVEL, bonus)

        if (live.recommendations.length === 0) {
          expect(sim).toBe(-1)
        } else {
          expect(sim).toBeGreaterThanOrEqual(0)
          expect(rankable[sim].id).toBe(live.recommendations[0].teamId)
          expect(Math.round(out.eta * 10) / 10).toBe(live.recommendations[0].etaMinutes)
        }
      }),
      { numRuns: 2000 }
    )
  })
})
