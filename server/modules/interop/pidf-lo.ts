// PIDF-LO (RFC 4119/5491/5139) for EIDO locations: writes a geodetic point, reads points, shapes and civic addresses.
import type { LatLon } from '../../domain/types'

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

export function xmlEscape (s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c])
}

/** Decodes the five XML entities and numeric character references. */
export function xmlUnescape (s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    const k = e.toLowerCase()
    if (k.startsWith('#x')) return safeCodePoint(parseInt(k.slice(2), 16), m)
    if (k.startsWith('#')) return safeCodePoint(parseInt(k.slice(1), 10), m)
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[k]
  })
}

function safeCodePoint (n: number, fallback: string): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback
}

/** A PIDF-LO document with one WGS 84 point (EPSG::4326, latitude then longitude). */
export function pidfLoPoint (p: { lat: number; lon: number; at: string; entity: string; deviceId: string }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" ' +
    `xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:gml="http://www.opengis.net/gml" entity="${xmlEscape(p.entity)}">` +
    `<dm:device id="${xmlEscape(p.deviceId)}"><gp:geopriv><gp:location-info>` +
    `<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>${p.lat} ${p.lon}</gml:pos></gml:Point>` +
    '</gp:location-info><gp:usage-rules/></gp:geopriv>' +
    `<dm:timestamp>${xmlEscape(p.at)}</dm:timestamp></dm:device></presence>`
  )
}

export interface PidfLocation {
  point: LatLon | null
  /** The civic address as one line, e.g. "42 W Cellular St, Wilmington, DE". */
  civic: string | null
}

/** A civic address in parts (RFC 5139), for a geocoder: the street line, or a landmark's name when there is no street. */
export interface CivicParts {
  /** "42 W Cellular St", or the landmark / place name. */
  text: string
  city: string | null
  /** A1: the state, e.g. "DE". */
  state: string | null
  zip: string | null
  country: string | null
}

/** The text of every element with this local name, whatever its namespace prefix, in document order. */
function elements (xml: string, local: string): string[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${local}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${local}\\s*>`, 'g')
  return [...xml.matchAll(re)].map((m) => m[1])
}

function firstText (xml: string, local: string): string | null {
  const v = elements(xml, local)[0]
  if (v === undefined) return null
  const t = xmlUnescape(v.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<[^>]*>/g, '')).trim()
  return t === '' ? null : t
}

function latLon (pos: string): LatLon | null {
  const [lat, lon] = pos
    .trim()
    .split(/[\s,]+/)
    .map(Number)
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return null
  return { lat, lon }
}

/**
 * The location in a PIDF-LO document. A point, circle, ellipse, ellipsoid, sphere or arc band gives
 * its centre (the first gml:pos); a polygon gives the mean of its vertices. This is a tolerant reader
 * for the shapes 911 systems send, not a validating XML parser: malformed neighbours do not stop it.
 */
export function readPidfLo (xml: string): PidfLocation {
  return { point: readPoint(xml), civic: readCivic(xml) }
}

function readPoint (xml: string): LatLon | null {
  const polygon = elements(xml, 'Polygon')[0]
  if (polygon !== undefined) {
    const list = elements(polygon, 'posList')[0]
    const coords =
      list !== undefined
        ? pairs(list.trim().split(/\s+/).map(Number))
        : elements(polygon, 'pos')
          .map((p) => latLon(p))
          .filter((p): p is LatLon => p !== null)
    const ring = coords.length > 1 && sameSpot(coords[0], coords[coords.length - 1]) ? coords.slice(0, -1) : coords
    if (ring.length > 0) {
      return { lat: mean(ring.map((c) => c.lat)), lon: mean(ring.map((c) => c.lon)) }
    }
  }
  for (const pos of elements(xml, 'pos')) {
    const p = latLon(pos)
    if (p) return p
  }
  return null
}

function pairs (ns: number[]): LatLon[] {
  const out: LatLon[] = []
  for (let i = 0; i + 1 < ns.length; i += 2) {
    const p = latLon(`${ns[i]} ${ns[i + 1]}`)
    if (p) out.push(p)
  }
  return out
}

function sameSpot (a: LatLon, b: LatLon): boolean {
  return a.lat === b.lat && a.lon === b.lon
}

function mean (xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length
}

/** The civic address of a PIDF-LO document in parts, or null without one. */
export function readCivicParts (xml: string): CivicParts | null {
  const civic = elements(xml, 'civicAddress')[0]
  if (civic === undefined) return null
  const get = (k: string) => firstText(civic, k)
  const street = [get('HNO'), get('HNS'), get('PRD'), get('PRM'), get('RD') ?? get('A6'), get('STS'), get('POD'), get('POM')]
    .filter((x): x is string => x !== null)
    .join(' ')
  const hasRoad = (get('RD') ?? get('A6')) !== null
  return {
    text: hasRoad ? street : (get('LMK') ?? get('NAM') ?? ''),
    city: get('A3'),
    state: get('A1'),
    zip: get('PC'),
    country: get('country')
  }
}

function readCivic (xml: string): string | null {
  const civic = elements(xml, 'civicAddress')[0]
  if (civic === undefined) return null
  const get = (k: string) => firstText(civic, k)
  const street = [get('HNO'), get('HNS'), get('PRD'), get('PRM'), get('RD') ?? get('A6'), get('STS'), get('POD'), get('POM')]
    .filter((x): x is string => x !== null)
    .join(' ')
  const unit = [
    get('BLD') && `Bldg ${get('BLD')}`,
    get('FLR') && `Floor ${get('FLR')}`,
    get('UNIT') && `Unit ${get('UNIT')}`,
    get('ROOM') && `Room ${get('ROOM')}`
  ]
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .join(' ')
  const place = [get('NAM'), get('LMK'), get('LOC')].filter((x): x is string => x !== null).join(', ')
  const region = [get('A1'), get('PC')].filter((x): x is string => x !== null).join(' ')
  const line = [street, unit, place, get('A3'), region].filter((x): x is string => x !== null && x !== '').join(', ')
  return line === '' ? null : line
}

/** A `geo:` URI (RFC 5870), which some senders put in place of a PIDF-LO. */
export function readGeoUri (value: string): LatLon | null {
  const m = /^geo:\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)/i.exec(value.trim())
  return m ? latLon(`${m[1]} ${m[2]}`) : null
}
