// Log retention (logs retained for 30 days, then archived: docs/data-model.md). Lines older than the
// retention period move, per execution, into gzip-compressed JSON-lines archives in the archive
// store (retention/archive-store.ts: the data folder, or an S3 bucket every node reads); the logs
// API reads them back. The archive is written before the rows are deleted, and its name is its id
// range, so a crash in between only means the next run writes the same archive again; a store
// that fails (unreachable, denied) leaves the lines in the database.
import { visibleSql } from '../domain/access'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Writer } from '../db/writer'
import { storeFailure, type ArchiveStores } from './archive-store'

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

export function createLogArchive(options: { writer: Writer; archives: ArchiveStores; now?: () => number }) {
  const { writer: w, archives } = options
  const now = options.now ?? Date.now

  /**
   * Archives every log line older than `retentionMs` — of the executions of `organizations` only,
   * when an organisation's admin asks; returns how many lines moved.
   */
  async function archive(retentionMs: number, organizations?: readonly string[]): Promise<{ executions: number; lines: number }> {
    const cutoff = now() - retentionMs
    const owned = organizations ? visibleSql(organizations) : null
    const executions = owned
      ? w.all<{ executionId: string }>(
          `SELECT DISTINCT "executionId" FROM "ExecutionLog" WHERE "timestamp" < ? AND "executionId" IN (SELECT "id" FROM "Execution" WHERE ${owned.sql})`,
          [cutoff, ...owned.params],
        )
      : w.all<{ executionId: string }>('SELECT DISTINCT "executionId" FROM "ExecutionLog" WHERE "timestamp" < ?', [cutoff])
    const store = archives.current
    let lines = 0
    let moved = 0
    for (const { executionId } of executions) {
      const rows = w.all<LogRow>('SELECT * FROM "ExecutionLog" WHERE "executionId" = ? AND "timestamp" < ? ORDER BY "id"', [executionId, cutoff])
      if (!rows.length) continue
      const firstId = rows[0]!.id
      const lastId = rows.at(-1)!.id
      const location = store.locate(`logs/${safe(executionId)}/${firstId}-${lastId}.jsonl.gz`)
      try {
        await store.put(location, gzipSync(rows.map((r) => JSON.stringify(r)).join('\n')))
      } catch (error) {
        // What moved before stays moved; these lines and the rest stay in the database for the next run.
        const done = moved ? ` (${lines} lines of ${moved} executions were archived before it)` : ''
        throw storeFailure(`${(error as Error).message}; the log lines stay in the database${done}`)
      }
      // The put awaited: a line another transaction committed meanwhile with an id in the range
      // (PostgreSQL's ids are not commit order) is not in the archive, so it must not be deleted.
      const kept = w.transaction(() => {
        const inRange = w.get<{ n: number }>('SELECT count(*) AS n FROM "ExecutionLog" WHERE "executionId" = ? AND "timestamp" < ? AND "id" <= ?', [executionId, cutoff, lastId])!.n
        if (Number(inRange) !== rows.length) return false
        w.run(`INSERT OR REPLACE INTO "LogArchive" ("id", "executionId", "firstId", "lastId", "count", "path", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
          `${executionId}:${firstId}`,
          executionId,
          firstId,
          lastId,
          rows.length,
          location,
          now(),
        ])
        w.run('DELETE FROM "ExecutionLog" WHERE "executionId" = ? AND "timestamp" < ? AND "id" <= ?', [executionId, cutoff, lastId])
        return true
      })
      if (!kept) {
        await store.delete(location).catch(() => {}) // an archive no row points to; the next run writes the lines again
        continue
      }
      lines += rows.length
      moved += 1
    }
    return { executions: moved, lines }
  }

  /** `archives`: where they go and are read from (key re-sealing rewrites them there). */
  return { archive, archives }
}

export type LogArchive = ReturnType<typeof createLogArchive>

/**
 * The archived lines of a page of an execution's log: those `keep` takes, with ids between `after`
 * and `before`, from whichever store each archive is in. An archive is read (fetched, unzipped)
 * only while the page still needs it: in the page's direction, archive after archive, until
 * `limit` + 1 lines — those already found in the database (`found`, ids) counted — are nearer
 * than anything the next archive holds. (Paging back through a long history read and unzipped
 * every archive of the execution at every page.)
 */
export async function readArchivedLogs(
  store: { all<T>(sql: string, params: readonly unknown[]): T[] },
  archives: ArchiveStores,
  executionId: string,
  page: { after?: number; before?: number; backwards: boolean; limit: number; keep: (row: LogRow) => boolean; found: readonly number[] },
): Promise<LogRow[]> {
  const after = page.after ?? 0
  const before = page.before ?? Infinity
  const recorded = store.all<{ path: string; firstId: number; lastId: number }>(
    `SELECT "path", "firstId", "lastId" FROM "LogArchive" WHERE "executionId" = ? AND "lastId" > ?${page.before === undefined ? '' : ' AND "firstId" < ?'} ORDER BY "firstId" ${page.backwards ? 'DESC' : 'ASC'}`,
    [executionId, after, ...(page.before === undefined ? [] : [page.before])],
  )
  const kept: LogRow[] = []
  // Ids found so far, nearest first: the page is settled once its last place is nearer than the next archive.
  const nearest = [...page.found]
  const settledBefore = (archive: { firstId: number; lastId: number }) => {
    if (nearest.length <= page.limit) return false
    nearest.sort((a, b) => (page.backwards ? b - a : a - b))
    const last = nearest[page.limit]!
    return page.backwards ? last > archive.lastId : last < archive.firstId
  }
  for (const archive of recorded) {
    if (settledBefore(archive)) break
    for (const row of parseArchive(await archives.of(archive.path).get(archive.path))) {
      if (row.id <= after || row.id >= before || !page.keep(row)) continue
      kept.push(row)
      nearest.push(row.id)
    }
  }
  return kept
}

const parseArchive = (data: Buffer): LogRow[] =>
  gunzipSync(data)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogRow)

/**
 * Rewrites every archive through `change` (a line in, the line to keep, or undefined when it
 * stays as it is); an archive is written again, in place, only when a line of it changed.
 * Returns how many lines changed.
 */
export async function rewriteArchives(
  store: { all<T>(sql: string, params: readonly unknown[]): T[] },
  archives: ArchiveStores,
  change: (row: LogRow) => LogRow | undefined,
): Promise<number> {
  let changed = 0
  for (const { path } of store.all<{ path: string }>('SELECT "path" FROM "LogArchive" ORDER BY "executionId", "firstId"', [])) {
    const at = archives.of(path)
    const rows = parseArchive(await at.get(path))
    let dirty = false
    const out = rows.map((row) => {
      const again = change(row)
      if (again === undefined) return row
      dirty = true
      changed += 1
      return again
    })
    if (dirty) await at.put(path, gzipSync(out.map((r) => JSON.stringify(r)).join('\n')))
    await new Promise((resolve) => setImmediate(resolve)) // let requests in between archives
  }
  return changed
}

const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_')
