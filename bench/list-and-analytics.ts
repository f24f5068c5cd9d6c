// List a page of 50 (status + service filter, newest first) and the analytics summary over the
// seeded history, through the service layer and as the same SQL on better-sqlite3, in one run.
//   npm run bench:list [-- --executions 1000000]
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { openDb } from '../src/server/db/client'
import { createQueryService } from '../src/server/services/queries'
import { LIST_COLUMNS, filterClauses } from '../src/server/services/execution-sql'
import { openReader } from '../src/server/db/reader'
import { CUSTOMERS, SERVICE_TEMPLATES } from '../src/server/built-in/catalog'
import { historyDatabase, ms, time } from './lib'

const { values } = parseArgs({ options: { executions: { type: 'string', default: '1000000' } } })
const executions = Number(values.executions)
const file = historyDatabase(executions)

const prismaDb = await openDb(file)
const queries = createQueryService(prismaDb, openReader(file))
const raw = new Database(file, { readonly: true })
raw.pragma('journal_mode = WAL')

const STATUSES = ['completed', 'failed', 'running', 'cancelled'] as const
const SERVICES = SERVICE_TEMPLATES.map((t) => t.id)
const combo = (i: number) => ({ status: STATUSES[i % STATUSES.length]!, service: SERVICES[(i * 7) % SERVICES.length]! })

const rawList = raw.prepare(
  `SELECT ${LIST_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "Execution"
   WHERE status IN (?) AND serviceId IN (?) ORDER BY createdAt DESC, id DESC LIMIT 51`,
)
// A customer's operator sees only its organisation's executions (the provider sees them all).
const CUSTOMER = [CUSTOMERS[0]!.id]
const rawCustomerList = raw.prepare(
  `SELECT ${LIST_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "Execution"
   WHERE status IN (?) AND serviceId IN (?) AND ("customerId" IN (?) OR "providerId" IN (?)) ORDER BY createdAt DESC, id DESC LIMIT 51`,
)
const rawTags = (ids: string[]) => raw.prepare(`SELECT executionId, tag FROM "ExecutionTag" WHERE executionId IN (${ids.map(() => '?').join(',')})`).all(...ids)

const now = Date.now()
const from = now - 30 * 86_400_000
const rawAnalytics = raw.prepare(
  `SELECT "status", "errorCode", count(*) AS n, sum("cost") AS cost, sum("durationMs") AS duration
   FROM "Execution" INDEXED BY "Execution_serviceId_createdAt_status_durationMs_cost_errorCode_idx"
   WHERE "serviceId" = ? AND "createdAt" >= ? AND "createdAt" <= ? GROUP BY "status", "errorCode"`,
)

console.log(`\nhistory: ${(raw.prepare('SELECT count(*) AS n FROM "Execution"').get() as { n: number }).n} executions in ${file}`)
console.log(
  'plan (list):',
  raw
    .prepare(`EXPLAIN QUERY PLAN SELECT * FROM "Execution" WHERE status IN ('failed') AND serviceId IN ('sdr-service') ORDER BY createdAt DESC, id DESC LIMIT 51`)
    .all()
    .map((r) => (r as { detail: string }).detail)
    .join(' | '),
)
console.log(
  'plan (analytics):',
  raw
    .prepare(
      `EXPLAIN QUERY PLAN SELECT "status", "errorCode", count(*), sum("cost"), sum("durationMs") FROM "Execution" INDEXED BY "Execution_serviceId_createdAt_status_durationMs_cost_errorCode_idx" WHERE "serviceId" = 'sdr-service' AND "createdAt" >= 0 AND "createdAt" <= 1 GROUP BY "status", "errorCode"`,
    )
    .all()
    .map((r) => (r as { detail: string }).detail)
    .join(' | '),
)

const listService = await time(300, 30, (i) => queries.list({ ...comboLists(i), sort: 'createdAt', order: 'desc', limit: 50 }))
const listRaw = await time(300, 30, (i) => {
  const c = combo(i)
  const rows = rawList.all(c.status, c.service) as { id: string }[]
  if (rows.length) rawTags(rows.slice(0, 50).map((r) => r.id))
  return rows
})
const listCustomer = await time(300, 30, (i) => queries.list({ ...comboLists(i), sort: 'createdAt', order: 'desc', limit: 50 }, CUSTOMER))
const listCustomerRaw = await time(300, 30, (i) => {
  const c = combo(i)
  const rows = rawCustomerList.all(c.status, c.service, CUSTOMER[0], CUSTOMER[0]) as { id: string }[]
  if (rows.length) rawTags(rows.slice(0, 50).map((r) => r.id))
  return rows
})
function comboLists(i: number) {
  const c = combo(i)
  return { status: [c.status], service: [c.service] }
}

