// The LA demo's hit rate: 260 corners of the bus-stop file written the ways dispatchers type them
// (test/fixtures/geocode/typed-corners.csv, made by make-typed-corners.ts); prints the rate and every miss.
// A reverse lookup at a stop names its two streets.
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCsvObjects } from '../../../server/lib/csv'
import { createGeocodingService, type GeocodingService } from '../../../server/modules/geocoding/geocoding.service'
import { distanceMeters } from '../../../server/modules/geocoding/geo-math'
import { streetName } from '../../../server/modules/geocoding/normalize'
import { testAreas, testConfig } from '../../helpers/app'

const TYPED = parseCsvObjects(readFileSync(new URL('../../fixtures/geocode/typed-corners.csv', import.meta.url), 'utf8')).rows.map(
  (r) => r.values
)
const STOPS = parseCsvObjects(readFileSync(new URL('../../../server/data/la/lametro_bus_stops.csv', import.meta.url), 'utf8')).rows.map(
  (r) => r.values
)

describe('the LA demo geocoder on typed corners', () => {
  let geo: GeocodingService
  beforeAll(async () => {
    geo = createGeocodingService({ config: testConfig().geocoding, areas: testAreas() })
    await geo.ready()
  })

  it('finds the right corner first for at least 95% of 260 typed corners', async () => {
    const misses: string[] = []
    const byForm = new Map<string, [number, number]>()
    for (const t of TYPED) {
      const near = t.near_lat ? { lat: Number(t.near_lat), lon: Number(t.near_lon) } : null
      const [top] = await geo.search({ q: t.query, near, limit: 5, partial: false })
      const hit =
        top !== undefined &&
        top.kind === 'intersection' &&
        distanceMeters(top.lat, top.lon, Number(t.expected_lat), Number(t.expected_lon)) <= 150
      const f = byForm.get(t.form) ?? [0, 0]
      byForm.set(t.form, [f[0] + (hit ? 1 : 0), f[1] + 1])
      if (!hit) {
        misses.push(
          `  "${t.query}" (${t.form}; wanted ${t.streets} at ${t.expected_lat},${t.expected_lon}) ` +
          `→ ${top ? `${top.label} ${top.lat.toFixed(5)},${top.lon.toFixed(5)}` : 'nothing'}`
        )
      }
    }

    const rate = (TYPED.length - misses.length) / TYPED.length
    console.log(`typed corners: ${TYPED.length - misses.length} of ${TYPED.length} found first (${(rate * 100).toFixed(1)}%)`)
    for (const [form, [h, n]] of byForm) console.log(`  ${form}: ${h}/${n}`)
    console.log(misses.length > 0 ? `misses:\n${misses.join('\n')}` : 'no misses')
    expect(TYPED.length).toBeGreaterThanOrEqual(200)
    expect(rate).toBeGreaterThanOrEqual(0.95)
  })

  it('names both streets of the stop in a reverse lookup at 300 stops', () => {
    const sample = STOPS.filter((s) => s.street_a && s.street_b)
      .filter((_, i) => i % 39 === 0)
      .slice(0, 300)
    const wrong: string[] = []
    for (const s of sample) {
      const r = geo.nearestCorner(Number(s.lat), Number(s.lon))
      const keys = new Set((r?.streets ?? []).map((x) => streetName(x).key))
      if (!keys.has(streetName(s.street_a).key) || !keys.has(streetName(s.street_b).key)) {
        wrong.push(`  ${s.stop_name} → ${r?.label ?? 'nothing'}`)
      }
    }

    console.log(
      `reverse at stops: ${sample.length - wrong.length} of ${sample.length} name both ` +
      `streets${wrong.length ? `\n${wrong.join('\n')}` : ''}`
    )
    expect(sample.length).toBeGreaterThanOrEqual(250)
    expect(wrong.length / sample.length).toBeLessThanOrEqual(0.02)
  })
})
