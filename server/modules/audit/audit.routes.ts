// HTTP route for the audit trail: who read which call's details, for supervisors and admins.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditListSchema, AuditQuerySchema } from '../../contracts/audit'
import { errors } from '../../contracts/common'
import type { AuditService } from './audit.service'

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get('/api/audit', {
    config: { roles: ['supervisor', 'admin'] },
    schema: { tags: ['audit'], summary: 'Reads of call details (who, when, which call), newest first; filter by call, user and time', querystring: AuditQuerySchema, response: { 200: AuditListSchema, ...errors(400, 401, 403) } }
  }, async (req) => await audit.list(req.query))
}
