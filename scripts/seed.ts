// npm run db:seed [-- --executions 1000000] [--seed 42] [--days 30] [--if-empty] [--database file:./x.db]
// Writes a deterministic demo history (same seed, same executions) into the migrated database.
import Database from 'better-sqlite3'
import { parseArgs } from 'node:util'
import { databaseFile, isPostgresUrl } from '../src/server/db/database-url.mjs'
import { writeHistory } from '../src/server/demo/history'
import { loadKeyring, useKeyring } from '../src/server/security/crypto'
import { dirname } from 'node:path'

const { values } = parseArgs({
  options: {
    executions: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '42' },
    days: { type: 'string', default: '30' },
    database: { type: 'string' },
    'if-empty': { type: 'boolean', default: false },
  },
})

const executions = Number(values.executions)
if (!Number.isInteger(executions) || executions < 1 || executions > 10_000_000) {
  console.error(`--executions must be a whole number from 1 to 10000000; got ${values.executions}`)
  process.exit(2)
}
if (isPostgresUrl(values.database ?? process.env.DATABASE_URL)) {
  // The history is written with SQLite's bulk statements (unquoted names, deferred foreign keys).
  const message = 'the demo history is written to SQLite databases only; on PostgreSQL (cluster mode) the console starts empty and the demo workload fills it'
  if (values['if-empty']) {
    console.log(`db:seed: ${message}: not seeding`)
    process.exit(0)
  }
  console.error(`db:seed: ${message}`)
  process.exit(2)
}
const file = databaseFile(values.database)
// Sealed values use the key of the database being seeded (its data folder, or ENCRYPTION_KEY).
useKeyring(loadKeyring(dirname(file)))
const db = new Database(file, { timeout: 5000 })
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.pragma('foreign_keys = ON')

const existing = (db.prepare('SELECT count(*) AS n FROM "Execution"').get() as { n: number }).n
if (values['if-empty'] && existing > 0) {
  console.log(`database ${file} already holds ${existing} executions: not seeding`)
  process.exit(0)
}

const big = executions > 100_000
const started = Date.now()
const counts = writeHistory(db, {
  executions,
  days: Number(values.days),
  seed: Number(values.seed),
  now: Date.now(),
  logsPerExecution: big ? 2 : 21,
  detailed: !big,
  onProgress: (done) => {
    if (done % 100_000 === 0 || done === executions) process.stdout.write(`  ${done} executions\r`)
  },
})
db.pragma('optimize')
db.close()
console.log(
  `seeded ${file}: ${counts.executions} executions, ${counts.steps} steps, ${counts.logs} log lines, ${counts.events} events, ${counts.checkpoints} checkpoints in ${((Date.now() - started) / 1000).toFixed(1)} s`,
)
