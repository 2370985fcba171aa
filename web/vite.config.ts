// Vite: builds web/ into web/dist; in dev, proxies /api (websocket included) to the Fastify server.
// vite-plugin-pwa makes the app installable and loadable with no connection: a Workbox service worker
// precaches the built shell (html, scripts, styles, icon) and answers every navigation with index.html,
// so a care worker who reloads in a parking garage gets the app, its last known assignment and the
// outbox, not the browser's error page. The API is never cached by the worker (the app keeps its own
// copy of the last assignment, see web/field/lastKnown.ts).
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false, // registered from web/main.tsx (a bundled module: the CSP allows no inline script)
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'care dispatch',
        short_name: 'care dispatch',
        description: 'Dispatch and field app for unarmed care teams',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0f3d3e',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }]
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/docs(\/|$)/, /^\/documentation(\/|$)/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true
      }
    })
  ],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/api': { target: process.env.VITE_API_TARGET ?? 'http://127.0.0.1:3000', ws: true }
    }
  }
})
