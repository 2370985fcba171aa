// Unit: what the desk needs of the ranking (issue 19): a team that let an assignment time out ranked after every
// team that has not failed the call, language notes only where the language changed the order, and every team
// beside the ranking with why it is or is not recommended.
import { describe, expect, it } from 'vitest'
import { rankTeams, type RankableTeam } from '../../../server/domain/ranking'
import { DEFAULT_TRAVEL } from '../../../server/domain/travel'
import type { Capability } from '../../../server/domain/types'
import { teamOptions, type OptionTeam } from '../../../server/modules/dispatch/team-options'

const NOW = Date.parse('2026-12-06T02:00:00Z')
const AT = { lat: 34.05, lon: -118.25 }
const team = (callSign: string, north: number, over: Partial<RankableTeam> = {}): RankableTeam => ({
  id: callSign,
  callSign,
  status: 'available',
  onShift: true,
  capabilities: ['mental_health', 'substance_use'],
  languages: ['en'],
  position: { lat: AT.lat + north, lon: AT.lon },
  positionAtMs: NOW - 60_000,
  ...over
})
const needs: Capability[] = ['mental_health']
const reasons = (r: ReturnType<typeof rankTeams>, callSign: string): string[] =>
  r.recommendations.find((x) => x.callSign === callSign)!.reasons

describe('rankTeams and failed teams', () => {
  it('ranks a team that let its assignment time out after every team that has not failed the call, with the reason', () => {
    const r = rankTeams({ location: AT, needs, timedOutBy: new Set(['NEAR']) }, [team('NEAR', 0.001), team('FAR', 0.1)], NOW)

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['FAR', 'NEAR'])
    expect(reasons(r, 'NEAR')).toContain('did not acknowledge this call in time: ranked after every team that has not failed it')
    expect(r.shortfalls).toContain('1 team did not acknowledge this call in time')
  })

  it('keeps declined and timed-out teams together, after the others, in ETA order among themselves', () => {
    const r = rankTeams(
      { location: AT, needs, declinedBy: new Set(['A']), timedOutBy: new Set(['B']) },
      [team('A', 0.001), team('B', 0.002), team('C', 0.2)],
      NOW
    )

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['C', 'A', 'B'])
    expect(r.shortfalls).toEqual(expect.arrayContaining(['1 team declined this call', '1 team did not acknowledge this call in time']))
  })
})

describe("rankTeams and the caller's language", () => {
  it('says nothing of a language every team speaks', () => {
    const r = rankTeams({ location: AT, needs, language: 'en' }, [team('A', 0.001), team('B', 0.05), team('C', 0.1)], NOW)

    expect(r.recommendations.flatMap((x) => x.reasons).filter((x) => /English|language/.test(x))).toEqual([])
  })

  it('says nothing when the speaker would have been first anyway', () => {
    const r = rankTeams(
      { location: AT, needs, language: 'es' },
      [team('ES', 0.001, { languages: ['en', 'es'] }), team('EN', 0.05)],
      NOW
    )

    expect(r.recommendations[0].callSign).toBe('ES')
    expect(r.recommendations.flatMap((x) => x.reasons).filter((x) => /Spanish/.test(x))).toEqual([])
    expect(r.recommendations[0].speaksLanguage).toBe(true)
  })

  it('names the teams a speaker was ranked ahead of, once', () => {
    const r = rankTeams({ location: AT, needs, language: 'es' }, [team('EN', 0.001), team('ES', 0.02, { languages: ['es'] })], NOW)

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['ES', 'EN'])
    const notes = reasons(r, 'ES').filter((x) => /Spanish/.test(x))
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/^speaks Spanish, the caller's language: ranked ahead of EN \([\d.]+ min\) \(as if 5 min closer\)$/)
    expect(reasons(r, 'EN').join(' ')).not.toMatch(/Spanish/)
  })
})

describe(teamOptions.name, () => {
  const roster: OptionTeam[] = [
    { ...team('RANKED', 0.001), kind: 'crisis' },
    { ...team('TRAFFIC', 0.002, { capabilities: ['traffic_safety'] }), kind: 'traffic' },
    { ...team('BUSY', 0.001, { status: 'on_scene' }), kind: 'crisis' },
    { ...team('OFF', 0.001, { status: 'off_duty', onShift: false, positionAtMs: null }), kind: 'crisis' },
    { ...team('NOWHERE', 0, { position: null, positionAtMs: null }), kind: 'crisis' }
  ]
  const options = () => {
    const ranking = rankTeams({ location: AT, needs }, roster, NOW)
    return teamOptions(roster, {
      location: AT,
      needs,
      ranking,
      declinedBy: new Set(),
      timedOutBy: new Set(),
      travel: DEFAULT_TRAVEL,
      staleAfterMs: 300_000,
      nowMs: NOW
    })
  }

  it('lists every team: the ranked first, then the free ones needing an override, the busy, the off shift', () => {
    expect(options().map((o) => o.callSign)).toEqual(['RANKED', 'TRAFFIC', 'NOWHERE', 'BUSY', 'OFF'])
  })

  it('says why each is not recommended', () => {
    const by = Object.fromEntries(options().map((o) => [o.callSign, o]))

    expect(by.RANKED).toMatchObject({ rank: 1, assignable: true, needsOverride: false })
    expect(by.TRAFFIC).toMatchObject({ rank: null, assignable: true, needsOverride: true, lacks: ['mental-health'] })
    expect(by.TRAFFIC.reasons[0]).toBe('lacks mental-health: assigning it is an override')
    expect(by.BUSY.reasons[0]).toBe('on scene: not free to take a call')
    expect(by.OFF.reasons[0]).toBe('off shift: start its shift in the roster first')
    expect(by.OFF.reasons.at(-1)).toMatch(/min estimated travel from its base$/)
    expect(by.NOWHERE).toMatchObject({ etaMinutes: null, distanceMiles: null })
    expect(by.NOWHERE.reasons).toContain('no location or base: ETA unknown')
  })
})
