// HTTP routes for 911 transfers held until a dispatcher confirms where the caller is.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type Call } from '../../contracts/calls'
import { DESK } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { AuthUser } from '../auth/auth.service'
import type { CallsService } from './calls.service'
import { API } from '../../contracts/api'

export interface ToLocateRoutesOptions {
  calls: CallsService
  afterIntake: (call: Call, actor: AuthUser) => Promise<Call>
}

export const toLocateRoutes: FastifyPluginAsyncTypebox<ToLocateRoutesOptions> = async (app, { calls, afterIntake }) => {
  app.get(
    '/api/transfers/to-locate',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary:
          "911 transfers waiting for a location: the address as sent, why it was not placed, what was found, triage, in the queue's order",
        ...API['GET /api/transfers/to-locate']
      }
    },
    async (req) => ({ items: await calls.listToLocate({ all: req.query.all }, userOf(req)) })
  )

  app.get(
    '/api/transfers/to-locate/:id',
    {
      config: { roles: DESK },
      schema: { tags: ['calls'], summary: 'One held transfer', ...API['GET /api/transfers/to-locate/:id'] }
    },
    async (req) => await calls.getToLocate(req.params.id, userOf(req))
  )

  app.post(
    '/api/transfers/to-locate/:id/locate',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary:
          'Place a held transfer (a chosen candidate, a map click or typed coordinates): it becomes a call, triaged, received when the ' +
          'transfer came',
        ...API['POST /api/transfers/to-locate/:id/locate']
      }
    },
    async (req, reply) => {
      const actor = userOf(req)
      return reply.status(201).send(await afterIntake(await calls.locate(req.params.id, req.body, actor), actor))
    }
  )

  app.post(
    '/api/transfers/to-locate/:id/dismiss',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary: 'Close a held transfer without a call (not ours, a duplicate…), with a reason',
        ...API['POST /api/transfers/to-locate/:id/dismiss']
      }
    },
    async (req) => await calls.dismiss(req.params.id, req.body.reason, userOf(req))
  )
}
