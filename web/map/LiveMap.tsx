// The console's map: the base map with division outlines, calls, teams and a pick point as layers.
import { memo, useEffect, useState } from 'react'
import { CircleMarker, GeoJSON, Marker, Tooltip, useMap, useMapEvents } from 'react-leaflet'
import type { Call, Team } from '../api/resources'
import { divisions as fetchDivisions, isStalePosition } from '../api/resources'
import { age, CATEGORY_LABEL, TEAM_STATUS_COLOR, words } from '../lib/format'
import { markApplied } from '../lib/perf'
import { isValidPoint } from '../lib/coords'
import { useNow } from '../lib/useNow'
import { BaseMap } from './BaseMap'
import { callIcon, pickIcon } from './icons'
import { FacilitiesLayer } from './FacilitiesLayer'
import type { Facility } from '../api/facilities'

let divisionsPromise: Promise<GeoJSON.FeatureCollection> | null = null

function DivisionsLayer () {
  const [fc, setFc] = useState<GeoJSON.FeatureCollection | null>(null)
  useEffect(() => {
    // GeoJSON's own types describe the outlines the route's schema does, in Leaflet's terms
    divisionsPromise ??= fetchDivisions() as Promise<unknown> as Promise<GeoJSON.FeatureCollection>
    divisionsPromise.then(setFc).catch(() => {
      divisionsPromise = null
    })
  }, [])
  if (!fc) return null
  return (
    // outlines are not tab stops (over 40 of them): the area is named on the call instead
    <GeoJSON
      data={fc}
      interactive={false}
      style={() => ({ color: '#0f3d3e', weight: 1.2, fill: true, fillOpacity: 0.03, interactive: false })}
    />
  )
}

const CallMarker = memo(function CallMarker ({
  call,
  selected,
  onSelect
}: {
  call: Call
  selected: boolean
  onSelect?: (id: string) => void
}) {
  return (
    <Marker
      position={[call.location.lat, call.location.lon]}
      icon={callIcon(call.triage.category, call.triage.priority, selected)}
      // not a tab stop: every call is in the queue or the active list beside the map
      keyboard={false}
      eventHandlers={onSelect ? { click: () => onSelect(call.id) } : undefined}
      title={`${CATEGORY_LABEL[call.triage.category] ?? call.triage.category} P${call.triage.priority} ${words.callStatus(call.status)}`}
    >
      <Tooltip>
        {CATEGORY_LABEL[call.triage.category]} · P{call.triage.priority} · {words.callStatus(call.status)}
        {call.location.address ? ` · ${call.location.address}` : ''}
      </Tooltip>
    </Marker>
  )
})

function CallsLayer ({ calls, selectedId, onSelect }: { calls: Call[]; selectedId?: string | null; onSelect?: (id: string) => void }) {
  return (
    <>
      {calls
        .filter((c) => isValidPoint(c.location))
        .map((c) => (
          <CallMarker key={c.id} call={c} selected={c.id === selectedId} onSelect={onSelect} />
        ))}
    </>
  )
}

const TeamMarker = memo(
  function TeamMarker ({ team, now }: { team: Team; now: number }) {
    const p = team.position!
    const stale = isStalePosition(p, now)
    return (
      <CircleMarker
        center={[p.lat, p.lon]}
        // 24 px across with its outline: a target a finger can hit
        radius={10}
        pathOptions={{
          color: stale ? '#000' : '#fff',
          weight: 2,
          dashArray: stale ? '3 3' : undefined,
          fillColor: TEAM_STATUS_COLOR[team.status] ?? '#333',
          fillOpacity: stale ? 0.45 : 0.95
        }}
      >
        <Tooltip>
          {team.callSign} · {words.teamStatus(team.status)} · location {age(p.at, now)} old{stale ? ' (STALE)' : ''}
        </Tooltip>
      </CircleMarker>
    )
  },
  (a, b) => a.team === b.team && (a.now === b.now || !a.team.position)
)

