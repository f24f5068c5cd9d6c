// The demo worker: a service of its own that runs the demo's workflows on the console's engine
// through the SDK — it registers their templates and task definitions, serves their task steps,
// starts runs at a steady rate and plays the editor (workload.ts), and runs the support desk, an
// outside service that reports its own executions (support-desk.ts). The console starts it
// unless DEMO=off; it runs against any console given a URL and keys (README.md).
//   node --import tsx examples/demo-worker/index.ts
import { AuthenticationError, ConsoleError, createClient, ForbiddenError, ValidationError } from '@execution-console/sdk'
import { DEMO_VERSION, demoWorkflows, sleep } from './workflows'
import { runWorkload } from './workload'
import { runSupportDesk } from './support-desk'
import { ensureRecoveryStrategies } from './recovery'

/** A number from the environment, or the default; anything else stops the worker before it starts. */
function numberFrom(name: string, fallback: number, { min = 0 } = {}): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min) {
    console.error(`demo worker: ${name} must be a number of at least ${min}, not "${raw}"`)
    process.exit(1)
  }
  return value
}

function required(name: string): string {
  const value = process.env[name]?.trim()
  if (!value) {
    console.error(`demo worker: ${name} is required`)
    process.exit(1)
  }
  return value
}

const url = required('CONSOLE_URL')
const apiKey = required('DEMO_WORKER_KEY')
const deskKey = process.env.DEMO_DESK_KEY?.trim()
const agentsKey = process.env.DEMO_AGENTS_KEY?.trim()
const rate = numberFrom('DEMO_RATE', 6)
const speed = numberFrom('DEMO_SPEED', 1)
const concurrency = Math.floor(numberFrom('DEMO_CONCURRENCY', 16, { min: 1 }))

const $ = createClient({ url, apiKey })
const stopping = new AbortController()
const worker = $.worker({
  name: 'demo-worker',
  version: DEMO_VERSION,
  concurrency,
  workflows: demoWorkflows({ speed }),
  onError: (error) => {
    if (!stopping.signal.aborted) console.error(`demo worker: ${(error as Error).message}`)
  },
})

let shutdown: Promise<void> | null = null
const stop = () => {
  // What runs gets 5 s to finish; a second signal does not wait for it.
  if (shutdown) process.exit(0)
  stopping.abort()
  shutdown = worker.stop(5_000).finally(() => process.exit(0))
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop)
// Started by a console (its IPC channel open): it does not outlive it, even one killed with SIGKILL.
// The console started again starts its own demo worker, which takes over what this one held.
if (process.send) process.on('disconnect', stop)

// The console may still be starting (it starts this process as it comes up): its refusals are
// final, its absence is waited out.
for (let attempt = 0; ; attempt++) {
  try {
    await worker.start()
    break
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof ForbiddenError || error instanceof ValidationError || (error instanceof ConsoleError && error.status === 409)) {
      console.error(`demo worker: the console refused it: ${error.message}`)
      process.exit(1)
    }
    if (stopping.signal.aborted) process.exit(0)
    if (attempt % 10 === 0) console.error(`demo worker: waiting for the console at ${url}: ${(error as Error).message}`)
    await sleep(Math.min(5_000, 250 * 2 ** attempt), stopping.signal).catch(() => {})
  }
}
console.log(`demo worker ${worker.id} ready`)
// The demo's recovery strategies, so their applications show on the timelines (recovery.ts).
await ensureRecoveryStrategies($)
  .then((added) => added && console.log(`demo worker: registered ${added} recovery strategies`))
  .catch((error) => console.error(`demo worker: could not register recovery strategies: ${(error as Error).message}`))

if (rate > 0) void runWorkload({ client: $, perMinute: rate, speed, signal: stopping.signal })
if (deskKey && agentsKey)
  void runSupportDesk({
    desk: createClient({ url, apiKey: deskKey }),
    agents: createClient({ url, apiKey: agentsKey }),
    // The desk opens a sixth as many tickets as the workload starts runs.
    perMinute: rate / 6,
    speed,
    signal: stopping.signal,
  })
