import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

/** The tests that start the built console as a process: they need `next build` first. */
const APP_TESTS = ['test/app.test.ts', 'test/crash.test.ts', 'test/sdk.test.ts', 'test/redis-bus.test.ts', 'test/shutdown.test.ts', 'test/cluster-kill.test.ts']

export default defineConfig({
  resolve: {
    alias: {
      '@execution-console/sdk': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    // Integration tests each use their own SQLite file; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Everything in-process or over HTTP to servers the tests start themselves: no build.
      //   npx vitest run --project unit
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: APP_TESTS, globalSetup: ['test/global-setup.ts'] } },
      // The console as it ships (server.ts over the production build).
      { extends: true, test: { name: 'app', include: APP_TESTS, globalSetup: ['test/global-setup.ts', 'test/next-build.ts'] } },
    ],
  },
})
