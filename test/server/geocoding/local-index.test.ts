// The in-process index on a small made-up city: corners (listed, and derived where centrelines meet),
// address points, address ranges with side and parity, places, the city boundary and reverse lookups.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { distanceMeters, interpolate } from '../../../server/modules/geocoding/geo-math'
import { LocalIndexBuilder, type CityInfo } from '../../../server/modules/geocoding/index-builder'
import type { LocalIndex } from '../../../server/modules/geocoding/local-index'
import { buildLocalIndex } from '../../../server/modules/geocoding/local-sources'

// A grid town at the origin of its own little world: the city is west of lon 0.01; east of it is "Eastville".
const CITY: CityInfo = {
  name: 'Gridtown',
  state: 'ca',
  center: { lat: 0.005, lon: 0.005 },
  contains: (_lat, lon) => lon < 0.01,
  areasAt: (_lat, lon) => ({ wards: lon < 0.01 ? 'Ward 1' : null })
}
const D = 0.001 // about 111 m

function town (): LocalIndexBuilder {
  const b = new LocalIndexBuilder(CITY)
  // Listed corners: Main crosses 1st..5th; a second "Main & 5th" in Eastville.
  for (let i = 1; i <= 5; i++) b.addCorner('Main St', `${['', '1st', '2nd', '3rd', '4th', '5th'][i]} St`, i * D, 0.002)
  b.addCorner('Main', '5th', 5 * D, 0.02)
  b.addCorner('Martin Luther King Jr Blvd', 'Main', 8 * D, 0.002)
  // Oak the street, and Oak Fwy whose ramp meets Main nearer the centre.
  b.addCorner('Oak', 'Main', 9 * D, 0.002)
  b.addCorner('Oak Fwy', 'Main', 4.5 * D, 0.0021)
  b.addPlace({ name: 'Gridtown General Hospital', kind: 'hospital', address: '300 Main St', city: 'Gridtown', lat: 3 * D, lon: 0.0025 })
  b.addPlace({ name: 'Eastville Shelter', kind: 'shelter', address: '10 Elm St', city: 'Eastville', lat: 5 * D, lon: 0.021 })
  b.addAddressPoint('120', 'N Oak St', 1.2 * D, 0.004)
  b.addAddressPoint('120', 'S Oak St', -1.2 * D, 0.004)
  // Elm Ave runs east from (lat 0.006, lon 0.003) to lon 0.005: left side odd 101-199, right side even 100-198.
  b.addSegment(
    'Elm Ave',
    [
      [0.003, 6 * D],
      [0.005, 6 * D]
    ],
    { lFrom: 101, lTo: 199, rFrom: 100, rTo: 198, lParity: 'O', rParity: 'E' }
  )
  // Pine Rd meets Elm Ave at Elm's east end: a derived corner.
  b.addSegment(
    'Pine Rd',
    [
      [0.005, 6 * D],
      [0.005, 7 * D]
    ],
    { lFrom: null, lTo: null, rFrom: null, rTo: null }
  )
  b.addArea({ name: 'Ward 1', setLabel: 'Wards', lat: 0.005, lon: 0.005 })
  return b
}

