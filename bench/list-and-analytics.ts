// List a page of 50 (status + service filter, newest first) and the analytics summary over the
// seeded history, through the service layer and as the same SQL without it, on SQLite and on
// PostgreSQL (the same rows, copied from the SQLite history) in one run.
//   npm run bench:list [-- --executions 1000000] [--database sqlite|postgres|both] [--port 55500]
// On PostgreSQL the service reads through the Reader the console uses in cluster mode (a worker
// thread's connection, docs/cluster.md); the raw SQL goes through `pg` on a connection of its own.
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import pg from 'pg'
import { openDb } from '../src/server/db/client'
import { toPostgres } from '../src/server/db/postgres/dialect'
import { openReader } from '../src/server/db/reader'
import { createQueryService } from '../src/server/services/queries'
import { LIST_COLUMNS, filterClauses } from '../src/server/services/execution-sql'
import { CUSTOMERS, SERVICE_TEMPLATES } from '../src/server/built-in/catalog'
import { historyDatabase, ms, postgresHistory, time, type Timing } from './lib'

const { values } = parseArgs({
  options: { executions: { type: 'string', default: '1000000' }, database: { type: 'string', default: 'both' }, port: { type: 'string', default: '55500' } },
})
const executions = Number(values.executions)
if (!Number.isInteger(executions) || executions < 1) throw new Error(`--executions must be a positive whole number; got ${values.executions}`)
if (!['sqlite', 'postgres', 'both'].includes(values.database!)) throw new Error(`--database must be sqlite, postgres or both; got ${values.database}`)
const port = Number(values.port)
if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`--port must be a number from 1024 to 65535; got ${values.port}`)
const databases = (values.database === 'both' ? ['sqlite', 'postgres'] : [values.database]) as Which[]

type Which = 'sqlite' | 'postgres'
/** The same SQL without the service layer: better-sqlite3's prepared statements, or `pg`'s named ones. */
interface Raw {
  all(sql: string, params: unknown[]): unknown[] | Promise<unknown[]>
  /** A time parameter: ms on SQLite, a timestamp on PostgreSQL. */
  at(ms: number): unknown
  explain(sql: string): Promise<string>
  close(): Promise<void>
}

function sqliteRaw(file: string): Raw {
  const db = new Database(file, { readonly: true })
  db.pragma('journal_mode = WAL')
  const statements = new Map<string, Database.Statement>()
  const prepare = (sql: string) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!
  return {
    all: (sql, params) => prepare(sql).all(...params),
    at: (v) => v,
    explain: async (sql) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | '),
    close: async () => {
      db.close()
    },
  }
}

