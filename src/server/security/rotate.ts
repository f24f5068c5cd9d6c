// Key rotation: after ENCRYPTION_KEY changes (the old key kept in ENCRYPTION_OLD_KEYS), values
// sealed with an old key are opened and sealed again with the new one, a batch at a time, so
// the old key can then be dropped.
import type { Writer } from '../db/writer'
import { currentKeyId, open, seal, sealJson } from './crypto'

/** Sealed columns: JSON columns hold the sealed string as JSON text, text columns as it is. */
const COLUMNS = [
  { table: 'Execution', column: 'result', json: true },
  { table: 'ExecutionStep', column: 'input', json: true },
  { table: 'ExecutionStep', column: 'output', json: true },
  { table: 'ExecutionLog', column: 'context', json: true },
  { table: 'ExecutionLog', column: 'message', json: false },
  { table: 'Webhook', column: 'secret', json: false },
] as const

/** Where each column's walk has got to (rowid), so every row is looked at once. */
type Cursors = Record<string, number>

/**
 * Re-seals the next batch of old-key values of every column; returns how many rows it looked
 * at (0 when the walk is done) and how many it changed.
 */
export function reencryptBatch(w: Writer, cursors: Cursors, batch = 500): { seen: number; changed: number } {
  const current = currentKeyId()
  let seen = 0
  let changed = 0
  w.transaction(() => {
    for (const { table, column, json } of COLUMNS) {
      const key = `${table}.${column}`
      const rows = w.all<{ rid: number; v: string | null }>(`SELECT rowid AS rid, "${column}" AS v FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`, [cursors[key] ?? 0, batch])
      for (const { rid, v } of rows) {
        const text = json && v ? (JSON.parse(v) as unknown) : v
        if (typeof text === 'string' && text.startsWith('enc:v1:') && !text.startsWith(`enc:v1:${current}:`)) {
          w.run(`UPDATE "${table}" SET "${column}" = ? WHERE rowid = ?`, [json ? sealJson(open(text)) : seal(open(text)), rid])
          changed += 1
        }
      }
      if (rows.length) cursors[key] = rows.at(-1)!.rid
      seen += rows.length
    }
    // Checkpoint results are sealed inside the state: each value (see sealEach), or all at once (before).
    const stale = (v: unknown): v is string => typeof v === 'string' && v.startsWith('enc:v1:') && !v.startsWith(`enc:v1:${current}:`)
    const states = w.all<{ rid: number; state: string }>('SELECT rowid AS rid, "state" FROM "ExecutionCheckpoint" WHERE rowid > ? ORDER BY rowid LIMIT ?', [cursors.checkpoints ?? 0, batch])
    for (const { rid, state } of states) {
      const parsed = JSON.parse(state) as { results: unknown }
      let results: unknown
      if (stale(parsed.results)) results = seal(open(parsed.results))
      else if (typeof parsed.results === 'object' && parsed.results !== null && Object.values(parsed.results).some(stale)) {
        results = Object.fromEntries(Object.entries(parsed.results).map(([key, value]) => [key, stale(value) ? seal(open(value)) : value]))
      } else continue
      w.run('UPDATE "ExecutionCheckpoint" SET "state" = ? WHERE rowid = ?', [JSON.stringify({ ...parsed, results }), rid])
      changed += 1
    }
    if (states.length) cursors.checkpoints = states.at(-1)!.rid
    seen += states.length
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
