// The check-in sweeper: a timer that starts when the app is ready and stops when it closes, like the
// acknowledgement sweeper. Each sweep reads its work from the database and raises a miss under a unique
// key, so every process may run it and a miss is raised once.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { SafetyService } from './safety.service'

export interface CheckInSweeperOptions {
  safety: SafetyService
  intervalMs: number
}

export default fp(async function checkInSweeper (app: FastifyInstance, { safety, intervalMs }: CheckInSweeperOptions) {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null

  const tick = (): void => {
    if (running) return
    running = safety.sweep()
      .then((r) => { if (r.missed) app.log.warn(r, 'check-ins missed') })
      .catch((err: unknown) => { app.log.error({ err }, 'check-in sweep failed') })
      .finally(() => { running = null })
  }

  app.addHook('onReady', async () => {
    timer = setInterval(tick, intervalMs)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
    await running
  })
}, { name: 'check-in-sweeper' })
