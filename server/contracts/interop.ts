// Wire schemas of the interop routes: the EIDO document we write, and the answer to a transfer received.
import { Type } from 'typebox'
import { CallSchema } from './calls'
import { TransferToLocateSchema } from './geocoding'

/** The document as we write it: its top level described, its components passed through as written. */
export const EidoOutSchema = Type.Object(
  {
    eidoVersion: Type.Literal('1.0'),
    lastUpdateTimeStamp: Type.String(),
    incidentComponent: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Incident: APCO common incident type, our category.response as internal code, status, priority, disposition'
    })
  },
  {
    additionalProperties: true,
    description:
      'Emergency Incident Data Object (NENA-STA-021, eidoVersion 1.0); its `$id` is the incident tracking id ' +
      'urn:emergency:uid:incidentid:<call id>:<agency>'
  }
)

export const TransferResultSchema = Type.Object({
  call: Type.Union([CallSchema, Type.Null()], { description: 'The call; null while the transfer waits for a location (see toLocate)' }),
  toLocate: Type.Union([TransferToLocateSchema, Type.Null()], {
    description:
      'The transfer came with an address and no coordinates, and the geocoders could not place it: held with its address and ' +
      '"location to confirm" until a dispatcher places it (POST /api/transfers/to-locate/{id}/locate); null when the call was made'
  }),
  created: Type.Boolean({
    description: 'false when this incident was transferred before: the call (or held transfer) is the first one'
  }),
  incidentId: Type.String({ description: "The sending centre's incident tracking id" }),
  warnings: Type.Array(Type.String(), { description: 'What was sent but not taken, or taken with a guess' })
})
