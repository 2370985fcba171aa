// HTTP routes for the audit trail: who read or changed which call (and who changed which user, team or
// protocol), when and from where; for supervisors and admins, as JSON pages or a CSV export.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AuditService } from './audit.service'
import { API } from '../../contracts/api'

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/api/audit',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['audit'],
        summary:
          'Reads and changes of calls, and administrative changes (who, when, from which address), newest first; filter by call, user, ' +
          'action, subject and time',
        ...API['GET /api/audit']
      }
    },
    async (req) => await audit.list(req.query)
  )

  app.get(
    '/api/audit/export',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail with the same filters, as CSV (newest first, at most 100,000 rows)',
        description:
          'Columns: at, user_email, user_role, action, call_id, subject, client_address, detail. Header x-audit-truncated: true when the ' +
          'filters matched more rows than one export holds.',
        ...API['GET /api/audit/export']
      }
    },
    async (req, reply) => {
      const out = await audit.exportCsv(req.query)
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
      return await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .header('x-audit-truncated', String(out.truncated))
        .send(out.csv)
    }
  )
}
