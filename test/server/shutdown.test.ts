// Graceful shutdown: requests in flight when the server is told to stop complete, and live clients are
// told to reconnect (a stream.reconnect message, then close code 1012), so nothing is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createTestDb, type TestDb } from '../helpers/db'
import { ELIGIBLE, SAFE_ANSWERS, setup, type Fixture } from '../helpers/app'

describe('graceful shutdown', () => {
  let db: TestDb
  let f: Fixture
  beforeAll(async () => {
    db = await createTestDb('pglite')
    f = await setup('pglite', { db })
  })
  afterAll(async () => {
    await db.destroy()
  })

  it('finishes the requests in flight and tells live clients to reconnect', async () => {
    await f.app.listen({ port: 0, host: '127.0.0.1' })
    const port = (f.app.server.address() as { port: number }).port
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live?token=${f.tokens.dispatcher}`)
    const messages: string[] = []
    ws.on('message', (d) => messages.push(String(d)))
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    await new Promise<void>((resolve) => ws.on('open', () => resolve()))
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (messages.some((m) => m.includes('stream.live'))) {
          clearInterval(t)
          resolve()
        }
      }, 10)
    })

    // Several intakes received by the server, then the stop signal before any has answered. (A request
    // the server has not yet accepted when it stops is refused at the socket: the client retries it.)
    let received = 0
    f.app.server.on('request', () => {
      received++
    })
    const inFlight = Array.from(
      { length: 5 },
      async (_, i) =>
        await fetch(`http://127.0.0.1:${port}/api/calls`, {
          method: 'POST',
          headers: { authorization: `Bearer ${f.tokens.dispatcher}`, 'content-type': 'application/json' },
          body: JSON.stringify({ location: { lat: 34.05, lon: -118.25 }, narrative: `${ELIGIBLE} (${i})`, answers: SAFE_ANSWERS })
        })
    )
    // eslint-disable-next-line no-unmodified-loop-condition -- the request listener counts
    while (received < 5) await new Promise((resolve) => setTimeout(resolve, 1))
    const closing = f.app.close()
    const answers = await Promise.all(inFlight)
    await closing

    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id))
    const stored = await db.db.selectFrom('calls').select('id').where('id', 'in', ids).execute()
    expect(stored).toHaveLength(5)
    expect(await closed).toBe(1012)
    expect(messages.some((m) => JSON.parse(m).type === 'stream.reconnect')).toBe(true)
  })
})
