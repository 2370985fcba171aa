// The one base map of the app: a MapContainer whose props never change, with the configured tiles (none offline,
// the outlines and layers still draw). The console's live map and the reports' choropleth are layers on it.
// Leaflet's style sheet loads with the map's chunk: the pages with no map (sign-in included) do not wait for it.
import 'leaflet/dist/leaflet.css'
import { useEffect, useState, type ReactNode } from 'react'
import { MapContainer, TileLayer } from 'react-leaflet'
import { appConfig, type AppConfig } from '../api/resources'

export const LA_CENTER: [number, number] = [34.03, -118.35]

function Tiles () {
  const [cfg, setCfg] = useState<AppConfig | null>(null)
  useEffect(() => {
    appConfig()
      .then(setCfg)
      .catch(() => setCfg(null))
  }, [])
  if (!cfg || !cfg.tileUrl) return null
  return <TileLayer url={cfg.tileUrl} attribution={cfg.tileAttribution} />
}

export interface BaseMapProps {
  className?: string
  initialZoom?: number
  /** Label of the map region for screen readers. */
  label?: string
  testId?: string
  /** Zoom steps; a fraction lets fitting a city use the space it has (fixed once the map is made). */
  zoomSnap?: number
  children?: ReactNode
}

export function BaseMap ({ className, initialZoom, label, testId, zoomSnap, children }: BaseMapProps) {
  return (
    <div className={className ?? 'map'} data-testid={testId ?? 'map'} role={label ? 'region' : undefined} aria-label={label}>
      <MapContainer
        center={LA_CENTER}
        zoom={initialZoom ?? 10}
        minZoom={8}
        zoomSnap={zoomSnap ?? 1}
        style={{ height: '100%', width: '100%' }}
      >
        <Tiles />
        {children}
      </MapContainer>
    </div>
  )
}
