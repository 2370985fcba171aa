// Wire schemas for geocoding: search as the dispatcher types, reverse lookup of a point, where a call's
// location came from, and 911 transfers held until a person confirms where the caller is.
import { Type, type Static } from 'typebox'
import { CategorySchema, PrioritySchema, ResponseSchema } from './triage'

export const CANDIDATE_KINDS = ['address', 'intersection', 'place', 'area'] as const
export type CandidateKind = (typeof CANDIDATE_KINDS)[number]

/**
 * How exactly a candidate's point stands for what was asked: a point of the data (an address point, a
 * place), interpolated along a street's address range, a street corner, only the street (a house number
 * the data could not place), or an area's centre.
 */
export const PRECISIONS = ['point', 'interpolated', 'corner', 'street', 'area'] as const
export type Precision = (typeof PRECISIONS)[number]

export const GEOCODER_NAMES = ['local', 'pelias', 'nominatim', 'arcgis', 'census'] as const
export type GeocoderName = (typeof GEOCODER_NAMES)[number]

export const CandidateSchema = Type.Object({
  label: Type.String({
    description: 'What to show and store, e.g. "Main & 5th", "Main & 5th, Santa Monica", "1812 Verdugo Blvd (Verdugo Hills Hospital)"'
  }),
  kind: Type.Enum([...CANDIDATE_KINDS], { description: 'address, intersection, place or area' }),
  lat: Type.Number(),
  lon: Type.Number(),
  score: Type.Number({
    minimum: 0,
    maximum: 1,
    description:
      'How well it matches what was typed (1: exactly); candidates come ranked by this, then inside the city first, then by distance'
  }),
  source: Type.Enum([...GEOCODER_NAMES], { description: 'The geocoder that answered' }),
  precision: Type.Enum([...PRECISIONS], {
    description: 'point, interpolated (along an address range), corner, street (the house number was not placed: see note), area'
  }),
  city: Type.Union([Type.String(), Type.Null()], { description: 'The city it is in, when known' }),
  inCity: Type.Union([Type.Boolean(), Type.Null()], {
    description: "Inside the configured city's boundary (the area sets); null when unknown"
  }),
  distanceMeters: Type.Union([Type.Number(), Type.Null()], { description: 'From `near` (or the city centre without it)' }),
  note: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the candidate is less than what was asked, e.g. "house number 1234 not placed: no address data for Main"'
  }),
  streets: Type.Optional(Type.Array(Type.String(), { description: 'The two streets of a corner' }))
})
export type Candidate = Static<typeof CandidateSchema>

export const GeocodeQuerySchema = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'What was typed: "main and 5th", "1234 W 5th St", "Olive View Medical Center", "hollywood"'
    }),
    near: Type.Optional(
      Type.String({
        maxLength: 60,
        pattern: '^\\s*-?\\d{1,2}(\\.\\d+)?\\s*,\\s*-?\\d{1,3}(\\.\\d+)?\\s*$',
        description: "lat,lon of the dispatcher's map view: nearer candidates first among equal matches"
      })
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 8 }))
  },
  { additionalProperties: false }
)
export type GeocodeQuery = Static<typeof GeocodeQuerySchema>

export const GeocodeResultSchema = Type.Object({
  candidates: Type.Array(CandidateSchema, { description: 'Best first; empty when nothing matches' })
})
export type GeocodeResult = Static<typeof GeocodeResultSchema>

export const ReverseQuerySchema = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 })
  },
  { additionalProperties: false }
)

const Named = (what: string) =>
  Type.Object({
    label: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    distanceMeters: Type.Number({ description: `From the point to the ${what}, rounded to 5 m` })
  })

export const NearestCornerSchema = Type.Intersect([Named('corner'), Type.Object({ streets: Type.Array(Type.String()) })], {
  description: 'The nearest street corner'
})
export type NearestCorner = Static<typeof NearestCornerSchema>

