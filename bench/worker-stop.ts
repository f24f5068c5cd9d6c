// How soon a running handler in a worker process hears that its task stopped: executions of a
// one-task template are paused (then cancelled) while the SDK's worker holds their task; the time
// from the console's answer to the handler's abort signal, beside what a worker that only learned
// it from its lease heartbeat would wait on average (half the heartbeat interval). The SDK hears
// it pushed over its WebSocket (or from the signals long poll over HTTP). Measured from
// when the pause or cancel was sent (the abort often lands before the answer is read).
//   npm run bench:worker-stop [-- --executions 20]
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createClient } from '@execution-console/sdk'
import { ensureCatalog } from '../src/server/built-in/install'
import { freshDatabase, percentile, startProcess } from './lib'

const { values } = parseArgs({ options: { executions: { type: 'string', default: '20' } } })
const N = Number(values.executions)
const file = freshDatabase('worker-stop.db')
const raw = new Database(file)
ensureCatalog(raw, Date.now())
raw.close()
const server = await startProcess(['--import', 'tsx', 'bench/rest-server.ts'], { DATABASE_URL: `file:${file}`, API_KEY_RATE_LIMIT: '1000000', BENCH_ENGINE: '1' })
const url = `http://127.0.0.1:${server.port}`
const $ = createClient({ url, apiKey: server.key })
await $.TaskDefinition.register({ id: 'hold', version: '1.0.0', name: 'Holds until stopped', timeout: 600_000 })
await $.WorkflowTemplate.register({ id: 'held', name: 'Held', service: 'batch-processing-service', steps: [{ id: 'hold', type: 'task', task: 'hold' }] })
const worker = spawn(process.execPath, ['--import', 'tsx', 'test/worker-process/worker.ts'], {
  env: { ...process.env, WORKER_CONFIG: JSON.stringify({ url, apiKey: server.key, name: 'holder', concurrency: 1, tasks: { hold: { behaviour: 'hold' } } }) },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const lines: string[] = []
worker.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)))
const until = async (find: () => string | undefined, ms = 30_000) => {
  const end = Date.now() + ms
  for (;;) {
    const found = find()
    if (found || Date.now() > end) return found
    await new Promise((r) => setTimeout(r, 5))
  }
}
await until(() => lines.find((l) => l.startsWith('ready')))
const heartbeatMs = 10_000 // the worker's lease renewal at the default 30 s lease
const latencies: number[] = []
for (let i = 0; i < N; i++) {
  const execution = await $.BusinessWorkflow.start('held')
  const started = await until(() => lines.find((l) => l.startsWith('started ') && !lines.includes(`seen ${l}`)))
  if (!started) throw new Error('the worker did not start the task')
  lines.push(`seen ${started}`)
  const taskId = started.split(' ')[1]!
  const sent = Date.now()
  await (i % 2 === 0 ? execution.pause() : execution.cancel('bench'))
  const aborted = await until(() => lines.find((l) => l.startsWith(`aborted ${taskId} `)))
  if (!aborted) throw new Error(`task ${taskId} was not aborted`)
  latencies.push(Number(aborted.split(' ')[2]) - sent)
  if (i % 2 === 0) await execution.cancel('done')
}
latencies.sort((a, b) => a - b)
const p50 = percentile(latencies, 50)
console.log(`\n${N} running tasks stopped (pause and cancel in turn): the handler's abort signal after the request was sent`)
console.log(`pushed stop (WS)     p50 ${String(p50).padStart(5)} ms  p95 ${String(percentile(latencies, 95)).padStart(5)} ms  max ${latencies.at(-1)} ms`)
console.log(`heartbeat only       mean ${String(heartbeatMs / 2).padStart(5)} ms  (half its ${heartbeatMs / 1000} s interval)`)
console.log(`ratio heartbeat/signals: ${(heartbeatMs / 2 / Math.max(1, p50)).toFixed(0)}x  (target: p50 < 1,000 ms → ${p50 < 1_000 ? 'met' : 'NOT met'})`)
worker.kill('SIGKILL')
server.child.kill('SIGTERM')
process.exit(0)
