// The responder's outbox as React state; flushes when the browser or the stream comes back, and every 10 s
// (every 2 s while an emergency waits to be sent).
import { useContext, useEffect, useMemo, useSyncExternalStore } from 'react'
import { request } from '../api/client'
import { LiveContext } from '../realtime/useLiveEvents'
import { Outbox } from './outbox'

export function useOutbox (userId: string): { outbox: Outbox; version: number } {
  const outbox = useMemo(
    () => new Outbox(`cd.outbox.${userId}`, async (path, body, key) => await request('POST', path, body, { idempotencyKey: key })),
    [userId]
  )
  const conn = useContext(LiveContext)
  const version = useSyncExternalStore(
    (fn) => outbox.subscribe(fn),
    () => outbox.rev,
    () => 0
  )
  useEffect(() => {
    const flush = () => {
      outbox.flush().catch(() => {})
    }
    flush()
    window.addEventListener('online', flush)
    const offConn = conn?.on('reconnected', flush)
    let ticks = 0
    const t = setInterval(() => {
      if (outbox.urgentPending || ++ticks % 5 === 0) flush()
    }, 2_000)
    return () => {
      window.removeEventListener('online', flush)
      offConn?.()
      clearInterval(t)
    }
  }, [outbox, conn])
  return { outbox, version }
}
