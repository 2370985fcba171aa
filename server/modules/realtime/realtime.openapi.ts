// The live stream's messages in the OpenAPI document. The websocket route is not in the document's paths (OpenAPI
// describes no websockets), so the finished document gets the messages as named components and an `x-live-stream`
// entry that says where the stream is and which messages it sends.
import { DomainEventSchema } from '../../contracts/events'
import { PositionsMessageSchema } from '../../contracts/positions'

type OpenApi = {
  components?: { schemas?: Record<string, unknown> }
  'x-live-stream'?: unknown
}

const StreamControlSchema = {
  type: 'object',
  description:
    'Live stream control: the answer to a ping, the end of the replay, "start again from seq", and "this server is shutting down: ' +
    'reconnect now"',
  required: ['type', 'seq'],
  properties: {
    type: { type: 'string', enum: ['pong', 'stream.live', 'stream.reset', 'stream.reconnect'] },
    seq: { type: 'integer' }
  }
}

export function withLiveMessages<T> (doc: T): T {
  const d = doc as OpenApi
  d.components ??= {}
  d.components.schemas ??= {}
  d.components.schemas.LiveEvent = {
    ...DomainEventSchema,
    description: 'Live stream message: a committed event (call and team status changes), with its seq; replayed after ?since='
  }
  d.components.schemas.LiveControl = StreamControlSchema
  d.components.schemas.LivePositions = PositionsMessageSchema
  d['x-live-stream'] = {
    path: '/api/live?since=SEQ&token=TOKEN',
    description:
      'Websocket, every signed-in role, filtered by role. Events and control messages carry a seq (resume after it); positions come ' +
      'batched, at most once a second per socket, the first after stream.live with every team (full)',
    messages: ['#/components/schemas/LiveEvent', '#/components/schemas/LiveControl', '#/components/schemas/LivePositions'].map(
      ($ref) => ({ $ref })
    )
  }
  return doc
}
