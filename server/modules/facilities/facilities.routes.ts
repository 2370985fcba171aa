// HTTP routes for facilities and their capacity (a facility's staff or its own system reports it), the hand-off at the
// door of a transport, and the transports report.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ROLES } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import { REPORT_READERS } from '../reports/reports.routes'
import type { FacilitiesService } from './facilities.service'
import { API } from '../../contracts/api'

/** Who reports a facility's capacity: its own staff (their facility only), the desk on the phone with it, admins. */
const CAPACITY = ['facility', 'dispatcher', 'supervisor', 'admin'] as const
const FIELD = ['responder', 'dispatcher', 'supervisor'] as const

export const facilitiesRoutes: FastifyPluginAsyncTypebox<{ facilities: FacilitiesService }> = async (app, { facilities }) => {
  app.get(
    '/api/facilities',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['facilities'],
        summary: 'Facilities with their live capacity; with near=lat,lon ranked by travel time (those full or not accepting last)',
        description:
          'kind: one kind or several, comma-separated. Capacity is stale when never reported or older than CAPACITY_STALE_HOURS.',
        ...API['GET /api/facilities']
      }
    },
    async (req) => await facilities.list(req.query)
  )

  app.get(
    '/api/facilities/:id',
    {
      config: { roles: ROLES },
      schema: {
        tags: ['facilities'],
        summary: 'One facility with its capacity',
        ...API['GET /api/facilities/:id']
      }
    },
    async (req) => await facilities.get(req.params.id)
  )

  app.post(
    '/api/facilities',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['facilities'], summary: 'Add a facility', ...API['POST /api/facilities'] }
    },
    async (req, reply) => reply.status(201).send(await facilities.create(req.body, userOf(req)))
  )

  app.patch(
    '/api/facilities/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['facilities'],
        summary: 'Change a facility (name, kind, address, position, hours, what it accepts), or retire or reinstate it',
        ...API['PATCH /api/facilities/:id']
      }
    },
    async (req) => await facilities.update(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/facilities/:id/capacity',
    {
      config: { roles: CAPACITY },
      schema: {
        tags: ['facilities'],
        summary: "Report the facility's capacity now (beds or chairs free, accepting or not): live to every console",
        description: "A facility user for their own facility (or the facility's own system signed in as one), or the desk and admins.",
        ...API['POST /api/facilities/:id/capacity']
      }
    },
    async (req) => await facilities.updateCapacity(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/calls/:id/handoff',
    {
      config: { roles: FIELD },
      schema: {
        tags: ['facilities'],
        summary: "At the facility's door: the person was accepted, or turned away with a reason",
        ...API['POST /api/calls/:id/handoff']
      }
    },
    async (req, reply) => reply.status(201).send(await facilities.handoff(req.params.id, req.body, userOf(req)))
  )

  app.get(
    '/api/calls/:id/transports',
    {
      config: { roles: [...FIELD, 'admin'] },
      schema: {
        tags: ['facilities'],
        summary: "The call's transports and what happened at each door",
        ...API['GET /api/calls/:id/transports']
      }
    },
    async (req) => await facilities.transportsOf(req.params.id, userOf(req))
  )

  app.get(
    '/api/reports/transports',
    {
      config: { roles: REPORT_READERS },
      schema: {
        tags: ['reports'],
        summary: 'Transports by facility, and turn-aways by reason and by facility (counts under 5 suppressed)',
        ...API['GET /api/reports/transports']
      }
    },
    async (req) => await facilities.report(req.query)
  )
}
