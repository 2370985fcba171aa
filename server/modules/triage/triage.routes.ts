// POST /api/triage: a dry run of the protocol for the intake form's live preview (nothing stored).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors } from '../../contracts/common'
import { TriageInputSchema, TriageResultSchema } from '../../contracts/triage'
import type { Answers } from '../../domain/triage/types'
import { triage } from '../../domain/triage'

export const triageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/triage', {
    config: { roles: ['dispatcher', 'supervisor', 'planner', 'admin', 'responder'] },
    schema: { tags: ['triage'], summary: 'Triage without saving anything (live preview)', body: TriageInputSchema, response: { 200: TriageResultSchema, ...errors(400, 401, 403) } }
  }, async (req) => triage({ answers: req.body.answers as Answers | undefined, narrative: req.body.narrative, callType: req.body.callType, personAge: req.body.personAge, placeKind: req.body.placeKind }))
}
