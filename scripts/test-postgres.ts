// `npm run test:postgres` (the step of `npm test` after `vitest run`): the suites that pass on
// both databases, again on PostgreSQL — a server of the run's own from scripts/local-postgres.ts
// (Debian's package, installed when missing and allowed, as local-redis does for Redis).
//
//   tsx scripts/test-postgres.ts [test/<file>.test.ts …]   (default: POSTGRES_SUITES)
//   tsx scripts/test-postgres.ts --also                    (the others that pass there: POSTGRES_ALSO)
//
// POSTGRES_TEST_PORT picks the server's port (default: a free one).
import { spawnSync } from 'node:child_process'
import { postgresBin } from './local-postgres'

/**
 * The suites `npm test` runs again on PostgreSQL: services, REST, tRPC, live, webhooks, the engine
 * and security, kept to what two cores do in about five minutes. More pass there
 * (POSTGRES_ALSO, run them by name); docs/cluster.md says which do not and why.
 */
export const POSTGRES_SUITES = [
  // services and the write path
  'test/write-path.test.ts',
  'test/services.test.ts',
  'test/idempotency.test.ts',
  'test/recovery.test.ts',
  'test/resources.test.ts',
  'test/audit-trail.test.ts',
  'test/retention.test.ts',
  'test/log-archive-s3.test.ts',
  'test/alerts.test.ts',
  'test/notifications.test.ts',
  // REST, tRPC, live
  'test/rest.test.ts',
  'test/rest-contract.test.ts',
  'test/trpc.test.ts',
  'test/live.test.ts',
  'test/feed.test.ts',
  // webhooks and the engine
  'test/webhooks.test.ts',
  'test/webhook-aliases.test.ts',
  'test/engine.test.ts',
  // security
  'test/tenancy.test.ts',
  'test/security.test.ts',
  'test/security-matrix.test.ts',
]

/** Suites that pass on PostgreSQL too but are left out of `npm test` for time: `tsx scripts/test-postgres.ts --also`. */
export const POSTGRES_ALSO = [
  'test/encryption.test.ts',
  'test/definitions.test.ts',
  'test/marketplace.test.ts',
  'test/forecast.test.ts',
  'test/recovery-api.test.ts',
  'test/resources-api.test.ts',
  'test/operator-actions.test.ts',
  'test/recovery-engine.test.ts',
  'test/resources-engine.test.ts',
  'test/supervision.test.ts',
  'test/contract.test.ts',
  'test/fuzz.test.ts',
  'test/generated-client.test.ts',
  'test/openapi.test.ts',
  'test/sdk-monitor.test.ts',
  'test/sdk-partials.test.ts',
  'test/sdk-recovery.test.ts',
  'test/sdk-watcher.test.ts',
  'test/session.test.ts',
  'test/workers.test.ts',
  'test/worker-socket.test.ts',
  'test/launch.test.ts',
  // consoles and workers as processes of their own (docs/cluster.md gives their times)
  'test/several-processes.test.ts',
  'test/worker-processes.test.ts',
  'test/demo-worker.test.ts',
  'test/seed.test.ts',
]

function main(argv: string[]) {
  const suites = argv[0] === '--also' ? POSTGRES_ALSO : argv.length ? argv : POSTGRES_SUITES
  try {
    postgresBin() // installs Debian's postgresql when missing and allowed (root)
  } catch (error) {
    console.error(
      `test:postgres needs PostgreSQL and could not get it: ${(error as Error).message}\n` +
        'Install Debian’s package (apt-get install -y postgresql) or run as root so the tests install it, then run npm run test:postgres again.',
    )
    process.exit(1)
  }
  console.log(`test:postgres: ${suites.length} suites on PostgreSQL`)
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'unit', ...suites], {
    stdio: ['ignore', 'inherit', 'inherit'], // no stdin: CI=true runs the same
    env: { ...process.env, TEST_DATABASE: 'postgres' },
  })
  if (run.error) throw run.error
  process.exit(run.status ?? 1)
}

main(process.argv.slice(2))
