// HTTP routes of the planner's workspace (planners and admins): scenarios, runs and the history a scenario is
// built from. The simulator itself runs in the planner's browser; the server stores, validates and serves.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Role } from '../../contracts/users'
import { userOf } from '../auth/auth.plugin'
import type { PlanningService } from './planning.service'
import { API } from '../../contracts/api'

export const PLANNERS: readonly Role[] = ['planner', 'admin']
const tags = ['planning']

export const planningRoutes: FastifyPluginAsyncTypebox<{ planning: PlanningService; codeVersion: string }> = async (
  app,
  { planning, codeVersion }
) => {
  app.get(
    '/api/planning/scenarios',
    {
      config: { roles: PLANNERS },
      schema: { tags, summary: "Scenarios: the shipped ones (read-only) and planners' own", ...API['GET /api/planning/scenarios'] }
    },
    async (req) => await planning.list(userOf(req))
  )

  app.post(
    '/api/planning/scenarios',
    {
      config: { roles: PLANNERS },
      schema: {
        tags,
        summary: 'Save a new scenario (validated as `npm run simulate -- validate` does)',
        ...API['POST /api/planning/scenarios']
      }
    },
    async (req, reply) => reply.status(201).send(await planning.create(req.body.document, userOf(req)))
  )

  app.post(
    '/api/planning/scenarios/import',
    {
      config: { roles: PLANNERS },
      bodyLimit: 25 * 1024 * 1024,
      schema: { tags, summary: 'Import a scenario file (its text, as the CLI reads it)', ...API['POST /api/planning/scenarios/import'] }
    },
    async (req, reply) => reply.status(201).send(await planning.importText(req.body.text, userOf(req)))
  )

  app.get(
    '/api/planning/scenarios/:id',
    {
      config: { roles: PLANNERS },
      schema: { tags, summary: 'One scenario with its document', ...API['GET /api/planning/scenarios/:id'] }
    },
    async (req) => await planning.get(req.params.id, userOf(req))
  )

  app.get(
    '/api/planning/scenarios/:id/export',
    {
      config: { roles: PLANNERS },
      schema: {
        tags,
        summary: 'The scenario file, byte for byte what `npm run simulate -- FILE` reads (its SHA-256 is the scenario hash)',
        ...API['GET /api/planning/scenarios/:id/export']
      }
    },
    async (req, reply) => {
      const f = await planning.exportText(req.params.id, userOf(req))
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(f.text as unknown as Record<string, unknown>)
    }
  )

  app.put(
    '/api/planning/scenarios/:id',
    {
      config: { roles: PLANNERS },
      schema: {
        tags,
        summary: "Save an edited scenario (its owner or an admin; 403 for another planner's)",
        ...API['PUT /api/planning/scenarios/:id']
      }
    },
    async (req) => await planning.replace(req.params.id, req.body.document, userOf(req))
  )

  app.patch(
    '/api/planning/scenarios/:id',
    {
      config: { roles: PLANNERS },
      schema: { tags, summary: 'Rename a scenario (its owner or an admin)', ...API['PATCH /api/planning/scenarios/:id'] }
    },
    async (req) => await planning.rename(req.params.id, req.body.name, userOf(req))
  )

  app.post(
    '/api/planning/scenarios/:id/duplicate',
    {
      config: { roles: PLANNERS },
      schema: {
        tags,
        summary: 'Copy a scenario (shipped ones included) into a new one of your own',
        ...API['POST /api/planning/scenarios/:id/duplicate']
      }
    },
    async (req, reply) => reply.status(201).send(await planning.duplicate(req.params.id, req.body.name, userOf(req)))
  )

  app.delete(
    '/api/planning/scenarios/:id',
    {
      config: { roles: PLANNERS },
      schema: {
        tags,
        summary: 'Delete a scenario (its owner or an admin; its runs stay, naming it)',
        ...API['DELETE /api/planning/scenarios/:id']
      }
    },
    async (req, reply) => {
      await planning.remove(req.params.id, userOf(req))
      return await reply.status(204).send(null)
    }
  )

  app.get(
    '/api/planning/runs',
    {
      config: { roles: PLANNERS },
      schema: { tags, summary: 'Saved runs, newest first (of one scenario with ?scenario=ID)', ...API['GET /api/planning/runs'] }
    },
    async (req) => await planning.runs(req.query.scenario, userOf(req))
  )

  app.post(
    '/api/planning/runs',
    {
      config: { roles: PLANNERS },
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Save a finished run: summary.json with its scenario hash, seed, replications and code version',
        ...API['POST /api/planning/runs']
      }
    },
    async (req, reply) => reply.status(201).send(await planning.saveRun(req.body, userOf(req)))
  )

  app.get(
    '/api/planning/runs/:id',
    {
      config: { roles: PLANNERS },
      schema: { tags, summary: 'One saved run with its summary.json', ...API['GET /api/planning/runs/:id'] }
    },
    async (req) => await planning.run(req.params.id, userOf(req))
  )

  app.delete(
    '/api/planning/runs/:id',
    {
      config: { roles: PLANNERS },
      schema: { tags, summary: 'Delete a saved run (its owner or an admin)', ...API['DELETE /api/planning/runs/:id'] }
    },
    async (req, reply) => {
      await planning.removeRun(req.params.id, userOf(req))
      return await reply.status(204).send(null)
    }
  )

  app.get(
    '/api/planning/history',
    {
      config: { roles: PLANNERS },
      schema: {
        tags,
        summary:
          "Calls of a period (live, imported or both) as times, triage results and areas, with today's roster: no caller, address, " +
          'coordinates or narrative',
        ...API['GET /api/planning/history']
      }
    },
    async (req) => await planning.history(req.query)
  )

  app.get(
    '/api/planning/code-version',
    {
      config: { roles: PLANNERS },
      schema: {
        tags,
        summary: 'The simulator code version this server was built from (the browser worker carries its own)',
        ...API['GET /api/planning/code-version']
      }
    },
    async () => ({ codeVersion })
  )
}
