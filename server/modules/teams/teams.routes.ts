// HTTP routes for the roster, shifts, team status and positions.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Team } from '../../contracts/teams'
import { fieldError } from '../../lib/errors'
import { ROLES, type Role } from '../../contracts/users'
import { snapToGrid, toMinute } from '../../domain/grid'
import { userOf } from '../auth/auth.plugin'
import type { AuthUser } from '../auth/auth.service'
import type { TeamsService } from './teams.service'
import { API } from '../../contracts/api'

const ALL: readonly Role[] = [...ROLES]
const ROSTER: readonly Role[] = ['admin', 'supervisor']

/**
 * A team as the reader may see it. Dispatch roles see it all. A responder sees other teams' positions (they may need
 * backup) but not which call they are on. A planner sees patterns, not people: no call, and the position on a 500 m
 * grid at the minute.
 */
export function teamForViewer (t: Team, viewer: Pick<AuthUser, 'role' | 'teamId'>): Team {
  if (viewer.role === 'dispatcher' || viewer.role === 'supervisor' || viewer.role === 'admin') return t
  if (viewer.role === 'responder') return viewer.teamId === t.id ? t : { ...t, currentCallId: null }
  const position =
    t.position === null ? null : { ...t.position, ...snapToGrid(t.position.lat, t.position.lon), at: toMinute(t.position.at) }
  return { ...t, currentCallId: null, position }
}

export const teamsRoutes: FastifyPluginAsyncTypebox<{ teams: TeamsService }> = async (app, { teams }) => {
  app.get(
    '/api/teams',
    {
      config: { roles: ALL },
      schema: {
        tags: ['teams'],
        summary:
          'All teams with status, shift, next shift change and position (stale flagged); retired teams only when asked. Planners get ' +
          "positions on a 500 m grid and no current call; responders no other team's current call",
        ...API['GET /api/teams']
      }
    },
    async (req) => {
      const user = userOf(req)
      return (await teams.list(req.query.retired ?? 'exclude')).map((t) => teamForViewer(t, user))
    }
  )

  app.get(
    '/api/teams/:id',
    {
      config: { roles: ALL },
      schema: { tags: ['teams'], summary: 'One team (as GET /api/teams shows it to your role)', ...API['GET /api/teams/:id'] }
    },
    async (req) => teamForViewer(await teams.get(req.params.id), userOf(req))
  )

  app.post(
    '/api/teams',
    {
      config: { roles: ROSTER },
      schema: { tags: ['teams'], summary: 'Add a team to the roster', ...API['POST /api/teams'] }
    },
    async (req, reply) => reply.status(201).send(await teams.create(req.body, userOf(req)))
  )

  app.patch(
    '/api/teams/:id',
    {
      config: { roles: ROSTER },
      schema: {
        tags: ['teams'],
        summary: "Change a team's call sign, kind, capabilities, languages or base",
        ...API['PATCH /api/teams/:id']
      }
    },
    async (req) => await teams.update(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/teams/:id/shift',
    {
      config: { roles: ['admin', 'supervisor', 'dispatcher', 'responder'] },
      schema: { tags: ['teams'], summary: 'Start or end a shift', ...API['POST /api/teams/:id/shift'] }
    },
    async (req) => await teams.setShift(req.params.id, req.body.onShift, req.body.endsAt, userOf(req))
  )

  app.post(
    '/api/teams/:id/status',
    {
      config: { roles: ['supervisor', 'dispatcher', 'responder'] },
      schema: {
        tags: ['teams'],
        summary: 'Set a status outside a call (available, out of service with a reason and an expected return, recovering)',
        ...API['POST /api/teams/:id/status']
      }
    },
    async (req) => await teams.setStatus(req.params.id, req.body, userOf(req))
  )

  app.post(
    '/api/teams/:id/position',
    {
      config: {
        roles: ['supervisor', 'dispatcher', 'responder'],
        repeatsBy:
          'a fix is the team at lat/lon at deviceTime: sent again (any key, or none), it is kept once and answered with ' +
          'the team as it is, header idempotent-replayed: true'
      },
      schema: {
        tags: ['teams'],
        summary:
          "Report a position with the device's timestamp. It goes to the team's track; it becomes the team's position unless it is older " +
          'than the one held (sent late from an offline outbox). Consoles get positions on the live stream, batched once a second (no ' +
          'event is written)',
        ...API['POST /api/teams/:id/position']
      }
    },
    async (req, reply) => {
      const { team, repeated } = await teams.reportPosition(req.params.id, req.body, userOf(req))
      if (repeated) reply.header('idempotent-replayed', 'true')
      return team
    }
  )

  app.get(
    '/api/teams/:id/track',
    {
      config: { roles: ROSTER },
      schema: {
        tags: ['teams'],
        summary:
          "A team's track for review: every fix taken in [from, to), oldest first, late ones included; fixes are kept " +
          'POSITION_RETENTION_DAYS after they arrive',
        ...API['GET /api/teams/:id/track']
      }
    },
    async (req) => {
      const from = new Date(req.query.from)
      const to = req.query.to !== undefined ? new Date(req.query.to) : new Date()
      if (to.getTime() <= from.getTime()) throw fieldError('querystring/to', 'must be after from')
      return await teams.track(req.params.id, from, to, req.query.limit ?? 2000)
    }
  )
}
