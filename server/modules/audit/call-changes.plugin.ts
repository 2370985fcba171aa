// Records every change of a call in the audit trail, with who made it, when and from which address: each
// successful non-GET request on a call (intake, a transfer in, an edit, an assignment, a field status, …)
// becomes one entry named after its route (call.create, call.update, call.assign, call.status, …). The
// change itself and its events are already committed; an entry that cannot be written is logged, and
// the events table still holds who changed what.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { AuditService } from './audit.service'

const NAMES: Record<string, string> = { assignments: 'assign', 'triage-override': 'triage_override' }

/** The audit action of a request that changes a call, or null for one that does not. */
export function callChangeAction (method: string, url: string | undefined): string | null {
  if (url === undefined || method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null
  if (url === '/api/calls' && method === 'POST') return 'call.create'
  if (url === '/api/interop/eido' && method === 'POST') return 'call.transfer_in'
  if (url === '/api/calls/:id') return method === 'PATCH' ? 'call.update' : `call.${method.toLowerCase()}`
  const m = /^\/api\/calls\/:id\/([a-z-]+)/.exec(url)
  if (m === null) return null
  return `call.${NAMES[m[1]] ?? m[1].replace(/-/g, '_')}`
}

function callIdOf (params: unknown, payload: unknown): string | null {
  const id = (params as { id?: unknown } | undefined)?.id
  if (typeof id === 'string') return id
  if (typeof payload !== 'string') return null
  try {
    const body = JSON.parse(payload) as { id?: unknown; call?: { id?: unknown } }
    const found = body.call?.id ?? body.id
    return typeof found === 'string' ? found : null
  } catch {
    return null
  }
}

export default fp(
  async function callChangesAudit (app: FastifyInstance, { audit }: { audit: AuditService }) {
    app.addHook('onSend', async (req, reply, payload) => {
      if (reply.statusCode >= 300 || req.user === null) return payload
      const action = callChangeAction(req.method, req.routeOptions.url)
      if (action === null) return payload
      const callId = callIdOf(req.params, payload)
      if (callId !== null) {
        await audit.recordChange(req.user.id, callId, action).catch((err: unknown) => {
          req.log.error({ err, action, callId }, 'audit entry of a call change failed')
        })
      }
      return payload
    })
  },
  { name: 'call-changes-audit', dependencies: ['auth'] }
)
