// Vitest projects: server/simulation tests in Node, web components in jsdom.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on CI's two cores that is one file at a time, with the
    // cores idle while a file waits on its server, browser or database. Files are set three at a time (TEST_WORKERS
    // overrides); browser tests share the pool with the others, and `npm test` builds the web app before any starts.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
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
