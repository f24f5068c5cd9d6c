// Synchronous calls into the PostgreSQL worker thread (worker.mjs): post, sleep in Atomics.wait
// until the worker has answered, take the answer with receiveMessageOnPort. The domain's writes stay
// synchronous — "a change runs start to end with nothing in between" (docs/cluster.md).
import { resolve } from 'node:path'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { BUSY_TIMEOUT_MS } from '../client'

export type Connection = 'w' | 'r'

export interface PostgresError extends Error {
  /** PostgreSQL's SQLSTATE, e.g. 23505 for a unique violation. */
  code?: string
  detail?: string
  constraint?: string
  /** The server could not be reached or went away (down, restarting, refusing connections): worth trying again shortly. */
  unreachable?: boolean
}

/**
 * Connection-level failures: a socket's (refused, reset, timed out, no route or name), SQLSTATE
 * class 08 (connection exception) and 57P01–57P03 (the server shutting down or starting).
 */
const UNREACHABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|08[0-9A-Z]{3}|57P0[123])$/

export interface SyncPostgres {
  query<T>(conn: Connection, sql: string, params: readonly unknown[]): { rows: T[]; rowCount: number }
  /** Statements without parameters, sent as one (BEGIN and its lock, SAVEPOINT…). */
  script(conn: Connection, sql: string): void
  close(): void
}

/** How long one statement may take before the caller gets an error instead of waiting on. */
const STATEMENT_WAIT_MS = 60_000

// A path from the working directory, as database-url.mjs does: the file is loaded at run time by
// the worker, never bundled.
const workerFile = () => resolve(/*turbopackIgnore: true*/ process.cwd(), 'src/server/db/postgres/worker.mjs')

/** Structured clone turns Buffers into Uint8Arrays: give the code the Buffers better-sqlite3 gives. */
function buffers<T>(rows: T[]): T[] {
  for (const row of rows as Record<string, unknown>[]) {
    for (const key in row) {
      const v = row[key]
      if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength)
    }
  }
  return rows
}

export function openSyncPostgres(url: string): SyncPostgres {
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(workerFile(), { workerData: { url, port: port2, signal, lockTimeoutMs: BUSY_TIMEOUT_MS }, transferList: [port2], execArgv: [] })
  worker.unref() // the process may exit while the connections are idle
  port1.unref()
  let closed = false
  let sent = 0

  /** No answer will be taken from this worker again (a late one would pass for the next statement's). */
  function giveUp(reason: string): never {
    closed = true
    port1.close()
    void worker.terminate()
    throw new Error(reason)
  }

  function call(request: Record<string, unknown>) {
    if (closed) throw new Error('the PostgreSQL connection is closed')
    const id = ++sent
    Atomics.store(signal, 0, 0)
    port1.postMessage({ ...request, id })
    // Sleep until the worker has set the word, not merely until a wake-up: an answer that came
    // before its caller slept is taken at once, and the worker's wake-up for it then arrives
    // while the caller sleeps on the next statement (seen under load: that statement took the
    // previous one's answer, and every statement after it the one before).
    const deadline = Date.now() + STATEMENT_WAIT_MS
    while (Atomics.load(signal, 0) === 0) {
      const left = deadline - Date.now()
      if (left <= 0) giveUp(`PostgreSQL did not answer within ${STATEMENT_WAIT_MS / 1000} s: ${String(request.sql ?? request.op).slice(0, 200)}`)
      Atomics.wait(signal, 0, 0, left)
    }
    const message = receiveMessageOnPort(port1)?.message as
      ({ id: number } & ({ result: { rows: unknown[]; rowCount: number } } | { error: { message: string; code?: string; detail?: string; constraint?: string } })) | undefined
    if (!message) giveUp('the PostgreSQL worker woke its caller without an answer')
    if (message.id !== id) giveUp(`the PostgreSQL worker answered statement ${message.id} when ${id} was asked`)
    if ('error' in message) {
      const error = new Error(message.error.message) as PostgresError
      Object.assign(error, { code: message.error.code, detail: message.error.detail, constraint: message.error.constraint })
      if (UNREACHABLE.test(message.error.code ?? '') || /^Connection terminated/.test(message.error.message)) error.unreachable = true
      throw error
    }
    return message.result
  }

  return {
    query: <T>(conn: Connection, sql: string, params: readonly unknown[]) => {
      const { rows, rowCount } = call({ op: 'query', conn, sql, params })
      return { rows: buffers(rows as T[]), rowCount }
    },
    script: (conn, sql) => void call({ op: 'script', conn, sql }),
    close: () => {
      if (closed) return
      call({ op: 'close' })
      closed = true
      port1.close()
      void worker.terminate()
    },
  }
}
