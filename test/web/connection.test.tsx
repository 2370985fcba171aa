// Stream client: dispatch by type, resume with the last seq after a drop, drop duplicates, heartbeat.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LiveConnection } from '../../web/realtime/connection'

class FakeSocket {
  static all: FakeSocket[] = []
  onopen: (() => void) | null = null
  onmessage: ((m: { data: string }) => void) | null = null
  onclose: ((ev?: { code: number }) => void) | null = null
  onerror: (() => void) | null = null
  sent: string[] = []
  closed = false
  constructor (public url: string) {
    FakeSocket.all.push(this)
  }

  send (s: string) {
    this.sent.push(s)
  }

  close () {
    this.closed = true
  }

  open () {
    this.onopen?.()
  }

  msg (o: object) {
    this.onmessage?.({ data: JSON.stringify(o) })
  }

  drop () {
    this.onclose?.()
  }

  closeWith (code: number) {
    this.onclose?.({ code })
  }
}

const ev = (seq: number, type = 'call.queued') => ({
  seq,
  type,
  at: new Date().toISOString(),
  callId: 'c',
  teamId: null,
  actorId: null,
  data: {}
})

describe(LiveConnection.name, () => {
  beforeEach(() => {
    FakeSocket.all = []
    vi.useFakeTimers()
    vi.stubGlobal('WebSocket', FakeSocket)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('dispatches events by type and signals when live', () => {
    const c = new LiveConnection({ url: (s) => `ws://x/api/live${s === undefined ? '' : `?since=${s}`}` })
    const got: number[] = []
    const live: boolean[] = []
    c.on('call.queued', (e) => got.push(e.seq))
    c.on('reconnected', (r) => live.push(r.first))
    c.start()
    const s = FakeSocket.all[0]

    s.open()
    s.msg({ type: 'stream.live', seq: 10 })
    s.msg(ev(11))
    s.msg(ev(12, 'team.status_changed'))

    expect(s.url).toBe('ws://x/api/live')
    expect(got).toEqual([11])
    expect(live).toEqual([true])
  })

  it('hands batched positions to their own handlers, apart from the events and their seq', () => {
    const c = new LiveConnection({ url: (s) => `ws://x/api/live${s === undefined ? '' : `?since=${s}`}` })
    const batches: Array<{ full: boolean; ids: string[] }> = []
    const events: number[] = []
    c.on('positions', (m) => batches.push({ full: m.full, ids: m.teams.map((p) => p.teamId) }))
    c.on('*', (e) => events.push(e.seq))
    c.start()
    const s = FakeSocket.all[0]

    s.open()
    s.msg({ type: 'stream.live', seq: 10 })
    s.msg({
      type: 'positions',
      full: true,
      teams: [
        { teamId: 'a', lat: 34, lon: -118, at: '2026-11-22T12:00:00.000Z' },
        { teamId: 'b', lat: 34.1, lon: -118.1, at: '2026-11-22T12:00:00.000Z' }
      ]
    })
    s.msg(ev(11))
    s.msg({ type: 'positions', full: false, teams: [{ teamId: 'b', lat: 34.2, lon: -118.2, at: '2026-11-22T12:00:01.000Z' }] })

    expect(batches).toEqual([
      { full: true, ids: ['a', 'b'] },
      { full: false, ids: ['b'] }
    ])
    expect(events).toEqual([11])
    expect(c.seq).toBe(11)
  })

  it('reconnects with the last seq and drops anything it already has', () => {
    const c = new LiveConnection({ url: (s) => `ws://x/live?since=${s ?? ''}`, minBackoffMs: 100 })
    const got: number[] = []
    const signals: boolean[] = []
    c.on('*', (e) => got.push(e.seq))
    c.on('reconnected', (r) => signals.push(r.first))
    c.start()
    const a = FakeSocket.all[0]
    a.open()
    a.msg({ type: 'stream.live', seq: 4 })
    a.msg(ev(5))
    a.msg(ev(6))

    a.drop()
    vi.advanceTimersByTime(1000)
    const b = FakeSocket.all[1]
    b.open()
    b.msg(ev(6))
    b.msg(ev(7))
    b.msg({ type: 'stream.live', seq: 7 })

    expect(b.url).toBe('ws://x/live?since=6')
    expect(got).toEqual([5, 6, 7])
    expect(signals).toEqual([true, false])
  })

  it('pings, and treats a silent socket as dead', () => {
    const c = new LiveConnection({ url: () => 'ws://x', heartbeatMs: 1000, deadAfterMs: 2500, minBackoffMs: 100 })
    c.start()
    const a = FakeSocket.all[0]
    a.open()

    vi.advanceTimersByTime(1000)
    expect(a.sent).toContain(JSON.stringify({ type: 'ping' }))

    vi.advanceTimersByTime(3000)
    expect(a.closed).toBe(true)
    expect(FakeSocket.all.length).toBeGreaterThan(1)
  })

  it('comes back quickly when the server says it is restarting, whatever the failures before', () => {
    const c = new LiveConnection({ url: () => 'ws://x/live', minBackoffMs: 100, maxBackoffMs: 60_000 })
    c.start()
    // five failed attempts: the next wait would be about 100 × 2^5 ms
    for (let i = 0; i < 5; i++) {
      FakeSocket.all[FakeSocket.all.length - 1].drop()
      vi.runOnlyPendingTimers()
    }
    const s = FakeSocket.all[FakeSocket.all.length - 1]
    s.open()

    s.msg({ type: 'stream.reconnect', seq: 0 })
    s.drop()
    const before = FakeSocket.all.length
    vi.advanceTimersByTime(150)

    expect(FakeSocket.all.length).toBe(before + 1)
  })

  it('stops and says the session ended when the server closes with 4401, without reconnecting', () => {
    const c = new LiveConnection({ url: () => 'ws://x/live', minBackoffMs: 100 })
    const ended: number[] = []
    c.on('ended', (e) => ended.push(e.code))
    c.start()
    const s = FakeSocket.all[0]
    s.open()
    s.msg({ type: 'stream.live', seq: 3 })

    s.closeWith(4401)
    vi.advanceTimersByTime(60_000)

    expect(ended).toEqual([4401])
    expect(FakeSocket.all.length).toBe(1)
    expect(c.state).toBe('offline')
  })

  it('reconnects at once, from its last seq, when the server closes with 4403 (rights changed)', () => {
    const c = new LiveConnection({ url: (since) => `ws://x/live?since=${since ?? ''}`, minBackoffMs: 10_000 })
    const ended: number[] = []
    c.on('ended', (e) => ended.push(e.code))
    c.start()
    const s = FakeSocket.all[0]
    s.open()
    s.msg({ type: 'stream.live', seq: 8 })

    s.closeWith(4403)

    expect(FakeSocket.all.length).toBe(2)
    expect(FakeSocket.all[1].url).toBe('ws://x/live?since=8')
    expect(ended).toEqual([])
  })
})
