// HTTP routes for responder safety: the emergency signal and its acknowledgement, check-ins on scene, and
// missed check-ins with their resolution.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { userOf } from '../auth/auth.plugin'
import type { SafetyService } from './safety.service'
import { API } from '../../contracts/api'

const DESK = ['dispatcher', 'supervisor'] as const
const CONSOLES = ['dispatcher', 'supervisor', 'admin'] as const
const FIELD = ['responder', 'dispatcher', 'supervisor'] as const

export const safetyRoutes: FastifyPluginAsyncTypebox<{ safety: SafetyService }> = async (app, { safety }) => {
  app.post(
    '/api/teams/:id/emergency',
    {
      // never limited: a team in danger may press again and again, and an outbox may resend
      config: { roles: FIELD, rateLimit: false },
      schema: {
        tags: ['safety'],
        summary:
          'Emergency (SOS) from a team: its position and current call go live to every console until a dispatcher or supervisor ' +
          'acknowledges it',
        description:
          "A responder of the team, or a dispatcher or supervisor on its behalf. A press while the team's emergency is open adds to it " +
          '(200); use Idempotency-Key for resends.',
        ...API['POST /api/teams/:id/emergency']
      }
    },
    async (req, reply) => {
      const { emergency, created } = await safety.raise(req.params.id, req.body, userOf(req))
      return reply.status(created ? 201 : 200).send(emergency)
    }
  )

  app.post(
    '/api/teams/:id/emergency/acknowledge',
    {
      config: { roles: DESK },
      schema: {
        tags: ['safety'],
        summary: "Acknowledge a team's open emergency (recorded with who did it)",
        ...API['POST /api/teams/:id/emergency/acknowledge']
      }
    },
    async (req) => await safety.acknowledge(req.params.id, userOf(req))
  )

  app.get(
    '/api/teams/:id/emergency',
    {
      config: { roles: ['responder', ...CONSOLES] },
      schema: {
        tags: ['safety'],
        summary: "The team's open emergency, or the last one acknowledged within the hour",
        ...API['GET /api/teams/:id/emergency']
      }
    },
    async (req) => ({ emergency: await safety.ofTeam(req.params.id, userOf(req)) })
  )

  app.get(
    '/api/emergencies',
    {
      config: { roles: CONSOLES },
      schema: { tags: ['safety'], summary: 'Open emergencies, then those acknowledged recently', ...API['GET /api/emergencies'] }
    },
    async (req) => await safety.list(req.query.recentMinutes)
  )

  app.get(
    '/api/calls/:id/check-ins',
    {
      config: { roles: ['responder', ...CONSOLES] },
      schema: {
        tags: ['safety'],
        summary: 'When the next "All OK?" is due on this call, its check-ins and misses',
        ...API['GET /api/calls/:id/check-ins']
      }
    },
    async (req) => await safety.checkInStatus(req.params.id, userOf(req))
  )

  app.post(
    '/api/calls/:id/check-ins',
    {
      config: { roles: FIELD, rateLimit: false },
      schema: {
        tags: ['safety'],
        summary: 'The team answers "All OK?" (the next check-in is due CHECK_IN_SECONDS later)',
        ...API['POST /api/calls/:id/check-ins']
      }
    },
    async (req, reply) => reply.status(201).send(await safety.checkIn(req.params.id, req.body.deviceTime, userOf(req)))
  )

  app.get(
    '/api/check-in-misses',
    {
      config: { roles: CONSOLES },
      schema: {
        tags: ['safety'],
        summary: 'Missed check-ins not yet resolved, then those resolved recently',
        ...API['GET /api/check-in-misses']
      }
    },
    async (req) => await safety.misses(req.query.recentMinutes)
  )

  app.post(
    '/api/check-in-misses/:id/resolve',
    {
      config: { roles: DESK },
      schema: {
        tags: ['safety'],
        summary: 'Record how a missed check-in was resolved',
        ...API['POST /api/check-in-misses/:id/resolve']
      }
    },
    async (req) => await safety.resolve(req.params.id, req.body, userOf(req))
  )
}
