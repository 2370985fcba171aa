// Run-time schema of an incoming EIDO (the parts we read) and its validation into { path, message } errors.
import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'

const Text = Type.String()
const Id = Type.String({ minLength: 1, description: 'Globally unique identifier of the data component' })
const Stamp = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' })
const Ref = Type.Object({ $ref: Type.String({ minLength: 1 }) })
const Refs = Type.Array(Ref)
/** One reference or a list: senders of EIDO drafts wrote single references where 1.0 has lists. */
const LooseRefs = Type.Unknown({ description: 'A reference or a list of references' })

/**
 * The prologue as we accept it: `$id` is needed to resolve references; the time and agency are
 * type-checked when present but not demanded, so documents from older EIDO drafts still come in.
 */
const prologue = {
  $id: Id,
  lastUpdateTimeStamp: Type.Optional(Stamp),
  updatedByAgencyReference: Type.Optional(Ref),
  updatedByAgentReference: Type.Optional(Ref)
}

const DispositionIn = Type.Object({
  ...prologue,
  dispositionCommonRegistryCode: Type.String({ minLength: 1 }),
  dispositionDescriptionText: Type.Optional(Text),
  notesReference: Type.Optional(LooseRefs)
})

export const IncidentInSchema = Type.Object({
  ...prologue,
  incidentTypeCommonRegistryText: Type.String({ minLength: 1, description: 'APCO common incident type' }),
  incidentTypeInternalCode: Type.Optional(Text),
  incidentTypeInternalText: Type.Optional(Text),
  internalIncidentId: Type.Optional(Text),
  locationReference: Type.Optional(Refs),
  notesReference: Type.Optional(LooseRefs),
  dispositionComponent: Type.Optional(Type.Array(DispositionIn))
})
export type IncidentIn = Static<typeof IncidentInSchema>

const CallIn = Type.Object({
  ...prologue,
  callStartTimestamp: Stamp,
  answerDate: Type.Optional(Stamp),
  locationReference: Type.Optional(Refs),
  notesReference: Type.Optional(LooseRefs),
  callBackReference: Type.Optional(Ref)
})

const CallbackIn = Type.Object({
  ...prologue,
  callBackInformationUri: Type.Optional(Type.Array(Text)),
  updatedCbn: Type.Optional(Type.Object({ updatedCbnIdentifierUri: Text }))
})

const LocationIn = Type.Object({
  ...prologue,
  locationTypeDescriptionRegistryText: Type.String({ minLength: 1 }),
  locationByValue: Type.Optional(Text),
  locationByReferenceUrl: Type.Optional(Text),
  locationDescriptionText: Type.Optional(Text)
})

const NotesIn = Type.Object({
  ...prologue,
  notesActionComments: Text,
  agentReference: Type.Optional(Ref)
})

const AgentIn = Type.Object({ ...prologue, agentJcard: Type.Optional(Text) })

const ReferringIn = Type.Object({
  ...prologue,
  notesReference: Type.Optional(LooseRefs),
  unitLocationReference: Type.Optional(Ref),
  unitDestinationReference: Type.Optional(Ref)
})

/** An EIDO as POST /api/interop/eido accepts it; `incidentComponent` (one object, or a list) is checked apart. */
export const EidoInSchema = Type.Object(
  {
    ...prologue,
    eidoVersion: Type.Literal('1.0'),
    issuingElementIdentification: Type.Optional(Text),
    incidentComponent: Type.Optional(Type.Unknown({ description: 'IncidentInformationType, or a list of them' })),
    callComponent: Type.Optional(Type.Array(CallIn)),
    callbackComponent: Type.Optional(Type.Array(CallbackIn)),
    locationComponent: Type.Optional(Type.Array(LocationIn)),
    notesComponent: Type.Optional(Type.Array(NotesIn)),
    agentComponent: Type.Optional(Type.Array(AgentIn)),
    dispatchComponent: Type.Optional(Type.Array(ReferringIn)),
    emergencyResourceComponent: Type.Optional(Type.Array(ReferringIn))
  },
  { description: 'Emergency Incident Data Object (NENA-STA-021, eidoVersion 1.0): the parts a call transfer needs' }
)

