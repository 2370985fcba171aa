// HTTP routes for 911 transfers held until a dispatcher confirms where the caller is.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CallSchema, ReasonSchema, type Call } from '../../contracts/calls'
import { errors, IdParams } from '../../contracts/common'
import { LocateTransferSchema, TransferToLocateSchema } from '../../contracts/geocoding'
import { DESK } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { AuthUser } from '../auth/auth.service'
import type { CallsService } from './calls.service'

export interface ToLocateRoutesOptions {
  calls: CallsService
  afterIntake: (call: Call, actor: AuthUser) => Promise<Call>
}

export const toLocateRoutes: FastifyPluginAsyncTypebox<ToLocateRoutesOptions> = async (app, { calls, afterIntake }) => {
  app.get('/api/transfers/to-locate', {
    config: { roles: DESK },
    schema: {
      tags: ['calls'],
      summary: '911 transfers waiting for a location: the address as sent, why it was not placed, what was found, triage, in the queue\'s order',
      querystring: Type.Object({ all: Type.Optional(Type.Boolean({ description: 'Also the located and dismissed ones (last 500)' })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(TransferToLocateSchema) }), ...errors(400, 401, 403) }
    }
  }, async (req) => ({ items: await calls.listToLocate({ all: req.query.all }, userOf(req)) }))

  app.get('/api/transfers/to-locate/:id', {
    config: { roles: DESK },
    schema: { tags: ['calls'], summary: 'One held transfer', params: IdParams, response: { 200: TransferToLocateSchema, ...errors(400, 401, 403, 404) } }
  }, async (req) => await calls.getToLocate(req.params.id, userOf(req)))

  app.post('/api/transfers/to-locate/:id/locate', {
    config: { roles: DESK },
    schema: {
      tags: ['calls'],
      summary: 'Place a held transfer (a chosen candidate, a map click or typed coordinates): it becomes a call, triaged, received when the transfer came',
      params: IdParams,
      body: LocateTransferSchema,
      response: { 201: CallSchema, ...errors(400, 401, 403, 404, 409) }
    }
  }, async (req, reply) => {
    const actor = userOf(req)
    return reply.status(201).send(await afterIntake(await calls.locate(req.params.id, req.body, actor), actor))
  })

  app.post('/api/transfers/to-locate/:id/dismiss', {
    config: { roles: DESK },
    schema: { tags: ['calls'], summary: 'Close a held transfer without a call (not ours, a duplicate…), with a reason', params: IdParams, body: ReasonSchema, response: { 200: TransferToLocateSchema, ...errors(400, 401, 403, 404, 409) } }
  }, async (req) => await calls.dismiss(req.params.id, req.body.reason, userOf(req)))
}
