// Log lines per second through the batched log API over HTTP (POST /api/executions/:id/logs,
// batches of 1,000), beside raw inserts of the same rows, one transaction per batch, on SQLite
// (better-sqlite3) and on PostgreSQL (`pg`; a server started and stopped here), in the same run.
//   npm run bench:logs [-- --batches 100 --database both|sqlite|postgres]
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import pg from 'pg'
import { createClient } from '@execution-console/sdk'
import { ensureCatalog } from '../src/server/built-in/install'
import { openWriter } from '../src/server/db/writer'
import { benchPostgres, freshDatabase, startProcess, type BenchPostgres } from './lib'

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    database: { type: 'string', default: 'both' },
    port: { type: 'string', default: '55502' },
    'synchronous-commit': { type: 'string', default: 'off' },
  },
})
if (!['sqlite', 'postgres', 'both'].includes(values.database!)) throw new Error(`--database must be sqlite, postgres or both; got ${values.database}`)
if (!['on', 'off'].includes(values['synchronous-commit']!)) throw new Error(`--synchronous-commit must be on or off; got ${values['synchronous-commit']}`)
const SYNCHRONOUS_COMMIT = values['synchronous-commit'] as 'on' | 'off'

const BATCHES = Number(values.batches)
// Several workers post at once, as a fleet does; the server still writes one batch at a time.
const CONCURRENCY = Number(values.concurrency)
const BATCH = 1000
const LEVELS = ['debug', 'info', 'info', 'info', 'warn', 'error'] as const

function batch(b: number) {
  const at = Date.now()
  return Array.from({ length: BATCH }, (_, i) => ({
    timestamp: new Date(at + i).toISOString(),
    level: LEVELS[(b + i) % LEVELS.length]!,
    message: `Processed item ${b * BATCH + i} of batch ${b}`,
    step: `process-batch-${(b % 10) + 1}`,
    context: { item: b * BATCH + i, duration_ms: (i * 7) % 300 },
    metadata: { source: 'worker', component: 'batch-processor', traceId: `trace-${b}`, spanId: `span-${i % 16}` },
  }))
}
const payloads = Array.from({ length: BATCHES }, (_, b) => batch(b))

// --- through the API, served by its own process as a worker would reach it ------------------
const bodies = payloads.map((logs) => JSON.stringify({ logs }))

