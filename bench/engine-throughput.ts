// Executions per second for a 3-step no-op workflow, every transition committed to SQLite,
// beside BullMQ running the same 3-job flow (a chain of three jobs) on a local Redis started
// and stopped here, in the same run.   npm run bench:engine [-- --executions 2000 --rounds 5 --warmup 1]
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { FlowProducer, Worker, type FlowJob } from 'bullmq'
import { openDb } from '../src/server/db/client'
import { openWriter } from '../src/server/db/writer'
import { createInProcessBus } from '../src/server/events/bus'
import { createExecutionService } from '../src/server/services/executions'
import { createEngine } from '../src/server/engine/engine'
import { defineWorkflow } from '../src/server/engine/workflow'
import { ensureCatalog } from '../src/server/built-in/install'
import { freshDatabase } from './lib'
import { startRedis } from '../scripts/local-redis'

const { values } = parseArgs({
  options: {
    executions: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
  },
})
const N = Number(values.executions)
const CONCURRENCY = Number(values.concurrency)
// Rounds alternate between the two, and medians are compared: this machine is shared and noisy.
// A round lasts a second or two: shorter ones measured the JIT warming up and the odd pause.
const ROUNDS = Number(values.rounds)
// Uncounted first rounds of each, so both are measured warm (each side's first round ran cold).
const WARMUP = Number(values.warmup)

// ---- this engine ---------------------------------------------------------------------------
async function engineRate(): Promise<{ seconds: number; events: number }> {
  const file = freshDatabase('engine-throughput.db')
  const raw = new Database(file)
  ensureCatalog(raw, Date.now())
  raw.close()
  const db = await openDb(file)
  const bus = createInProcessBus()
  const writer = openWriter(file)
  const executions = createExecutionService({ writer, bus })
  const noop = async () => ({})
  const workflow = defineWorkflow({
    id: 'noop-3',
    version: 1,
    name: 'Three no-op steps',
    service: 'batch-processing-service',
    steps: [
      { id: 'one', assignee: 'system', handler: noop },
      { id: 'two', assignee: 'system', handler: noop },
      { id: 'three', assignee: 'system', handler: noop },
    ],
  })
  const engine = createEngine({ store: writer, executions, bus, workflows: [workflow], concurrency: CONCURRENCY, pollMs: 20 })
  let completed = 0
  let resolveDone = () => {}
  const done = new Promise<void>((r) => (resolveDone = r))
  bus.subscribe((e) => {
    if (e.type === 'execution.completed' && ++completed === N) resolveDone()
  })
  await engine.start()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) await engine.startWorkflow('noop-3')
  await done
  const seconds = (performance.now() - t0) / 1000
  await engine.stop()
  const events = await db.executionEvent.count()
  await db.$disconnect()
  return { seconds, events }
}

// ---- BullMQ on a local Redis ------------------------------------------------------------------
async function bullmqRate(): Promise<{ seconds: number }> {
  // Append-only file fsynced every second: Redis's durable setting nearest to SQLite's WAL here.
  const redis = await startRedis({ appendOnly: true })
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null }
  try {
    const queueName = 'noop-3'
    const flow = new FlowProducer({ connection })
    let completed = 0
    let resolveDone = () => {}
    const done = new Promise<void>((r) => (resolveDone = r))
    const worker = new Worker(queueName, async () => ({}), { connection, concurrency: CONCURRENCY })
    worker.on('completed', (job) => {
      if (job.name === 'three' && ++completed === N) resolveDone()
    })
    await worker.waitUntilReady()
    // BullMQ runs children before their parent: three ← two ← one.
    const chain = (i: number): FlowJob => ({
      name: 'three',
      queueName,
      data: { i },
      children: [{ name: 'two', queueName, data: { i }, children: [{ name: 'one', queueName, data: { i } }] }],
    })
    const t0 = performance.now()
    for (let i = 0; i < N; i++) await flow.add(chain(i))
    await done
    const seconds = (performance.now() - t0) / 1000
    await worker.close()
    await flow.close()
    return { seconds }
  } finally {
    await redis.stop()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const oursRates: number[] = []
const bullRates: number[] = []
// Each round's two runs are minutes apart at most: their ratio is the steadiest figure here.
const roundRatios: number[] = []
let events = 0
for (let round = 1 - WARMUP; round <= ROUNDS; round++) {
  const ours = await engineRate()
  const bull = await bullmqRate()
  const line = `this engine ${(N / ours.seconds).toFixed(1)}/s, BullMQ ${(N / bull.seconds).toFixed(1)}/s (${(bull.seconds / ours.seconds).toFixed(2)}x)`
  if (round < 1) {
    console.log(`warm-up: ${line}`)
    continue
  }
  events = ours.events
  oursRates.push(N / ours.seconds)
  bullRates.push(N / bull.seconds)
  roundRatios.push(bull.seconds / ours.seconds)
  console.log(`round ${round}: ${line}`)
}
const oursRate = median(oursRates)
const bullRate = median(bullRates)
console.log(`\n${N} executions of a 3-step no-op workflow, ${CONCURRENCY} at a time, median of ${ROUNDS} rounds after ${WARMUP} warm-up`)
console.log(`this engine (SQLite, every transition committed)  ${oursRate.toFixed(1).padStart(8)} executions/s  (${events} events a round)`)
console.log(`BullMQ 3-job flow (local Redis, AOF everysec)      ${bullRate.toFixed(1).padStart(8)} executions/s`)
console.log(
  `ratio: ${(oursRate / bullRate).toFixed(2)}x BullMQ (medians)  ${median(roundRatios).toFixed(2)}x (median of the rounds' ratios)  (target ≥ 1.0x → ${oursRate >= bullRate && median(roundRatios) >= 1 ? 'met' : 'NOT met'})`,
)
process.exit(0)
