// The Writer and Reader on PostgreSQL (docs/cluster.md) against a real server: SQLite-dialect SQL
// translated, values in better-sqlite3's shapes (times in ms, booleans 0/1, counts as numbers),
// transactions that roll back on a throw, savepoints, and writers in two processes that take turns.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type LocalPostgres } from '../scripts/local-postgres'
import { freePort } from '../scripts/local-redis'
import { DATABASE_RETRY_AFTER_S, toServiceError } from '../src/server/services/errors'
import { createDialect, toPostgres } from '../src/server/db/postgres/dialect'
import { openPostgresReader, openPostgresWriter } from '../src/server/db/postgres/writer'
import type { Reader } from '../src/server/db/reader'
import type { Writer } from '../src/server/db/writer'

describe('the SQLite dialect in PostgreSQL words', () => {
  it('numbers parameters outside quotes and rewrites what is mechanical', () => {
    expect(toPostgres(`SELECT "a?" FROM "T" WHERE "x" = ? AND "y" = 'it''s ?' AND "z" IN (?, ?)`)).toBe(
      `SELECT "a?" FROM "T" WHERE "x" = $1 AND "y" = 'it''s ?' AND "z" IN ($2, $3)`,
    )
    expect(toPostgres(`SELECT "id" FROM "ExecutionStep" WHERE "executionId" = ? AND +"status" = 'running' AND (+"status" = ?)`)).toBe(
      `SELECT "id" FROM "ExecutionStep" WHERE "executionId" = $1 AND "status" = 'running' AND ("status" = $2)`,
    )
    expect(toPostgres('INSERT OR IGNORE INTO "Membership" ("userId", "organizationId") VALUES (?, ?)')).toBe(
      'INSERT INTO "Membership" ("userId", "organizationId") VALUES ($1, $2) ON CONFLICT DO NOTHING',
    )
    expect(toPostgres('INSERT OR IGNORE INTO "T" ("a") VALUES (?) RETURNING "id"')).toBe('INSERT INTO "T" ("a") VALUES ($1) ON CONFLICT DO NOTHING RETURNING "id"')
    expect(toPostgres(`SELECT * FROM "Execution" INDEXED BY "Execution_x_idx" WHERE "id" LIKE ? ESCAPE '\\' AND "m" NOT LIKE 'enc:%'`)).toBe(
      `SELECT * FROM "Execution"  WHERE "id" ILIKE $1 ESCAPE '\\' AND "m" NOT ILIKE 'enc:%'`,
    )
    expect(toPostgres(`SELECT sum("stepId" IS ?), instr("t", ?) FROM "E" WHERE "a" IS NOT ? AND "b" IS NOT NULL`)).toBe(
      `SELECT sum("stepId" IS NOT DISTINCT FROM $1), strpos("t", $2) FROM "E" WHERE "a" IS DISTINCT FROM $3 AND "b" IS NOT NULL`,
    )
    expect(toPostgres(`SELECT json_extract(v."data", '$.result.newState.retryAt') AS "r", json_extract("data", '$.list[0].id') FROM "V" v`)).toBe(
      `SELECT (v."data"::jsonb #>> '{result,newState,retryAt}') AS "r", ("data"::jsonb #>> '{list,0,id}') FROM "V" v`,
    )
    expect(toPostgres(`SELECT 1 FROM "Webhook" w JOIN json_each(?) e JOIN "X" x ON 1 WHERE EXISTS (SELECT 1 FROM json_each(w."events") x WHERE x.value = e.value->>1)`)).toBe(
      `SELECT 1 FROM "Webhook" w CROSS JOIN jsonb_array_elements($1::jsonb) e JOIN "X" x ON 1 WHERE EXISTS (SELECT 1 FROM jsonb_array_elements_text(w."events"::jsonb) x WHERE x.value = e.value->>1)`,
    )
    expect(toPostgres(`SELECT 'm_' || lower(hex(randomblob(12))) FROM "S" LIMIT ? OFFSET ?`)).toBe(
      `SELECT 'm_' || substr(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 1, 24) FROM "S" LIMIT NULLIF(GREATEST($1, -1), -1) OFFSET $2`,
    )
    expect(toPostgres(`SELECT * FROM "E" ORDER BY "id" LIMIT -1 OFFSET 2`)).toBe(`SELECT * FROM "E" ORDER BY "id" LIMIT ALL OFFSET 2`)
    expect(toPostgres(`DELETE FROM "K" WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER (ORDER BY "a") AS "rank" FROM "K") WHERE "rank" > ?)`)).toBe(
      `DELETE FROM "K" WHERE ctid IN (SELECT ctid FROM (SELECT ctid, row_number() OVER (ORDER BY "a") AS "rank" FROM "K") AS sub1 WHERE "rank" > $1)`,
    )
    expect(toPostgres(`SELECT count(*) FROM (SELECT 1 FROM "E" WHERE "a" IN ('x)', ?)) AS n, (SELECT 2) FROM (SELECT 3) u`)).toBe(
      `SELECT count(*) FROM (SELECT 1 FROM "E" WHERE "a" IN ('x)', $1)) AS n, (SELECT 2) FROM (SELECT 3) u`,
    )
    expect(toPostgres(`SELECT 1 FROM "E" WHERE "id" = ? AND 1 ORDER BY "id"`)).toBe(`SELECT 1 FROM "E" WHERE "id" = $1 AND TRUE ORDER BY "id"`)
    expect(toPostgres(`SELECT 1 FROM "E" x WHERE x."a" = ? AND 0`)).toBe(`SELECT 1 FROM "E" x WHERE x."a" = $1 AND FALSE`)
    const withKeys = createDialect({ times: new Set(), booleans: new Set(), tables: new Map([['K', { columns: ['p', 'k', 'v', 'status'], key: ['p', 'k'] }]]) })
    expect(withKeys('INSERT OR REPLACE INTO "K" ("p", "k", "v") VALUES (?, ?, ?)')).toBe(
      'INSERT INTO "K" ("p", "k", "v") VALUES ($1, $2, $3) ON CONFLICT ("p", "k") DO UPDATE SET "v" = EXCLUDED."v", "status" = DEFAULT',
    )
    expect(() => withKeys('INSERT OR REPLACE INTO "Nope" ("a") VALUES (?)')).toThrow('INSERT OR REPLACE on PostgreSQL needs a table with a primary key; got "Nope"')
    const withTimes = createDialect({ times: new Set(['startedAt', 'heartbeatAt']), booleans: new Set(['enabled']) })
    expect(withTimes(`SELECT 1 FROM "C" c WHERE c."enabled" = 1 AND "enabled" <> 0 AND "n" = 1`)).toBe(
      `SELECT 1 FROM "C" c WHERE c."enabled" = TRUE AND "enabled" <> FALSE AND "n" = 1`,
    )
    expect(withTimes(`SELECT max(? - "startedAt"), e."startedAt" FROM "E" e WHERE e."heartbeatAt" + "leaseMs" >= ? AND "startedAt" < ?`)).toBe(
      `SELECT max($1 - (EXTRACT(EPOCH FROM "startedAt") * 1000)), e."startedAt" FROM "E" e WHERE (EXTRACT(EPOCH FROM e."heartbeatAt") * 1000) + "leaseMs" >= $2 AND "startedAt" < $3`,
    )
    expect(toPostgres('INSERT INTO "Log" ("a", "b") SELECT ?, value->>0 FROM json_each(?)')).toBe(
      'INSERT INTO "Log" ("a", "b") SELECT $1, value->>0 FROM jsonb_array_elements($2::jsonb)',
    )
  })
})