/** Lines a second through the API on a fresh database: SQLite's file, or a database on `postgres`. */
async function apiRate(postgres?: BenchPostgres): Promise<{ seconds: number; stored: number }> {
  let target: string
  if (postgres) {
    target = await postgres.fresh('log_ingest_api')
    const writer = openWriter(target)
    ensureCatalog(writer, Date.now())
    writer.close()
  } else {
    target = freshDatabase('log-ingest-api.db')
    const seedDb = new Database(target)
    ensureCatalog(seedDb, Date.now())
    seedDb.close()
  }
  // The per-key rate limit is lifted: this measures ingestion, not the limiter. Cluster mode
  // needs a key given (every node the same one).
  const {
    port,
    key,
    child: server,
  } = await startProcess([...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=.bench/prof'] : []), '--import', 'tsx', 'bench/rest-server.ts'], {
    DATABASE_URL: postgres ? target : `file:${target}`,
    API_KEY_RATE_LIMIT: '1000000',
    ...(postgres ? { ENCRYPTION_KEY: randomBytes(32).toString('base64') } : {}),
  })
  const auth = { authorization: `Bearer ${key}` }
  const base = `http://127.0.0.1:${port}/api`
  // The execution is made through the SDK, as a worker would; the timed batches are bare requests
  // (bench:sdk sets the SDK's log writer beside them).
  const execution = await createClient({ url: `http://127.0.0.1:${port}`, apiKey: key }).ServiceExecution.create({
    service: 'batch-processing-service',
    status: 'running',
  })
  async function post(body: string) {
    const res = await fetch(`${base}/executions/${execution.$id}/logs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body })
    if (res.status !== 201) throw new Error(`POST logs answered ${res.status}: ${await res.text()}`)
    await res.arrayBuffer()
  }
  for (let i = 0; i < 3; i++) await post(bodies[i]!) // warm up routes, statements and the JIT
  const t0 = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) await post(bodies[next++]!)
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  const exited = new Promise((r) => server.once('exit', r))
  server.kill('SIGTERM')
  await exited
  let stored: number
  if (postgres) {
    const check = new pg.Client({ connectionString: target })
    await check.connect()
    stored = Number((await check.query<{ n: string }>('SELECT count(*) AS n FROM "ExecutionLog" WHERE "executionId" = $1', [execution.$id])).rows[0]!.n)
    await check.end()
  } else {
    const check = new Database(target, { readonly: true })
    stored = (check.prepare('SELECT count(*) AS n FROM "ExecutionLog" WHERE executionId = ?').get(execution.$id) as { n: number }).n
    check.close()
  }
  return { seconds, stored }
}

// --- raw better-sqlite3 ----------------------------------------------------------------------
function rawSqliteSeconds(): number {
  const rawFile = freshDatabase('log-ingest-raw.db')
  const raw = new Database(rawFile)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  raw.pragma('foreign_keys = ON')
  ensureCatalog(raw, Date.now())
  raw.prepare(`INSERT INTO "Order" (id, serviceId, customerId, status, createdAt) VALUES ('o1', 'batch-processing-service', 'org-services-do', 'confirmed', 0)`).run()
  raw
    .prepare(`INSERT INTO "Execution" (id, orderId, serviceId, status, createdAt, updatedAt, correlationId) VALUES ('e1', 'o1', 'batch-processing-service', 'running', 0, 0, 'c')`)
    .run()
  const insert = raw.prepare(
    'INSERT INTO "ExecutionLog" (executionId, timestamp, level, message, step, context, source, component, traceId, spanId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const writeBatch = raw.transaction((lines: ReturnType<typeof batch>) => {
    for (const l of lines) {
      insert.run(
        'e1',
        Date.parse(l.timestamp),
        l.level,
        l.message,
        l.step,
        JSON.stringify(l.context),
        l.metadata.source,
        l.metadata.component,
        l.metadata.traceId,
        l.metadata.spanId,
      )
    }
  })
  writeBatch(payloads[0]!)
  const t1 = performance.now()
  for (const lines of payloads) writeBatch(lines)
  const seconds = (performance.now() - t1) / 1000
  raw.close()
  return seconds
}

// --- raw pg: a batch is one INSERT of its columns as arrays (unnest), in a transaction -----------
async function rawPostgresSeconds(postgres: BenchPostgres): Promise<number> {
  const url = await postgres.fresh('log_ingest_raw')
  const writer = openWriter(url)
  ensureCatalog(writer, Date.now())
  writer.close()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`INSERT INTO "Order" (id, "serviceId", "customerId", status, "createdAt") VALUES ('o1', 'batch-processing-service', 'org-services-do', 'confirmed', now())`)
  await client.query(
    `INSERT INTO "Execution" (id, "orderId", "serviceId", status, "createdAt", "updatedAt", "correlationId") VALUES ('e1', 'o1', 'batch-processing-service', 'running', now(), now(), 'c')`,
  )
  const writeBatch = async (lines: ReturnType<typeof batch>) => {
    await client.query('BEGIN')
    await client.query({
      name: 'logs',
      text: `INSERT INTO "ExecutionLog" ("executionId", "timestamp", "level", "message", "step", "context", "source", "component", "traceId", "spanId")
             SELECT 'e1', * FROM unnest($1::timestamp[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      values: [
        lines.map((l) => l.timestamp),
        lines.map((l) => l.level),
        lines.map((l) => l.message),
        lines.map((l) => l.step),
        lines.map((l) => JSON.stringify(l.context)),
        lines.map((l) => l.metadata.source),
        lines.map((l) => l.metadata.component),
        lines.map((l) => l.metadata.traceId),
        lines.map((l) => l.metadata.spanId),
      ],
    })
    await client.query('COMMIT')
  }
  await writeBatch(payloads[0]!)
  const t1 = performance.now()
  for (const lines of payloads) await writeBatch(lines)
  const seconds = (performance.now() - t1) / 1000
  await client.end()
  return seconds
}

const lines = BATCHES * BATCH
const rate = (seconds: number) =>
  `${Math.round(lines / seconds)
    .toLocaleString('en')
    .padStart(10)} lines/s  (${seconds.toFixed(2)} s)`
const results: string[] = []
if (values.database !== 'postgres') {
  const api = await apiRate()
  const rawSeconds = rawSqliteSeconds()
  results.push(
    `SQLite      batched log API over HTTP   ${rate(api.seconds)}  (${api.stored} stored, warm-up included)`,
    `            raw better-sqlite3 inserts  ${rate(rawSeconds)}`,
    `            ratio API/raw: ${(rawSeconds / api.seconds).toFixed(3)}  (target ≥ 0.25 → ${rawSeconds / api.seconds >= 0.25 ? 'met' : 'NOT met'})`,
  )
}
if (values.database !== 'sqlite') {
  const postgres = await benchPostgres(Number(values.port), SYNCHRONOUS_COMMIT)
  try {
    const api = await apiRate(postgres)
    const rawSeconds = await rawPostgresSeconds(postgres)
    results.push(
      `PostgreSQL  batched log API over HTTP   ${rate(api.seconds)}  (${api.stored} stored, warm-up included; synchronous_commit ${SYNCHRONOUS_COMMIT})`,
      `            raw pg inserts (unnest)     ${rate(rawSeconds)}`,
      `            ratio API/raw: ${(rawSeconds / api.seconds).toFixed(3)}`,
    )
  } finally {
    await postgres.stop()
  }
}
console.log(`\n${lines} log lines in batches of ${BATCH}, ${CONCURRENCY} requests in flight`)
for (const line of results) console.log(line)
