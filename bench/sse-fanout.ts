// Live fan-out: 100 and 1,000 SSE subscribers on one execution's watch stream; latency from the
// commit of each event to its receipt (p50, p99) and events delivered per second, beside a bare
// Node http SSE broadcaster sending the same payloads in the same run.   npm run bench:sse
import { request } from 'node:http'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createClient } from '@execution-console/sdk'
import { ensureCatalog } from '../src/server/built-in/install'
import { freshDatabase, percentile, startProcess } from './lib'

const { values } = parseArgs({ options: { events: { type: 'string', default: '100' }, subscribers: { type: 'string', default: '100,1000' } } })
const EVENTS = Number(values.events)
const SIZES = values.subscribers!.split(',').map(Number)
/** The console's API key, once it has started (the bare broadcaster ignores it). */
const auth: Record<string, string> = {}

interface Subscriber {
  received: number
  close(): void
}

/** Opens an SSE stream; calls onEvent with each data payload's timestamp and receipt time. */
function subscribe(port: number, path: string, onEvent: (sentAt: number, receivedAt: number) => void): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const sub: Subscriber = { received: 0, close: () => req.destroy() }
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { ...auth, accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk: string) => {
        buffer += chunk
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          const data = block.split('\n').find((l) => l.startsWith('data:'))
          if (!data) continue
          const match = /"timestamp":"([^"]+)"/.exec(data)
          if (match && !data.includes('"type":"state"')) {
            sub.received += 1
            onEvent(Date.parse(match[1]!), Date.now())
          }
        }
      })
      resolve(sub)
    })
    req.on('error', reject)
    req.end()
  })
}

function post(port: number, path: string, body: unknown, method = 'POST'): Promise<void> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body)
    const req = request({ host: '127.0.0.1', port, path, method, headers: { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      res.resume()
      res.on('end', () => resolve())
    })
    req.on('error', reject)
    req.end(data)
  })
}

async function measure(port: number, path: string, subscribers: number, publish: (i: number) => Promise<void>, eventsPerPublish: number) {
  const latencies: number[] = []
  let last = 0
  const subs: Subscriber[] = []
  for (let i = 0; i < subscribers; i += 50) {
    subs.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, subscribers - i) }, () =>
          subscribe(port, path, (sent, got) => {
            latencies.push(got - sent)
            last = got
          }),
        ),
      )),
    )
  }
  await new Promise((r) => setTimeout(r, 500))
  const expected = subscribers * EVENTS * eventsPerPublish
  const started = Date.now()
  for (let i = 0; i < EVENTS; i++) await publish(i)
  const deadline = Date.now() + 60_000
  while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  for (const s of subs) s.close()
  latencies.sort((a, b) => a - b)
  return {
    delivered: latencies.length,
    expected,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rate: latencies.length / ((last - started) / 1000),
  }
}

// ---- this console's watch stream (the REST app in its own process) -----------------------------
const file = freshDatabase('sse-fanout.db')
const seed = new Database(file)
ensureCatalog(seed, Date.now())
seed.close()
// The per-key request rate and open-stream limits are lifted: a thousand subscribers connect with the bench's one key.
const consoleServer = await startProcess(['--import', 'tsx', 'bench/rest-server.ts'], {
  DATABASE_URL: `file:${file}`,
  API_KEY_RATE_LIMIT: '1000000',
  STREAMS_PER_PRINCIPAL: '1000000',
})
auth.authorization = `Bearer ${consoleServer.key}`
const bare = await startProcess(['bench/sse-broadcaster.mjs'])

// Set up as a service would, through the SDK; the measured publishes stay bare HTTP requests.
const $ = createClient({ url: `http://127.0.0.1:${consoleServer.port}`, apiKey: consoleServer.key })
const { $id: created } = await $.ServiceExecution.create({ service: 'batch-processing-service', status: 'running' })

const sample = { type: 'progress', eventId: 1, executionId: created, event: 'execution.progress', actor: { type: 'api', id: 'local-api' }, progress: 1, data: { progress: 1 } }
console.log(`\n${EVENTS} progress events to each subscriber; latency = receipt − commit (same clock)`)
for (const size of SIZES) {
  // PUT with a progress writes one execution.progress event (and one execution.updated).
  const ours = await measure(
    consoleServer.port,
    `/api/executions/${created}/watch`,
    size,
    (i) => post(consoleServer.port, `/api/executions/${created}`, { progress: (i % 100) + 0.5 }, 'PUT'),
    2,
  )
  const base = await measure(bare.port, '/', size, (i) => post(bare.port, '/publish', { ...sample, eventId: i, progress: i % 100 }), 1)
  const line = (name: string, r: typeof ours) =>
    `${name.padEnd(28)} p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${Math.round(r.rate).toLocaleString('en').padStart(9)} events/s  (${r.delivered}/${r.expected} delivered)`
  console.log(`\n${size} subscribers`)
  console.log(line('this console (SSE watch)', ours))
  console.log(line('bare Node http broadcaster', base))
  console.log(
    `rate ratio ${(ours.rate / base.rate).toFixed(2)} (target ≥ 0.5 → ${ours.rate >= base.rate / 2 ? 'met' : 'NOT met'}); p99 target < 50 ms at 1,000 → ${size < 1000 ? 'n/a' : ours.p99 < 50 ? 'met' : 'NOT met'}`,
  )
}
consoleServer.child.kill('SIGTERM')
bare.child.kill('SIGTERM')
process.exit(0)
