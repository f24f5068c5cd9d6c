// Key rotation: after ENCRYPTION_KEY changes (the old key kept in ENCRYPTION_OLD_KEYS), values
// sealed with an old key are opened and sealed again with the new one, a batch at a time, so
// the old key can then be dropped.
import type { Writer } from '../db/writer'
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
  { table: 'ExecutionStep', column: 'input', json: true },
  { table: 'ExecutionStep', column: 'output', json: true },
  { table: 'ExecutionStep', column: 'errorMessage', json: false },
  { table: 'ExecutionStep', column: 'error', json: true },
  { table: 'ExecutionLog', column: 'context', json: true },
  { table: 'ExecutionLog', column: 'message', json: false },
  { table: 'ExecutionCheckpoint', column: 'state', json: true },
  { table: 'ExecutionEvent', column: 'data', json: true },
  { table: 'Webhook', column: 'secret', json: false },
  { table: 'Webhook', column: 'headers', json: true },
  { table: 'FailureGroup', column: 'message', json: false },
] as const

/** Where each column's walk has got to (rowid), so every row is looked at once. */
type Cursors = Record<string, number>

const isStale = (v: unknown, current: string): v is string => typeof v === 'string' && v.startsWith('enc:v1:') && !v.startsWith(`enc:v1:${current}:`)

/** The value with every old-key sealed string in it sealed again (undefined when there was none). */
function resealed(value: unknown, current: string, depth = 0): unknown {
  if (isStale(value, current)) return seal(open(value))
  if (typeof value !== 'object' || value === null || depth > 4) return undefined
  let out: Record<string, unknown> | unknown[] | undefined
  for (const [key, inner] of Object.entries(value)) {
    const again = resealed(inner, current, depth + 1)
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
export function reencryptBatch(w: Writer, cursors: Cursors, batch = 500): { seen: number; changed: number } {
  const current = currentKeyId()
  let seen = 0
  let changed = 0
  w.transaction(() => {
    for (const c of COLUMNS) {
      const key = `${c.table}.${c.column}`
      const rows = w.all<{ rid: number; v: string | null }>(`SELECT rowid AS rid, "${c.column}" AS v FROM "${c.table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`, [cursors[key] ?? 0, batch])
      for (const { rid, v } of rows) {
        if (v === null || !v.includes('enc:v1:')) continue
        const again = resealed(c.json ? (JSON.parse(v) as unknown) : v, current)
        if (again === undefined) continue
        w.run(`UPDATE "${c.table}" SET "${c.column}" = ? WHERE rowid = ?`, [c.json ? JSON.stringify(again) : (again as string), rid])
        if ('tokens' in c) w.run(`UPDATE "${c.table}" SET "${c.tokens}" = ? WHERE rowid = ?`, [blindIndex(open(again) as string), rid])
        changed += 1
      }
      if (rows.length) cursors[key] = rows.at(-1)!.rid
      seen += rows.length
    }
  })
  return { seen, changed }
}

/** Re-seals everything sealed with an old key, yielding to other work between batches. */
export async function reencryptAll(w: Writer, batch = 500): Promise<number> {
  const cursors: Cursors = {}
  let total = 0
  for (;;) {
    const { seen, changed } = reencryptBatch(w, cursors, batch)
    total += changed
    if (seen === 0) return total
    await new Promise((r) => setImmediate(r))
  }
}
