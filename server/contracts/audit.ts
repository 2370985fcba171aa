// Wire schemas for the audit trail: reads and changes of calls, and administrative changes.
import { Type, type Static } from 'typebox'
import { RoleSchema } from './users'

const filters = {
  callId: Type.Optional(
    Type.String({
      format: 'uuid',
      description: 'Reads and changes of this call, and the bulk reads (lists, the queue) that returned it'
    })
  ),
  userId: Type.Optional(Type.String({ format: 'uuid', description: 'Reads and changes by this user' })),
  action: Type.Optional(
    Type.String({ maxLength: 60, description: 'Exactly this action, e.g. call.read, call.eido, call.assign, user.update' })
  ),
  actionPrefix: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 60,
      description: 'Actions starting with this, e.g. "call." for everything done to calls, "user." for user administration'
    })
  ),
  subject: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'What an administrative change was about, e.g. user:<id>, team:<id>, triage_protocol:<version>'
    })
  ),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'At or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Before' }))
}

export const AuditQuerySchema = Type.Object(
  {
    ...filters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 }))
  },
  { additionalProperties: false }
)
export type AuditQuery = Static<typeof AuditQuerySchema>

export const AuditExportQuerySchema = Type.Object(filters, { additionalProperties: false })
export type AuditExportQuery = Static<typeof AuditExportQuerySchema>

export const AuditEntrySchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: Type.String({
    description:
      'call.read, call.eido (reads); calls.list, queue.read, to_locate.list (bulk reads, with callIds); call.create, call.update, ' +
      'call.assign, call.status, call.close, … (changes of a call); user.*, triage_protocol.* (administration)'
  }),
  callId: Type.Union([Type.String(), Type.Null()]),
  user: Type.Union([Type.Object({ id: Type.String(), email: Type.String(), role: RoleSchema }), Type.Null()], {
    description: "null when the user was deleted, or for the server's own work"
  }),
  ip: Type.Union([Type.String(), Type.Null()], {
    description: "The client's address (null for the server's own work and for entries older than this field)"
  }),
  subject: Type.Union([Type.String(), Type.Null()], { description: 'What an administrative change was about, e.g. user:<id>' }),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: 'What changed: field names with before and after (no personal data of callers)'
  }),
  callIds: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'A bulk read (calls.list, queue.read, to_locate.list): the calls it returned; null for other entries'
  })
})
export type AuditEntry = Static<typeof AuditEntrySchema>

export const AuditListSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer()
})
