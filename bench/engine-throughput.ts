// Executions per second for a 3-step no-op workflow, every transition committed to SQLite,
// beside BullMQ running the same 3-job flow (a chain of three jobs) on a local Redis started
// and stopped here, and the same engine on PostgreSQL (cluster mode's database, a server started
// and stopped here), in the same run.
//   npm run bench:engine [-- --executions 2000 --rounds 5 --warmup 2 --database both|sqlite|postgres]
import { readFileSync } from 'node:fs'
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
import { spawn } from 'node:child_process'
import { createClient } from '@execution-console/sdk'
import { listen, QUEUE_CHANNEL } from '../src/server/db/postgres/notify'
import { benchPostgres, freshDatabase, startProcess, type BenchPostgres } from './lib'
import { startRedis } from '../scripts/local-redis'

const { values } = parseArgs({
  options: {
    executions: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    remote: { type: 'string', default: '' },
    database: { type: 'string', default: 'both' },
    postgres: { type: 'string', default: '' },
    port: { type: 'string', default: '55501' },
    'synchronous-commit': { type: 'string', default: 'off' },
  },
})
if (!['sqlite', 'postgres', 'both'].includes(values.database!)) throw new Error(`--database must be sqlite, postgres or both; got ${values.database}`)
if (!['on', 'off'].includes(values['synchronous-commit']!)) throw new Error(`--synchronous-commit must be on or off; got ${values['synchronous-commit']}`)
/** SQLite's sides (this engine, the remote worker, BullMQ beside them) and/or this engine on PostgreSQL. */
const SQLITE = values.database !== 'postgres'
const POSTGRES = values.database !== 'sqlite'
const SYNCHRONOUS_COMMIT = values['synchronous-commit'] as 'on' | 'off'
const N = Number(values.executions)
const CONCURRENCY = Number(values.concurrency)
// Rounds alternate between the two, and medians are compared: this machine is shared and noisy.
// A round lasts a second or two: shorter ones measured the JIT warming up and the odd pause.
const ROUNDS = Number(values.rounds)
// Uncounted first rounds of each, so every side is measured warm. This engine's code takes about
// two rounds (4,000 executions) to be optimised: its second round still ran at 0.8x of the third
// (in CPU time per execution), so one warm-up round measured it half cold.
const WARMUP = Number(values.warmup)
/** Executions of the remote run (default N / 4: it is the slower side, and its rounds stay seconds long). */
const REMOTE_N = Number(values.remote || Math.max(100, Math.floor(N / 4)))
/** Executions of the PostgreSQL run (default N / 4: every statement is a round trip, its rounds stay seconds long). */
const POSTGRES_N = Number(values.postgres || Math.max(100, Math.floor(N / 4)))

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return NaN
  }
}
const CLOCK_TICKS = 100 // sysconf(_SC_CLK_TCK) on Linux
const ownCpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

// ---- this engine ---------------------------------------------------------------------------
/** On SQLite, or on PostgreSQL (`postgres`: a fresh database on that server, the engine set up as the console's runtime sets it up there). */
async function engineRate(n: number, postgres?: BenchPostgres): Promise<{ seconds: number; events: number; cpuMs: number }> {
  const target = postgres ? await postgres.fresh('engine_throughput') : freshDatabase('engine-throughput.db')
  if (!postgres) {
    const raw = new Database(target)
    ensureCatalog(raw, Date.now())
    raw.close()
  }
  const db = await openDb(target)
  const bus = createInProcessBus()
  const writer = openWriter(target)
  if (postgres) ensureCatalog(writer, Date.now())
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
  const engine = createEngine({
    store: writer,
    executions,
    bus,
    workflows: [workflow],
    concurrency: CONCURRENCY,
    pollMs: 20,
    // As the runtime does on PostgreSQL: work made due is also heard at its COMMIT (NOTIFY).
    wakeUps: postgres
      ? (wake) => {
          const listener = listen(target, QUEUE_CHANNEL, wake)
          return () => void listener.close()
        }
      : undefined,
  })
  let completed = 0
  let resolveDone = () => {}
  const done = new Promise<void>((r) => (resolveDone = r))
  bus.subscribe((e) => {
    if (e.type === 'execution.completed' && ++completed === n) resolveDone()
  })
  await engine.start()
  const c0 = ownCpuMs()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await engine.startWorkflow('noop-3')
  await done
  const seconds = (performance.now() - t0) / 1000
  const cpuMs = ownCpuMs() - c0
  await engine.stop()
  const events = await db.executionEvent.count()
  await db.$disconnect()
  if (postgres) writer.close()
  return { seconds, events, cpuMs }
}

