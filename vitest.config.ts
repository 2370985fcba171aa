// Vitest projects: server/simulation tests in Node, web components in jsdom.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts', 'test/simulations/**/*.test.ts'],
          testTimeout: 30_000,
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
          hookTimeout: 180_000,
          fileParallelism: false
        }
      }
    ]
  }
})