describe('Writer and Reader on PostgreSQL', () => {
  let server: LocalPostgres
  let w: Writer
  let r: Reader
  const direct = async (sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    try {
      return (await client.query(sql, params)).rows
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    server = await startPostgres()
    const migrated = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
      env: { ...process.env, DATABASE_URL: server.url },
      encoding: 'utf8',
    })
    if (migrated.status !== 0) throw new Error(migrated.stderr)
    await direct(`CREATE TABLE t ("id" serial PRIMARY KEY, "name" text UNIQUE, "at" timestamp(3), "flag" boolean, "doc" jsonb, "big" bigint, "bytes" bytea)`)
    await direct(`CREATE TABLE counter ("id" int PRIMARY KEY, "n" int NOT NULL); INSERT INTO counter VALUES (1, 0)`)
    w = openPostgresWriter(server.url)
    r = openPostgresReader(server.url)
  }, 120_000)
  afterAll(async () => {
    w?.close()
    r?.close()
    await server?.stop()
  })

  it('binds and reads values in the shapes the SQLite code uses', () => {
    const at = Date.UTC(2026, 11, 3, 10, 20, 30, 456)
    const inserted = w.run('INSERT INTO t ("name", "at", "flag", "doc", "big", "bytes") VALUES (?, ?, ?, ?, ?, ?)', ['a', at, 1, '{"k":[1,2]}', 2n ** 40n, Buffer.from([1, 2, 3])])
    expect(inserted.changes).toBe(1)
    expect(inserted.lastInsertRowid).toBe(1)
    const row = r.get<Record<string, unknown>>('SELECT * FROM t WHERE "name" = ?', ['a'])
    expect(row).toEqual({ id: 1, name: 'a', at, flag: 1, doc: '{"k": [1, 2]}', big: 2 ** 40, bytes: Buffer.from([1, 2, 3]) })
    expect(Buffer.isBuffer(row!.bytes)).toBe(true)
    // A ms number compares with a timestamp column; a count is a number.
    expect(r.get('SELECT count(*) AS n FROM t WHERE "at" >= ? AND "at" < ?', [at, at + 1])).toEqual({ n: 1 })
    expect(r.get('SELECT count(*) AS n FROM t WHERE "at" > ?', [at])).toEqual({ n: 0 })
    expect(r.get('SELECT count(*) AS n FROM t WHERE "at" >= ? AND "at" <= ?', [0, Number.MAX_SAFE_INTEGER])).toEqual({ n: 1 }) // open bounds
    expect(r.all('SELECT "name" FROM t WHERE "flag" = ? AND "doc"::jsonb #>> ? = ?', [1, '{k,1}', '2'])).toEqual([{ name: 'a' }])
    expect(r.get('SELECT "name" FROM t WHERE "name" LIKE ?', ['A'])).toEqual({ name: 'a' }) // as SQLite: ASCII case ignored
    expect(r.all('SELECT "name" FROM t ORDER BY "id" LIMIT ?', [-1])).toHaveLength(1) // as SQLite: a negative LIMIT is none
  })

  it('keeps a Prisma DateTime column in UTC and gives back the milliseconds it was given', async () => {
    const at = Date.UTC(2026, 0, 31, 23, 59, 59, 999)
    w.run('INSERT OR IGNORE INTO "Organization" ("id", "name", "createdAt") VALUES (?, ?, ?)', ['org-1', 'Acme', at])
    w.run('INSERT OR IGNORE INTO "Organization" ("id", "name", "createdAt") VALUES (?, ?, ?)', ['org-1', 'Again', at + 1]) // ignored
    expect(r.all('SELECT "name", "createdAt" FROM "Organization" WHERE "id" = ?', ['org-1'])).toEqual([{ name: 'Acme', createdAt: at }])
    expect(await direct(`SELECT to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS t FROM "Organization" WHERE "id" = 'org-1'`)).toEqual([{ t: '2026-01-31T23:59:59.999' }])
  })

  it('replaces a row as SQLite does: the columns not written go back to their defaults', () => {
    w.run(`CREATE TABLE kv ("p" text, "k" text, "v" text, "status" int DEFAULT 7, PRIMARY KEY ("p", "k"))`)
    w.run('INSERT INTO kv ("p", "k", "v", "status") VALUES (?, ?, ?, ?)', ['a', 'b', 'old', 1])
    const fresh = openPostgresWriter(server.url) // learns the tables on its first statement
    fresh.run('INSERT OR REPLACE INTO kv ("p", "k", "v") VALUES (?, ?, ?)', ['a', 'b', 'new'])
    fresh.close()
    expect(r.all('SELECT "v", "status" FROM kv', [])).toEqual([{ v: 'new', status: 7 }])
  })

  it('rolls a transaction back when it throws, and a savepoint back to where it began', () => {
    expect(() =>
      w.transaction(() => {
        w.run('INSERT INTO t ("name") VALUES (?)', ['rolled back'])
        throw new Error('refused')
      }),
    ).toThrow('refused')
    expect(r.get('SELECT count(*) AS n FROM t WHERE "name" = ?', ['rolled back'])).toEqual({ n: 0 })

    const kept = w.transaction(() => {
      w.run('INSERT INTO t ("name") VALUES (?)', ['outer'])
      expect(() =>
        w.savepoint(() => {
          w.run('INSERT INTO t ("name") VALUES (?)', ['inner'])
          w.run('INSERT INTO t ("name") VALUES (?)', ['outer']) // unique violation: the transaction is not lost
        }),
      ).toThrow(expect.objectContaining({ code: '23505' }))
      w.savepoint(() => w.run('INSERT INTO t ("name") VALUES (?)', ['second inner']))
      // Not visible to the Reader before COMMIT.
      expect(r.get('SELECT count(*) AS n FROM t WHERE "name" = ?', ['outer'])).toEqual({ n: 0 })
      return w.all<{ name: string }>(`SELECT "name" FROM t WHERE "name" IN ('outer', 'inner', 'second inner') ORDER BY "id"`).map((x) => x.name)
    })
    expect(kept).toEqual(['outer', 'second inner'])
    expect(r.all(`SELECT "name" FROM t WHERE "name" IN ('outer', 'inner', 'second inner') ORDER BY "id"`, [])).toEqual([{ name: 'outer' }, { name: 'second inner' }])
    expect(() => w.savepoint(() => 1)).toThrow('savepoint() runs inside transaction()')
  })

  it('reports a bad statement with PostgreSQL’s message and code, and stays usable', () => {
    expect(() => w.get('SELECT "nope" FROM t')).toThrow(expect.objectContaining({ message: 'column "nope" does not exist', code: '42703' }))
    expect(() => w.transaction(() => w.run('INSERT INTO t ("name") VALUES (?)', ['a']))).toThrow(/duplicate key value violates unique constraint "t_name_key"/)
    expect(w.transaction(() => w.get('SELECT 1 AS one'))).toEqual({ one: 1 })
  })

  it('lets writers in two processes take turns: no read-then-write is lost', async () => {
    const times = 15
    const run = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/postgres/increment.ts', server.url, String(times), '5'], { stdio: ['ignore', 'ignore', 'inherit'] })
        child.on('exit', resolve)
      })
    expect(await Promise.all([run(), run()])).toEqual([0, 0])
    expect(r.get('SELECT "n" FROM counter', [])).toEqual({ n: 2 * times })
  }, 60_000)
})

