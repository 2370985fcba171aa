// The acknowledgement sweeper: a timer that starts when the app is ready and stops when it closes.
// Each sweep reads its work from the database, so a restart (or a second process) loses nothing.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { DispatchService } from './dispatch.service'

export interface AckSweeperOptions {
  dispatch: DispatchService
  intervalMs: number
}

export default fp(async function ackSweeper (app: FastifyInstance, { dispatch, intervalMs }: AckSweeperOptions) {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null

  const tick = (): void => {
    if (running) return
    running = dispatch.sweep()
      .then((r) => { if (r.requeued || r.autoAssigned || r.unmetRecorded) app.log.info(r, 'sweep') })
      .catch((err: unknown) => { app.log.error({ err }, 'sweep failed') })
      .finally(() => { running = null })
  }

  app.addHook('onReady', async () => {
    timer = setInterval(tick, intervalMs)
    timer.unref()
  })
  // Stop the timer, then let a sweep in flight finish before the database closes.
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
    await running
  })
}, { name: 'ack-sweeper' })
