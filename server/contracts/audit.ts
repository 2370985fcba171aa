// Wire schemas for the audit trail of reads.
import { Type, type Static } from 'typebox'
import { RoleSchema } from './users'

export const AuditQuerySchema = Type.Object({
  callId: Type.Optional(Type.String({ format: 'uuid', description: 'Reads of this call' })),
  userId: Type.Optional(Type.String({ format: 'uuid', description: 'Reads by this user' })),
  action: Type.Optional(Type.String({ maxLength: 60, description: 'e.g. call.read, call.eido' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'At or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 }))
}, { additionalProperties: false })
export type AuditQuery = Static<typeof AuditQuerySchema>

export const AuditEntrySchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  callId: Type.Union([Type.String(), Type.Null()]),
  user: Type.Union([Type.Object({ id: Type.String(), email: Type.String(), role: RoleSchema }), Type.Null()], { description: 'null when the user was deleted' })
})
export type AuditEntry = Static<typeof AuditEntrySchema>

export const AuditListSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer()
})
