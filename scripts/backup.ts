// npm run backup [-- --out ./backups]
// A consistent copy of the console while it runs — SQLite's online backup API, or on PostgreSQL
// (cluster mode) pg_dump from a snapshot — with the encryption key file and the log archives, in
// a timestamped folder (src/server/ops/backup.ts).
import { parseArgs } from 'node:util'
import { dataDir, databaseTarget } from '../src/server/db/database-url.mjs'
import { keyFile } from '../src/server/security/crypto'
import { config } from '../src/server/config'
import { backup } from '../src/server/ops/backup'

const { values } = parseArgs({ options: { out: { type: 'string', default: process.env.BACKUP_DIR ?? './backups' } } })
const cfg = config()
try {
  const { folder, manifest } = await backup({ database: databaseTarget(), dataDir: dataDir(), keyFile: keyFile(), keyFromEnv: Boolean(cfg.ENCRYPTION_KEY), outDir: values.out! })
  console.log(`backup: ${folder}`)
  console.log(`  database (${manifest.kind}): ${manifest.executions} executions, ${manifest.migrations.length} migrations applied`)
  console.log(
    `  key: ${manifest.key === 'file' ? `copied from ${manifest.keyFile}` : manifest.key === 'env' ? 'ENCRYPTION_KEY is set: keep it (and ENCRYPTION_OLD_KEYS) in your secret store; not copied' : 'none found'}`,
  )
  console.log(`  log archives: ${manifest.archives} files`)
  // Archives in a bucket are not copied: the bucket's own versioning and replication keep them.
  if (cfg.LOG_ARCHIVE_URL) console.log(`  log archives in ${cfg.LOG_ARCHIVE_URL}: not copied; the bucket's versioning and replication back them up (README "Backup and restore")`)
  console.log(
    manifest.key === 'file'
      ? 'Keep the folder somewhere else than this machine; it holds the key that opens the secrets in it.'
      : 'Keep the folder somewhere else than this machine, and the key apart from it: the folder alone does not open the secrets in it.',
  )
} catch (error) {
  console.error(`backup: ${(error as Error).message}`)
  process.exit(1)
}
