// A job every intervalMs while the app runs: it starts when the app is ready, never overlaps itself, and the app's
// close stops the timer, then waits for a run in flight so the database is not closed under it.
import type { FastifyInstance } from 'fastify'

export function runWhileOpen (app: FastifyInstance, intervalMs: number, what: string, job: () => Promise<void>): void {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  const tick = (): void => {
    if (running) return
    running = job()
      .catch((err: unknown) => {
        app.log.error({ err }, `${what} failed`)
      })
      .finally(() => {
        running = null
      })
  }
  app.addHook('onReady', async () => {
    timer = setInterval(tick, intervalMs)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
    await running
  })
}