// A search by words of the error message, sealed at rest and found by its blind index: a common
// word, a rarer one, two words, a word's beginning (the newest 50 of each).
const SEARCHES = ['timeout', 'salesforce token', 'smtp', 'unavail']
const searchService = await time(60, 6, (i) => queries.list({ search: SEARCHES[i % SEARCHES.length]!, sort: 'createdAt', order: 'desc', limit: 50 }))
const searchRaw = await time(60, 6, (i) => {
  const clauses = filterClauses({ search: SEARCHES[i % SEARCHES.length]! })
  const rows = raw
    .prepare(`SELECT ${LIST_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "Execution" WHERE ${clauses.map((c) => c.sql).join(' AND ')} ORDER BY createdAt DESC, id DESC LIMIT 51`)
    .all(...clauses.flatMap((c) => c.params)) as { id: string }[]
  if (rows.length) rawTags(rows.slice(0, 50).map((r) => r.id))
  return rows
})

// A tag filter: the commonest tag, one execution's, one nobody carries — beside the single SQL
// shape the list used for every tag before (each execution asked for its tags, newest first).
const tagsByUse = raw.prepare('SELECT "tag" FROM "ExecutionTag" GROUP BY "tag" ORDER BY count(*) DESC').all() as { tag: string }[]
const TAGS = [tagsByUse[0]?.tag ?? 'production', tagsByUse.at(-1)?.tag ?? 'rare', 'no-such-tag']
const tagService = await time(60, 6, (i) => queries.list({ tag: [TAGS[i % TAGS.length]!], sort: 'createdAt', order: 'desc', limit: 50 }))
const tagRaw = await time(15, 3, (i) => {
  const clauses = filterClauses({ tag: [TAGS[i % TAGS.length]!] })
  return raw
    .prepare(`SELECT ${LIST_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "Execution" WHERE ${clauses.map((c) => c.sql).join(' AND ')} ORDER BY createdAt DESC, id DESC LIMIT 51`)
    .all(...clauses.flatMap((c) => c.params))
})

const analyticsInput = (i: number) => ({ service: SERVICES[i % SERVICES.length]!, from: new Date(from).toISOString(), to: new Date(now).toISOString() })
const analyticsService = await time(30, 3, (i) => queries.analytics(analyticsInput(i)))
const analyticsRaw = await time(30, 3, (i) => {
  const service = SERVICES[i % SERVICES.length]!
  return rawAnalytics.all(service, from, now)
})

const row = (name: string, a: { p50: number; p95: number }, b: { p50: number; p95: number }, target: string) =>
  console.log(
    `${name.padEnd(26)} service p50 ${ms(a.p50).padStart(10)}  p95 ${ms(a.p95).padStart(10)} | raw SQL p50 ${ms(b.p50).padStart(10)}  p95 ${ms(b.p95).padStart(10)} | ratio p50 ${(a.p50 / b.p50).toFixed(2)}x  p95 ${(a.p95 / b.p95).toFixed(2)}x | ${target}`,
  )
console.log('')
row(
  'list 50 (status+service)',
  listService,
  listRaw,
  `target: p95 < 20 ms → ${listService.p95 < 20 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${listService.p50 / listRaw.p50 <= 3 ? 'met' : 'NOT met'}`,
)
row(
  'list 50, one customer',
  listCustomer,
  listCustomerRaw,
  `target: p95 < 20 ms → ${listCustomer.p95 < 20 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${listCustomer.p50 / listCustomerRaw.p50 <= 3 ? 'met' : 'NOT met'}`,
)
row(
  'list 50, error search',
  searchService,
  searchRaw,
  `target: p95 < 200 ms → ${searchService.p95 < 200 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${searchService.p50 / searchRaw.p50 <= 3 ? 'met' : 'NOT met'}`,
)
console.log(
  `${'list 50, by tag'.padEnd(26)} service p50 ${ms(tagService.p50).padStart(10)}  p95 ${ms(tagService.p95).padStart(10)} | one SQL shape for every tag (before) p50 ${ms(tagRaw.p50)}  p95 ${ms(tagRaw.p95)} | target: p95 < 20 ms → ${tagService.p95 < 20 ? 'met' : 'NOT met'}`,
)
row(
  'analytics (30 days)',
  analyticsService,
  analyticsRaw,
  `target: < 200 ms → ${analyticsService.p95 < 200 ? 'met' : 'NOT met'}; ratio ≤ 3 → ${analyticsService.p50 / analyticsRaw.p50 <= 3 ? 'met' : 'NOT met'}`,
)

await prismaDb.$disconnect()
raw.close()
