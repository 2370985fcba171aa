// The demo's facilities: Los Angeles County's public lists (hospitals, DMH crisis and 24-hour providers, shelters), each
// row sorted into a kind crisis care uses or left out (outreach teams, long-stay residences are not destinations), with
// capacity figures that are the demo's, marked as such. The lists are messy: the loader rejects rows without usable
// coordinates and merges duplicates.
import type { CreateFacility, FacilityKind } from '../../contracts/facilities'
import { loadFacilities, type Facility as LaFacility } from '../../lib/la-data'

export type SeedFacility = CreateFacility & { sourceRef: string; demo: { available: number; accepting: boolean } }

const title = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\b([a-z])/g, (m) => m.toUpperCase())
    .replace(/\b(Ucla|Usc|Ucc|Mhc|Lac)\b/g, (m) => m.toUpperCase())

/** The kind a row of the county's lists is, or null when it is not somewhere a care team takes a person. Pure. */
export function kindOf (f: Pick<LaFacility, 'type' | 'name' | 'tags'>): FacilityKind | null {
  const name = f.name.toUpperCase()
  switch (f.type) {
    case 'hospital':
      return f.tags.includes('911 Receiving') ? 'emergency_department' : null
    case 'shelter':
      return /DETOX/.test(name) ? 'detox' : /SOBER/.test(name) ? null : 'shelter'
    case 'crisis':
      if (/URGENT CARE|\bUCC\b|CRISIS STABILI/.test(name)) return 'crisis_stabilisation'
      if (/OUTREACH|TEAM|UNIT|BUREAU/.test(name)) return null
      if (/EXCELSIOR|JUMP STREET/.test(name)) return 'respite'
      // acute psychiatric inpatient (a hospital's psychiatric emergency); convalescent homes are long-stay
      if (/HOSPITAL|MEDICAL CENTER|PSYCHIATRIC|NEUROPSYCH/.test(name) && !/CONVALESCENT/.test(name)) return 'psychiatric_emergency'
      return null
    case 'mental_health':
      return null
  }
}

const ACCEPTS: Record<FacilityKind, string[]> = {
  crisis_stabilisation: ['walk-ins and drop-offs', 'adults in crisis', 'up to 23 hours'],
  sobering_centre: ['intoxicated adults', 'drop-offs'],
  detox: ['adults withdrawing', 'referral or drop-off'],
  shelter: ['adults', 'no referral needed'],
  respite: ['adults in crisis', 'voluntary stay'],
  psychiatric_emergency: ['5150 holds', 'voluntary evaluation'],
  emergency_department: ['medical emergencies', 'medical clearance', '5150 holds']
}

/** Demo figures that look like a city's evening: most places with a few free, some full, one in six not accepting. */
function demoFigures (i: number): { available: number; accepting: boolean } {
  const available = (i * 7 + 3) % 9
  return { available, accepting: i % 6 !== 5 }
}

/** The county's lists as the demo's facilities, in a stable order. */
export function demoFacilities (rows: readonly LaFacility[] = loadFacilities().rows): SeedFacility[] {
  const out: SeedFacility[] = []
  for (const f of rows) {
    const kind = kindOf(f)
    if (kind === null) continue
    const twentyFour =
      kind === 'emergency_department' || kind === 'psychiatric_emergency' || f.tags.some((t) => t.startsWith('24 HOUR'))
    out.push({
      name: f.type === 'crisis' ? title(f.name) : f.name,
      kind,
      address: [f.address, f.city].filter(Boolean).join(', '),
      lat: f.lat,
      lon: f.lon,
      hours: twentyFour ? '24/7' : '',
      accepts: ACCEPTS[kind],
      sourceRef: f.id,
      demo: demoFigures(out.length)
    })
  }
  return out
}