function TeamsLayer ({ teams }: { teams: Team[] }) {
  const now = useNow(10_000)
  useEffect(() => {
    markApplied()
  })
  return (
    <>
      {teams
        .filter((t) => isValidPoint(t.position) && t.status !== 'off_duty')
        .map((t) => (
          <TeamMarker key={t.id} team={t} now={now} />
        ))}
    </>
  )
}

/** A team in danger (an emergency, a missed check-in): a large red ring at its position, labelled, above the rest. */
export interface MapAlert {
  id: string
  lat: number
  lon: number
  label: string
  kind: 'sos' | 'miss'
}

function AlertsLayer ({ alerts }: { alerts: MapAlert[] }) {
  return (
    <>
      {alerts
        .filter((a) => isValidPoint(a))
        .map((a) => (
          <CircleMarker
            key={a.id}
            center={[a.lat, a.lon]}
            radius={a.kind === 'sos' ? 18 : 14}
            className={`map-alert ${a.kind}`}
            pathOptions={{
              color: a.kind === 'sos' ? '#c0101a' : '#a85d00',
              weight: 4,
              fillColor: a.kind === 'sos' ? '#c0101a' : '#a85d00',
              fillOpacity: 0.25
            }}
          >
            <Tooltip permanent direction='top'>
              {a.label}
            </Tooltip>
          </CircleMarker>
        ))}
    </>
  )
}

function PickLayer ({
  pick,
  onPick
}: {
  pick?: { lat: number; lon: number } | null
  onPick?: (p: { lat: number; lon: number }) => void
}) {
  useMapEvents({ click: (e) => onPick?.({ lat: Math.round(e.latlng.lat * 1e6) / 1e6, lon: Math.round(e.latlng.lng * 1e6) / 1e6 }) })
  return isValidPoint(pick)
    ? (
      <Marker position={[pick.lat, pick.lon]} icon={pickIcon} keyboard={false} title='New call location' />
      )
    : null
}

function FocusOn ({ focus }: { focus?: { lat: number; lon: number; zoom?: number } | null }) {
  const map = useMap()
  const lat = focus?.lat
  const lon = focus?.lon
  const zoom = focus?.zoom
  useEffect(() => {
    if (lat !== undefined && lon !== undefined && isValidPoint({ lat, lon })) {
      map.setView([lat, lon], zoom ?? Math.max(map.getZoom(), 13))
    }
  }, [map, lat, lon, zoom])
  return null
}

/** Tells the view's centre once and after every move (address suggestions near it come first). */
function ViewReporter ({ onView }: { onView: (centre: { lat: number; lon: number }) => void }) {
  const map = useMap()
  const report = () => {
    const c = map.getCenter()
    onView({ lat: c.lat, lon: c.lng })
  }
  useMapEvents({ moveend: report })
  useEffect(report, [map])
  return null
}

export interface LiveMapProps {
  calls: Call[]
  teams: Team[]
  selectedCallId?: string | null
  onSelectCall?: (id: string) => void
  pick?: { lat: number; lon: number } | null
  onPick?: (p: { lat: number; lon: number }) => void
  focus?: { lat: number; lon: number; zoom?: number } | null
  className?: string
  initialZoom?: number
  onView?: (centre: { lat: number; lon: number }) => void
  /** Teams in danger, drawn over everything. */
  alerts?: MapAlert[]
  /** Facilities with their capacity (a layer the console switches on). */
  facilities?: readonly Facility[]
}

export function LiveMap (props: LiveMapProps) {
  return (
    <BaseMap className={props.className} initialZoom={props.initialZoom}>
      <DivisionsLayer />
      {props.facilities && <FacilitiesLayer facilities={props.facilities} />}
      <TeamsLayer teams={props.teams} />
      <CallsLayer calls={props.calls} selectedId={props.selectedCallId} onSelect={props.onSelectCall} />
      <PickLayer pick={props.pick} onPick={props.onPick} />
      {props.alerts && props.alerts.length > 0 && <AlertsLayer alerts={props.alerts} />}
      <FocusOn focus={props.focus} />
      {props.onView && <ViewReporter onView={props.onView} />}
    </BaseMap>
  )
}
