// Unit: youth calls rank youth teams first, fall back to the nearest crisis team, and say why (issue 14);
// the ages read from a narrative; the school day in a city's zone.
import { describe, expect, it } from 'vitest'
import {
  bestTeamIndex,
  coversNeeds,
  rankTeams,
  requiredCapabilities,
  type RankableTeam,
  type TeamTable
} from '../../../server/domain/ranking'
import { agesInText } from '../../../server/domain/triage/ages'
import { inSchoolDay, schoolDayEnd } from '../../../server/domain/school-day'
import { KIND_CAPABILITIES } from '../../../server/domain/types'
import { triage } from '../../../server/domain/triage'
import { SHIPPED_PROTOCOL } from '../../../server/domain/triage/shipped'
import { compileProtocol, validateProtocol } from '../../../server/domain/triage/protocol-validate'

const NOW = Date.parse('2026-11-23T18:00:00Z')
const SCHOOL = { lat: 34.0407, lon: -118.2468 }
const team = (callSign: string, kind: 'crisis' | 'youth', lat: number, over: Partial<RankableTeam> = {}): RankableTeam => ({
  id: callSign,
  callSign,
  status: 'available',
  onShift: true,
  capabilities: KIND_CAPABILITIES[kind],
  languages: ['en'],
  position: { lat, lon: SCHOOL.lon },
  positionAtMs: NOW - 60_000,
  ...over
})
const youthCall = { location: SCHOOL, needs: requiredCapabilities('mental_health', 'care_team', { extra: ['youth'] }) }

describe('youth recommendations', () => {
  it('needs mental health and youth for a youth mental-health call', () => {
    expect(youthCall.needs).toEqual(['mental_health', 'youth'])
  })

  it('ranks a youth team first even when a crisis team is closer', () => {
    const r = rankTeams(youthCall, [team('CRISIS-01', 'crisis', 34.045), team('YOUTH-01', 'youth', 34.1)], NOW)

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['YOUTH-01', 'CRISIS-01'])
    expect(r.recommendations[0].reasons).toContain('youth team: ranked first for this call (as if 15 min closer)')
    expect(r.recommendations[1].reasons).toContain('no youth capability')
    expect(r.shortfalls).toEqual([])
  })

  it('ranks a much closer crisis team first, and says why the youth team is not', () => {
    const r = rankTeams(youthCall, [team('CRISIS-01', 'crisis', 34.045), team('YOUTH-FAR', 'youth', 34.4)], NOW)

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['CRISIS-01', 'YOUTH-FAR'])
    expect(r.shortfalls.join(' ')).toMatch(
      /^the nearest youth team \(YOUTH-FAR, [\d.]+ min\) is more than 15 min farther than CRISIS-01: the nearer team is ranked first$/
    )
  })

  it('puts youth teams first at any distance when the preference is unbounded', () => {
    const r = rankTeams(youthCall, [team('CRISIS-01', 'crisis', 34.045), team('YOUTH-FAR', 'youth', 34.4)], NOW, {
      preferredBonusMinutes: Infinity
    })

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['YOUTH-FAR', 'CRISIS-01'])
    expect(r.recommendations[0].reasons).toContain('youth team: ranked first for this call')
  })

  it('ranks youth teams among themselves by ETA', () => {
    const r = rankTeams(
      youthCall,
      [team('YOUTH-FAR', 'youth', 34.09), team('YOUTH-NEAR', 'youth', 34.06), team('CRISIS-01', 'crisis', 34.041)],
      NOW
    )

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['YOUTH-NEAR', 'YOUTH-FAR', 'CRISIS-01'])
  })

  it('says no youth team is on shift and recommends the nearest crisis team', () => {
    const r = rankTeams(
      youthCall,
      [team('CRISIS-01', 'crisis', 34.045), team('YOUTH-01', 'youth', 34.05, { onShift: false, status: 'off_duty' })],
      NOW
    )

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['CRISIS-01'])
    expect(r.shortfalls).toContain('no youth team on shift: the nearest mental-health team is recommended instead')
  })

  it('says when every youth team on shift is busy', () => {
    const r = rankTeams(youthCall, [team('CRISIS-01', 'crisis', 34.045), team('YOUTH-01', 'youth', 34.05, { status: 'on_scene' })], NOW)

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['CRISIS-01'])
    expect(r.shortfalls).toContain('the one youth team is busy: the nearest mental-health team is recommended instead')
  })

  it('without the youth need ranks by ETA alone, youth teams included, and says nothing of youth', () => {
    const adultCall = { location: SCHOOL, needs: requiredCapabilities('mental_health', 'care_team') }
    const r = rankTeams(adultCall, [team('YOUTH-01', 'youth', 34.1), team('CRISIS-01', 'crisis', 34.045)], NOW)

    expect(r.recommendations.map((x) => x.callSign)).toEqual(['CRISIS-01', 'YOUTH-01'])
    expect(r.shortfalls.join(' ')).not.toMatch(/youth/)
    expect(r.recommendations[0].reasons.join(' ')).not.toMatch(/youth/)
  })

  it('keeps youth preferred, not required: assignment checks pass for a crisis team', () => {
    expect(coversNeeds(KIND_CAPABILITIES.crisis, youthCall.needs)).toBe(true)
    expect(coversNeeds(KIND_CAPABILITIES.traffic, youthCall.needs)).toBe(false)
  })

  it("agrees with the simulator's bestTeamIndex on a youth call", () => {
    const teams = [team('CRISIS-01', 'crisis', 34.045), team('YOUTH-01', 'youth', 34.1)]
    const table: TeamTable = {
      count: 2,
      capabilities: teams.map((t) => t.capabilities),
      status: teams.map((t) => t.status),
      onShift: Uint8Array.from([1, 1]),
      lat: Float64Array.from(teams.map((t) => t.position!.lat)),
      lon: Float64Array.from(teams.map((t) => t.position!.lon))
    }
    const out = { eta: NaN }

    expect(bestTeamIndex(table, SCHOOL.lat, SCHOOL.lon, youthCall.needs, out)).toBe(1)
    expect(bestTeamIndex(table, SCHOOL.lat, SCHOOL.lon, ['mental_health'], out)).toBe(0)
  })
})

