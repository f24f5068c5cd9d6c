// Log lines per second through the batched log API over HTTP (POST /api/executions/:id/logs,
// batches of 1,000), beside raw better-sqlite3 inserts of the same rows, one transaction per
// batch, in the same run.   npm run bench:logs [-- --batches 100]
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createClient } from '@execution-console/sdk'
import { ensureCatalog } from '../src/server/built-in/install'
import { freshDatabase, startProcess } from './lib'

const { values } = parseArgs({ options: { batches: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '4' } } })
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
const apiFile = freshDatabase('log-ingest-api.db')
const seedDb = new Database(apiFile)
ensureCatalog(seedDb, Date.now())
seedDb.close()
// The per-key rate limit is lifted: this measures ingestion, not the limiter.
const {
  port,
  key,
  child: server,
} = await startProcess([...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=.bench/prof'] : []), '--import', 'tsx', 'bench/rest-server.ts'], {
  DATABASE_URL: `file:${apiFile}`,
  API_KEY_RATE_LIMIT: '1000000',
})
const auth = { authorization: `Bearer ${key}` }
const base = `http://127.0.0.1:${port}/api`
// The execution is made through the SDK, as a worker would; the timed batches are bare requests
// (bench:sdk sets the SDK's log writer beside them).
const execution = await createClient({ url: `http://127.0.0.1:${port}`, apiKey: key }).ServiceExecution.create({
  service: 'batch-processing-service',
  status: 'running',
})
const bodies = payloads.map((logs) => JSON.stringify({ logs }))

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
const apiSeconds = (performance.now() - t0) / 1000
server.kill('SIGTERM')
const check = new Database(apiFile, { readonly: true })
const stored = (check.prepare('SELECT count(*) AS n FROM "ExecutionLog" WHERE executionId = ?').get(execution.$id) as { n: number }).n
check.close()

// --- raw better-sqlite3 ----------------------------------------------------------------------
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
    insert.run('e1', Date.parse(l.timestamp), l.level, l.message, l.step, JSON.stringify(l.context), l.metadata.source, l.metadata.component, l.metadata.traceId, l.metadata.spanId)
  }
})
writeBatch(payloads[0]!)
const t1 = performance.now()
for (const lines of payloads) writeBatch(lines)
const rawSeconds = (performance.now() - t1) / 1000
raw.close()

const lines = BATCHES * BATCH
const apiRate = lines / apiSeconds
const rawRate = lines / rawSeconds
console.log(`\n${lines} log lines in batches of ${BATCH}, ${CONCURRENCY} requests in flight (${stored} stored through the API, warm-up included)`)
console.log(`batched log API over HTTP   ${Math.round(apiRate).toLocaleString('en').padStart(10)} lines/s  (${apiSeconds.toFixed(2)} s)`)
console.log(`raw better-sqlite3 inserts  ${Math.round(rawRate).toLocaleString('en').padStart(10)} lines/s  (${rawSeconds.toFixed(2)} s)`)
console.log(`ratio API/raw: ${(apiRate / rawRate).toFixed(3)}  (target ≥ 0.25 → ${apiRate / rawRate >= 0.25 ? 'met' : 'NOT met'})`)
