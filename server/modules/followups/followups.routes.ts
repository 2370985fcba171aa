// HTTP routes for follow-ups and referrals. The worklist is for the staff who call people back (navigators) and
// supervisors; the team on the call and the dispatch desk schedule follow-ups and record referrals.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Role } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { FollowUpsService } from './followups.service'
import { API } from '../../contracts/api'

/** Who works the follow-up worklist. */
export const FOLLOW_UP_STAFF: readonly Role[] = ['navigator', 'supervisor', 'admin']
/** Who schedules a follow-up or records a referral on a call: the desk, the team on it (its own call), navigators. */
const ON_A_CALL: readonly Role[] = ['dispatcher', 'supervisor', 'responder', 'navigator']
/** Who moves a referral on (the service said yes, no, or done). */
const REFERRAL_STAFF: readonly Role[] = ['navigator', 'supervisor', 'dispatcher']

export const followUpsRoutes: FastifyPluginAsyncTypebox<{ followUps: FollowUpsService }> = async (app, { followUps }) => {
  app.post(
    '/api/calls/:id/follow-ups',
    {
      config: { roles: ON_A_CALL },
      schema: {
        tags: ['follow-ups'],
        summary:
          'Schedule a follow-up of a call: when to call the person back, and why (personal health data: never in events or reports)',
        ...API['POST /api/calls/:id/follow-ups']
      }
    },
    async (req, reply) => reply.status(201).send(await followUps.schedule(req.params.id, req.body, userOf(req)))
  )

  app.get(
    '/api/reports/follow-ups',
    {
      config: { roles: ['planner', 'supervisor', 'admin'] },
      schema: {
        tags: ['reports'],
        summary:
          'Follow-ups done on time and referrals completed: counts only (never a note, a person or a service), small cells suppressed',
        ...API['GET /api/reports/follow-ups']
      }
    },
    async (req) => await followUps.report(req.query)
  )

  app.get(
    '/api/follow-ups',
    {
      config: { roles: FOLLOW_UP_STAFF },
      schema: {
        tags: ['follow-ups'],
        summary: 'The follow-up worklist: due (soonest first), overdue (past their due time) or done; each read is audited per call',
        ...API['GET /api/follow-ups']
      }
    },
    async (req) => await followUps.list(req.query.status ?? 'due', req.query.limit ?? 100, userOf(req))
  )

  app.post(
    '/api/follow-ups/:id/attempts',
    {
      config: { roles: FOLLOW_UP_STAFF },
      schema: {
        tags: ['follow-ups'],
        summary: 'Record an attempt to reach the person: reached, no answer, declined or wrong number, with a note',
        ...API['POST /api/follow-ups/:id/attempts']
      }
    },
    async (req, reply) => reply.status(201).send(await followUps.attempt(req.params.id, req.body, userOf(req)))
  )

  app.post(
    '/api/follow-ups/:id/complete',
    {
      config: { roles: FOLLOW_UP_STAFF },
      schema: {
        tags: ['follow-ups'],
        summary: 'Complete a follow-up (409 when it already is)',
        ...API['POST /api/follow-ups/:id/complete']
      }
    },
    async (req) => await followUps.complete(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/referrals',
    {
      config: { roles: ON_A_CALL },
      schema: {
        tags: ['follow-ups'],
        summary: 'Record a referral made for the person: to which service or facility, for what (status sent)',
        ...API['POST /api/calls/:id/referrals']
      }
    },
    async (req, reply) => reply.status(201).send(await followUps.refer(req.params.id, req.body, userOf(req)))
  )

  app.patch(
    '/api/referrals/:id',
    {
      config: { roles: REFERRAL_STAFF },
      schema: {
        tags: ['follow-ups'],
        summary: 'Move a referral on: sent → accepted or declined; accepted → completed (409 otherwise), with the date',
        ...API['PATCH /api/referrals/:id']
      }
    },
    async (req) => await followUps.moveReferral(req.params.id, req.body.status, userOf(req))
  )
}
