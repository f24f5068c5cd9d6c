// npm run db:seed [-- --executions 1000000] [--seed 42] [--days 30] [--if-empty] [--database file:./x.db]
// Writes a deterministic demo history (same seed, same executions) into the migrated database.
import Database from 'better-sqlite3'
import { parseArgs } from 'node:util'
import { dataDir, databaseTarget, isPostgresUrl } from '../src/server/db/database-url.mjs'
import { openWriter, type Writer } from '../src/server/db/writer'
import { writeHistory } from '../src/server/demo/history'
import { loadKeyring, useKeyring } from '../src/server/security/crypto'

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
const target = databaseTarget(values.database)
const postgres = isPostgresUrl(target)
// Sealed values use the key of the database being seeded (ENCRYPTION_KEY, or its data folder's).
useKeyring(loadKeyring(dataDir(values.database)))
// SQLite: a connection of the script's own, tuned for a bulk write; PostgreSQL: the write path's
// Writer (its dialect and writer lock), as the console writes.
function bulkConnection(file: string) {
  const db = new Database(file, { timeout: 5000 })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  return db
}
const db: Database.Database | Writer = postgres ? openWriter(target) : bulkConnection(target)
const shown = postgres ? new URL(target).pathname.slice(1) || target : target

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
  ifEmpty: values['if-empty'],
})
if ('pragma' in db) db.pragma('optimize')
db.close()
if (counts.existing) {
  console.log(`database ${shown} already holds ${counts.existing} executions: not seeding`)
  process.exit(0)
}
console.log(
  `seeded ${shown}: ${counts.executions} executions, ${counts.steps} steps, ${counts.logs} log lines, ${counts.events} events, ${counts.checkpoints} checkpoints in ${((Date.now() - started) / 1000).toFixed(1)} s`,
)