// ---- the same workflow as a template, its steps run by a worker in another process ------------
/**
 * The console (REST, its WebSockets and the engine) in one process, the SDK's worker in another;
 * the workflow is a template of three task steps registered as data. The runs are started in the
 * console's process as the in-process side starts its own, so the two differ only in where the
 * steps run. Every step: its result reported over the worker's WebSocket and taken in one change
 * that also starts the next step, handed back to the worker in the answer. The two processes
 * start once and serve every round (the warm-up round warms them, as it warms the other sides).
 */
async function startRemote() {
  const file = freshDatabase('engine-remote.db')
  const raw = new Database(file)
  ensureCatalog(raw, Date.now())
  raw.close()
  const consoleProcess = await startProcess(
    [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=.bench/prof'] : []), '--import', 'tsx', 'bench/rest-server.ts'],
    {
      DATABASE_URL: `file:${file}`,
      API_KEY_RATE_LIMIT: '1000000',
      BENCH_ENGINE: '1',
      ENGINE_CONCURRENCY: String(CONCURRENCY),
    },
    { stdin: true },
  )
  const url = `http://127.0.0.1:${consoleProcess.port}`
  const $ = createClient({ url, apiKey: consoleProcess.key })
  await $.TaskDefinition.register({ id: 'noop', version: '1.0.0', name: 'No-op', timeout: 60_000 })
  await $.WorkflowTemplate.register({
    id: 'remote-noop-3',
    name: 'Three no-op tasks',
    service: 'batch-processing-service',
    steps: ['one', 'two', 'three'].map((id) => ({ id, type: 'task' as const, task: 'noop' })),
  })
  const worker = spawn(process.execPath, ['--import', 'tsx', 'bench/remote-worker.ts'], {
    env: { ...process.env, WORKER_URL: url, WORKER_KEY: consoleProcess.key, WORKER_CONCURRENCY: String(CONCURRENCY) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve) => worker.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))
  return {
    /** One round: n runs started in the console's process, timed until it says every one completed (it hears them on its bus). */
    async round(n: number): Promise<{ seconds: number; consoleCpuMs: number; workerCpuMs: number }> {
      const console0 = cpuMsOf(consoleProcess.child.pid)
      const worker0 = cpuMsOf(worker.pid)
      const t0 = performance.now()
      const completed = new Promise<void>((resolve) => {
        const heard = (chunk: Buffer) => {
          if (!chunk.toString().includes(`completed ${n}`)) return
          consoleProcess.child.stdout!.off('data', heard)
          resolve()
        }
        consoleProcess.child.stdout!.on('data', heard)
      })
      consoleProcess.child.stdin!.write(`start remote-noop-3 ${n}\n`)
      await completed
      const seconds = (performance.now() - t0) / 1000
      return { seconds, consoleCpuMs: cpuMsOf(consoleProcess.child.pid) - console0, workerCpuMs: cpuMsOf(worker.pid) - worker0 }
    },
    async stop() {
      worker.kill('SIGTERM')
      consoleProcess.child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 500))
    },
  }
}