async function postgresRaw(url: string): Promise<Raw> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const names = new Map<string, string>()
  return {
    all: async (sql, params) => {
      const text = toPostgres(sql)
      const name = names.get(text) ?? names.set(text, `s${names.size}`).get(text)!
      return (await client.query({ name, text, values: params })).rows
    },
    at: (v) => new Date(v),
    explain: async (sql) =>
      (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${toPostgres(sql)}`)).rows.map((r) => r['QUERY PLAN'].trim().replace(/^-> +/, '')).join(' | '),
    close: () => client.end(),
  }
}

const STATUSES = ['completed', 'failed', 'running', 'cancelled'] as const
const SERVICES = SERVICE_TEMPLATES.map((t) => t.id)
const combo = (i: number) => ({ status: STATUSES[i % STATUSES.length]!, service: SERVICES[(i * 7) % SERVICES.length]! })
const comboLists = (i: number) => {
  const c = combo(i)
  return { status: [c.status], service: [c.service] }
}
// A customer's operator sees only its organisation's executions (the provider sees them all).
const CUSTOMER = [CUSTOMERS[0]!.id]
const COLUMNS = LIST_COLUMNS.map((c) => `"${c}"`).join(', ')
const LIST_SQL = `SELECT ${COLUMNS} FROM "Execution" WHERE "status" IN (?) AND "serviceId" IN (?) ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`
const CUSTOMER_LIST_SQL = `SELECT ${COLUMNS} FROM "Execution"
   WHERE "status" IN (?) AND "serviceId" IN (?) AND ("customerId" IN (?) OR "providerId" IN (?)) ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`
const tagsSql = (n: number) => `SELECT "executionId", "tag" FROM "ExecutionTag" WHERE "executionId" IN (${Array(n).fill('?').join(',')})`
// SQLite is told the covering index (as the service does); PostgreSQL's dialect drops INDEXED BY.
const ANALYTICS_SQL = `SELECT "status", "errorCode", count(*) AS n, sum("cost") AS cost, sum("durationMs") AS duration
   FROM "Execution" INDEXED BY "Execution_serviceId_createdAt_status_durationMs_cost_errorCode_idx"
   WHERE "serviceId" = ? AND "createdAt" >= ? AND "createdAt" <= ? GROUP BY "status", "errorCode"`
const SEARCHES = ['timeout', 'salesforce token', 'smtp', 'unavail']

interface Figures {
  list: [Timing, Timing]
  customer: [Timing, Timing]
  search: [Timing, Timing]
  tag: [Timing, Timing]
  analytics: [Timing, Timing]
}

async function measure(which: Which): Promise<Figures> {
  let target: string
  let stop = async () => {}
  if (which === 'sqlite') target = historyDatabase(executions)
  else {
    const server = await postgresHistory(executions, port)
    target = server.url
    stop = server.stop
  }
  try {
    const prismaDb = await openDb(target)
    const reader = openReader(target)
    const queries = createQueryService(prismaDb, reader)
    const raw = which === 'sqlite' ? sqliteRaw(target) : await postgresRaw(target)
    try {
      const count = ((await raw.all('SELECT count(*) AS n FROM "Execution"', [])) as { n: number }[])[0]!.n
      console.log(`\n${which}: ${count} executions in ${which === 'sqlite' ? target : target.replace(/\/\/[^@]*@/, '//')}`)
      console.log(`  plan (list): ${await raw.explain(LIST_SQL.replace('IN (?) AND "serviceId" IN (?)', `IN ('failed') AND "serviceId" IN ('sdr-service')`))}`)
      console.log(
        `  plan (customer list): ${await raw.explain(CUSTOMER_LIST_SQL.replace('IN (?) AND "serviceId" IN (?) AND ("customerId" IN (?) OR "providerId" IN (?))', `IN ('failed') AND "serviceId" IN ('sdr-service') AND ("customerId" IN ('${CUSTOMER[0]}') OR "providerId" IN ('${CUSTOMER[0]}'))`))}`,
      )
      console.log(`  plan (analytics): ${await raw.explain(ANALYTICS_SQL.replace('"serviceId" = ? AND "createdAt" >= ? AND "createdAt" <= ?', `"serviceId" = 'sdr-service'`))}`)
      const withTags = async (rows: { id: string }[]) => {
        if (rows.length)
          await raw.all(
            tagsSql(Math.min(rows.length, 50)),
            rows.slice(0, 50).map((r) => r.id),
          )
        return rows
      }
      const listService = await time(300, 30, (i) => queries.list({ ...comboLists(i), sort: 'createdAt', order: 'desc', limit: 50 }))
      const listRaw = await time(300, 30, async (i) => {
        const c = combo(i)
        return withTags((await raw.all(LIST_SQL, [c.status, c.service])) as { id: string }[])
      })
      const customerService = await time(300, 30, (i) => queries.list({ ...comboLists(i), sort: 'createdAt', order: 'desc', limit: 50 }, CUSTOMER))
      const customerRaw = await time(300, 30, async (i) => {
        const c = combo(i)
        return withTags((await raw.all(CUSTOMER_LIST_SQL, [c.status, c.service, CUSTOMER[0], CUSTOMER[0]])) as { id: string }[])
      })

      // A search by words of the error message, sealed at rest and found by its blind index: a common
      // word, a rarer one, two words, a word's beginning (the newest 50 of each).
      const searchService = await time(60, 6, (i) => queries.list({ search: SEARCHES[i % SEARCHES.length]!, sort: 'createdAt', order: 'desc', limit: 50 }))
      const searchRaw = await time(60, 6, async (i) => {
        const clauses = filterClauses({ search: SEARCHES[i % SEARCHES.length]! })
        const sql = `SELECT ${COLUMNS} FROM "Execution" WHERE ${clauses.map((c) => c.sql).join(' AND ')} ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`
        return withTags(
          (await raw.all(
            sql,
            clauses.flatMap((c) => c.params),
          )) as { id: string }[],
        )
      })

      // A tag filter: the commonest tag, one execution's, one nobody carries — beside the single SQL
      // shape the list used for every tag before (each execution asked for its tags, newest first).
      const tagsByUse = (await raw.all('SELECT "tag" FROM "ExecutionTag" GROUP BY "tag" ORDER BY count(*) DESC, "tag"', [])) as { tag: string }[]
      const TAGS = [tagsByUse[0]?.tag ?? 'production', tagsByUse.at(-1)?.tag ?? 'rare', 'no-such-tag']
      const tagService = await time(60, 6, (i) => queries.list({ tag: [TAGS[i % TAGS.length]!], sort: 'createdAt', order: 'desc', limit: 50 }))
      const tagRaw = await time(15, 3, async (i) => {
        const clauses = filterClauses({ tag: [TAGS[i % TAGS.length]!] })
        return raw.all(
          `SELECT ${COLUMNS} FROM "Execution" WHERE ${clauses.map((c) => c.sql).join(' AND ')} ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`,
          clauses.flatMap((c) => c.params),
        )
      })

      const now = Date.now()
      const from = now - 30 * 86_400_000
      const analyticsInput = (i: number) => ({ service: SERVICES[i % SERVICES.length]!, from: new Date(from).toISOString(), to: new Date(now).toISOString() })
      const analyticsService = await time(30, 3, (i) => queries.analytics(analyticsInput(i)))
      const analyticsRaw = await time(30, 3, (i) => raw.all(ANALYTICS_SQL, [SERVICES[i % SERVICES.length]!, raw.at(from), raw.at(now)]))
      return {
        list: [listService, listRaw],
        customer: [customerService, customerRaw],
        search: [searchService, searchRaw],
        tag: [tagService, tagRaw],
        analytics: [analyticsService, analyticsRaw],
      }
    } finally {
      await raw.close()
      reader.close()
      await prismaDb.$disconnect()
    }
  } finally {
    await stop()
  }
}

const figures = new Map<Which, Figures>()
// One database after the other: the two servers would share the same two cores.
for (const which of databases) figures.set(which, await measure(which))

const ratio = (a: Timing, b: Timing) => `ratio p50 ${(a.p50 / b.p50).toFixed(2)}x  p95 ${(a.p95 / b.p95).toFixed(2)}x`
const rows: { name: string; key: keyof Figures; rawName: string; target: (service: Timing, raw: Timing) => string }[] = [
  {
    name: 'list 50 (status+service)',
    key: 'list',
    rawName: 'raw SQL',
    target: (a, b) => `target: p95 < 20 ms → ${a.p95 < 20 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${a.p50 / b.p50 <= 3 ? 'met' : 'NOT met'}`,
  },
  {
    name: 'list 50, one customer',
    key: 'customer',
    rawName: 'raw SQL',
    target: (a, b) => `target: p95 < 20 ms → ${a.p95 < 20 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${a.p50 / b.p50 <= 3 ? 'met' : 'NOT met'}`,
  },
  {
    name: 'list 50, error search',
    key: 'search',
    rawName: 'raw SQL',
    target: (a, b) => `target: p95 < 200 ms → ${a.p95 < 200 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${a.p50 / b.p50 <= 3 ? 'met' : 'NOT met'}`,
  },
  { name: 'list 50, by tag', key: 'tag', rawName: 'one SQL shape for every tag (before)', target: (a) => `target: p95 < 20 ms → ${a.p95 < 20 ? 'met' : 'NOT met'}` },
  {
    name: 'analytics (30 days)',
    key: 'analytics',
    rawName: 'raw SQL',
    target: (a, b) => `target: < 200 ms → ${a.p95 < 200 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${a.p50 / b.p50 <= 3 ? 'met' : 'NOT met'}`,
  },
]
console.log(`\n${executions} executions; p50/p95 of each read, the service layer beside the same SQL without it`)
for (const row of rows) {
  for (const which of databases) {
    const [a, b] = figures.get(which)![row.key]
    const shown =
      row.key === 'tag' ? `${row.rawName} p50 ${ms(b.p50)}  p95 ${ms(b.p95)}` : `${row.rawName} p50 ${ms(b.p50).padStart(10)}  p95 ${ms(b.p95).padStart(10)} | ${ratio(a, b)}`
    console.log(
      `${(which === databases[0] ? row.name : '').padEnd(26)} ${which.padEnd(8)} service p50 ${ms(a.p50).padStart(10)}  p95 ${ms(a.p95).padStart(10)} | ${shown} | ${row.target(a, b)}`,
    )
  }
}