describe(agesInText.name, () => {
  it.each([
    ['my 14-year-old is out of control', 14],
    ['14 year old boy', 14],
    ['a 9 years old girl', 9],
    ['16yom hearing voices', 16],
    ['15 y/o female', 15],
    ['15 YOF', 15],
    ['boy age 13', 13],
    ['aged 12', 12],
    ['fifteen-year-old', 15],
    ['8 months old baby', 0]
  ])('reads "%s" as %i', (text, age) => {
    expect(agesInText(text).map((a) => a.age)).toEqual([age])
  })

  it.each(['depressed for 3 years', 'room 14', 'stage 4', 'average student', '5150 hold'])('finds no age in "%s"', (text) => {
    expect(agesInText(text)).toEqual([])
  })

  it('reads every age, in order', () => {
    expect(agesInText('45 year old mother says her 14 yo son').map((a) => a.age)).toEqual([45, 14])
  })
})

describe('school day', () => {
  const LA = 'America/Los_Angeles'

  it("is weekdays 07:00 to 17:00 in the city's zone", () => {
    expect(inSchoolDay(Date.parse('2026-11-23T15:00:00Z'), LA)).toBe(true) // Monday 07:00 PST
    expect(inSchoolDay(Date.parse('2026-11-23T14:59:00Z'), LA)).toBe(false) // Monday 06:59
    expect(inSchoolDay(Date.parse('2026-11-24T01:00:00Z'), LA)).toBe(false) // Monday 17:00
    expect(inSchoolDay(Date.parse('2026-11-28T18:00:00Z'), LA)).toBe(false) // Saturday 10:00
  })

  it('ends at 17:00 local, across daylight saving time', () => {
    expect(schoolDayEnd(Date.parse('2026-11-23T18:30:00Z'), LA)?.toISOString()).toBe('2026-11-24T01:00:00.000Z')
    expect(schoolDayEnd(Date.parse('2026-06-01T18:30:00Z'), LA)?.toISOString()).toBe('2026-06-02T00:00:00.000Z')
    expect(schoolDayEnd(Date.parse('2026-11-28T18:00:00Z'), LA)).toBeNull()
  })
})

describe('protocol youth section and need rules', () => {
  const doc = (): any => structuredClone(SHIPPED_PROTOCOL.document)
  const youthRule = (d: any): any => d.rules.find((r: any) => r.id === 'youth-care')

  it('accepts the shipped protocol', () => {
    expect(validateProtocol(doc())).toEqual([])
  })

  it('refuses a need rule that sets a response, naming the path', () => {
    const d = doc()
    youthRule(d).response = 'police'

    expect(validateProtocol(d)).toContain(
      `rules[${d.rules.indexOf(youthRule(d))}].response: a need rule fires only once a care team goes: it asks for a capability, never a ` +
      'response'
    )
  })

  it('refuses needs on a rule of another kind', () => {
    const d = doc()
    d.rules[0].needs = ['youth']

    expect(validateProtocol(d)).toContain('rules[0].needs: only a rule of kind "need" lists needs')
  })

  it('refuses an unknown signal in the youth section and a repeated hand-off step', () => {
    const d = doc()
    d.youth.placeSignals.school = 'nowhere'
    d.youth.handoff.push({ ...d.youth.handoff[0] })

    const problems = validateProtocol(d)
    expect(problems.some((p) => p.startsWith('youth.placeSignals.school: unknown signal "nowhere"'))).toBe(true)
    expect(
      problems.some((p) => p.startsWith(`youth.handoff[${d.youth.handoff.length - 1}].id: hand-off step id "guardian" is used twice`))
    ).toBe(true)
  })

  it('lets a city change the age of a young person in the data alone', () => {
    const d = doc()
    d.youth.maxAge = 20
    d.version = 'test-youth-20'
    const p = compileProtocol(d)

    expect(triage({ narrative: 'hearing voices', personAge: 19 }, p).needs).toEqual(['youth'])
    expect(triage({ narrative: 'hearing voices', personAge: 19 }).needs).toEqual([])
  })

  it('works without a youth section (an older protocol): no age read, no hand-off', () => {
    const d = doc()
    delete d.youth
    d.rules = d.rules.filter((r: any) => r.id !== 'youth-care')
    d.categories = d.categories.map((c: any) => ({
      ...c,
      when: JSON.parse(
        JSON.stringify(c.when).replace(
          /,?\{"all":\[\{"signal":\["minorAge","youthContext","schoolSetting"\]\},\{"signal":"youthConcern"\}\]\}/,
          ''
        )
      )
    }))
    for (const s of ['minorAge', 'adultAge']) delete d.signals[s]
    const p = compileProtocol(d)

    const r = triage({ narrative: 'student in crisis, crying', personAge: 14 }, p)
    expect(r.response).toBe('care_team')
    expect(r.needs).toEqual([])
    expect(r.handoff).toEqual([])
  })
})
