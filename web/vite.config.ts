// Vite: builds web/ into web/dist; in dev, proxies /api (websocket included) to the Fastify server.
// vite-plugin-pwa makes the app installable and loadable with no connection: a Workbox service worker
// precaches the built shell (html, scripts, styles, icon) and answers every navigation with index.html,
// so a care worker who reloads in a parking garage gets the app, its last known assignment and the
// outbox, not the browser's error page. The API is never cached by the worker (the app keeps its own
// copy of the last assignment, see web/field/lastKnown.ts).
// Every script and style sheet is also written compressed, brotli (name.js.br) and gzip (name.js.gz), which the server
// sends to a browser that accepts it (see server/modules/web/web.routes.ts): a phone on a slow connection fetches about a
// quarter of the bytes, and no request waits for the server to compress.
// The manifest (dist/.vite/manifest.json) lists each screen's chunks: `npm run bench:web` reads it.
// The planner's simulator worker gets the browser's platform module (simulations/platform.browser.ts: the LA rows
// parsed at build time) and the simulator's code version, computed as the server and the CLI compute it.
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
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
    resolveId: (id) => (ids.has(id) ? `\0${id}` : null),
    load (id) {
      if (!id.startsWith('\0virtual:la-')) return null
      const rows = laRows()
      const data = id === '\0virtual:la-data' ? rows : rows.stations.rows
      // JSON.parse of a string literal: faster to load than a literal, and doubles survive JSON exactly.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))})`
    }
  }
}

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/**
 * name.js.br and name.js.gz (and .css) beside every built script and style sheet (the worker's included), compressed in
 * parallel (zlib's thread pool). Brotli at its best quality, except for a file over 1 MiB (the planner's simulator
 * worker), which at quality 11 would take seconds of every build for a file no first load fetches.
 */
function compressAssets (): Plugin {
  return {
    name: 'care-dispatch-compress',
    apply: 'build',
    async writeBundle (options, bundle) {
      const dir = options.dir ?? path.join(root, 'dist')
      await Promise.all(
        Object.keys(bundle)
          .filter((file) => /\.(js|css)$/.test(file))
          .map(async (file) => {
            const p = path.join(dir, file)
            const data = await fs.promises.readFile(p)
            const quality = data.length > 1024 * 1024 ? 9 : 11
            const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length }
            const [br, gz] = await Promise.all([brotli(data, { params }), gzip(data, { level: 9 })])
            await Promise.all([fs.promises.writeFile(`${p}.br`, br), fs.promises.writeFile(`${p}.gz`, gz)])
          })
      )
    }
  }
}

export default defineConfig({
  root,
  plugins: [
    react(),
    laData(),
    compressAssets(),
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
  resolve: {
    alias: [
      { find: /^\.\/platform$/, replacement: browserPlatform },
      { find: /^csv-parse$/, replacement: csvParseBrowser }
    ]
  },
  define: { __SIM_CODE_VERSION__: JSON.stringify(simulatorCodeVersion()) },
  worker: { format: 'es', plugins: () => [laData()] },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200, manifest: true },
  server: {
    proxy: {
      '/api': { target: process.env.VITE_API_TARGET ?? 'http://127.0.0.1:3000', ws: true }
    }
  }
})
