// Column mappings: the --map syntax, the errors that name the field or the missing column, first guesses.
import { describe, expect, it } from 'vitest'
import { MappingError, parseMapSpec, resolveMapping, suggestMapping } from '../../../server/modules/history/import-mapping'
import { LA_AREA_SETS, loadAreaSets } from '../../../server/lib/area-sets'
import { createGridLocate } from '../../../server/modules/history/area-grid'

const SD_HEADER = [
  'incident_num',
  'date_time',
  'day_of_week',
  'address_number_primary',
  'address_dir_primary',
  'address_road_primary',
  'address_sfx_primary',
  'call_type',
  'disposition',
  'beat',
  'priority'
]

describe(parseMapSpec.name, () => {
  it('reads fields, joined columns and spaces in names', () => {
    expect(parseMapSpec('received=Call Date+Call Time, type=Nature,address=a+b+c,on_scene=Arrived')).toEqual({
      received: ['Call Date', 'Call Time'],
      type: ['Nature'],
      address: ['a', 'b', 'c'],
      onscene: ['Arrived']
    })
  })

  it.each([
    ['type=x', /^received: required/],
    ['received=x', /^type: required/],
    ['received=x,type=y,lat=z', /^lon: required when lat is mapped/],
    ['received=x,type=y,colour=z', /^colour: not a field/],
    ['received=x,type=y,type=z', /^type: mapped twice/],
    ['received=x,type', /expected FIELD=COLUMN/]
  ])('refuses %s', (spec, message) => {
    expect(() => parseMapSpec(spec)).toThrow(MappingError)
    expect(() => parseMapSpec(spec)).toThrow(message)
  })
})

describe(resolveMapping.name, () => {
  it('finds columns exactly, else by case alone', () => {
    expect(resolveMapping(parseMapSpec('received=DATE_TIME,type=call_type'), SD_HEADER)).toEqual({ received: [1], type: [7] })
  })

  it('names the missing column and lists the header', () => {
    expect(() => resolveMapping(parseMapSpec('received=date_time,type=calltype'), SD_HEADER)).toThrow(
      /^type: column "calltype" not found; the header has: "incident_num", "date_time"/
    )
  })
})

describe(suggestMapping.name, () => {
  it("guesses San Diego's columns", () => {
    expect(suggestMapping(SD_HEADER)).toMatchObject({
      id: ['incident_num'],
      received: ['date_time'],
      type: ['call_type'],
      priority: ['priority'],
      area: ['beat'],
      disposition: ['disposition'],
      address: ['address_number_primary', 'address_dir_primary', 'address_road_primary', 'address_sfx_primary']
    })
  })

  it('guesses a full timestamp chain', () => {
    expect(
      suggestMapping(['Incident Number', 'Received', 'Type', 'Latitude', 'Longitude', 'Dispatched', 'Enroute', 'On Scene', 'Cleared'])
    ).toMatchObject({
      id: ['Incident Number'],
      received: ['Received'],
      type: ['Type'],
      lat: ['Latitude'],
      lon: ['Longitude'],
      dispatched: ['Dispatched'],
      enroute: ['Enroute'],
      onscene: ['On Scene'],
      cleared: ['Cleared']
    })
  })
})

describe(createGridLocate.name, () => {
  it('gives the same areas as the exact lookup, on 20,000 points over Los Angeles and beside its boundaries', () => {
    const la = loadAreaSets(LA_AREA_SETS)
    const fast = createGridLocate(la)
    let seed = 7
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }

    for (let i = 0; i < 20_000; i++) {
      const lat = 33.65 + rnd() * 0.75
      const lon = -118.75 + rnd() * 0.65
      expect(fast(lat, lon), `${lat},${lon}`).toEqual(la.locate(lat, lon))
    }
    // and right beside the boundaries, where the grid's cells are crossed by edges
    for (const set of la.sets) {
      const vertices = set.outlines.features.flatMap(
        (f) => (f.geometry!.type === 'Polygon' ? [f.geometry!.coordinates] : f.geometry!.coordinates).flat(2) as unknown as number[][]
      )
      for (let i = 0; i < vertices.length; i += 7) {
        const [lon, lat] = vertices[i]
        const p = [lat + (rnd() - 0.5) * 0.0004, lon + (rnd() - 0.5) * 0.0004]
        expect(fast(p[0], p[1]), `${p[0]},${p[1]}`).toEqual(la.locate(p[0], p[1]))
      }
    }
  })
})
