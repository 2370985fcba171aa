// Registers the service worker that vite-plugin-pwa builds (web/vite.config.ts), so the app loads with no
// connection. A new version takes over at once (autoUpdate): a care worker never runs a stale shell after
// the connection returns. Browsers without service workers, and `vite dev`, simply run online only.
// The worker installs by precaching every file of the app (the planner's simulator included, megabytes), so it is
// registered only once the page has loaded and the browser is idle: a phone's first load fetches its own screen first,
// and the precache does not compete with the first paint for a slow connection.
import { registerSW } from 'virtual:pwa-register'

export function registerServiceWorker (): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const register = (): void => {
    registerSW({
      immediate: true,
      onRegisterError: (err: unknown) => {
        console.warn('offline support unavailable:', err)
      }
    })
  }
  const whenIdle = (): void => {
    if ('requestIdleCallback' in window) window.requestIdleCallback(register, { timeout: 5000 })
    else setTimeout(register, 1000)
  }
  if (document.readyState === 'complete') whenIdle()
  else window.addEventListener('load', whenIdle, { once: true })
}
