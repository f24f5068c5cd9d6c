// Memory under many watchers (issue 14, item 10): 2,000 SSE watchers of one execution while 20
// batches of 5,000 log lines arrive. Prints the console process's resident memory before, at its
// peak and after the watchers close, and a list request's time before and during the storm —
// each figure beside its own baseline from the same run.   npm run bench:watch-memory
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createClient } from '@execution-console/sdk'
import { ensureCatalog } from '../src/server/built-in/install'
import { freshDatabase, startProcess } from './lib'

const { values } = parseArgs({ options: { watchers: { type: 'string', default: '2000' }, batches: { type: 'string', default: '20' }, lines: { type: 'string', default: '5000' } } })
const WATCHERS = Number(values.watchers)
const BATCHES = Number(values.batches)
const LINES = Number(values.lines)

const file = freshDatabase('watch-memory.db')
const seed = new Database(file)
ensureCatalog(seed, Date.now())
seed.close()
const server = await startProcess(['--expose-gc', '--import', 'tsx', 'bench/rest-server.ts'], {
  DATABASE_URL: `file:${file}`,
  API_KEY_RATE_LIMIT: '1000000',
  STREAMS_PER_PRINCIPAL: '1000000',
})
const auth = { authorization: `Bearer ${server.key}` }
// Executions are made and fed as a service would, through the SDK; the timed list reads and the
// watchers stay bare HTTP requests.
const $ = createClient({ url: `http://127.0.0.1:${server.port}`, apiKey: server.key })
/** The server's live heap (after a collection) and external memory, in MiB: what it still holds. */
function heldMiB(): Promise<number> {
  return new Promise((resolve) => {
    const read = (chunk: Buffer) => {
      const match = /memory heapUsed (\d+) external (\d+)/.exec(chunk.toString())
      if (!match) return
      server.child.stdout!.off('data', read)
      resolve((Number(match[1]) + Number(match[2])) / 1024 / 1024)
    }
    server.child.stdout!.on('data', read)
    server.child.kill('SIGUSR2')
  })
}
const rssMiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024

function call(method: string, path: string, body?: unknown): Promise<{ ms: number; text: string }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { ...auth, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ ms: performance.now() - started, text }))
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

/** A watcher that reads what it is sent and keeps nothing (a browser tab's EventSource). */
function watch(path: string): Promise<{ bytes: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const w = { bytes: 0, close: () => req.destroy() }
    const req = request({ host: '127.0.0.1', port: server.port, path, agent: false, headers: { ...auth, accept: 'text/event-stream' } }, (res) => {
      res.on('data', (chunk: Buffer) => (w.bytes += chunk.length))
      resolve(w)
    })
    req.on('error', reject)
    req.end()
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const listTimes = async (n: number) => {
  const times: number[] = []
  for (let i = 0; i < n; i++) times.push((await call('GET', '/api/executions?limit=50')).ms)
  return median(times)
}

const { $id: id } = await $.ServiceExecution.create({ service: 'batch-processing-service', status: 'running' })
for (let i = 0; i < 20; i++) await $.ServiceExecution.create({ service: 'sdr-service' })
await new Promise((r) => setTimeout(r, 1_000))
const listBefore = await listTimes(20)
const before = rssMiB()
const heldBefore = await heldMiB()

const watchers: Awaited<ReturnType<typeof watch>>[] = []
for (let i = 0; i < WATCHERS; i += 100) watchers.push(...(await Promise.all(Array.from({ length: Math.min(100, WATCHERS - i) }, () => watch(`/api/executions/${id}/watch`)))))
let peak = rssMiB()
const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 100)
const listDuring: number[] = []
const started = performance.now()
for (let b = 0; b < BATCHES; b++) {
  const logs = Array.from({ length: LINES }, (_, i) => ({ level: 'info' as const, message: `batch ${b} line ${i}: processed record ${b * LINES + i} of the nightly import` }))
  await $.ServiceExecution[id]!.log(logs)
  listDuring.push((await call('GET', '/api/executions?limit=50')).ms)
}
const ingest = performance.now() - started
const heldDuring = await heldMiB()
await new Promise((r) => setTimeout(r, 2_000)) // the watchers drain what they were sent
const received = watchers.reduce((n, w) => n + w.bytes, 0)
for (const w of watchers) w.close()
await new Promise((r) => setTimeout(r, 5_000))
clearInterval(sampler)
const after = rssMiB()
const heldAfter = await heldMiB()
const listAfter = await listTimes(20)

console.log(`\n${WATCHERS} SSE watchers of one execution; ${BATCHES} batches of ${LINES.toLocaleString('en')} log lines (${(ingest / 1000).toFixed(1)} s)`)
console.log(`each watcher received ${(received / WATCHERS / 1024).toFixed(0)} KiB on average (a watch message carries at most 100 lines of a batch)`)
console.log(
  `resident memory   before ${before.toFixed(0)} MiB   peak ${peak.toFixed(0)} MiB   5 s after the watchers closed ${after.toFixed(0)} MiB   (RSS stays near its peak: V8 keeps the pages it grew to)`,
)
console.log(
  `heap + external (after a collection)   before ${heldBefore.toFixed(0)} MiB   with the watchers open ${heldDuring.toFixed(0)} MiB   after they closed ${heldAfter.toFixed(0)} MiB   (after/before ${(heldAfter / heldBefore).toFixed(2)})`,
)
console.log(
  `list of 50        before ${listBefore.toFixed(1)} ms   during the storm (median) ${median(listDuring).toFixed(1)} ms   after ${listAfter.toFixed(1)} ms   (during/before ${(median(listDuring) / listBefore).toFixed(1)}x)`,
)
server.child.kill('SIGTERM')
process.exit(0)
