// End-to-end tests in a real browser against the built console (`next build` + server.ts) on a
// fresh database. Chromium is Playwright's own where installed, else Debian's (CHROMIUM_PATH or
// /usr/bin/chromium), started without the sandbox as CI runs as root.
import { existsSync } from 'node:fs'
import { chromium, defineConfig } from '@playwright/test'
import { E2E } from './e2e/env'

const systemChromium = process.env.CHROMIUM_PATH ?? (existsSync(chromium.executablePath()) ? undefined : '/usr/bin/chromium')

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: E2E.base,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: systemChromium ? { executablePath: systemChromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] } : {},
  },
  projects: [
    { name: 'sign-in', testMatch: /auth\.setup\.ts/, use: { browserName: 'chromium' } },
    { name: 'chromium', dependencies: ['sign-in'], use: { browserName: 'chromium', storageState: E2E.adminState } },
  ],
  webServer: {
    command: 'npx tsx e2e/server.ts',
    url: `${E2E.base}/api/openapi.json`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
