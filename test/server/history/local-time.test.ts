// Timestamps as CAD exports write them, read in a time zone: every format, zones, DST, and what is refused.
import { describe, expect, it } from 'vitest'
import { TimeZoneError, createTimeReader, formatLocal } from '../../../server/lib/local-time'

const iso = (tz: string, text: string): string | null => {
  const v = createTimeReader(tz).read(text)
  return v === null ? null : Number.isNaN(v) ? 'NaN' : new Date(v).toISOString()
}

describe(createTimeReader.name, () => {
  it.each([
    ['2023-01-01 00:00:05', '2023-01-01T08:00:05.000Z'],
    ['2023-01-01T00:00:05', '2023-01-01T08:00:05.000Z'],
    ['2023/01/01 00:00:05', '2023-01-01T08:00:05.000Z'],
    ['2023-01-01 00:00:05.250', '2023-01-01T08:00:05.250Z'],
    ['01/01/2023 12:05 AM', '2023-01-01T08:05:00.000Z'],
    ['1/1/2023 1:05:09 PM', '2023-01-01T21:05:09.000Z'],
    ['01/01/2023 13:05', '2023-01-01T21:05:00.000Z'],
    ['1/1/23 0:00', '2023-01-01T08:00:00.000Z'],
    ['01-JAN-23 10.15.00.000000 PM', '2023-01-02T06:15:00.000Z'],
    ['January 5, 2023 3:04 pm', '2023-01-05T23:04:00.000Z'],
    ['2023-01-01 0005', '2023-01-01T08:05:00.000Z'],
    ['20230101 000500', '2023-01-01T08:05:00.000Z'],
    ['2023-07-01 12:00', '2023-07-01T19:00:00.000Z'],
    ['2023-01-01', '2023-01-01T08:00:00.000Z']
  ])('reads %s in Los Angeles as %s', (text, want) => {
    expect(iso('America/Los_Angeles', text)).toBe(want)
  })

  it.each([
    ['2023-01-01T00:00:05Z', '2023-01-01T00:00:05.000Z'],
    ['2023-01-01T00:00:05.5-05:00', '2023-01-01T05:00:05.500Z'],
    ['2023-01-01 00:00:05 +0100', '2022-12-31T23:00:05.000Z'],
    ['2023-01-01 00:00:05 UTC', '2023-01-01T00:00:05.000Z'],
    ['1672531205', '2023-01-01T00:00:05.000Z'],
    ['1672531205000', '2023-01-01T00:00:05.000Z']
  ])("takes the zone or epoch written in %s over the import's zone", (text, want) => {
    expect(iso('Asia/Tokyo', text)).toBe(want)
  })

  it('reads the same wall time in other zones', () => {
    expect(iso('America/New_York', '2023-06-01 09:00')).toBe('2023-06-01T13:00:00.000Z')
    expect(iso('Europe/Berlin', '2023-06-01 09:00')).toBe('2023-06-01T07:00:00.000Z')
    expect(iso('UTC', '2023-06-01 09:00')).toBe('2023-06-01T09:00:00.000Z')
    expect(iso('Asia/Kolkata', '2023-06-01 09:00')).toBe('2023-06-01T03:30:00.000Z')
  })

  it('takes the first of a repeated fall-back hour and moves a skipped spring-forward time on', () => {
    expect(iso('America/Los_Angeles', '2023-11-05 01:30:00')).toBe('2023-11-05T08:30:00.000Z')
    expect(iso('America/Los_Angeles', '2023-11-05 02:30:00')).toBe('2023-11-05T10:30:00.000Z')
    expect(iso('America/Los_Angeles', '2023-03-12 02:30:00')).toBe('2023-03-12T10:30:00.000Z')
    expect(iso('America/Los_Angeles', '2023-03-12 03:30:00')).toBe('2023-03-12T10:30:00.000Z')
  })

  it.each(['garbage', '2023-02-30 00:00', '13/01/2023 00:00', '2023-01-01 25:00', '01/01/2023 13:00 PM', '1899-12-31 00:00'])(
    'refuses %s (NaN)',
    (text) => {
      expect(iso('America/Los_Angeles', text)).toBe('NaN')
    }
  )

  it('reads an empty value as missing', () => {
    expect(iso('America/Los_Angeles', '   ')).toBeNull()
  })

  it('names an unknown zone', () => {
    expect(() => createTimeReader('Mars/Olympus')).toThrow(TimeZoneError)
    expect(() => createTimeReader('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/)
  })
})

describe(formatLocal.name, () => {
  it("writes an instant as the zone's wall time", () => {
    expect(formatLocal(Date.parse('2024-01-16T07:58:07Z'), 'America/Los_Angeles')).toBe('2024-01-15 23:58:07')
  })
})
