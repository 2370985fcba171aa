// The EIDO data tables, ids, times and PIDF-LO: complete, in the registry, stable.
import { describe, expect, it } from 'vitest'
import { CATEGORIES, RESPONSES, TEAM_STATUSES } from '../../../server/domain/types'
import { DISPOSITION_CODES } from '../../../server/domain/lifecycle'
import { componentId, isoWithOffset } from '../../../server/modules/interop/eido.ids'
import {
  APCO_CODES_WE_USE,
  APCO_INCIDENT_TYPES,
  COMMON_DISPOSITION,
  INCIDENT_TYPE_BY_TRIAGE,
  PRIMARY_UNIT_STATUS,
  internalIncidentCode,
  isOwnInternalCode
} from '../../../server/modules/interop/eido.registry'
import { htmlToText, textToHtml } from '../../../server/modules/interop/eido.text'
import { pidfLoPoint, readGeoUri, readPidfLo } from '../../../server/modules/interop/pidf-lo'

const pairs = CATEGORIES.flatMap((c) => RESPONSES.map((r) => [c, r] as const))

describe('incident type mapping', () => {
  it.each(pairs)('maps %s × %s to an APCO common incident type', (category, response) => {
    const code = INCIDENT_TYPE_BY_TRIAGE[category][response]

    expect(APCO_INCIDENT_TYPES).toContain(code)
    expect(APCO_CODES_WE_USE[code]).toBeTypeOf('string')
  })

  it('has no more entries than there are pairs', () => {
    expect(Object.values(INCIDENT_TYPE_BY_TRIAGE).flatMap((byResponse) => Object.keys(byResponse))).toHaveLength(pairs.length)
  })

  it.each(pairs)('recognises its own internal code %s.%s', (category, response) => {
    expect(isOwnInternalCode(internalIncidentCode(category, response))).toBe(true)
  })

  it("does not take a sender's code for ours", () => {
    expect(
      ['5150', 'EDP', 'mental_health', '10-101', 'mental_health.care_team.x', 'police.mental_health'].map(isOwnInternalCode)
    ).toEqual([false, false, false, false, false, false])
  })

  it('maps every team status and every disposition', () => {
    expect(TEAM_STATUSES.every((s) => typeof PRIMARY_UNIT_STATUS[s] === 'string')).toBe(true)
    expect(DISPOSITION_CODES.every((d) => typeof COMMON_DISPOSITION[d] === 'string')).toBe(true)
  })
})

describe('EIDO ids and times', () => {
  it('derives a version 5 UUID that is stable and differs by name and by call', () => {
    const id = componentId('3f6c1a52-8e0b-4c7d-9a41-2b5e7d90c1aa', 'location:incident')

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(componentId('3f6c1a52-8e0b-4c7d-9a41-2b5e7d90c1aa', 'location:incident')).toBe(id)
    expect(componentId('3f6c1a52-8e0b-4c7d-9a41-2b5e7d90c1aa', 'callback')).not.toBe(id)
    expect(componentId('3f6c1a52-8e0b-4c7d-9a41-2b5e7d90c1ab', 'location:incident')).not.toBe(id)
  })

  it('writes the offset in force on the day, summer or winter', () => {
    expect(isoWithOffset('2026-07-04T19:30:05.007Z', 'America/Los_Angeles')).toBe('2026-07-04T12:30:05.007-07:00')
    expect(isoWithOffset('2026-01-04T19:30:05.007Z', 'America/Los_Angeles')).toBe('2026-01-04T11:30:05.007-08:00')
    expect(isoWithOffset('2026-01-04T19:30:05.007Z', 'Asia/Kolkata')).toBe('2026-01-05T01:00:05.007+05:30')
    expect(isoWithOffset('2026-01-04T23:59:59.999Z')).toBe('2026-01-04T23:59:59.999+00:00')
  })
})

describe('PIDF-LO and note text', () => {
  it('reads back the point it writes', () => {
    const xml = pidfLoPoint({
      lat: 34.04876,
      lon: -118.25194,
      at: '2026-03-01T10:15:00.000-08:00',
      entity: 'pres:a&b@example.gov',
      deviceId: 'd'
    })

    expect(readPidfLo(xml)).toEqual({ point: { lat: 34.04876, lon: -118.25194 }, civic: null })
  })

  it('ignores coordinates out of range', () => {
    expect(readPidfLo('<gml:pos>134 -18</gml:pos>').point).toBeNull()
    expect(readGeoUri('geo:91,10')).toBeNull()
  })

  it('reads a civic address with entities into one line', () => {
    const xml =
      '<civicAddress><HNO>1</HNO><RD>Smith &amp; Wesson</RD><STS>Ave</STS><A3>Salem</A3><A1>OR</A1><PC>97301</PC></civicAddress>'

    expect(readPidfLo(xml).civic).toBe('1 Smith & Wesson Ave, Salem, OR 97301')
  })

  it('turns plain text into HTML and back without loss', () => {
    const text = 'He said "leave me alone" & <walked off>.\nSecond line.\n\nNew paragraph.'

    expect(htmlToText(textToHtml(text))).toBe(text)
  })

  it('flattens HTML notes', () => {
    expect(htmlToText('<div><b>Caller</b> upset&nbsp;&#8212; crying</div><p>Second</p><!-- x -->')).toBe(
      'Caller upset — crying\nSecond'
    )
  })
})
