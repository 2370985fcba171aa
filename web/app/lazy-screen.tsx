// A screen whose code loads the first time it is shown (React.lazy: its own chunk in the build), with a short
// "Loading…" in its place meanwhile (or a placeholder of its own, e.g. a box of a map's size, so nothing moves when it
// comes). A load that fails with no connection (the phone went offline before the chunk arrived, and no service worker
// holds it yet) waits for the connection and loads again. Any other failure is not kept:
// the screen's error boundary shows it, and its "Try again" loads the chunk again instead of rethrowing the old error.
import { createElement, lazy, Suspense, type ComponentType, type ReactNode } from 'react'

export interface LazyScreen<P extends object> {
  (props: P): ReactNode
  /** Starts loading the screen's code now (e.g. while the session is checked), so showing it later waits less. */
  preload: () => Promise<unknown>
}

async function whenOnline<T> (load: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await load()
    } catch (err) {
      if (typeof navigator === 'undefined' || navigator.onLine) throw err
      await new Promise((resolve) => window.addEventListener('online', resolve, { once: true }))
    }
  }
}

export function lazyScreen<P extends object> (
  load: () => Promise<ComponentType<P>>,
  placeholder?: (props: P) => ReactNode
): LazyScreen<P> {
  let loading: Promise<ComponentType<P>> | null = null
  const start = (): Promise<ComponentType<P>> => {
    loading ??= whenOnline(load).catch((err: unknown) => {
      loading = null
      current = make()
      throw err
    })
    return loading
  }
  const make = () => lazy(async () => ({ default: await start() }))
  let current = make()
  const Screen = (props: P): ReactNode => (
    <Suspense
      fallback={
        placeholder ? (
          placeholder(props)
        ) : (
          <p role='status' className='muted center'>
            Loading…
          </p>
        )
      }
    >
      {createElement(current as ComponentType<P>, props)}
    </Suspense>
  )
  Screen.preload = start
  return Screen
}