export const ReverseResultSchema = Type.Object({
  label: Type.String({ description: 'What a map click fills in: "near Main & 5th (40 m)", or the area when no corner is near' }),
  corner: Type.Union([NearestCornerSchema, Type.Null()]),
  place: Type.Union([Type.Intersect([Named('place'), Type.Object({ kind: Type.String() })]), Type.Null()], {
    description: 'The nearest named place within 300 m'
  }),
  address: Type.Union([Named('address point'), Type.Null()], {
    description: "The nearest address point within 60 m (when the city's address data is loaded)"
  }),
  areas: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
    description: 'Area set id → the area holding the point (null outside every area of the set)'
  }),
  city: Type.Union([Type.String(), Type.Null()]),
  inCity: Type.Union([Type.Boolean(), Type.Null()]),
  source: Type.Enum([...GEOCODER_NAMES])
})
export type ReverseResult = Static<typeof ReverseResultSchema>

/** Where a call's point came from. */
export const LOCATION_SOURCES = ['geocoded', 'map_click', 'typed_coordinates', '911_transfer'] as const
export type LocationSource = (typeof LOCATION_SOURCES)[number]
export const LocationSourceSchema = Type.Enum([...LOCATION_SOURCES], {
  description:
    "geocoded (a search result was chosen, or a transfer's address was placed), map_click, typed_coordinates, or 911_transfer (the " +
    "sending centre's coordinates)"
})

/** A typed address far from the pin: the console warns. */
export const LocationMismatchSchema = Type.Object({
  label: Type.String({ description: 'Where the address text was found' }),
  lat: Type.Number(),
  lon: Type.Number(),
  distanceMeters: Type.Number({ description: 'Between the pin and where the address text was found (over 500 m)' })
})
export type LocationMismatch = Static<typeof LocationMismatchSchema>

export const HELD_REASONS = ['not_found', 'ambiguous', 'approximate', 'outside', 'unavailable'] as const
export type HeldReason = (typeof HELD_REASONS)[number]

/** A 911 transfer whose address could not be placed: waiting for a person to confirm the location. */
export const TransferToLocateSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  receivedAt: Type.String({ format: 'date-time' }),
  status: Type.Enum(['waiting', 'located', 'dismissed'], {
    description: 'waiting for a location; located (the call it became is callId); dismissed with a reason'
  }),
  address: Type.String({ description: 'The address as the sending centre gave it' }),
  reason: Type.Enum([...HELD_REASONS], {
    description:
      'not_found, ambiguous (several places match), approximate (the street but not the house number), outside (another state or ' +
      'country), unavailable (every geocoder failed)'
  }),
  reasonText: Type.String({ description: 'The reason in words, for the console' }),
  candidates: Type.Array(CandidateSchema, { description: 'What the geocoders found, best first: the dispatcher may pick one' }),
  category: CategorySchema,
  response: ResponseSchema,
  priority: PrioritySchema,
  waitingMinutes: Type.Number(),
  overdue: Type.Boolean({ description: 'Waiting past the target for its priority' }),
  position: Type.Integer({ description: "1 = to locate first (the queue's order: priority with aging)" }),
  incidentId: Type.String({ description: "The sending centre's incident tracking id" }),
  callType: Type.Union([Type.String(), Type.Null()]),
  narrative: Type.Union([Type.String(), Type.Null()]),
  callback: Type.Union([Type.String(), Type.Null()], {
    description: 'Personal data: for calling the caller back to confirm where they are'
  }),
  callId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  dismissReason: Type.Union([Type.String(), Type.Null()])
})
export type TransferToLocate = Static<typeof TransferToLocateSchema>

export const LocateTransferSchema = Type.Object(
  {
    location: Type.Object(
      {
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        lon: Type.Number({ minimum: -180, maximum: 180 }),
        source: Type.Enum(['geocoded', 'map_click', 'typed_coordinates'], { description: 'How the dispatcher placed it' }),
        label: Type.Optional(
          Type.Union([Type.String({ maxLength: 300 }), Type.Null()], {
            description: 'The chosen candidate\'s label, or the map click\'s "near …"'
          })
        )
      },
      { additionalProperties: false }
    )
  },
  { additionalProperties: false }
)
export type LocateTransfer = Static<typeof LocateTransferSchema>
