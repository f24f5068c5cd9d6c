// The thread that owns the PostgreSQL connections of the synchronous Writer and Reader (sync.ts):
// the main thread posts a request on `port` and sleeps in Atomics.wait on `signal`; this thread
// runs it, posts the answer, sets `signal` to 1 and wakes it. Plain JavaScript so that neither
// Next's bundle nor a TypeScript loader has to know about it.
import { workerData } from 'node:worker_threads'
import pg from 'pg'

const { url, port, signal, lockTimeoutMs } = workerData

// Values look as better-sqlite3 gives them: times as milliseconds, booleans as 0/1, counts and
// sums as numbers, JSON as the text the code parses.
const TIMESTAMP = 1114
const TIMESTAMPTZ = 1184
const parsers = {
  [TIMESTAMP]: (s) => Date.parse(s.replace(' ', 'T') + 'Z'),
  [TIMESTAMPTZ]: (s) => pg.types.getTypeParser(TIMESTAMPTZ)(s).getTime(),
  20: Number, // int8
  1700: Number, // numeric
  16: (s) => (s === 't' ? 1 : 0), // bool
  114: (s) => s, // json
  3802: (s) => s, // jsonb
}
const types = { getTypeParser: (oid, format) => (format === 'text' && parsers[oid]) || pg.types.getTypeParser(oid, format) }

const connections = new Map() // 'w' | 'r' -> { client, statements: Map<sql, { name, paramTypes }> }

async function connection(name) {
  let c = connections.get(name)
  if (!c) {
    // A lock waited for past SQLite's busy timeout (another node's long transaction holding the
    // writer lock) fails the statement, as SQLITE_BUSY does: callers skip a round or answer an
    // error instead of the node's main thread sleeping until the statement wait gives the
    // connection up.
    const client = new pg.Client({ connectionString: url, types, lock_timeout: lockTimeoutMs })
    const entry = { client, statements: new Map() }
    // A connection the server drops (restart, failover), or one that could not be made (the server
    // down), is replaced on the next request: a failed connect kept here failed every statement
    // after it, the node's API answering 500 until it was restarted by hand.
    const forget = () => {
      if (connections.get(name) === entry) connections.delete(name)
    }
    entry.ready = client.connect().catch((error) => {
      forget()
      throw error
    })
    client.on('error', forget)
    client.on('end', forget)
    c = entry
    connections.set(name, c)
  }
  await c.ready
  return c
}

/**
 * The server's types for a statement's parameters, asked once per statement text: they decide how
 * a JavaScript value is sent (a number bound to a timestamp is an instant in milliseconds).
 */
async function statement(c, sql) {
  let s = c.statements.get(sql)
  if (!s) {
    const name = `s${c.statements.size + 1}`
    await c.client.query(`PREPARE ${name} AS ${sql}`)
    const { rows } = await c.client.query('SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1', [name])
    await c.client.query(`DEALLOCATE ${name}`)
    s = { name, paramTypes: rows[0]?.types ?? [] }
    c.statements.set(sql, s)
  }
  return s
}

const MAX_DATE_MS = 8.64e15

function bind(value, type) {
  if (value === undefined) return null
  if (type === 'timestamp without time zone' || type === 'timestamp with time zone') {
    if (typeof value === 'number' || typeof value === 'bigint') {
      // Past what a Date holds (the code's open bounds, Number.MAX_SAFE_INTEGER): PostgreSQL's infinities.
      const ms = Number(value)
      if (Math.abs(ms) > MAX_DATE_MS) return ms > 0 ? 'infinity' : '-infinity'
      return new Date(ms).toISOString()
    }
  }
  if (type === 'boolean' && (typeof value === 'number' || typeof value === 'bigint')) return Number(value) !== 0
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'boolean' && type !== 'boolean' && type !== undefined) return value ? 1 : 0
  return value
}

// What PREPARE takes; anything else (DDL) runs as it is.
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|VALUES)\b/i

async function query(c, sql, params) {
  if (!PREPARABLE.test(sql)) {
    const result = await c.client.query(
      sql,
      params.map((v) => bind(v, undefined)),
    )
    return { rows: result.rows, rowCount: result.rowCount ?? 0 }
  }
  const s = await statement(c, sql)
  const values = params.map((v, i) => bind(v, s.paramTypes[i]))
  const result = await c.client.query({ name: s.name, text: sql, values })
  return { rows: result.rows, rowCount: result.rowCount ?? 0 }
}

async function handle(request) {
  if (request.op === 'close') {
    await Promise.all([...connections.values()].map((c) => c.client.end().catch(() => {})))
    connections.clear()
    return { ok: true }
  }
  const c = await connection(request.conn)
  if (request.op === 'script') {
    // Statements without parameters in one round trip (BEGIN and its lock, SAVEPOINT…).
    await c.client.query(request.sql)
    return { rows: [], rowCount: 0 }
  }
  return query(c, request.sql, request.params ?? [])
}

function reply(message) {
  port.postMessage(message)
  Atomics.store(signal, 0, 1)
  Atomics.notify(signal, 0)
}

// One request at a time: the main thread is asleep until it has its answer.
port.on('message', (request) => {
  handle(request).then(
    (result) => reply({ id: request.id, result }),
    (error) =>
      reply({
        id: request.id,
        error: {
          message: error?.message ?? String(error),
          code: error?.code,
          detail: error?.detail,
          constraint: error?.constraint,
          table: error?.table,
        },
      }),
  )
})
