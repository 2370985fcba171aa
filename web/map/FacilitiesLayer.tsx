// Facilities on the live map, coloured by their capacity (free, full or not accepting, no recent report), each with its
// name, kind and capacity in a tooltip. Not tab stops: the same list, with its capacity, is on the Facilities screen.
import { memo, useEffect, useMemo, useState } from 'react'
import { CircleMarker, Tooltip } from 'react-leaflet'
import { FACILITY_KIND_LABELS } from '../../server/contracts/labels'
import { facilities as fetchFacilities, type Facility } from '../api/facilities'
import { latestOnly } from '../lib/latest'
import { useLiveEvents } from '../realtime/useLiveEvents'
import { ageWords } from '../facilities/Destinations'

const colour = (f: Facility): string =>
  f.capacity.updatedAt === null || f.capacity.stale
    ? '#6b6b6b'
    : f.capacity.accepting === false || f.capacity.available === 0
      ? '#b3261e'
      : '#1b7f3b'

const FacilityMarker = memo(function FacilityMarker ({ f }: { f: Facility }) {
  const c = f.capacity
  const when = c.updatedAt ? `${ageWords(c.ageMinutes)}${c.stale ? ' (stale)' : ''}` : ''
  const state =
    c.updatedAt === null
      ? 'no report'
      : c.accepting === false
        ? 'not accepting'
        : c.available === 0
          ? 'full'
          : `${c.available ?? '?'} free`
  return (
    <CircleMarker
      center={[f.lat, f.lon]}
      radius={7}
      className='map-facility'
      pathOptions={{ color: '#fff', weight: 2, fillColor: colour(f), fillOpacity: 0.9 }}
    >
      <Tooltip>
        {[f.name, FACILITY_KIND_LABELS[f.kind], state, when].filter(Boolean).join(' · ')}
        {c.demo ? ' (demo)' : ''}
      </Tooltip>
    </CircleMarker>
  )
})

export function FacilitiesLayer ({ facilities }: { facilities: readonly Facility[] }) {
  return (
    <>
      {facilities.map((f) => (
        <FacilityMarker key={`${f.id}:${f.capacity.updatedAt ?? ''}:${f.version}`} f={f} />
      ))}
    </>
  )
}

/** Every facility with its capacity while the layer is on (nothing fetched while it is off), kept current from the live stream. */
export function useMapFacilities (on: boolean): Facility[] | undefined {
  const [list, setList] = useState<Facility[] | undefined>(undefined)
  const load = useMemo(() => latestOnly(async () => (on ? await fetchFacilities({ limit: 1000 }) : undefined), setList), [on])
  useEffect(() => {
    load().catch(() => {})
  }, [load])
  useLiveEvents(
    ['facility.'],
    () => {
      if (on) load().catch(() => {})
    },
    () => {
      if (on) load().catch(() => {})
    }
  )
  return list
}
