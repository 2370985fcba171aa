// Vite: builds web/ into web/dist; in dev, proxies /api (websocket included) to the Fastify server.
// vite-plugin-pwa makes the app installable and loadable with no connection: a Workbox service worker
// precaches the built shell (html, scripts, styles, icon) and answers every navigation with index.html,
// so a care worker who reloads in a parking garage gets the app, its last known assignment and the
// outbox, not the browser's error page. The API is never cached by the worker (the app keeps its own
// copy of the last assignment, see web/field/lastKnown.ts).
// Every script and style sheet is also written gzipped (name.js.gz), which the server sends to a browser that accepts it:
// a phone on a slow connection fetches about a third of the bytes (see server/modules/web/web.routes.ts).
// The planner's simulator worker gets the browser's platform module (simulations/platform.browser.ts: the LA rows
// parsed at build time) and the simulator's code version, computed as the server and the CLI compute it.
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import { simulatorCodeVersion } from '../simulations/code-version'
import { laRows } from '../simulations/platform'

const root = fileURLToPath(new URL('.', import.meta.url))
const browserPlatform = fileURLToPath(new URL('../simulations/platform.browser.ts', import.meta.url))
// csv-parse's browser build (its own stream polyfill): server/lib/csv.ts, imported by calls-csv.ts, must load.
const csvParseBrowser = fileURLToPath(new URL('../node_modules/csv-parse/dist/esm/index.js', import.meta.url))

/** virtual:la-data (every LA table the simulator reads) and virtual:la-stations, parsed here by the server's parsers. */
function laData (): Plugin {
  const ids = new Set(['virtual:la-data', 'virtual:la-stations'])
  return {
    name: 'care-dispatch-la-data',
    resolveId: (id) => ids.has(id) ? `\0${id}` : null,
    load (id) {
      if (!id.startsWith('\0virtual:la-')) return null
      const rows = laRows()
      const data = id === '\0virtual:la-data' ? rows : rows.stations.rows
      // JSON.parse of a string literal: faster to load than a literal, and doubles survive JSON exactly.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))})`
    }
  }
}

/** name.js.gz and name.css.gz beside every built script and style sheet (the worker's included). */
function gzipAssets (): Plugin {
  return {
    name: 'care-dispatch-gzip',
    apply: 'build',
    writeBundle (options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css)$/.test(file)) continue
        const p = path.join(options.dir ?? path.join(root, 'dist'), file)
        fs.writeFileSync(`${p}.gz`, zlib.gzipSync(fs.readFileSync(p), { level: 9 }))
      }
    }
  }
}

export default defineConfig({
  root,
  plugins: [
    react(),
    laData(),
    gzipAssets(),
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
  resolve: { alias: [{ find: /^\.\/platform$/, replacement: browserPlatform }, { find: /^csv-parse$/, replacement: csvParseBrowser }] },
  define: { __SIM_CODE_VERSION__: JSON.stringify(simulatorCodeVersion()) },
  worker: { format: 'es', plugins: () => [laData()] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/api': { target: process.env.VITE_API_TARGET ?? 'http://127.0.0.1:3000', ws: true }
    }
  }
})
