// Keeps this process's protocol in force in step with the database: at start, when another process
// activates a version (PostgreSQL LISTEN), and every `checkMs` in case a notification was lost. On
// PGlite there is one process, and activation swaps the protocol in directly.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type postgres from 'postgres'
import { PROTOCOL_CHANNEL, type ProtocolsService } from './protocols.service'

export interface ProtocolsPluginOptions {
  protocols: ProtocolsService
  pg: postgres.Sql | null
  /** The periodic check; 0 turns it off. */
  checkMs: number
}

export default fp(
  async function protocolsPlugin (app: FastifyInstance, { protocols, pg, checkMs }: ProtocolsPluginOptions) {
    const refresh = (why: string): void => {
      const before = protocols.current().version
      protocols
        .refresh()
        .then((p) => {
          if (p.version !== before) app.log.info({ from: before, to: p.version, why }, 'triage protocol in force changed')
        })
        .catch((err: unknown) => app.log.error({ err }, 'reading the triage protocol in force failed'))
    }
    if (pg) {
      const sub = await pg.listen(PROTOCOL_CHANNEL, () => {
        refresh('notified')
      })
      app.addHook('onClose', async () => {
        await sub.unlisten()
      })
    }
    if (pg && checkMs > 0) {
      const timer = setInterval(() => {
        refresh('periodic check')
      }, checkMs)
      timer.unref()
      app.addHook('onClose', async () => {
        clearInterval(timer)
      })
    }
  },
  { name: 'triage-protocols' }
)
