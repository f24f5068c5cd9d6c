// The SDK beside raw HTTP in the same run, against the REST API in its own process:
//  1. log ingest — the SDK's LogWriter fed line by line (batches of 1,000, in order) vs the same
//     batches POSTed with fetch one after another (in order, as a worker without the SDK would);
//  2. latency per call — $.ServiceExecution.get(id) and a POST (heartbeat) vs the same requests
//     with fetch, alternating; the SDK's POST carries an Idempotency-Key, which the console
//     records (its cost is in the figure).
//   npm run bench:sdk [-- --lines 100000 --calls 500]
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createClient } from '@execution-console/sdk'
import { ensureCatalog } from '../src/server/built-in/install'
import { freshDatabase, startProcess } from './lib'

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' }, calls: { type: 'string', default: '500' } } })
const LINES = Number(values.lines)
const CALLS = Number(values.calls)
const BATCH = 1000

const file = freshDatabase('sdk-bench.db')
const seed = new Database(file)
ensureCatalog(seed, Date.now())
seed.close()
const { port, key, child: server } = await startProcess(['--import', 'tsx', 'bench/rest-server.ts'], { DATABASE_URL: `file:${file}`, API_KEY_RATE_LIMIT: '1000000' })
const url = `http://127.0.0.1:${port}`
const auth = { authorization: `Bearer ${key}` }
const json = { ...auth, 'content-type': 'application/json' }
const $ = createClient({ url, apiKey: key })

const line = (i: number) => ({ level: 'info' as const, message: `Processed item ${i}`, step: `step-${i % 10}`, context: { item: i, duration_ms: (i * 7) % 300 } })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

// --- 1. log ingest ----------------------------------------------------------------------------
async function rawIngest(id: string): Promise<number> {
  const t0 = performance.now()
  for (let from = 0; from < LINES; from += BATCH) {
    const logs = Array.from({ length: Math.min(BATCH, LINES - from) }, (_, i) => line(from + i))
    const res = await fetch(`${url}/api/executions/${id}/logs`, { method: 'POST', headers: json, body: JSON.stringify({ logs }) })
    if (res.status !== 201) throw new Error(`POST logs answered ${res.status}`)
    await res.arrayBuffer()
  }
  return LINES / ((performance.now() - t0) / 1000)
}
async function sdkIngest(id: string): Promise<number> {
  const writer = $.logWriter(id, { batchSize: BATCH, maxBuffered: 4 * BATCH, onError: (error) => console.error(error) })
  const t0 = performance.now()
  for (let i = 0; i < LINES; i++) await writer.write(line(i))
  await writer.close()
  return LINES / ((performance.now() - t0) / 1000)
}
const running = async () => (await $.ServiceExecution.create({ service: 'batch-processing-service', status: 'running' })).$id
await rawIngest(await running()) // warm-up of both paths
await sdkIngest(await running())
const raw: number[] = []
const sdk: number[] = []
for (let round = 0; round < 3; round++) {
  raw.push(await rawIngest(await running()))
  sdk.push(await sdkIngest(await running()))
}
const ingestRatio = median(sdk) / median(raw)
console.log(`log ingest, ${LINES.toLocaleString('en')} lines in batches of ${BATCH}, in order, 3 alternating rounds (medians)`)
console.log(`  SDK LogWriter, line by line    ${Math.round(median(sdk)).toLocaleString('en').padStart(8)} lines/s`)
console.log(`  raw fetch, batch by batch      ${Math.round(median(raw)).toLocaleString('en').padStart(8)} lines/s`)
console.log(`  ratio SDK/raw: ${ingestRatio.toFixed(2)}  (target ≥ 0.9 → ${ingestRatio >= 0.9 ? 'met' : 'NOT met'})`)

// --- 2. latency per call ----------------------------------------------------------------------
const id = await running()
async function time(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await run()
  return performance.now() - t0
}
const rawGet = async () => {
  const res = await fetch(`${url}/api/executions/${id}`, { headers: auth })
  if (!res.ok) throw new Error(`GET answered ${res.status}`)
  await res.json()
}
const rawPost = async () => {
  const res = await fetch(`${url}/api/executions/${id}/heartbeat`, { method: 'POST', headers: json, body: '{}' })
  if (!res.ok) throw new Error(`POST answered ${res.status}`)
  await res.json()
}
const latency = { sdkGet: [] as number[], rawGet: [] as number[], sdkPost: [] as number[], rawPost: [] as number[] }
for (let i = 0; i < 50; i++) await Promise.all([rawGet(), $.ServiceExecution.get(id)]) // warm-up
for (let i = 0; i < CALLS; i++) {
  latency.rawGet.push(await time(rawGet))
  latency.sdkGet.push(await time(() => $.ServiceExecution.get(id)))
  latency.rawPost.push(await time(rawPost))
  latency.sdkPost.push(await time(() => $.ServiceExecution[id]!.heartbeat()))
}
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!
const added = (sdkCalls: number[], rawCalls: number[]) => p(sdkCalls, 0.5) - p(rawCalls, 0.5)
console.log(`latency per call, ${CALLS} of each, alternating`)
console.log(
  `  get:       SDK p50 ${p(latency.sdkGet, 0.5).toFixed(2)} ms p95 ${p(latency.sdkGet, 0.95).toFixed(2)} ms | raw fetch p50 ${p(latency.rawGet, 0.5).toFixed(2)} ms p95 ${p(latency.rawGet, 0.95).toFixed(2)} ms`,
)
console.log(
  `  heartbeat: SDK p50 ${p(latency.sdkPost, 0.5).toFixed(2)} ms p95 ${p(latency.sdkPost, 0.95).toFixed(2)} ms | raw fetch p50 ${p(latency.rawPost, 0.5).toFixed(2)} ms p95 ${p(latency.rawPost, 0.95).toFixed(2)} ms`,
)
const addedGet = added(latency.sdkGet, latency.rawGet)
console.log(
  `  added by the SDK (p50): get ${addedGet.toFixed(2)} ms (target < 1 ms → ${addedGet < 1 ? 'met' : 'NOT met'}); heartbeat ${added(latency.sdkPost, latency.rawPost).toFixed(2)} ms (with the console recording its Idempotency-Key)`,
)
server.kill('SIGTERM')
