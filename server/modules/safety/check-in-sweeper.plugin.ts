// The check-in sweeper: a timer that starts when the app is ready and stops when it closes, like the
// acknowledgement sweeper. Each sweep reads its work from the database and raises a miss under a unique
// key, so every process may run it and a miss is raised once.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { runWhileOpen } from '../../lib/periodic'
import type { SafetyService } from './safety.service'

export interface CheckInSweeperOptions {
  safety: SafetyService
  intervalMs: number
}

export default fp(
  async function checkInSweeper (app: FastifyInstance, { safety, intervalMs }: CheckInSweeperOptions) {
    runWhileOpen(app, intervalMs, 'check-in sweep', async () => {
      const r = await safety.sweep()
      if (r.missed) app.log.warn(r, 'check-ins missed')
    })
  },
  { name: 'check-in-sweeper' }
)
