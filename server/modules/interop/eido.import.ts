// Import mapper: an incoming EIDO (a call transfer from a 911 centre) → our CreateCall intake input.
import crypto from 'node:crypto'
import type { CreateCall } from '../../contracts/calls'
import type { LatLon } from '../../domain/types'
import { toUtcIso } from './eido.ids'
import { isOwnInternalCode } from './eido.registry'
import { validateEido, type EidoError, type EidoIn, type IncidentIn } from './eido.schema'
import { clip, htmlToText } from './eido.text'
import { readCivicParts, readGeoUri, readPidfLo, xmlUnescape, type CivicParts } from './pidf-lo'

export interface EidoNoteText {
  at: string | null
  author: string | null
  text: string
}

/** The intake input, whose location is null when the transfer gave an address and no coordinates. */
export type TransferCall = Omit<CreateCall, 'location'> & { location: CreateCall['location'] | null }

export interface EidoImport {
  /** The intake input: POST it through the calls service as any other call (once it has a location). */
  call: TransferCall
  /** The address in parts, for a geocoder, when the transfer sent a civic address. */
  civic: CivicParts | null
  /** The upstream incident tracking identifier, as sent. */
  incidentId: string
  /** The address as one line (civic address and location note), when there is one. */
  addressText: string | null
  /** Fixed-length key of that incident: a second post of it must not create a second call. */
  dedupKey: string
  /** When the upstream call started (UTC ISO), if the document says. */
  receivedAt: string | null
  upstream: { issuingElement: string | null; incidentType: string | null; internalCode: string | null; internalText: string | null }
  /** Notes of other responders (dispatch, units, dispositions): kept apart from the caller's narrative. */
  responseNotes: EidoNoteText[]
  /** What was sent but not taken, or taken with a guess: for the log and the dispatcher. */
  warnings: string[]
}

export type EidoImportResult = { ok: true; value: EidoImport } | { ok: false; error: EidoError }

const LIMITS = { narrative: 8000, callType: 200, address: 300, callback: 40 }

/** Validates an incoming document and maps it: the one call a route makes. */
export function importEido (input: unknown): EidoImportResult {
  const v = validateEido(input)
  return v.ok ? eidoToCreateCall(v.doc) : { ok: false, error: v.errors[0] }
}

/**
 * The upstream incident id: an incident tracking URN (urn:emergency:uid:incidentid:…) wherever it is
 * (the incident component's $id, or the document's, as NENA's samples write it), else the incident
 * component's $id, else the document's.
 */
export function eidoIncidentId (doc: EidoIn): string {
  const candidates = [doc.incidentComponent[0]?.$id, doc.$id]
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .map((x) => x.trim())
  return candidates.find((x) => /^urn:emergency:uid:incidentid:/i.test(x)) ?? candidates[0]
}

/**
 * The dedup key of the document's incident: a hash of its id. A URN is globally unique on its own;
 * any other id is scoped by the issuing element, so two centres' "1234" stay two incidents.
 */
export function eidoDedupKey (doc: EidoIn): string {
  const id = eidoIncidentId(doc)
  const scope = /^urn:/i.test(id) ? '' : (doc.issuingElementIdentification ?? doc.updatedByAgencyReference?.$ref ?? '').trim()
  return `eido:${crypto.createHash('sha256').update(`${scope}\n${id}`).digest('hex')}`
}

/** Maps a validated EIDO; refuses (with a path) only what cannot make a call: no coordinates and no address. */
export function eidoToCreateCall (doc: EidoIn): EidoImportResult {
  const warnings: string[] = []
  const incident = doc.incidentComponent[0] as IncidentIn | undefined
  if (doc.incidentComponent.length > 1) warnings.push(`${doc.incidentComponent.length} incident components: the first was used`)

  const place = pickLocation(doc, incident, warnings)
  if ('error' in place) return { ok: false, error: place.error }

  const { narrative, responseNotes } = readNotes(doc, incident, warnings)
  const callType = callTypeOf(incident)
  const callback = callbackOf(doc, warnings)
  const starts = (doc.callComponent ?? [])
    .map((c) => toUtcIso(c.callStartTimestamp))
    .filter((x): x is string => x !== null)
    .sort()

  const call: TransferCall = {
    location:
      place.point === null
        ? null
        : { lat: place.point.lat, lon: place.point.lon, ...(place.address ? { address: clip(place.address, LIMITS.address) } : {}) },
    narrative: narrative === null ? null : clip(narrative, LIMITS.narrative),
    callType: callType === null ? null : clip(callType, LIMITS.callType),
    source: '911_transfer',
    callback
  }
  if (narrative !== null && narrative.length > LIMITS.narrative) warnings.push(`narrative cut to ${LIMITS.narrative} characters`)
  return {
    ok: true,
    value: {
      call,
      civic: place.civic,
      addressText: place.address === null ? null : clip(place.address, LIMITS.address),
      incidentId: eidoIncidentId(doc),
      dedupKey: eidoDedupKey(doc),
      receivedAt: starts[0] ?? null,
      upstream: {
        issuingElement: doc.issuingElementIdentification ?? null,
        incidentType: incident?.incidentTypeCommonRegistryText ?? null,
        internalCode: incident?.incidentTypeInternalCode ?? null,
        internalText: incident?.incidentTypeInternalText ?? null
      },
      responseNotes,
      warnings
    }
  }
}

