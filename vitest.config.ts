// Vitest projects: server/simulation tests in Node, web components in jsdom.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Browser tests share the worker pool with the others (each also runs a server and Chromium of its own, so two
    // workers keep two cores busy); `npm test` builds the web app once before any browser test starts.
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts', 'test/simulations/**/*.test.ts'],
          // some tests start the CLIs as processes (tsx compiles each on start): room for a busy machine
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: 'web',
          environment: 'jsdom',
          setupFiles: ['test/web/setup.ts'],
          include: ['test/web/**/*.test.{ts,tsx}']
        }
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000
        }
      }
    ]
  }
})
