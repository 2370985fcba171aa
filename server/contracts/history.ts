// Wire schemas for imports of CAD history: column mapping, preview, runs and their counts.
import { Type, type Static } from 'typebox'
import { CategorySchema, PrioritySchema, ResponseSchema } from './triage'
import { NullableDateTime } from './common'

const Columns = (description: string) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 12, description }))

const mappingFields = {
  received: Columns('Received time: one column, or a date column and a time column'),
  type: Columns('Call type (code or text)'),
  id: Columns('Incident id; without it a record is known by a hash of its row'),
  priority: Columns('Priority as the old CAD wrote it'),
  lat: Columns('Latitude (WGS84 degrees)'),
  lon: Columns('Longitude (WGS84 degrees)'),
  address: Columns('Address, its parts joined with spaces'),
  area: Columns('Area, beat or district as the old CAD wrote it'),
  disposition: Columns('Disposition'),
  dispatched: Columns('Dispatched time'),
  enroute: Columns('En-route time'),
  onscene: Columns('On-scene time'),
  cleared: Columns('Cleared time')
}

/** A mapping being chosen: any fields so far. */
export const PartialMappingSchema = Type.Object(mappingFields, {
  additionalProperties: false,
  description: 'Field → the columns it is read from'
})
/** A mapping to import with: received and type required. */
export const MappingSchema = Type.Object(
  {
    ...mappingFields,
    received: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      minItems: 1,
      maxItems: 2,
      description: 'Received time: one column, or a date column and a time column'
    }),
    type: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      minItems: 1,
      maxItems: 4,
      description: 'Call type (code or text)'
    })
  },
  { additionalProperties: false, description: 'Field → the columns it is read from (joined with a space)' }
)
export type Mapping = Static<typeof MappingSchema>

const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: "IANA zone of times written without one, e.g. America/Los_Angeles (default: the server's TIME_ZONE)"
})
const CodeBookText = Type.String({ maxLength: 1_000_000, description: "The city's code book as CSV (code, description)" })

export const PreviewRequestSchema = Type.Object(
  {
    sample: Type.String({ minLength: 1, maxLength: 300_000, description: 'The start of the file (up to 256 KB)' }),
    complete: Type.Boolean({ description: 'The sample is the whole file (otherwise its last, maybe cut, record is left out)' }),
    mapping: Type.Optional(PartialMappingSchema),
    timeZone: Type.Optional(TimeZone),
    codeBook: Type.Optional(CodeBookText)
  },
  { additionalProperties: false }
)
export type PreviewRequest = Static<typeof PreviewRequestSchema>

const Opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t)
const NullableText = Type.Union([Type.String(), Type.Null()])

export const ReadingSchema = Type.Object({
  line: Type.Integer(),
  ok: Type.Boolean({ description: 'false: the row would be rejected, for `reason`' }),
  reason: Opt(Type.String()),
  message: Opt(Type.String()),
  receivedAt: Opt(Type.String({ format: 'date-time', description: 'UTC' })),
  receivedLocal: Opt(Type.String({ description: "In the import's time zone" })),
  callType: Opt(Type.String()),
  callTypeText: Opt(NullableText),
  category: Opt(CategorySchema),
  response: Opt(ResponseSchema),
  priority: Opt(PrioritySchema),
  upstreamPriority: Opt(NullableText),
  address: Opt(NullableText),
  lat: Opt(Type.Union([Type.Number(), Type.Null()])),
  lon: Opt(Type.Union([Type.Number(), Type.Null()])),
  areas: Opt(Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]))),
  area: Opt(NullableText),
  disposition: Opt(NullableText),
  chain: Opt(
    Type.Object(
      { dispatched: NullableText, enRoute: NullableText, onScene: NullableText, cleared: NullableText },
      { description: "In the import's time zone" }
    )
  )
})
export type Reading = Static<typeof ReadingSchema>

export const PreviewSchema = Type.Object({
  header: Type.Array(Type.String()),
  rows: Type.Array(Type.Object({ line: Type.Integer(), fields: Type.Array(Type.String()), error: Opt(Type.String()) }), {
    description: 'The first rows as read'
  }),
  suggested: PartialMappingSchema,
  timeZone: Type.String(),
  mappingError: Type.Union([Type.String(), Type.Null()], {
    description: 'What is missing or wrong in the mapping; null when it can import'
  }),
  readings: Type.Array(ReadingSchema, { description: 'How the mapping reads each of the first rows' })
})
export type Preview = Static<typeof PreviewSchema>

export const CreateImportSchema = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    fileBytes: Type.Integer({ minimum: 0 }),
    source: Type.String({
      pattern: '^[\\w.:-]{1,100}$',
      description: 'Name of the system the records come from; a record is known by source and id'
    }),
    mapping: MappingSchema,
    header: Type.Array(Type.String({ maxLength: 500 }), {
      minItems: 1,
      maxItems: 500,
      description: "The file's header row, to check the mapping before the upload"
    }),
    timeZone: Type.Optional(TimeZone),
    codeBook: Type.Optional(
      Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }), text: CodeBookText }, { additionalProperties: false })
    )
  },
  { additionalProperties: false }
)
export type CreateImport = Static<typeof CreateImportSchema>

export const IMPORT_STATUSES = ['waiting', 'running', 'done', 'failed', 'interrupted'] as const
const Counts = Type.Record(Type.String(), Type.Integer())

export const ImportRunSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  source: Type.String(),
  fileName: Type.String(),
  fileBytes: Type.Union([Type.Integer(), Type.Null()]),
  mapping: Type.Record(Type.String(), Type.Array(Type.String())),
  timeZone: Type.String(),
  codeBookName: NullableText,
  status: Type.Enum([...IMPORT_STATUSES], {
    description: 'waiting for its file, running, done, failed, or interrupted (no sign of life for 2 minutes)'
  }),
  actor: Type.String({ description: "Who imported: the user's email, or cli:<user> for the command line" }),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: NullableDateTime,
  finishedAt: NullableDateTime,
  bytesRead: Type.Integer(),
  read: Type.Integer(),
  imported: Type.Integer(),
  skipped: Type.Integer(),
  rejected: Type.Object({ total: Type.Integer(), byReason: Counts }),
  responses: Counts,
  callTypes: Type.Integer({ description: 'Distinct call types triaged' }),
  seconds: Type.Union([Type.Number(), Type.Null()]),
  rowsPerSecond: Type.Union([Type.Number(), Type.Null()]),
  error: NullableText,
  rejectsKeptUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description:
      'When the rejects go (IMPORT_REJECTS_RETENTION_DAYS after the run ended); null when there are none, the run is not over, or they ' +
      'are gone'
  }),
  rejectsPurgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the rejects were removed at the end of their retention'
  })
})
export type ImportRun = Static<typeof ImportRunSchema>
