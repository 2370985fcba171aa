// HTTP routes for calls: intake, list, detail, triage edits and lifecycle actions.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type Call } from '../../contracts/calls'
import { DESK, FIELD } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { AuthUser } from '../auth/auth.service'
import type { CallsService } from './calls.service'
import { API } from '../../contracts/api'

export interface CallsRoutesOptions {
  calls: CallsService
  /** What happens to a new call after intake (auto-dispatch); returns the call as it then stands. */
  afterIntake: (call: Call, actor: AuthUser) => Promise<Call>
}

export const callsRoutes: FastifyPluginAsyncTypebox<CallsRoutesOptions> = async (app, { calls, afterIntake }) => {
  app.post(
    '/api/calls',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary: 'Take a call: triage it and queue or refer it',
        ...API['POST /api/calls']
      }
    },
    async (req, reply) => {
      const actor = userOf(req)
      return reply.status(201).send(await afterIntake((await calls.create(req.body, actor)).call, actor))
    }
  )

  app.get(
    '/api/calls',
    {
      config: { roles: FIELD },
      schema: {
        tags: ['calls'],
        summary:
          'List and search calls, newest first: open ones, or the history (status=closed,cancelled,referred) by time, address, area, ' +
          'call type, category, response, team, disposition. Each read is audited (calls.list) with the ids it returned',
        ...API['GET /api/calls']
      }
    },
    async (req) => {
      const actor = userOf(req)
      // A responder sees only their own team's calls.
      const q =
        actor.role === 'responder' ? { ...req.query, teamId: actor.teamId ?? '00000000-0000-0000-0000-000000000000' } : req.query
      return await calls.list(q, actor)
    }
  )

  app.get(
    '/api/calls/:id',
    {
      config: { roles: FIELD },
      schema: { tags: ['calls'], summary: 'A call with its timeline, triage history and assignments', ...API['GET /api/calls/:id'] }
    },
    async (req) => await calls.get(req.params.id, userOf(req))
  )

  app.patch(
    '/api/calls/:id',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary: 'Update details; the call is triaged again and the history kept',
        ...API['PATCH /api/calls/:id']
      }
    },
    async (req) => await calls.update(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/triage-override',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary: 'Override the protocol, with a reason (audited)',
        ...API['POST /api/calls/:id/triage-override']
      }
    },
    async (req) => await calls.override(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/cancel',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary: 'Cancel a call with a reason (and its code); a committed team is released',
        ...API['POST /api/calls/:id/cancel']
      }
    },
    async (req) => await calls.cancel(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/requeue',
    {
      config: { roles: DESK },
      schema: {
        tags: ['calls'],
        summary: 'Take a call referred out back into the queue, with a reason; its wait counts from when it was first received',
        ...API['POST /api/calls/:id/requeue']
      }
    },
    async (req) => await calls.requeue(req.params.id, req.body.reason, userOf(req))
  )

  app.post(
    '/api/calls/:id/notes',
    {
      config: { roles: FIELD },
      schema: {
        tags: ['calls'],
        summary: 'Add a note to a call (timestamped, signed, on the timeline; the text is never in events or the live stream)',
        ...API['POST /api/calls/:id/notes']
      }
    },
    async (req, reply) => reply.status(201).send(await calls.addNote(req.params.id, req.body.text, userOf(req)))
  )

  app.post(
    '/api/calls/:id/refer',
    {
      config: { roles: FIELD },
      schema: {
        tags: ['calls'],
        summary:
          'Refer out to police, EMS, fire or the 988 line; a care-eligible call no team reached needs unmetReason (why no care team went)',
        ...API['POST /api/calls/:id/refer']
      }
    },
    async (req) => await calls.refer(req.params.id, req.body.to, req.body.reason, userOf(req), req.body.unmetReason)
  )

  app.post(
    '/api/calls/:id/backup',
    {
      config: { roles: FIELD },
      schema: { tags: ['calls'], summary: 'Request backup for a committed team', ...API['POST /api/calls/:id/backup'] }
    },
    async (req) => await calls.requestBackup(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/status',
    {
      config: { roles: FIELD },
      schema: {
        tags: ['calls'],
        summary: 'Field status: acknowledged → en_route → on_scene → [transporting → at_facility]',
        ...API['POST /api/calls/:id/status']
      }
    },
    async (req) => await calls.fieldStatus(req.params.id, req.body.status, req.body.deviceTime, userOf(req), req.body.facilityId)
  )

  app.post(
    '/api/calls/:id/close',
    {
      config: { roles: FIELD },
      schema: { tags: ['calls'], summary: 'Close with a disposition; the team clears', ...API['POST /api/calls/:id/close'] }
    },
    async (req) => await calls.close(req.params.id, req.body, userOf(req))
  )
}
