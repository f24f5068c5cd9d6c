// npm run backup [-- --out ./backups]
// A consistent copy of the SQLite console while it runs (SQLite's online backup API), with the
// encryption key file and the log archives, in a timestamped folder (src/server/ops/backup.ts).
// PostgreSQL (cluster mode): pg_dump, as README "Operations" says.
import { parseArgs } from 'node:util'
import { databaseFile } from '../src/server/db/database-url.mjs'
import { keyFile } from '../src/server/security/crypto'
import { config } from '../src/server/config'
import { backup } from '../src/server/ops/backup'

const { values } = parseArgs({ options: { out: { type: 'string', default: process.env.BACKUP_DIR ?? './backups' } } })
const cfg = config()
const { folder, manifest } = await backup({ databaseFile: databaseFile(), keyFile: keyFile(), keyFromEnv: Boolean(cfg.ENCRYPTION_KEY), outDir: values.out! })
console.log(`backup: ${folder}`)
console.log(`  database: ${manifest.executions} executions, ${manifest.migrations.length} migrations applied`)
console.log(
  `  key: ${manifest.key === 'file' ? `copied from ${manifest.keyFile}` : manifest.key === 'env' ? 'ENCRYPTION_KEY is set: keep it (and ENCRYPTION_OLD_KEYS) in your secret store; not copied' : 'none found'}`,
)
console.log(`  log archives: ${manifest.archives} files`)
console.log('Keep the folder somewhere else than this machine; it holds the key that opens the secrets in it.')
