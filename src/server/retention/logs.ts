// Log retention (logs retained for 30 days, then archived: docs/data-model.md). Lines older than the
// retention period move, per execution, into gzip-compressed JSON-lines files under the data
// folder; the logs API reads them back. The file is written and synced before the rows are
// deleted, and its name is its id range, so a crash in between only means the next run rewrites
// the same file.
import { visibleSql } from '../domain/access'
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Writer } from '../db/writer'

export interface LogRow {
  id: number
  executionId: string
  timestamp: number
  level: string
  message: string
  step: string | null
  context: string | null
  source: string | null
  component: string | null
  traceId: string | null
  spanId: string | null
}

export function createLogArchive(options: { writer: Writer; dataDir: string; now?: () => number }) {
  const { writer: w, dataDir } = options
  const now = options.now ?? Date.now

  /**
   * Archives every log line older than `retentionMs` — of the executions of `organizations` only,
   * when an organisation's admin asks; returns how many lines moved.
   */
  function archive(retentionMs: number, organizations?: readonly string[]): { executions: number; lines: number } {
    const cutoff = now() - retentionMs
    const owned = organizations ? visibleSql(organizations) : null
    const executions = owned
      ? w.all<{ executionId: string }>(
          `SELECT DISTINCT "executionId" FROM "ExecutionLog" WHERE "timestamp" < ? AND "executionId" IN (SELECT "id" FROM "Execution" WHERE ${owned.sql})`,
          [cutoff, ...owned.params],
        )
      : w.all<{ executionId: string }>('SELECT DISTINCT "executionId" FROM "ExecutionLog" WHERE "timestamp" < ?', [cutoff])
    let lines = 0
    for (const { executionId } of executions) {
      const rows = w.all<LogRow>('SELECT * FROM "ExecutionLog" WHERE "executionId" = ? AND "timestamp" < ? ORDER BY "id"', [executionId, cutoff])
      if (!rows.length) continue
      const firstId = rows[0]!.id
      const lastId = rows.at(-1)!.id
      const path = join('archive', 'logs', safe(executionId), `${firstId}-${lastId}.jsonl.gz`)
      writeDurably(join(dataDir, path), gzipSync(rows.map((r) => JSON.stringify(r)).join('\n')))
      w.transaction(() => {
        w.run(`INSERT OR REPLACE INTO "LogArchive" ("id", "executionId", "firstId", "lastId", "count", "path", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
          `${executionId}:${firstId}`,
          executionId,
          firstId,
          lastId,
          rows.length,
          path,
          now(),
        ])
        w.run('DELETE FROM "ExecutionLog" WHERE "executionId" = ? AND "timestamp" < ? AND "id" <= ?', [executionId, cutoff, lastId])
      })
      lines += rows.length
    }
    return { executions: executions.length, lines }
  }

  return { archive }
}

export type LogArchive = ReturnType<typeof createLogArchive>

/** Archived lines of an execution with ids above `after`, oldest first. */
export function readArchivedLogs(store: { all<T>(sql: string, params: readonly unknown[]): T[] }, dataDir: string, executionId: string, after = 0): LogRow[] {
  const archives = store.all<{ path: string }>('SELECT "path" FROM "LogArchive" WHERE "executionId" = ? AND "lastId" > ? ORDER BY "firstId"', [executionId, after])
  return archives.flatMap(({ path }) =>
    gunzipSync(readFileSync(join(dataDir, path)))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogRow)
      .filter((row) => row.id > after),
  )
}

/**
 * Rewrites every archive file through `change` (a line in, the line to keep, or undefined when it
 * stays as it is); a file is written again, durably, only when a line of it changed. Returns how
 * many lines changed.
 */
export async function rewriteArchives(
  store: { all<T>(sql: string, params: readonly unknown[]): T[] },
  dataDir: string,
  change: (row: LogRow) => LogRow | undefined,
): Promise<number> {
  let changed = 0
  for (const { path } of store.all<{ path: string }>('SELECT "path" FROM "LogArchive" ORDER BY "executionId", "firstId"', [])) {
    const rows = gunzipSync(readFileSync(join(dataDir, path)))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogRow)
    let dirty = false
    const out = rows.map((row) => {
      const again = change(row)
      if (again === undefined) return row
      dirty = true
      changed += 1
      return again
    })
    if (dirty) writeDurably(join(dataDir, path), gzipSync(out.map((r) => JSON.stringify(r)).join('\n')))
    await new Promise((resolve) => setImmediate(resolve)) // let requests in between files
  }
  return changed
}

const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_')

function writeDurably(file: string, data: Buffer) {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.tmp`
  writeFileSync(tmp, data)
  const fd = openSync(tmp, 'r')
  fsyncSync(fd)
  closeSync(fd)
  renameSync(tmp, file)
}
