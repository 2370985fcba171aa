// Registers the service worker that vite-plugin-pwa builds (web/vite.config.ts), so the app loads with no
// connection. A new version takes over at once (autoUpdate): a care worker never runs a stale shell after
// the connection returns. Browsers without service workers, and `vite dev`, simply run online only.
import { registerSW } from 'virtual:pwa-register'

export function registerServiceWorker (): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  registerSW({
    immediate: true,
    onRegisterError: (err: unknown) => { console.warn('offline support unavailable:', err) }
  })
}
