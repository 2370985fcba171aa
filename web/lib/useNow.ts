// The current time, re-read every `everyMs`, so ages and "waiting" figures keep counting without new data.
import { useEffect, useState } from 'react'

export function useNow (everyMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(t)
  }, [everyMs])
  return now
}
