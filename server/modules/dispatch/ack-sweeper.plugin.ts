// The acknowledgement sweeper: a timer that starts when the app is ready and stops when it closes.
// Each sweep reads its work from the database, so a restart (or a second process) loses nothing.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { runWhileOpen } from '../../lib/periodic'
import type { DispatchService } from './dispatch.service'

export interface AckSweeperOptions {
  dispatch: DispatchService
  intervalMs: number
}

export default fp(
  async function ackSweeper (app: FastifyInstance, { dispatch, intervalMs }: AckSweeperOptions) {
    runWhileOpen(app, intervalMs, 'sweep', async () => {
      const r = await dispatch.sweep()
      if (r.requeued || r.autoAssigned || r.unmetRecorded) app.log.info(r, 'sweep')
    })
  },
  { name: 'ack-sweeper' }
)
