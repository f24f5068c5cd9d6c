// Shared bench helpers: a migrated database file, the history seeder, timing statistics.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { writeHistory } from '../src/server/demo/history'
import { loadKeyring, useKeyring } from '../src/server/security/crypto'

const benchDir = resolve(process.cwd(), '.bench')

function migrate(file: string) {
  mkdirSync(benchDir, { recursive: true })
  const result = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`migration failed: ${result.stderr}`)
}

export function freshDatabase(name: string): string {
  const file = join(benchDir, name)
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  migrate(file)
  return file
}

/** The seeded history, kept between runs (seeding 1,000,000 executions takes minutes). */
export function historyDatabase(executions: number): string {
  const file = join(benchDir, `history-${executions}.db`)
  if (existsSync(file)) {
    // A history seeded by an older version gets the newer migrations (and fresh statistics).
    const applied = () => {
      const db = new Database(file, { readonly: true })
      const n = (db.prepare('SELECT count(*) AS n FROM "_prisma_migrations"').get() as { n: number }).n
      db.close()
      return n
    }
    const before = applied()
    migrate(file)
    if (applied() > before) {
      console.log(`migrated ${file}; analysing…`)
      const db = new Database(file)
      db.exec('ANALYZE')
      db.close()
    }
    return file
  }
  const tmp = `${file}.partial`
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true })
  migrate(tmp)
  useKeyring(loadKeyring(benchDir))
  const db = new Database(tmp)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const started = Date.now()
  console.log(`seeding ${executions} executions into ${file} (once; kept for later runs)…`)
  const counts = writeHistory(db, {
    executions,
    days: 30,
    seed: 42,
    now: Date.now(),
    logsPerExecution: executions > 100_000 ? 2 : 21,
    detailed: executions <= 100_000,
    onProgress: (done) => {
      if (done % 100_000 === 0) console.log(`  ${done} executions (${((Date.now() - started) / 1000).toFixed(0)} s)`)
    },
  })
  db.exec('ANALYZE')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  rmSync(`${tmp}-wal`, { force: true })
  rmSync(`${tmp}-shm`, { force: true })
  spawnSync('mv', [tmp, file])
  console.log(`seeded ${JSON.stringify(counts)} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return file
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export interface Timing {
  p50: number
  p95: number
  n: number
}

/** Runs fn `warmup` times unmeasured, then `n` times; returns p50/p95 in ms. */
export async function time(n: number, warmup: number, fn: (i: number) => unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i)
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    await fn(i)
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), n }
}

export const ms = (v: number) => `${v.toFixed(2)} ms`

/** Starts a Node process that prints "listening <port>" (and maybe "key <API key>"); resolves with them. */
export function startProcess(args: string[], env: Record<string, string> = {}, options: { stdin?: boolean } = {}): Promise<{ port: number; key: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)(?: key (\S+))?/.exec(chunk.toString())
      if (match) resolve({ port: Number(match[1]), key: match[2] ?? '', child })
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
}
