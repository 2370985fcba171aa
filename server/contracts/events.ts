// Wire shape of a domain event (the audit trail entry and the live-stream message body).
import { Type, type Static } from 'typebox'

export const DomainEventSchema = Type.Object({
  seq: Type.Integer({ description: 'Monotonic sequence number; resume the live stream after it' }),
  at: Type.String({ format: 'date-time' }),
  type: Type.String({ description: 'Dotted past tense, e.g. call.triaged, team.position' }),
  callId: Type.Union([Type.String(), Type.Null()]),
  teamId: Type.Union([Type.String(), Type.Null()]),
  actorId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown())
})
export type DomainEvent = Static<typeof DomainEventSchema>