/** A validated incoming EIDO, with its incident component(s) as a list however they were sent. */
export type EidoIn = Omit<Static<typeof EidoInSchema>, 'incidentComponent'> & { incidentComponent: IncidentIn[] }

export interface EidoError {
  /** Where, as a property path: incidentComponent[0].incidentTypeCommonRegistryText */
  path: string
  message: string
}

export type EidoValidation = { ok: true; doc: EidoIn } | { ok: false; errors: EidoError[] }

const checkDocument = Compile(EidoInSchema)
const checkIncident = Compile(IncidentInSchema)
const checkIncidents = Compile(Type.Array(IncidentInSchema, { minItems: 1 }))

/** The order in which components are reported, so "the first error" does not depend on key order. */
const COMPONENT_ORDER = [
  '',
  '$id',
  'eidoVersion',
  'incidentComponent',
  'callComponent',
  'callbackComponent',
  'locationComponent',
  'notesComponent'
]

function rank (path: string): number {
  const head = path.split(/[.[]/)[0]
  const i = COMPONENT_ORDER.indexOf(head)
  return i === -1 ? COMPONENT_ORDER.length : i
}

/** Checks an incoming document; errors come in a stable order, the first being the one to report. */
export function validateEido (input: unknown): EidoValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '(document)', message: 'must be a JSON object' }] }
  }
  const errors = toErrors(checkDocument.Errors(input), '')
  const incident = (input as Record<string, unknown>).incidentComponent
  if (Array.isArray(incident)) {
    errors.push(...toErrors(checkIncidents.Errors(incident), 'incidentComponent'))
  } else if (incident !== undefined) {
    errors.push(...toErrors(checkIncident.Errors(incident), 'incidentComponent'))
  }
  if (errors.length > 0) {
    return {
      ok: false,
      errors: errors
        .map((e, i) => ({ e, i }))
        .sort((a, b) => rank(a.e.path) - rank(b.e.path) || a.i - b.i)
        .map((x) => x.e)
    }
  }
  const doc = input as Static<typeof EidoInSchema>
  const incidents = incident === undefined ? [] : Array.isArray(incident) ? (incident as IncidentIn[]) : [incident as IncidentIn]
  return { ok: true, doc: { ...doc, incidentComponent: incidents } }
}

/** The error as a 400 message: `incidentComponent[0].incidentTypeCommonRegistryText: required`. */
export function formatEidoError (e: EidoError): string {
  return `${e.path}: ${e.message}`
}

interface RawError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

function toErrors (raw: readonly RawError[], prefix: string): EidoError[] {
  const out: EidoError[] = []
  for (const r of raw) {
    const base = join(prefix, pointerToPath(r.instancePath))
    if (r.keyword === 'required') {
      const missing = (r.params.requiredProperties ?? r.params.missingProperty) as string[] | string | undefined
      for (const name of [missing ?? []].flat()) out.push({ path: join(base, name), message: 'required' })
    } else {
      out.push({ path: base === '' ? '(document)' : base, message: messageOf(r) })
    }
  }
  return out
}

function messageOf (r: RawError): string {
  switch (r.keyword) {
    case 'type':
      return `must be ${article(String(r.params.type))}`
    case 'format':
      return r.params.format === 'date-time' ? 'must be an ISO 8601 date-time with offset' : `must be a ${String(r.params.format)}`
    case 'const':
      return `must be ${JSON.stringify(r.params.allowedValue ?? r.params.const)}`
    case 'minLength':
      return 'must not be empty'
    case 'minItems':
      return 'must not be empty'
    default:
      return r.message
  }
}

function article (type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

function pointerToPath (pointer: string): string {
  let out = ''
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    out = /^\d+$/.test(seg) ? `${out}[${seg}]` : join(out, seg)
  }
  return out
}

function join (base: string, seg: string): string {
  if (seg === '') return base
  if (seg.startsWith('[') || base === '') return `${base}${seg}`
  return `${base}.${seg}`
}
