// React glue for the live stream: one connection per session, handlers kept in refs, a reconnect signal.
import { createContext, useContext, useEffect, useRef, useState } from 'react'
import type { LiveEvent } from '../../server/contracts/events'
import type { PositionsMessage } from '../../server/contracts/positions'
import type { ConnectionState, LiveConnection } from './connection'

export const LiveContext = createContext<LiveConnection | null>(null)

/** Calls onEvent for every event whose type starts with one of the prefixes, and onReconnected when the stream (re)starts. */
export function useLiveEvents (prefixes: string[], onEvent: (e: LiveEvent) => void, onReconnected?: () => void): void {
  const conn = useContext(LiveContext)
  const ev = useRef(onEvent)
  const rc = useRef(onReconnected)
  ev.current = onEvent
  rc.current = onReconnected
  const key = prefixes.join(',')
  useEffect(() => {
    if (!conn) return
    const ps = key.split(',')
    const off1 = conn.on('*', (e) => {
      if (ps.some((p) => e.type.startsWith(p))) ev.current(e)
    })
    const off2 = conn.on('reconnected', () => rc.current?.())
    return () => {
      off1()
      off2()
    }
  }, [conn, key])
}

/** Calls onPositions for every batch of team positions (the first after each (re)connect is full). */
export function useLivePositions (onPositions: (m: PositionsMessage) => void): void {
  const conn = useContext(LiveContext)
  const fn = useRef(onPositions)
  fn.current = onPositions
  useEffect(() => {
    if (!conn) return
    return conn.on('positions', (m) => fn.current(m))
  }, [conn])
}

export function useConnectionState (): ConnectionState {
  const conn = useContext(LiveContext)
  const [s, setS] = useState<ConnectionState>(conn?.state ?? 'offline')
  useEffect(() => {
    if (!conn) return
    setS(conn.state)
    return conn.on('state', setS)
  }, [conn])
  return s
}
