// A choropleth of one report figure by area on the app's base map: five classes with a legend, suppressed areas
// hatched and labelled as such, areas without a figure left white. Works without tiles (the outlines are data).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import L from 'leaflet'
import { GeoJSON, useMap } from 'react-leaflet'
import { areaOutlines, type ReportRow } from '../api/reports'
import { BaseMap } from '../map/BaseMap'
import { classify, formatCell, NO_CALLS_FILL, SUPPRESSED_NOTE, type MapFigure } from './figures'

const HATCH_ID = 'cd-suppressed-hatch'
const SVG_NS = 'http://www.w3.org/2000/svg'

/** Fits the view to the outlines once they arrive. */
function FitTo ({ fc }: { fc: GeoJSON.FeatureCollection }) {
  const map = useMap()
  useEffect(() => {
    const b = L.geoJSON(fc).getBounds()
    // The container may have been laid out after the map was made: measure it again before fitting.
    map.invalidateSize()
    if (b.isValid()) map.fitBounds(b, { padding: [6, 6], animate: false })
  }, [map, fc])
  return null
}

/** Suppressed areas are filled with this hatch, defined once in the map's SVG (Leaflet draws vectors in SVG). */
function HatchPattern () {
  const map = useMap()
  useEffect(() => {
    const svg = map.getPane('overlayPane')?.querySelector('svg')
    if (!svg || svg.querySelector(`#${HATCH_ID}`)) return
    const defs = document.createElementNS(SVG_NS, 'defs')
    const p = document.createElementNS(SVG_NS, 'pattern')
    p.setAttribute('id', HATCH_ID)
    p.setAttribute('patternUnits', 'userSpaceOnUse')
    p.setAttribute('width', '8')
    p.setAttribute('height', '8')
    p.setAttribute('patternTransform', 'rotate(45)')
    const bg = document.createElementNS(SVG_NS, 'rect')
    bg.setAttribute('width', '8')
    bg.setAttribute('height', '8')
    bg.setAttribute('fill', '#d9d9d9')
    const line = document.createElementNS(SVG_NS, 'rect')
    line.setAttribute('width', '3')
    line.setAttribute('height', '8')
    line.setAttribute('fill', '#8a8a8a')
    p.append(bg, line)
    defs.append(p)
    svg.prepend(defs)
  })
  return null
}

export interface ChoroplethProps {
  areaSet: string
  areaSetLabel: string
  rows: ReportRow[]
  figure: MapFigure
  /** The map's test id (default report-map), when a page has more than one. */
  testId?: string
}

type Value = number | 'suppressed' | 'not recorded' | null

/** Rows of calls placed in no area of the set (the server names them in parentheses): counted apart, never on the map. */
const isUnplaced = (key: string): boolean => key.startsWith('(')

const nameOf = (f: GeoJSON.Feature | undefined): string => String((f?.properties as { name?: string } | null)?.name ?? '')

/** How an area is drawn: its class (for tests and styling), fill and outline. */
function look (v: Value, colorOf: (v: number) => string): { className: string; style: L.PathOptions } {
  if (v === 'suppressed') {
    return {
      className: 'area-suppressed',
      style: { fillColor: `url(#${HATCH_ID})`, fillOpacity: 1, color: '#555', weight: 1, dashArray: '4 3' }
    }
  }
  if (typeof v === 'number') {
    return {
      className: 'area-shown',
      style: { fillColor: colorOf(v), fillOpacity: 0.85, color: '#3d3d3d', weight: 1, dashArray: undefined }
    }
  }
  return {
    className: 'area-empty',
    style: { fillColor: NO_CALLS_FILL, fillOpacity: 0.7, color: '#777', weight: 1, dashArray: undefined }
  }
}

/**
 * The outlines, drawn once per area set with the figures of that moment (react-leaflet layers are immutable); new
 * figures restyle the drawn areas and rewrite their labels in place, so no stale layer or label is left behind.
 */
