// The rota scheduler: a timer that starts when the app is ready and stops when it closes, like the
// acknowledgement sweeper. Each run reads the rotas and the boundaries already applied from the
// database and claims a boundary in the transaction that applies it, so every process may run it and
// a restart loses nothing (a boundary passed while no process ran is applied at the next run).
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { TeamsService } from './teams.service'

export interface RotaSchedulerOptions {
  teams: TeamsService
  intervalMs: number
}

export default fp(
  async function rotaScheduler (app: FastifyInstance, { teams, intervalMs }: RotaSchedulerOptions) {
    let timer: NodeJS.Timeout | null = null
    let running: Promise<void> | null = null

    const tick = (): void => {
      if (running) return
      running = teams
        .runRotas()
        .then((r) => {
          if (r.started || r.ended || r.finishingCall) app.log.info(r, 'rota run')
        })
        .catch((err: unknown) => {
          app.log.error({ err }, 'rota run failed')
        })
        .finally(() => {
          running = null
        })
    }

    app.addHook('onReady', async () => {
      tick()
      timer = setInterval(tick, intervalMs)
      timer.unref()
    })
    // Stop the timer, then let a run in flight finish before the database closes.
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer)
      await running
    })
  },
  { name: 'rota-scheduler' }
)
