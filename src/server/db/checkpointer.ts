// WAL checkpoints on a thread of their own. A commit that crosses SQLite's autocheckpoint
// threshold copies the log back into the database file (and fsyncs it) before it returns: two
// thirds of what the write path's commits cost (bench/engine-throughput.ts). Here a second
// connection on a worker thread does that copying on the machine's other core, with PASSIVE
// checkpoints that never wait for or block the writer. The writer keeps a far higher threshold
// of its own, so the log stays bounded even if this thread falls behind or stops.
import { logger } from '../ops/log'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * The writer checkpoints by itself only past this many pages (SQLite's default is 1,000): then
 * it copies what this thread has not yet copied and fsyncs, a few milliseconds in a commit.
 * Under a steady load the log is rarely all copied at the moment a write begins (when SQLite
 * starts it over), so this bounds it: 16,000 pages, 64 MiB.
 */
export const WRITER_AUTOCHECKPOINT_PAGES = 16_000

// Plain CommonJS, evaluated: no file to find once bundled, no TypeScript loader in the thread.
const THREAD = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { timeout: 0 })
// Often while the log grows, so the writer's own checkpoints find little left to copy; seldom
// while it does not.
let timer
let last = -1
const checkpoint = () => {
  let copied = 0
  try {
    copied = db.pragma('wal_checkpoint(PASSIVE)')[0].checkpointed
  } catch {
    // busy (another checkpoint, a schema change): the next round
  }
  const growing = copied !== last
  last = copied
  timer = setTimeout(checkpoint, growing ? workerData.busyMs : workerData.idleMs)
}
timer = setTimeout(checkpoint, workerData.busyMs)
parentPort.on('message', () => {
  clearTimeout(timer)
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {}
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  /** Stops the thread after a last checkpoint. */
  stop(): Promise<void>
}

/** The driver's path for the thread; bundled (Next.js) resolution gives a module id, so the name then. */
function driverPath(): string {
  try {
    const resolved: unknown = createRequire(import.meta.url).resolve('better-sqlite3')
    if (typeof resolved === 'string') return resolved
  } catch {
    // resolved by name in the thread, from the working directory
  }
  return 'better-sqlite3'
}

/** Starts the thread; `failed` runs if it stops by an error (the writer then checkpoints by itself). */
export function startCheckpointer(file: string, failed: () => void, intervals = { busyMs: 10, idleMs: 200 }): Checkpointer {
  const worker = new Worker(THREAD, { eval: true, workerData: { file, driver: driverPath(), ...intervals } })
  worker.unref() // never what keeps a process alive
  worker.on('error', (error) => {
    logger('database').error({ err: error }, 'database: the checkpoint thread stopped; the writer checkpoints by itself')
    failed()
  })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    stop: async () => {
      worker.postMessage('stop')
      await exited
    },
  }
}