describe('LocalIndex', () => {
  let idx: LocalIndex
  beforeAll(() => {
    idx = town().finish()
  })

  it("finds a corner however it is typed, the city's first and the other city's after, with its name", () => {
    for (const q of ['main and 5th', '5TH ST & MAIN ST', 'fifth / main', 'Main @ 5', 'w 5th st at n main st', 'mian & 5th']) {
      const c = idx.search(q, { partial: false })

      expect(
        c.map((x) => [x.label, x.inCity]),
        q
      ).toEqual([
        [expect.stringMatching(/^(Main( St)? & 5th( St)?|5th( St)? & Main( St)?)$/), true],
        [expect.stringMatching(/, Eastville$/), false]
      ])
    }
  })

  it('puts the nearer corner first among equals when both are outside or both inside', () => {
    const c = idx.search('main and 5th', { near: { lat: 5 * D, lon: 0.02 }, partial: false })

    // The city boundary comes before distance: Gridtown's corner first even from Eastville.
    expect(c[0].inCity).toBe(true)
    expect(c[1].distanceMeters).toBe(0)
  })

  it('takes a name typed alone for the street, not the freeway of the same name', () => {
    expect(idx.search('oak and main', { partial: false }).map((c) => c.label)).toEqual(['Oak & Main', 'Oak Fwy & Main'])
    expect(idx.search('oak fwy and main', { partial: false })[0].label).toBe('Oak Fwy & Main')
  })

  it('reads MLK as Martin Luther King Jr', () => {
    expect(idx.search('MLK & Main', { partial: false })[0]).toMatchObject({ kind: 'intersection', score: expect.any(Number) })
    expect(idx.search('MLK & Main', { partial: false })[0].label).toMatch(/Martin Luther King Jr Blvd & Main/)
  })

  it('places an address point exactly, with its direction', () => {
    const n = idx.search('120 N Oak St', { partial: false })
    const s = idx.search('120 south oak street', { partial: false })

    expect(n[0]).toMatchObject({ kind: 'address', precision: 'point', label: '120 N Oak St' })
    expect(n[0].lat).toBeCloseTo(1.2 * D)
    expect(s[0].lat).toBeCloseTo(-1.2 * D)
  })

  it("interpolates along a range on the side of the number's parity", () => {
    const odd = idx.search('151 Elm Ave', { partial: false })[0]
    const even = idx.search('150 Elm Ave', { partial: false })[0]

    expect(odd).toMatchObject({ kind: 'address', precision: 'interpolated' })
    // Half way along, 8 m to the left (north) for odd numbers, to the right (south) for even ones.
    expect(odd.lon).toBeCloseTo(0.004, 4)
    expect(distanceMeters(odd.lat, odd.lon, 6 * D, 0.004)).toBeCloseTo(8, 0)
    expect(odd.lat).toBeGreaterThan(6 * D)
    expect(even.lat).toBeLessThan(6 * D)
  })

  it("says so when a house number cannot be placed: the street's corners, marked, never a confident point", () => {
    const c = idx.search('1234 5th St', { partial: false })

    expect(c.length).toBeGreaterThan(0)
    for (const x of c) {
      expect(x.precision).toBe('street')
      expect(x.score).toBeLessThanOrEqual(0.5)
      expect(x.note).toMatch(/house number 1234 not placed/)
    }
    expect(idx.search('999 Elm Ave', { partial: false })[0].note).toMatch(/house number 999 not found on Elm Ave/)
  })

  it('derives a corner where two centrelines meet', () => {
    expect(idx.search('elm and pine', { partial: false })[0]).toMatchObject({ kind: 'intersection', lat: 6 * D, lon: 0.005 })
  })

  it('finds a place by a few words of its name, and its address', () => {
    expect(idx.search('gridtown gen', { partial: true })[0]).toMatchObject({
      kind: 'place',
      label: 'Gridtown General Hospital, 300 Main St'
    })
    expect(idx.search('300 Main St', { partial: false })[0]).toMatchObject({
      kind: 'address',
      precision: 'point',
      label: '300 Main St (Gridtown General Hospital)'
    })
  })

  it('suggests as the dispatcher types: a street and its corners, then the numbered streets a digit begins', () => {
    expect(idx.search('main and', { partial: true }).every((c) => c.kind === 'intersection' && c.score <= 0.6)).toBe(true)
    expect(idx.search('main and 5', { partial: true })[0].streets).toEqual(['Main St', '5th St'])
  })

  it('answers nothing for another state', () => {
    expect(idx.search('Main & 5th, Wilmington, DE', { partial: false })).toEqual([])
  })

  it('names the nearest corner, place and area of a point, with distances', () => {
    const r = idx.reverse(3 * D + 0.0002, 0.002)

    expect(r.corner).toMatchObject({ streets: ['Main St', '3rd St'], distanceMeters: 20 })
    expect(r.label).toBe('near Main St & 3rd St (20 m)')
    expect(r.place).toMatchObject({ label: 'Gridtown General Hospital' })
    expect(r.areas).toEqual({ wards: 'Ward 1' })
    expect(r.inCity).toBe(true)
    expect(idx.reverse(5 * D, 0.0201).label).toBe('near Main & 5th (10 m), Eastville')
  })
})

describe(interpolate.name, () => {
  const seg = { coords: [0, 0, 0.001, 0], lFrom: 1, lTo: 99, rFrom: 2, rTo: 98, lParity: '', rParity: '' }

  it('infers parity from the range ends and refuses a number on neither side', () => {
    expect(interpolate(seg, 51)).not.toBeNull()
    expect(interpolate(seg, 50)).not.toBeNull()
    expect(interpolate(seg, 101)).toBeNull()
    expect(interpolate({ ...seg, rFrom: -1, rTo: -1 }, 50)).toBeNull()
  })
})

describe(buildLocalIndex.name, () => {
  it('reads a corner list, an OpenAddresses file and TIGER ADDRFEAT centrelines, leaving out rows it cannot place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'geo-files-'))
    writeFileSync(join(dir, 'corners.csv'), 'a,b,y,x\nMain,5th,0.005,0.002\nMain,,0.001,0.001\nMain,9th,,\n')
    writeFileSync(
      join(dir, 'oa.csv'),
      'LON,LAT,NUMBER,STREET,UNIT,CITY\n0.004,0.0012,120,N OAK ST,,GRIDTOWN\n50.0,50.0,1,FAR AWAY RD,,\n0.004,0.0013,"122",N OAK ' +
      'ST,"Unit ""B""",GRIDTOWN\n'
    )
    writeFileSync(
      join(dir, 'addrfeat.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { FULLNAME: 'Elm Ave', LFROMHN: '101', LTOHN: '199', RFROMHN: '100', RTOHN: '198', PARITYL: 'O', PARITYR: 'E' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [0.003, 0.006],
                [0.005, 0.006]
              ]
            }
          }
        ]
      })
    )

    const idx = await buildLocalIndex(
      {
        city: { name: 'Gridtown', state: 'ca', center: { lat: 0.005, lon: 0.005 } },
        files: [
          { type: 'corners', file: join(dir, 'corners.csv'), columns: { streetA: 'a', streetB: 'b', lat: 'y', lon: 'x' } },
          { type: 'addresses', file: join(dir, 'oa.csv') },
          { type: 'centrelines', file: join(dir, 'addrfeat.geojson') }
        ]
      },
      undefined
    )

    expect(idx.stats).toMatchObject({ corners: 1, addressPoints: 2, segments: 1 })
    expect(idx.stats.rejected).toEqual({
      'corner without two streets': 1,
      'no usable coordinates': 1,
      'more than 150 km from the city centre': 1
    })
    expect(idx.search('122 n oak st', { partial: false })[0]).toMatchObject({ precision: 'point', lat: 0.0013 })
    expect(idx.search('151 elm ave', { partial: false })[0]).toMatchObject({ precision: 'interpolated' })
  })
})
