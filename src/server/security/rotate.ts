// Key rotation: after ENCRYPTION_KEY changes (the old key kept in ENCRYPTION_OLD_KEYS), values
// sealed with an old key are opened and sealed again with the new one, a batch at a time, so
// the old key can then be dropped.
import type { Writer } from '../db/writer'
import { sqlInteger } from '../db/statements'
import { rewriteArchives } from '../retention/logs'
import type { ArchiveStores } from '../retention/archive-store'
import { blindIndex } from './blind-index'
import { currentKeyId, open, seal } from './crypto'

/**
 * Columns that hold sealed values. A text column holds the sealed string itself; a JSON column
 * holds it as JSON text, or holds an object with sealed values inside (a step's error, an event's
 * data, a checkpoint's state), which are found wherever they are.
 */
const COLUMNS = [
  { table: 'Execution', column: 'result', json: true },
  { table: 'Execution', column: 'context', json: true },
  { table: 'Execution', column: 'metadata', json: true },
  { table: 'Execution', column: 'errorMessage', json: false, tokens: 'errorTokens' },
  { table: 'Execution', column: 'errorStack', json: false },
  { table: 'Execution', column: 'errorContext', json: true },
  { table: 'Execution', column: 'cancelReason', json: false },
  { table: 'ExecutionStep', column: 'input', json: true },
  { table: 'ExecutionStep', column: 'output', json: true },
  { table: 'ExecutionStep', column: 'errorMessage', json: false },
  { table: 'ExecutionStep', column: 'error', json: true },
  { table: 'ExecutionStep', column: 'metadata', json: true },
  { table: 'ExecutionLog', column: 'context', json: true },
  { table: 'ExecutionLog', column: 'message', json: false },
  { table: 'ExecutionCheckpoint', column: 'state', json: true },
  { table: 'ExecutionEvent', column: 'data', json: true },
  { table: 'Webhook', column: 'secret', json: false },
  { table: 'Webhook', column: 'headers', json: true },
  { table: 'FailureGroup', column: 'message', json: false, key: ['organizationId', 'fingerprint'] },
  { table: 'IdempotencyKey', column: 'response', json: false, key: ['principal', 'key'] },
  { table: 'TaskDefinition', column: 'executionConfig', json: false },
  { table: 'TaskInstance', column: 'input', json: true },
  { table: 'TaskInstance', column: 'output', json: true },
  { table: 'TaskInstance', column: 'error', json: true },
] as const

/**
 * Where each column's walk has got to (the last primary key it saw), so every row is looked at
 * once. By primary key rather than rowid: both databases have one, PostgreSQL has no rowid.
 */
type Cursors = Record<string, unknown[]>

const isStale = (v: unknown, current: string): v is string => typeof v === 'string' && v.startsWith('enc:v1:') && !v.startsWith(`enc:v1:${current}:`)

/**
 * The value with every old-key sealed string in it sealed again (undefined when there was none).
 * A string that only looks sealed — free text a caller sent, or a value of a key no longer
 * configured — is left as it is and counted in `unopened`: it must not stop the walk.
 */
function resealed(value: unknown, current: string, unopened: { n: number }, depth = 0): unknown {
  if (isStale(value, current)) {
    try {
      return seal(open(value))
    } catch {
      unopened.n += 1
      return undefined
    }
  }
  if (typeof value !== 'object' || value === null || depth > 4) return undefined
  let out: Record<string, unknown> | unknown[] | undefined
  for (const [key, inner] of Object.entries(value)) {
    const again = resealed(inner, current, unopened, depth + 1)
    if (again === undefined) continue
    out ??= Array.isArray(value) ? [...value] : { ...value }
    ;(out as Record<string, unknown>)[key] = again
  }
  return out
}

/**
 * Re-seals the next batch of old-key values of every column; returns how many rows it looked
 * at (0 when the walk is done) and how many it changed. An error message's blind index, keyed
 * from the key too, is made again with it.
 */
function reencryptBatch(w: Writer, cursors: Cursors, batch = 500, unopened = { n: 0 }): { seen: number; changed: number } {
  const current = currentKeyId()
  let seen = 0
  let changed = 0
  w.transaction(() => {
    for (const c of COLUMNS) {
      const walk = `${c.table}.${c.column}`
      const keys: readonly string[] = 'key' in c ? c.key : ['id']
      const names = keys.map((k) => `"${k}"`).join(', ')
      const keyAt = keys.map((k, i) => `"${k}" AS "k${i}"`).join(', ')
      const after = cursors[walk]
      // A row value compares key by key (both databases): the rows after the cursor, in key order.
      const rows = w.all<Record<string, unknown> & { v: string | null }>(
        `SELECT ${keyAt}, "${c.column}" AS v FROM "${c.table}" ${after ? `WHERE (${names}) > (${keys.map(() => '?').join(', ')})` : ''} ORDER BY ${names} LIMIT ${sqlInteger(batch)}`,
        after ?? [],
      )
      const byKey = keys.map((k) => `"${k}" = ?`).join(' AND ')
      for (const row of rows) {
        const { v } = row
        if (v === null || !v.includes('enc:v1:')) continue
        const again = resealed(c.json ? (JSON.parse(v) as unknown) : v, current, unopened)
        if (again === undefined) continue
        const key = keys.map((_, i) => row[`k${i}`])
        w.run(`UPDATE "${c.table}" SET "${c.column}" = ? WHERE ${byKey}`, [c.json ? JSON.stringify(again) : (again as string), ...key])
        if ('tokens' in c) w.run(`UPDATE "${c.table}" SET "${c.tokens}" = ? WHERE ${byKey}`, [blindIndex(open(again) as string), ...key])
        changed += 1
      }
      if (rows.length) cursors[walk] = keys.map((_, i) => rows.at(-1)![`k${i}`])
      seen += rows.length
    }
  })
  return { seen, changed }
}

/**
 * Re-seals everything sealed with an old key — the database's columns, then the log archives in
 * `archives` (the folder or the bucket) — yielding to other work between batches. Returns how many values changed, and how
 * many looked sealed but could not be opened (left as they were).
 */
export async function reencryptAll(w: Writer, options: { archives?: ArchiveStores; batch?: number } = {}): Promise<{ changed: number; unopened: number }> {
  const cursors: Cursors = {}
  const unopened = { n: 0 }
  let changed = 0
  for (;;) {
    const batch = reencryptBatch(w, cursors, options.batch ?? 500, unopened)
    changed += batch.changed
    if (batch.seen === 0) break
    await new Promise((r) => setImmediate(r))
  }
  if (options.archives) {
    const current = currentKeyId()
    changed += await rewriteArchives(w, options.archives, (row) => {
      const message = resealed(row.message, current, unopened)
      const context = row.context ? resealed(JSON.parse(row.context) as unknown, current, unopened) : undefined
      if (message === undefined && context === undefined) return undefined
      return { ...row, ...(message !== undefined ? { message: message as string } : {}), ...(context !== undefined ? { context: JSON.stringify(context) } : {}) }
    })
  }
  return { changed, unopened: unopened.n }
}