describe('a Writer and Reader whose PostgreSQL goes away and comes back', () => {
  it('fail while it is down, as a 503 to clients, and work again once it is up: no restart of the node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postgres-restart-'))
    const port = await freePort()
    let server = await startPostgres({ dir, port })
    const w = openPostgresWriter(server.url)
    const r = openPostgresReader(server.url)
    const failure = (run: () => unknown) => {
      try {
        run()
      } catch (error) {
        return error
      }
      throw new Error('expected a failure')
    }
    try {
      expect(r.get('SELECT 1 AS one', [])).toEqual({ one: 1 })
      expect(w.transaction(() => w.get('SELECT 2 AS two', []))).toEqual({ two: 2 })
      await server.stop()
      // Down: each statement fails (a dropped connection, then connects refused), more than once,
      // and clients are told to come back shortly, without the server's address.
      for (let i = 0; i < 3; i++) {
        for (const error of [failure(() => r.get('SELECT 1 AS one', [])), failure(() => w.transaction(() => w.get('SELECT 2 AS two', [])))]) {
          expect(toServiceError(error)).toMatchObject({ kind: 'UNAVAILABLE', retryAfter: DATABASE_RETRY_AFTER_S })
          expect((toServiceError(error) as Error).message).not.toContain(String(port))
        }
      }
      server = await startPostgres({ dir, port })
      expect(r.get('SELECT 1 AS one', [])).toEqual({ one: 1 })
      expect(w.transaction(() => w.get('SELECT 2 AS two', []))).toEqual({ two: 2 })
    } finally {
      w.close()
      r.close()
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
