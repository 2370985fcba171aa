// LA reference data loaders: known defects are rejected or flagged, areas are found by point-in-polygon.
import { describe, expect, it } from 'vitest'
import { loadAreas, loadFacilities, loadFireStations, loadTracts } from '../../../server/lib/la-data'

describe(loadFireStations.name, () => {
  it('rejects the Special Duty row that repeats station 1', () => {
    const r = loadFireStations()

    expect(r.rejected).toEqual([{ line: 2, reason: 'duplicate coordinates of station 001 (line 3)' }])
    expect(r.rows.some((s) => s.station === '001')).toBe(true)
    expect(r.rows).toHaveLength(106)
  })
})

describe(loadFacilities.name, () => {
  it('rejects the provider in Florida and the shelter without usable coordinates', () => {
    const r = loadFacilities()

    expect(r.rejected.map((x) => x.reason)).toEqual([
      'dmh: outside the LA County bounding box (30.314365, -81.75308)',
      'shelter: outside the LA County bounding box (27.19601, -138.152186)'
    ])
  })

  it('merges hospital rows at one point into one destination with every designation', () => {
    const cedars = loadFacilities().rows.filter((f) => f.name === 'Cedars-Sinai Medical Center')

    expect(cedars).toHaveLength(1)
    expect(cedars[0].tags).toContain('Trauma Center')
    expect(cedars[0].tags).toContain('911 Receiving')
  })
})

describe(loadAreas.name, () => {
  it('finds the council district and LAPD division of City Hall', () => {
    const cd = loadAreas('council_districts')
    const pd = loadAreas('lapd_divisions')

    expect(cd.names[cd.areaOf(34.0537, -118.2428)]).toBe('CD 14')
    expect(pd.names[pd.areaOf(34.0537, -118.2428)]).toBe('Central')
    expect(cd.areaOf(34.0195, -118.4912)).toBe(-1)
  })

  it('keeps every census tract inside the county box', () => {
    expect(loadTracts().rows).toHaveLength(2346)
  })
})
