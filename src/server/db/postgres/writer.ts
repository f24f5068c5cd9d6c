// The Writer and Reader on PostgreSQL (cluster mode, docs/cluster.md): the same synchronous
// interfaces as on SQLite, over the worker thread's two connections.
//
// A transaction is BEGIN + a transaction-level advisory lock on one key: what BEGIN IMMEDIATE
// gave on SQLite — one writer at a time, read-check-write with nobody in between — across every
// node. The server releases it at COMMIT or ROLLBACK, or when a node's connection dies.
import type { Reader } from '../reader'
import type { Writer } from '../writer'
import { createDialect } from './dialect'
import { openSyncPostgres, type Connection, type SyncPostgres } from './sync'

/** The advisory lock every write transaction takes (any constant no other code uses). */
export const WRITER_LOCK_KEY = 0x636f6e73 // "cons"

/** The translation for this database, made on first use: it asks which columns hold times and booleans. */
function dialectOf(pg: SyncPostgres, conn: Connection) {
  let toPostgres: ((sql: string) => string) | undefined
  return (sql: string) => {
    if (!toPostgres) {
      const { rows } = pg.query<{ name: string; type: string }>(
        conn,
        `SELECT DISTINCT column_name::text AS "name", data_type::text AS "type" FROM information_schema.columns
         WHERE table_schema = current_schema() AND (data_type LIKE 'timestamp%' OR data_type = 'boolean')`,
        [],
      )
      const named = (type: (t: string) => boolean) => new Set(rows.filter((r) => type(r.type)).map((r) => r.name))
      toPostgres = createDialect({ times: named((t) => t.startsWith('timestamp')), booleans: named((t) => t === 'boolean'), tables: tablesOf(pg, conn) })
    }
    return toPostgres(sql)
  }
}

/** Each table's columns (in order) and primary key. */
function tablesOf(pg: SyncPostgres, conn: Connection) {
  const tables = new Map<string, { columns: string[]; key: string[] }>()
  const table = (name: string) => tables.get(name) ?? tables.set(name, { columns: [], key: [] }).get(name)!
  const columns = pg.query<{ table: string; name: string }>(
    conn,
    `SELECT table_name::text AS "table", column_name::text AS "name" FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    [],
  )
  for (const c of columns.rows) table(c.table).columns.push(c.name)
  const keys = pg.query<{ table: string; name: string }>(
    conn,
    `SELECT tc.table_name::text AS "table", k.column_name::text AS "name" FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
     WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() ORDER BY k.ordinal_position`,
    [],
  )
  for (const k of keys.rows) table(k.table).key.push(k.name)
  return tables
}

function queries(pg: SyncPostgres, conn: Connection, toPostgres: (sql: string) => string) {
  return {
    all: <T>(sql: string, params: readonly unknown[] = []) => pg.query<T>(conn, toPostgres(sql), params).rows,
    get: <T>(sql: string, params: readonly unknown[] = []) => pg.query<T>(conn, toPostgres(sql), params).rows[0],
  }
}

export function openPostgresWriter(url: string, pg: SyncPostgres = openSyncPostgres(url)): Writer {
  let depth = 0
  let savepoints = 0
  const toPostgres = dialectOf(pg, 'w')

  const savepoint = <T>(fn: () => T): T => {
    const name = `sp${++savepoints}`
    pg.script('w', `SAVEPOINT ${name}`)
    depth++
    try {
      const result = fn()
      pg.script('w', `RELEASE SAVEPOINT ${name}`)
      return result
    } catch (error) {
      pg.script('w', `ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`)
      throw error
    } finally {
      depth--
    }
  }

  return {
    dialect: 'postgres',
    transaction<T>(fn: () => T): T {
      if (depth > 0) return savepoint(fn) // nested, as better-sqlite3 nests transactions
      pg.script('w', `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK_KEY})`)
      depth++
      try {
        const result = fn()
        depth--
        pg.script('w', 'COMMIT')
        return result
      } catch (error) {
        if (depth > 0) depth--
        try {
          pg.script('w', 'ROLLBACK')
        } catch {
          // The connection is gone: the server rolled back with it.
        }
        throw error
      } finally {
        savepoints = 0
      }
    },
    savepoint<T>(fn: () => T): T {
      if (depth === 0) throw new Error('savepoint() runs inside transaction()')
      return savepoint(fn)
    },
    run(sql, params = []) {
      const { rowCount } = pg.query('w', toPostgres(sql), params)
      return {
        changes: rowCount,
        // SQLite's rowid of the last row inserted: the session's last sequence value, asked only
        // when read (an insert of an autoincrement id).
        get lastInsertRowid() {
          return Number(pg.query<{ id: string | number }>('w', 'SELECT lastval() AS id', []).rows[0]!.id)
        },
      }
    },
    ...queries(pg, 'w', toPostgres),
    close: () => pg.close(),
  }
}

/** The Reader on its own connection: committed data only, in autocommit. */
export function openPostgresReader(url: string, pg: SyncPostgres = openSyncPostgres(url)): Reader {
  const { all, get } = queries(pg, 'r', dialectOf(pg, 'r'))
  return { dialect: 'postgres', all, get, close: () => pg.close() }
}
