// Builds native/batch-wal.c, the SQLite VFS that writes a commit's log frames in one call
// (see the file), against the SQLite headers better-sqlite3 embeds. It is opt-in (BATCH_WAL=on):
// `npm run native:build` builds it, the writer builds it on demand, and the test command builds it
// with --install-compiler (which may apt-get a C compiler, as the test command may; `npm install`
// never runs this). Without it the console runs on stock SQLite.
//   node scripts/build-native.mjs [--install-compiler]
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureInstalled } from './debian.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const headers = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'deps', 'sqlite3')
const output = join(root, 'native', 'build', 'batch-wal.so')

try {
  if (process.argv.includes('--install-compiler')) ensureInstalled('cc', 'gcc libc6-dev')
  else if (spawnSync('which', ['cc']).status !== 0) throw new Error('no C compiler (cc): apt-get install -y gcc libc6-dev')
  mkdirSync(dirname(output), { recursive: true })
  const args = ['-O2', '-Wall', '-Wextra', '-Werror', '-fPIC', '-shared', '-I', headers, join(root, 'native', 'batch-wal.c'), '-o', output]
  const build = spawnSync('cc', args, { stdio: 'inherit' })
  if (build.status !== 0) throw new Error(`cc ${args.join(' ')} failed`)
} catch (error) {
  console.warn(`batch-wal was not built (${error.message}); the writer will write its log without it`)
  process.exitCode = 1
}
