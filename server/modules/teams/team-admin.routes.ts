// HTTP routes for the roster's administration: retiring and reinstating teams, and their rotas.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ROLES, type Role } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { TeamsService } from './teams.service'
import { API } from '../../contracts/api'

const ALL: readonly Role[] = [...ROLES]
const ROSTER: readonly Role[] = ['admin', 'supervisor']

export const teamAdminRoutes: FastifyPluginAsyncTypebox<{ teams: TeamsService }> = async (app, { teams }) => {
  app.post(
    '/api/teams/:id/retire',
    {
      config: { roles: ROSTER },
      schema: {
        tags: ['teams'],
        summary: 'Retire a team: history kept, never recommended, left out of the roster (not while it works a call)',
        ...API['POST /api/teams/:id/retire']
      }
    },
    async (req) => await teams.retire(req.params.id, userOf(req))
  )

  app.post(
    '/api/teams/:id/reinstate',
    {
      config: { roles: ROSTER },
      schema: { tags: ['teams'], summary: 'Bring a retired team back to the roster, off duty', ...API['POST /api/teams/:id/reinstate'] }
    },
    async (req) => await teams.reinstate(req.params.id, userOf(req))
  )

  app.get(
    '/api/teams/:id/rota',
    {
      config: { roles: ALL },
      schema: {
        tags: ['teams'],
        summary:
          "The team's rota: weekly pattern and dated exceptions in TIME_ZONE, the shifts they give for the week ahead, the next change",
        ...API['GET /api/teams/:id/rota']
      }
    },
    async (req) => await teams.rota(req.params.id)
  )

  app.put(
    '/api/teams/:id/rota',
    {
      config: { roles: ROSTER },
      schema: {
        tags: ['teams'],
        summary: "Replace the team's rota; the server starts and ends its shifts from it",
        description:
          '{ "weekly": [{ "weekday": 1-7 (ISO, 1 = Monday), "start": "HH:MM", "end": "HH:MM" }], "exceptions": [{ "date": "YYYY-MM-DD", ' +
          '"off": true } | { "date", "start", "end" }] }, local times in TIME_ZONE. An end at or before the start runs overnight; equal ' +
          'start and end is a whole day. A rota that covers now puts the team on shift at the scheduler\'s next run; a shift that ends ' +
          'while the team works a call ends when the call does.',
        ...API['PUT /api/teams/:id/rota']
      }
    },
    async (req) => await teams.saveRota(req.params.id, req.body, userOf(req))
  )
}
