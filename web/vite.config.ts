// Vite: builds web/ into web/dist; in dev, proxies /api (websocket included) to the Fastify server. The planner's
// simulator worker gets the browser's platform module (simulations/platform.browser.ts: the LA files bundled)
// and the simulator's code version, computed as the server and the CLI compute it.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { simulatorCodeVersion } from '../simulations/code-version'

const root = fileURLToPath(new URL('.', import.meta.url))
const browserPlatform = fileURLToPath(new URL('../simulations/platform.browser.ts', import.meta.url))
// csv-parse's browser build (its own stream polyfill) for the LA files' parser in the worker and the page.
const csvParseBrowser = fileURLToPath(new URL('../node_modules/csv-parse/dist/esm/index.js', import.meta.url))

export default defineConfig({
  root,
  plugins: [react()],
  resolve: { alias: [{ find: /^\.\/platform$/, replacement: browserPlatform }, { find: /^csv-parse$/, replacement: csvParseBrowser }] },
  define: { __SIM_CODE_VERSION__: JSON.stringify(simulatorCodeVersion()) },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/api': { target: process.env.VITE_API_TARGET ?? 'http://127.0.0.1:3000', ws: true }
    }
  }
})
