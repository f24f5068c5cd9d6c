import { resolve } from 'node:path'

const dir = resolve('.e2e')
const port = Number(process.env.E2E_PORT ?? 3199)

/** A service's own browser app, on an origin of its own that the console lets call its API (CORS). */
const appOrigin = `http://127.0.0.1:${port + 50}`

/** Where and as whom the end-to-end console runs. */
export const E2E = {
  dir,
  port,
  base: `http://127.0.0.1:${port}`,
  appOrigin,
  /** A site the console was not told of. */
  strangerOrigin: `http://127.0.0.1:${port + 51}`,
  admin: { email: 'admin@e2e.local', password: 'e2e-admin-password' },
  /** The admin's signed-in browser state, written by auth.setup.ts. */
  adminState: `${dir}/admin-state.json`,
  env: {
    DATABASE_URL: `file:${dir}/console.db`,
    NODE_ENV: 'production' as const,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    // The demo worker serves the demo's workflows (the controls run its 1,000-step batch) and starts none.
    DEMO: 'on',
    DEMO_RATE: '0',
    DEMO_SPEED: '0.25',
    // Alert rules measured every second, so a test sees one fire.
    ALERT_INTERVAL_MS: '1000',
    ADMIN_EMAIL: 'admin@e2e.local',
    ADMIN_PASSWORD: 'e2e-admin-password',
    API_CORS_ORIGINS: appOrigin,
  },
}
