// Vitest projects: server/simulation tests in Node, web components in jsdom.
import { defineConfig } from 'vitest/config'
import SpreadBrowserTests from './test/helpers/sequencer'

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on CI's two cores that is one file at a time, with the
    // cores idle while a file starts, imports or waits on its server, browser or database. Two workers (TEST_WORKERS
    // overrides), and the browser tests spread through the run so that mostly one runs at a time.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
    sequence: { sequencer: SpreadBrowserTests },
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          // server files build their own app and database and change no global state: a worker keeps its modules
          // from one file to the next instead of importing the server again for each (a fifth of the run's time)
          isolate: false,
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