/** The $ref values of a reference or a list of references; anything else gives none. */
function refsOf (value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list
    .map((r) => (typeof r === 'object' && r !== null ? (r as { $ref?: unknown }).$ref : undefined))
    .filter((x): x is string => typeof x === 'string')
}

type Location = NonNullable<EidoIn['locationComponent']>[number]

/** Incident locations first, then the caller's, then routing; where responders stage or units are, last. */
function typeRank (type: string): number {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2')
  if (/\b(staging|destination|unit|station)\b/i.test(words)) return 9
  if (/\b(incident|scene|event)\b/i.test(words)) return 0
  if (/\b(caller|reporting|device)\b/i.test(words)) return 1
  if (/\brouting\b/i.test(words)) return 2
  return 3
}

function pickLocation (
  doc: EidoIn,
  incident: IncidentIn | undefined,
  warnings: string[]
): { point: LatLon | null; address: string | null; civic: CivicParts | null } | { error: EidoError } {
  const all = doc.locationComponent ?? []
  if (all.length === 0) return { error: { path: 'locationComponent', message: 'required: a call needs a location' } }
  const unitPlaces = new Set(
    (doc.emergencyResourceComponent ?? []).flatMap((r) => [...refsOf(r.unitLocationReference), ...refsOf(r.unitDestinationReference)])
  )
  const referenced = [...refsOf(incident?.locationReference), ...(doc.callComponent ?? []).flatMap((c) => refsOf(c.locationReference))]
  const order = (l: Location) => {
    const i = referenced.indexOf(l.$id)
    return i === -1 ? referenced.length : i
  }
  const candidates = all
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => !unitPlaces.has(l.$id))
    .sort(
      (a, b) =>
        typeRank(a.l.locationTypeDescriptionRegistryText) - typeRank(b.l.locationTypeDescriptionRegistryText) ||
        order(a.l) - order(b.l) ||
        a.i - b.i
    )
  const read = candidates.map(({ l, i }) => ({ l, i, ...readLocation(l) }))
  for (const r of read) {
    if (r.point === null && r.l.locationByReferenceUrl) warnings.push(`location ${r.l.$id} is by reference only: not dereferenced`)
  }
  const withPoint = read.find((r) => r.point !== null)
  const withText = read.find((r) => r.text !== null)
  if (!withPoint || withPoint.point === null) {
    // An address and no coordinates (many 911 centres send just that): geocoded, or held for a person to locate.
    if (withText !== undefined) {
      warnings.push(`no coordinates: the address of the ${withText.l.locationTypeDescriptionRegistryText} location is to be placed`)
      return { point: null, address: withText.text, civic: withText.civic }
    }
    const index = read[0]?.i ?? 0
    return {
      error: {
        path: `locationComponent[${index}].locationByValue`,
        message:
          'no location with coordinates (a PIDF-LO point, circle, ellipse or polygon, or a geo: URI) or a civic address: a call needs one'
      }
    }
  }
  if (withText && withText.l !== withPoint.l) {
    warnings.push(
      `coordinates from the ${withPoint.l.locationTypeDescriptionRegistryText} location, address from ` +
      `the ${withText.l.locationTypeDescriptionRegistryText} location`
    )
  }
  return { point: withPoint.point, address: withText?.text ?? null, civic: withText?.civic ?? null }
}

function readLocation (l: Location): { point: LatLon | null; text: string | null; civic: CivicParts | null } {
  const raw = (l.locationByValue ?? '').trim()
  // Some gateways escape the PIDF-LO a second time; read it all the same.
  const value = raw.startsWith('&lt;') ? xmlUnescape(raw) : raw
  const pidf = value.startsWith('<') ? readPidfLo(value) : { point: readGeoUri(value), civic: null }
  const description = l.locationDescriptionText?.trim() || null
  const text = pidf.civic && description ? `${pidf.civic} (${description})` : (pidf.civic ?? description)
  return { point: pidf.point, text, civic: value.startsWith('<') ? readCivicParts(value) : null }
}

