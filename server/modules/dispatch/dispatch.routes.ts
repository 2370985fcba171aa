// HTTP routes for dispatch: the queue, recommendations, assignment and decline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DESK, FIELD } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { DispatchService } from './dispatch.service'
import { API } from '../../contracts/api'

export const dispatchRoutes: FastifyPluginAsyncTypebox<{ dispatch: DispatchService }> = async (app, { dispatch }) => {
  app.get(
    '/api/queue',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary:
          'Waiting calls in dispatch order: priority with aging from when each was first received (waitingSince), never plain FIFO. The ' +
          "caller's name and number, the guardian's number and the narrative are null here (read them on the call); each read is audited " +
          '(queue.read) with the ids it returned',
        ...API['GET /api/queue']
      }
    },
    async (req) => await dispatch.queue(userOf(req))
  )

  app.get(
    '/api/calls/:id/recommendations',
    {
      config: { roles: DESK },
      schema: {
        tags: ['dispatch'],
        summary:
          'Eligible teams ranked by estimated travel time, with shortfalls; and every team beside them (ETA, distance, why not ' +
          'recommended) for an informed override',
        ...API['GET /api/calls/:id/recommendations']
      }
    },
    async (req) => await dispatch.recommendations(req.params.id)
  )

  app.post(
    '/api/calls/:id/assignments',
    {
      config: { roles: DESK },
      schema: {
        tags: ['dispatch'],
        summary: 'Assign a team; 409 when the team or the call is no longer free',
        ...API['POST /api/calls/:id/assignments']
      }
    },
    async (req, reply) => {
      const { events: _events, ...out } = await dispatch.assign(req.params.id, req.body.teamId, userOf(req), req.body.override)
      return reply.status(201).send(out)
    }
  )

  app.post(
    '/api/calls/:id/unassign',
    {
      config: { roles: DESK },
      schema: {
        tags: ['dispatch'],
        summary:
          'Take the team off a call (assigned, acknowledged or en route), with a reason: the team is released, the call goes back to the ' +
          'queue',
        ...API['POST /api/calls/:id/unassign']
      }
    },
    async (req) => await dispatch.unassign(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/reassign',
    {
      config: { roles: DESK },
      schema: {
        tags: ['dispatch'],
        summary:
          'Give a call (assigned, acknowledged or en route) to another free team, with a reason, in one transaction; 409 when that team ' +
          'is not free',
        ...API['POST /api/calls/:id/reassign']
      }
    },
    async (req) => await dispatch.reassign(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/decline',
    {
      config: { roles: FIELD },
      schema: {
        tags: ['calls'],
        summary: 'Decline the assignment; the call goes back to the queue',
        ...API['POST /api/calls/:id/decline']
      }
    },
    async (req) => await dispatch.decline(req.params.id, req.body.reason, userOf(req), req.body.deviceTime)
  )
}