function AreasLayer ({
  fc,
  values,
  colorOf,
  text,
  labels
}: {
  fc: GeoJSON.FeatureCollection
  values: Map<string, Value>
  colorOf: (v: number) => string
  text: (name: string) => string
  labels: boolean
}) {
  const ref = useRef<L.GeoJSON>(null)
  useEffect(() => {
    ref.current?.eachLayer((layer) => {
      const name = nameOf((layer as L.Path & { feature?: GeoJSON.Feature }).feature)
      const { className, style } = look(values.get(name) ?? null, colorOf)
      const path = layer as L.Path
      path.setStyle(style)
      const el = path.getElement()
      if (el) {
        el.classList.remove('area-suppressed', 'area-shown', 'area-empty')
        el.classList.add('area', className)
      }
      path.getTooltip()?.setContent(`${name}: ${text(name)}`)
    })
  }, [values, colorOf, text])
  return (
    <GeoJSON
      ref={ref}
      data={fc}
      style={(f) => {
        const { className, style } = look(values.get(nameOf(f)) ?? null, colorOf)
        return { ...style, className: `area ${className}` }
      }}
      onEachFeature={(f, layer) => {
        const name = nameOf(f)
        layer.bindTooltip(
          `${name}: ${text(name)}`,
          labels ? { permanent: true, direction: 'center', className: 'area-label' } : { sticky: true }
        )
      }}
    />
  )
}

export function ChoroplethMap ({ areaSet, areaSetLabel, rows, figure, testId = 'report-map' }: ChoroplethProps) {
  const [fc, setFc] = useState<GeoJSON.FeatureCollection | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    // A set chosen while another's outlines are still loading: only the latest set's outlines may land.
    let current = true
    setFc(null)
    areaOutlines(areaSet)
      .then((x) => {
        if (current) setFc(x)
      })
      .catch((e: Error) => {
        if (current) setError(e.message)
      })
    return () => {
      current = false
    }
  }, [areaSet])

  const byName = useMemo(() => new Map<string, Value>(rows.map((r) => [r.key, r.values[figure.id] ?? null])), [rows, figure])
  const classes = useMemo(
    () =>
      classify(
        [...byName.values()].filter((v): v is number => typeof v === 'number'),
        figure.higherIsDarker
      ),
    [byName, figure]
  )
  const labels = fc !== null && fc.features.length <= 16 && typeof window !== 'undefined' && window.innerWidth >= 800
  const suppressed = [...byName.values()].filter((v) => v === 'suppressed').length
  const text = useCallback(
    (name: string): string => {
      const v = byName.get(name) ?? null
      return v === 'suppressed'
        ? `suppressed (${SUPPRESSED_NOTE})`
        : v === null
          ? 'no figure (no calls measured)'
          : formatCell(v, figure.unit)
    },
    [byName, figure]
  )
  const unplaced = rows.filter(
    (r) => isUnplaced(r.key) && r.values.calls !== 0 && r.values.calls !== null && r.values.calls !== undefined
  )

  return (
    <figure className='choropleth' aria-label={`${figure.label} by ${areaSetLabel.toLowerCase()}`}>
      <BaseMap
        className='map report-map'
        initialZoom={9}
        label={`Map: ${figure.label} by ${areaSetLabel.toLowerCase()}`}
        testId={testId}
        zoomSnap={0.25}
      >
        {fc && (
          <>
            <AreasLayer key={areaSet} fc={fc} values={byName} colorOf={classes.colorOf} text={text} labels={labels} />
            <HatchPattern />
            <FitTo fc={fc} />
          </>
        )}
      </BaseMap>
      {error && (
        <p className='error' role='alert'>
          Area outlines could not be loaded: {error}
        </p>
      )}
      <figcaption className='legend' aria-label='Legend'>
        <strong>{figure.label}</strong>
        <ul>
          {classes.breaks.slice(0, -1).map((b, i) => (
            <li key={b}>
              <span className='swatch' style={{ background: classes.colorOf(b) }} />
              {formatCell(b, figure.unit)} – {formatCell(classes.breaks[i + 1], figure.unit)}
            </li>
          ))}
          <li>
            <span className='swatch hatch' /> suppressed ({SUPPRESSED_NOTE})
            {suppressed > 0 ? `: ${suppressed} area${suppressed === 1 ? '' : 's'}` : ''}
          </li>
          <li>
            <span className='swatch' style={{ background: NO_CALLS_FILL }} /> no figure
          </li>
        </ul>
        {unplaced.length > 0 && (
          <p className='unplaced' data-testid='unplaced-calls'>
            Not on the map, placed in no area of {areaSetLabel.toLowerCase()}:{' '}
            {unplaced
              .map(
                (r) =>
                  `${formatCell(r.values.calls ?? null, 'calls')} calls ${r.key === '(not placed)'
? 'with no location'
: 'outside every ' +
                    'area'}`
              )
              .join('; ')}{' '}
            (counted in the table as {unplaced.map((r) => `“${r.key}”`).join(' and ')}).
          </p>
        )}
      </figcaption>
    </figure>
  )
}
