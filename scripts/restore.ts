// npm run restore <backup folder>
// Puts a backup made by `npm run backup` in place of DATABASE_URL's database, with its key file
// and log archives (src/server/ops/backup.ts). Stop the console first; start it again after.
// SQLite: what was in the way is moved aside (`*.before-restore-<time>`), not deleted.
// PostgreSQL: pg_restore into DATABASE_URL's database, which must be empty.
import { dataDir, databaseTarget } from '../src/server/db/database-url.mjs'
import { keyFile } from '../src/server/security/crypto'
import { config } from '../src/server/config'
import { restore, withoutPassword } from '../src/server/ops/backup'

const folder = process.argv[2]
if (!folder) {
  console.error('usage: npm run restore <backup folder>   (a folder made by npm run backup; stop the console first)')
  process.exit(64)
}
const cfg = config()
const database = databaseTarget()
try {
  const result = await restore({ folder, database, dataDir: dataDir(), keyFile: cfg.ENCRYPTION_KEY ? undefined : keyFile() })
  console.log(`restore: ${result.manifest.source} → ${withoutPassword(database)} from ${folder} (${result.manifest.executions} executions, made ${result.manifest.createdAt})`)
  if (result.keyRestored) console.log(`  key: ${keyFile()}`)
  else if (result.manifest.key === 'env' || cfg.ENCRYPTION_KEY) console.log('  key: give the console the ENCRYPTION_KEY (and ENCRYPTION_OLD_KEYS) it had when the backup was made')
  for (const path of result.movedAside) console.log(`  moved aside: ${path}`)
  console.log('Start the console again (npm start); /api/ready says when it serves.')
} catch (error) {
  console.error(`restore: ${(error as Error).message}`)
  process.exit(1)
}