// ---- BullMQ on a local Redis ------------------------------------------------------------------
async function bullmqRate(): Promise<{ seconds: number; cpuMs: number; redisCpuMs: number }> {
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
    const c0 = ownCpuMs()
    const redis0 = cpuMsOf(redis.pid)
    const t0 = performance.now()
    for (let i = 0; i < N; i++) await flow.add(chain(i))
    await done
    const seconds = (performance.now() - t0) / 1000
    const cpuMs = ownCpuMs() - c0
    const redisCpuMs = cpuMsOf(redis.pid) - redis0
    await worker.close()
    await flow.close()
    return { seconds, cpuMs, redisCpuMs }
  } finally {
    await redis.stop()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const oursRates: number[] = []
const remoteRates: number[] = []
const bullRates: number[] = []
const postgresRates: number[] = []
// Each round's runs are minutes apart at most: their ratios are the steadiest figures here.
const roundRatios: number[] = []
// CPU time an execution, per process: what bounds each side on a 2-core machine.
const cpu = { ours: [] as number[], console: [] as number[], worker: [] as number[], bull: [] as number[], redis: [] as number[], pgNode: [] as number[], pgServer: [] as number[] }
const remoteRatios: number[] = []
const postgresRatios: number[] = []
let events = 0
let postgresEvents = 0
const remoteSide = SQLITE ? await startRemote() : undefined
const postgres = POSTGRES ? await benchPostgres(Number(values.port), SYNCHRONOUS_COMMIT) : undefined
for (let round = 1 - WARMUP; round <= ROUNDS; round++) {
  const parts: string[] = []
  if (remoteSide) {
    const ours = await engineRate(N)
    // Its warm-up runs as many executions as the in-process side's: both are measured as warm.
    const remoteN = round < 1 ? N : REMOTE_N
    const remote = await remoteSide.round(remoteN)
    const bull = await bullmqRate()
    const rates = { ours: N / ours.seconds, remote: remoteN / remote.seconds, bull: N / bull.seconds }
    parts.push(
      `this engine ${rates.ours.toFixed(1)}/s (${(rates.ours / rates.bull).toFixed(2)}x), remote worker ${rates.remote.toFixed(1)}/s (${(rates.remote / rates.bull).toFixed(2)}x), BullMQ ${rates.bull.toFixed(1)}/s`,
    )
    if (round >= 1) {
      events = ours.events
      oursRates.push(rates.ours)
      remoteRates.push(rates.remote)
      bullRates.push(rates.bull)
      roundRatios.push(rates.ours / rates.bull)
      cpu.ours.push(ours.cpuMs / N)
      cpu.console.push(remote.consoleCpuMs / remoteN)
      cpu.worker.push(remote.workerCpuMs / remoteN)
      cpu.bull.push(bull.cpuMs / N)
      cpu.redis.push(bull.redisCpuMs / N)
      remoteRatios.push(rates.remote / rates.bull)
    }
  }
  if (postgres) {
    const server0 = postgres.cpuMs()
    const run = await engineRate(POSTGRES_N, postgres)
    const rate = POSTGRES_N / run.seconds
    parts.push(`this engine on PostgreSQL ${rate.toFixed(1)}/s`)
    if (round >= 1) {
      postgresEvents = run.events
      postgresRates.push(rate)
      cpu.pgNode.push(run.cpuMs / POSTGRES_N)
      cpu.pgServer.push((postgres.cpuMs() - server0) / POSTGRES_N)
      if (oursRates.length) postgresRatios.push(rate / oursRates.at(-1)!)
    }
  }
  console.log(`${round < 1 ? 'warm-up' : `round ${round}`}: ${parts.join('; ')}`)
}
await remoteSide?.stop()
await postgres?.stop()
const cpuLine = (xs: number[]) => `${median(xs).toFixed(2)} ms`
console.log(
  `\n${N} executions of a 3-step no-op workflow (${REMOTE_N} for the remote worker, ${POSTGRES_N} on PostgreSQL), ${CONCURRENCY} at a time, median of ${ROUNDS} rounds after ${WARMUP} warm-up`,
)
if (SQLITE) {
  const oursRate = median(oursRates)
  const remoteRate_ = median(remoteRates)
  const bullRate = median(bullRates)
  console.log(`this engine (SQLite, every transition committed)  ${oursRate.toFixed(1).padStart(8)} executions/s  (${events} events a round)`)
  if (POSTGRES) printPostgres()
  console.log(`a worker in another process (the worker protocol)  ${remoteRate_.toFixed(1).padStart(8)} executions/s`)
  console.log(`BullMQ 3-job flow (local Redis, AOF everysec)      ${bullRate.toFixed(1).padStart(8)} executions/s`)
  console.log(
    `in-process: ${(oursRate / bullRate).toFixed(2)}x BullMQ (medians)  ${median(roundRatios).toFixed(2)}x (median of the rounds' ratios)  (floor 1.0x → ${median(roundRatios) >= 1 ? 'met' : 'NOT met'}; goal 1.5x)`,
  )
  console.log(
    `remote worker: ${(remoteRate_ / bullRate).toFixed(2)}x BullMQ (medians)  ${median(remoteRatios).toFixed(2)}x (median of the rounds' ratios)  (floor 0.5x → ${median(remoteRatios) >= 0.5 ? 'met' : 'NOT met'}; goal 1.0x)`,
  )
  if (POSTGRES)
    console.log(
      `on PostgreSQL: ${(median(postgresRates) / oursRate).toFixed(2)}x this engine on SQLite (medians)  ${median(postgresRatios).toFixed(2)}x (median of the rounds' ratios)`,
    )
  console.log(
    `CPU an execution (medians): in-process engine ${cpuLine(cpu.ours)}; remote: console ${cpuLine(cpu.console)} + worker ${cpuLine(cpu.worker)}; BullMQ: its Node process ${cpuLine(cpu.bull)} + redis-server ${cpuLine(cpu.redis)}`,
  )
} else printPostgres()
if (POSTGRES) {
  console.log(
    `CPU an execution on PostgreSQL (medians): the engine's process ${cpuLine(cpu.pgNode)} (its connections' worker thread included) + the PostgreSQL server ${cpuLine(cpu.pgServer)}`,
  )
}
function printPostgres() {
  console.log(
    `this engine (PostgreSQL, synchronous_commit ${SYNCHRONOUS_COMMIT}) ${median(postgresRates).toFixed(1).padStart(8)} executions/s  (${postgresEvents} events a round; one writer connection, one transaction at a time under the global advisory lock)`,
  )
}
process.exit(0)
