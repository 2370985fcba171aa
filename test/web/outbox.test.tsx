// Offline outbox: queued with device time, replayed in order when back, refused items set aside.
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../web/api/client'
import { Outbox } from '../../web/field/outbox'

function memoryStore () {
  const m = new Map<string, string>()
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => {
      m.set(k, v)
    }
  }
}

describe(Outbox.name, () => {
  it('keeps actions taken offline, with their device time, and replays them in order when back online', async () => {
    let online = false
    const sent: Array<{ path: string; body: Record<string, unknown> }> = []
    let t = Date.parse('2026-01-01T10:00:00Z')
    const box = new Outbox(
      'k',
      async (path, body) => {
        if (!online) throw new TypeError('Failed to fetch')
        sent.push({ path, body })
      },
      memoryStore(),
      () => new Date(t)
    )

    await box.add('En route', '/api/calls/1/status', { status: 'en_route' })
    t += 60_000
    await box.add('On scene', '/api/calls/1/status', { status: 'on_scene' })
    expect(box.items.map((i) => i.label)).toEqual(['En route', 'On scene'])

    online = true
    t += 600_000
    await box.flush()

    expect(box.items).toHaveLength(0)
    expect(sent.map((s) => s.body.status)).toEqual(['en_route', 'on_scene'])
    expect(sent.map((s) => s.body.deviceTime)).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T10:01:00.000Z'])
  })

  it('sends each item with its own id as the Idempotency-Key, the same on every resend', async () => {
    const keys: string[] = []
    let fail = true
    const box = new Outbox(
      'k',
      async (_path, _body, key) => {
        keys.push(key)
        if (fail) throw new TypeError('Failed to fetch')
      },
      memoryStore()
    )

    await box.add('En route', '/api/calls/1/status', { status: 'en_route' })
    const id = box.items[0].id
    fail = false
    await box.flush()
    await box.add('On scene', '/api/calls/1/status', { status: 'on_scene' })

    expect(keys.slice(0, 2)).toEqual([id, id])
    expect(keys[2]).not.toBe(id)
  })

  it('survives a reload (localStorage)', async () => {
    const store = memoryStore()
    const offline = async () => {
      throw new TypeError('Failed to fetch')
    }
    await new Outbox('k', offline, store).add('Backup: police', '/api/calls/1/backup', { need: 'police', reason: 'x' })

    const again = new Outbox('k', offline, store)

    expect(again.items.map((i) => i.label)).toEqual(['Backup: police'])
  })

  it('sets aside an action the server refuses and sends the rest', async () => {
    const sent: string[] = []
    const box = new Outbox(
      'k',
      async (path) => {
        if (path === '/bad') throw new ApiError(409, 'CD_INVALID_TRANSITION', 'cannot')
        sent.push(path)
      },
      memoryStore()
    )

    await box.add('bad', '/bad', {})
    await box.add('good', '/good', {})

    expect(sent).toEqual(['/good'])
    expect(box.rejected.map((r) => r.item.label)).toEqual(['bad'])
  })

  it('keeps only the newest position', async () => {
    const box = new Outbox(
      'k',
      async () => {
        throw new TypeError('offline')
      },
      memoryStore()
    )

    await box.add('Location', '/p', { lat: 1 }, 'position')
    await box.add('Location', '/p', { lat: 2 }, 'position')

    expect(box.items.map((i) => i.body.lat)).toEqual([2])
  })
})

describe('Outbox.flush', () => {
  it('still sends after a flush of an empty outbox', async () => {
    const sent: string[] = []
    const box = new Outbox(
      'k',
      async (p) => {
        sent.push(p)
      },
      memoryStore()
    )

    await box.flush()
    await box.add('Acknowledge', '/a', {})

    expect(sent).toEqual(['/a'])
  })

  it('sends an emergency first when the connection returns, ahead of older actions but behind an older emergency', async () => {
    let online = false
    const sent: string[] = []
    const box = new Outbox(
      'k',
      async (path) => {
        if (!online) throw new TypeError('Failed to fetch')
        sent.push(path)
      },
      memoryStore()
    )

    await box.add('On scene', '/api/calls/1/status', { status: 'on_scene' })
    await box.add('Location', '/api/teams/t/position', { lat: 1, lon: 2 }, 'position')
    await box.add('EMERGENCY', '/api/teams/t/emergency', {}, undefined, { urgent: true })
    await box.add('EMERGENCY again', '/api/teams/t/emergency?2', {}, undefined, { urgent: true })
    expect(box.urgentPending).toBe(true)
    online = true
    await box.flush()

    expect(sent).toEqual(['/api/teams/t/emergency', '/api/teams/t/emergency?2', '/api/calls/1/status', '/api/teams/t/position'])
    expect(box.urgentPending).toBe(false)
  })

  it('keeps the item on the wire in place when an emergency is queued while it is being sent', async () => {
    const sent: string[] = []
    let release: () => void = () => {}
    const box = new Outbox(
      'k',
      async (path) => {
        if (path.endsWith('status')) {
          await new Promise<void>((resolve) => {
            release = resolve
          })
        }
        sent.push(path)
      },
      memoryStore()
    )

    const first = box.add('On scene', '/api/calls/1/status', { status: 'on_scene' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    const sos = box.add('EMERGENCY', '/api/teams/t/emergency', {}, undefined, { urgent: true })
    release()
    await Promise.all([first, sos])
    await box.flush()

    expect(sent).toEqual(['/api/calls/1/status', '/api/teams/t/emergency'])
    expect(box.items).toHaveLength(0)
  })
})
