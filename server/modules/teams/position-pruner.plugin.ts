// The track's pruner: a timer that starts when the app is ready and stops when it closes, like the rota
// scheduler. Each run removes fixes older than POSITION_RETENTION_DAYS in batches with pauses between them;
// it needs nothing but the database, and several processes may run it at once (each skips the rows another
// is removing).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { TeamsService } from './teams.service'

export interface PositionPrunerOptions {
  teams: Pick<TeamsService, 'prunePositions'>
  intervalMs: number
}

export default fp(
  async function positionPruner (app: FastifyInstance, { teams, intervalMs }: PositionPrunerOptions) {
    let timer: NodeJS.Timeout | null = null
    let running: Promise<void> | null = null
    let closing = false

    const tick = (): void => {
      if (running || closing) return
      // a closing app stops between batches
      running = teams
        .prunePositions({ pauseMs: 200, stop: () => closing })
        .then((removed) => {
          if (removed > 0) app.log.info({ removed }, 'position track pruned')
        })
        .catch((err: unknown) => {
          app.log.error({ err }, 'position track pruning failed')
        })
        .finally(() => {
          running = null
        })
    }

    app.addHook('onReady', async () => {
      timer = setInterval(tick, intervalMs)
      timer.unref()
      // the first run a little after start, not in the way of start-up
      setTimeout(tick, Math.min(intervalMs, 30_000)).unref()
    })
    app.addHook('onClose', async () => {
      closing = true
      if (timer) clearInterval(timer)
      await running
    })
  },
  { name: 'position-pruner' }
)
