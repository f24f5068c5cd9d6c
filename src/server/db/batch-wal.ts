// The batch-wal VFS (native/batch-wal.c): a commit's log frames go to the file in one write
// instead of two per page, about a tenth of an engine execution's cost
// (bench/engine-throughput.ts). Loaded once a process, before the writer opens its connection:
// it becomes SQLite's default VFS, so every connection opened after it uses it. Reading
// connections never write the log, so for them it changes nothing.
//
// Opt-in (BATCH_WAL=on): it rests on how SQLite lays out its log, which every better-sqlite3
// upgrade may change, for a 10–15% gain on the no-op engine benchmark. Off, SQLite is stock.
import { config } from '../config'
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/** Where scripts/build-native.mjs builds it. SQLite finds its entry point, sqlite3_batchwal_init, from the file's name. */
const BATCH_WAL_LIBRARY = resolve(/*turbopackIgnore: true*/ process.cwd(), 'native', 'build', 'batch-wal.so')

const globalForBatchWal = globalThis as unknown as { __batchWal?: boolean }

/**
 * Loads the VFS when BATCH_WAL=on (building it first if it is not built yet); true when it is in
 * use. Without it — off, or no C compiler — the writer runs on stock SQLite, and the log says why.
 */
export function loadBatchWal(): boolean {
  if (globalForBatchWal.__batchWal !== undefined) return globalForBatchWal.__batchWal
  if (!config().BATCH_WAL) return (globalForBatchWal.__batchWal = false)
  if (!existsSync(BATCH_WAL_LIBRARY)) {
    const build = spawnSync(process.execPath, [resolve(/*turbopackIgnore: true*/ process.cwd(), 'scripts', 'build-native.mjs')], { stdio: 'inherit' })
    if (build.status !== 0 || !existsSync(BATCH_WAL_LIBRARY)) {
      console.warn(`batch-wal: BATCH_WAL=on but ${BATCH_WAL_LIBRARY} could not be built (npm run native:build says why); commits write the log two calls a page`)
      return (globalForBatchWal.__batchWal = false)
    }
  }
  const loader = new Database(':memory:')
  try {
    loader.loadExtension(BATCH_WAL_LIBRARY)
    return (globalForBatchWal.__batchWal = true)
  } catch (error) {
    // (A library built for another machine, say: the writer is correct without it, only slower.)
    console.warn(`batch-wal: ${BATCH_WAL_LIBRARY} did not load (${(error as Error).message}); commits write the log two calls a page`)
    return (globalForBatchWal.__batchWal = false)
  } finally {
    loader.close()
  }
}

/** Log writes SQLite asked for, and writes made to the file, in this process so far. */
export function batchWalStats(): { requested: number; written: number } {
  const db = new Database(':memory:')
  try {
    db.loadExtension(BATCH_WAL_LIBRARY)
    return JSON.parse(db.prepare('SELECT batch_wal_stats() AS s').pluck().get() as string)
  } finally {
    db.close()
  }
}
