// Unit: the travel model, team ranking, queue order and lifecycle state machines (pure domain code).
import { describe, expect, it } from 'vitest'
import { DEFAULT_TRAVEL, haversineMiles, minutesForRoadMiles, travelMinutes } from '../../../server/domain/travel'
import { rankTeams, requiredCapabilities, type RankableTeam } from '../../../server/domain/ranking'
import { compareQueued, effectiveUrgency, isOverdue, orderQueue } from '../../../server/domain/queue'
import { CALL_TRANSITIONS, canCallMove, canTeamMove, nextFieldStatuses } from '../../../server/domain/lifecycle'
import { CALL_STATUSES } from '../../../server/domain/types'

describe('travel model', () => {
  it.each([
    [0, 0],
    [0.25, 2.1 * Math.sqrt(0.25)],
    [0.38, 2.1 * Math.sqrt(0.38)],
    [1, 0.65 + 1.7],
    [10, 0.65 + 17]
  ])('a road distance of %f mi takes the Kolesar time × speed factor', (miles, kolesar) => {
    expect(minutesForRoadMiles(miles)).toBeCloseTo(kolesar * DEFAULT_TRAVEL.speedFactor, 9)
  })

  it('measures downtown LA to Santa Monica as about 14 straight-line miles', () => {
    expect(haversineMiles(34.0522, -118.2437, 34.0195, -118.4912)).toBeCloseTo(14.2, 0)
  })

  it('applies circuity to the straight line', () => {
    const a = { lat: 34.05, lon: -118.25 }
    const b = { lat: 34.1, lon: -118.25 }
    const straight = haversineMiles(a.lat, a.lon, b.lat, b.lon)

    expect(travelMinutes(a, b)).toBeCloseTo(minutesForRoadMiles(straight * 1.3), 9)
    expect(travelMinutes(a, b, { ...DEFAULT_TRAVEL, circuity: 1 })).toBeLessThan(travelMinutes(a, b))
  })

  it('never decreases with distance', () => {
    let prev = -1
    for (let d = 0; d < 30; d += 0.01) {
      const t = minutesForRoadMiles(d)
      expect(t).toBeGreaterThanOrEqual(prev - 1e-9)
      prev = t
    }
  })
})

const NOW = Date.parse('2026-11-22T12:00:00Z')
const team = (over: Partial<RankableTeam>): RankableTeam => ({
  id: over.callSign ?? 'T',
  callSign: 'T',
  status: 'available',
  onShift: true,
  capabilities: ['mental_health', 'substance_use'],
  languages: ['en'],
  position: { lat: 34.05, lon: -118.25 },
  positionAtMs: NOW - 60_000,
  ...over
})

describe(rankTeams.name, () => {
  const call = { location: { lat: 34.05, lon: -118.25 }, needs: ['mental_health'] as const }

  it('ranks eligible teams by ETA and explains each', () => {
    const r = rankTeams(
      call,
      [
        team({ callSign: 'FAR', position: { lat: 34.2, lon: -118.25 } }),
        team({ callSign: 'NEAR', position: { lat: 34.06, lon: -118.25 } })
      ],
      NOW
    )

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['NEAR', 'FAR'])
    expect(r.recommendations[0].reasons[0]).toMatch(/min estimated travel/)
  })

  it.each([
    ['busy', { status: 'on_scene' as const }],
    ['off shift', { onShift: false }],
    ['lacking the capability', { capabilities: ['traffic_safety' as const] }]
  ])('leaves out a team that is %s', (_n, over) => {
    expect(rankTeams(call, [team(over)], NOW).recommendations).toEqual([])
  })

  it('names the shortfall when no capable team is on shift', () => {
    const r = rankTeams({ ...call, needs: ['traffic_safety'] }, [team({})], NOW)

    expect(r.shortfalls).toContain('no traffic-safety team on shift')
  })

  it('flags stale locations in the reasons and the shortfalls', () => {
    const r = rankTeams(call, [team({ positionAtMs: NOW - 30 * 60_000 })], NOW)

    expect(r.recommendations[0].stale).toBe(true)
    expect(r.shortfalls).toContain('1 team with stale location')
  })

  it("puts a team speaking the caller's language first when it is only a little farther", () => {
    const r = rankTeams(
      { ...call, language: 'es' },
      [
        team({ callSign: 'EN', position: { lat: 34.055, lon: -118.25 } }),
        team({ callSign: 'ES', languages: ['en', 'es'], position: { lat: 34.07, lon: -118.25 } })
      ],
      NOW
    )

    expect(r.recommendations[0].callSign).toBe('ES')
    expect(r.recommendations[0].reasons.join(' ')).toMatch(/speaks Spanish/)
  })

  it('derives needs from the triage category and response', () => {
    expect(requiredCapabilities('mental_health', 'care_team')).toEqual(['mental_health'])
    expect(requiredCapabilities('substance_use', 'care_team_with_ems')).toEqual(['substance_use', 'medical_basic'])
    expect(requiredCapabilities('traffic_safety', 'care_team')).toEqual(['traffic_safety'])
  })
})