/**
 * The caller's narrative from the notes of the incident and the call (and notes nothing references);
 * notes referenced by dispatch, units or dispositions are other responders' log, returned apart.
 * One note is taken as written; several are each headed with their time and author.
 */
function readNotes (
  doc: EidoIn,
  incident: IncidentIn | undefined,
  warnings: string[]
): { narrative: string | null; responseNotes: EidoNoteText[] } {
  const responseIds = new Set([
    ...(doc.dispatchComponent ?? []).flatMap((d) => refsOf(d.notesReference)),
    ...(doc.emergencyResourceComponent ?? []).flatMap((r) => refsOf(r.notesReference)),
    ...(incident?.dispositionComponent ?? []).flatMap((d) => refsOf(d.notesReference))
  ])
  const narrativeIds = new Set([
    ...refsOf(incident?.notesReference),
    ...(doc.callComponent ?? []).flatMap((c) => refsOf(c.notesReference))
  ])
  const notes = (doc.notesComponent ?? [])
    .map((n, i) => ({
      id: n.$id,
      i,
      at: n.lastUpdateTimeStamp ?? null,
      // Undated notes sort first, in document order: they are usually the call-taker's opening account.
      ms: n.lastUpdateTimeStamp ? new Date(n.lastUpdateTimeStamp).getTime() : Number.NEGATIVE_INFINITY,
      author: n.agentReference?.$ref ?? n.updatedByAgentReference?.$ref ?? null,
      text: htmlToText(n.notesActionComments)
    }))
    .filter((n) => n.text !== '')
    .sort((a, b) => (a.ms === b.ms ? 0 : a.ms - b.ms) || a.i - b.i)
  const caller = notes.filter((n) => narrativeIds.has(n.id) || !responseIds.has(n.id))
  const others = notes.filter((n) => !caller.includes(n))
  const empty = (doc.notesComponent ?? []).length - notes.length
  if (empty > 0) warnings.push(`${empty} empty note(s) skipped`)
  const narrative =
    caller.length === 0
      ? null
      : caller.length === 1
        ? caller[0].text
        : caller.map((n) => `[${[n.at, n.author].filter(Boolean).join(' ') || 'note'}] ${n.text}`).join('\n\n')
  return { narrative, responseNotes: others.map((n) => ({ at: toUtcIso(n.at), author: n.author, text: n.text })) }
}

/** The sender's own code and text (ours, from a document we exported, is our triage: not fed back), else the APCO code. */
function callTypeOf (incident: IncidentIn | undefined): string | null {
  if (!incident) return null
  const code = incident.incidentTypeInternalCode?.trim() || null
  const text = incident.incidentTypeInternalText?.trim() || null
  const foreignCode = code !== null && !isOwnInternalCode(code) ? code : null
  const parts =
    foreignCode && text && !text.toUpperCase().includes(foreignCode.toUpperCase()) ? [foreignCode, text] : [text ?? foreignCode]
  const joined = parts.filter((x): x is string => x !== null).join(' ')
  return joined !== '' ? joined : incident.incidentTypeCommonRegistryText.trim()
}

/** The caller's number: the call's callback component, else the first one; a tel: URI first. */
function callbackOf (doc: EidoIn, warnings: string[]): string | null {
  const all = doc.callbackComponent ?? []
  if (all.length === 0) return null
  const wanted = (doc.callComponent ?? []).flatMap((c) => refsOf(c.callBackReference))
  const chosen = all.find((c) => wanted.includes(c.$id)) ?? all[0]
  const uris = [...(chosen.callBackInformationUri ?? []), ...(chosen.updatedCbn ? [chosen.updatedCbn.updatedCbnIdentifierUri] : [])]
  const ranked = [...uris.filter((u) => /^tel:/i.test(u.trim())), ...uris.filter((u) => !/^tel:/i.test(u.trim()))]
  for (const uri of ranked) {
    const number = phoneOf(uri)
    if (number !== null) return number
  }
  if (uris.length > 0) warnings.push('callback given, but not as a telephone number: not taken')
  return null
}

function phoneOf (uri: string): string | null {
  const bare = uri
    .trim()
    .replace(/^(tel|sips?):/i, '')
    .split(/[;?]/)[0]
    .split('@')[0]
  const digits = bare.replace(/[^\d+]/g, '')
  const plain = digits.startsWith('+') ? '+' + digits.slice(1).replace(/\+/g, '') : digits.replace(/\+/g, '')
  return plain.replace(/\D/g, '').length >= 3 && plain.length <= LIMITS.callback ? plain : null
}
