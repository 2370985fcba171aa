// Request logs never carry a session token, even when a browser puts it in the websocket URL.
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app'
import { redactUrl } from '../../server/lib/log'
import { testConfig } from '../helpers/app'
import { createTestDb } from '../helpers/db'

describe('request logging', () => {
  it('redacts ?token= wherever it stands in the URL', () => {
    expect(redactUrl('/api/live?since=4&token=abc.def-1')).toBe('/api/live?since=4&token=[redacted]')
    expect(redactUrl('/api/live?token=abc&since=4')).toBe('/api/live?token=[redacted]&since=4')
    expect(redactUrl('/api/calls?status=queued')).toBe('/api/calls?status=queued')
  })

  it('logs the live stream request without the token it carried', async () => {
    const db = await createTestDb('pglite')
    const lines: string[] = []
    const stream = new Writable({
      write (chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      }
    })
    const app = await buildApp(testConfig(), { db, sweeper: false, logger: { level: 'info', stream } })
    try {
      await app.ready()
      const secret = 'sEcReT-session-token-1234567890'
      const r = await app.inject({ method: 'GET', url: `/api/live?since=0&token=${secret}` })

      expect(r.statusCode).toBe(401)
      const log = lines.join('')
      expect(log).toContain('/api/live?since=0&token=[redacted]')
      expect(log).not.toContain(secret)
    } finally {
      await app.close()
      await db.destroy()
    }
  })
})