describe('queue order', () => {
  it('serves priority 1 before an older priority 3', () => {
    const items = [
      { id: 'a', priority: 3 as const, waitingSinceMs: NOW - 10 * 60_000 },
      { id: 'b', priority: 1 as const, waitingSinceMs: NOW }
    ]

    expect(orderQueue(items, NOW).map((i) => i.id)).toEqual(['b', 'a'])
  })

  it('lets a long-waiting routine call overtake a fresh urgent one (aging)', () => {
    const old = { id: 'old', priority: 3 as const, waitingSinceMs: NOW - 50 * 60_000 }
    const fresh = { id: 'fresh', priority: 2 as const, waitingSinceMs: NOW }

    expect(compareQueued(old, fresh, NOW)).toBeLessThan(0)
    expect(effectiveUrgency(3, 40 * 60_000)).toBeCloseTo(1, 9)
  })

  it('is not plain FIFO within equal priority either way: older first', () => {
    const items = [
      { id: 'new', priority: 2 as const, waitingSinceMs: NOW - 1000 },
      { id: 'older', priority: 2 as const, waitingSinceMs: NOW - 5000 }
    ]

    expect(orderQueue(items, NOW)[0].id).toBe('older')
  })

  it.each([
    [1, 6, true],
    [1, 4, false],
    [3, 46, true],
    [3, 30, false]
  ] as const)('priority %i waiting %i min is overdue: %s', (p, min, overdue) => {
    expect(isOverdue(p, min * 60_000)).toBe(overdue)
  })
})

describe('state machines', () => {
  it('allows nothing out of closed or cancelled', () => {
    for (const to of CALL_STATUSES) {
      expect(canCallMove('closed', to)).toBe(false)
      expect(canCallMove('cancelled', to)).toBe(false)
    }
  })

  it('only lists statuses that exist', () => {
    for (const [from, tos] of Object.entries(CALL_TRANSITIONS)) {
      expect(CALL_STATUSES).toContain(from)
      for (const to of tos) expect(CALL_STATUSES).toContain(to)
    }
  })

  it('offers a responder the field statuses in order only', () => {
    expect(nextFieldStatuses('assigned')).toEqual(['acknowledged'])
    expect(nextFieldStatuses('on_scene')).toEqual(['transporting', 'closed'])
    expect(nextFieldStatuses('transporting')).toEqual(['at_facility'])
  })

  it('does not let a team jump from dispatched to on scene', () => {
    expect(canTeamMove('dispatched', 'on_scene')).toBe(false)
    expect(canTeamMove('dispatched', 'en_route')).toBe(true)
  })
})

describe('travel reference', () => {
  it('keeps ETAs in a plausible range across the city', () => {
    const t = travelMinutes({ lat: 34.05, lon: -118.25 }, { lat: 34.2, lon: -118.45 })
    expect(t).toBeGreaterThan(20)
    expect(t).toBeLessThan(60)
  })
})

describe('travel defaults', () => {
  it('is frozen so no caller can change the shared default', () => {
    expect(Object.isFrozen(DEFAULT_TRAVEL)).toBe(true)
  })
})
