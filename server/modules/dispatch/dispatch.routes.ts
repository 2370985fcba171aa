// HTTP routes for dispatch: the queue, recommendations, assignment and decline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AssignmentResultSchema, AssignSchema, CallSchema, DeclineSchema, QueueEntrySchema, RecommendationsSchema } from '../../contracts/calls'
import { errors, IdParams } from '../../contracts/common'
import { DESK, FIELD } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { DispatchService } from './dispatch.service'

export const dispatchRoutes: FastifyPluginAsyncTypebox<{ dispatch: DispatchService }> = async (app, { dispatch }) => {
  app.get('/api/queue', {
    config: { roles: DESK },
    schema: { tags: ['calls'], summary: 'Waiting calls in dispatch order: priority with aging, never plain FIFO', response: { 200: Type.Array(QueueEntrySchema), ...errors(401, 403) } }
  }, async (req) => await dispatch.queue(userOf(req)))

  app.get('/api/calls/:id/recommendations', {
    config: { roles: DESK },
    schema: { tags: ['dispatch'], summary: 'Eligible teams ranked by estimated travel time, with shortfalls', params: IdParams, response: { 200: RecommendationsSchema, ...errors(400, 401, 403, 404) } }
  }, async (req) => await dispatch.recommendations(req.params.id))

  app.post('/api/calls/:id/assignments', {
    config: { roles: DESK },
    schema: { tags: ['dispatch'], summary: 'Assign a team; 409 when the team or the call is no longer free', params: IdParams, body: AssignSchema, response: { 201: AssignmentResultSchema, ...errors(400, 401, 403, 404, 409) } }
  }, async (req, reply) => {
    const { events: _events, ...out } = await dispatch.assign(req.params.id, req.body.teamId, userOf(req), req.body.override)
    return reply.status(201).send(out)
  })

  app.post('/api/calls/:id/decline', {
    config: { roles: FIELD },
    schema: { tags: ['calls'], summary: 'Decline the assignment; the call goes back to the queue', params: IdParams, body: DeclineSchema, response: { 200: CallSchema, ...errors(400, 401, 403, 404, 409) } }
  }, async (req) => await dispatch.decline(req.params.id, req.body.reason, userOf(req), req.body.deviceTime))
}
