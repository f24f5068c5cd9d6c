// A worker process for test/worker-processes.test.ts: the SDK's worker() (from its source) in a
// process of its own, serving task types with the behaviour WORKER_CONFIG names for each.
//   echo         returns { worker, input }
//   sleep:<ms>   sleeps, then returns { worker, input } (stopped early when its task stops)
//   hold         waits until its task stops; prints "aborted <taskId> <ms since epoch> <why>"
import { createClient, defineWorkflow } from '../../packages/sdk/src/index'

interface Config {
  url: string
  apiKey: string
  name: string
  concurrency: number
  /** websocket (the default) or http */
  transport?: 'websocket' | 'http'
  tasks: Record<string, { behaviour: string; versions?: string[] }>
  /** A workflow written in code: one `run` step per task named here, echoing. */
  codeWorkflow?: { id: string; service: string; steps: string[] }
}
const config = JSON.parse(process.env.WORKER_CONFIG!) as Config
const $ = createClient({ url: config.url, apiKey: config.apiKey })

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true })
  })

const handlerFor = (behaviour: string) => async (input: unknown, ctx: { signal: AbortSignal; taskId: string; stepId: string }) => {
  console.log(`started ${ctx.taskId} ${ctx.stepId}`)
  if (behaviour.startsWith('sleep:')) await sleep(Number(behaviour.slice(6)), ctx.signal)
  if (behaviour === 'hold') {
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }))
    console.log(`aborted ${ctx.taskId} ${Date.now()} ${(ctx.signal.reason as { reason?: string } | undefined)?.reason ?? '?'}`)
    return null
  }
  return { worker: config.name, input }
}

const workflows = config.codeWorkflow
  ? [
      defineWorkflow({
        id: config.codeWorkflow.id,
        name: 'Written in code',
        service: config.codeWorkflow.service,
        steps: config.codeWorkflow.steps.map((id) => ({ id, run: handlerFor('echo') })),
      }),
    ]
  : []
const worker = $.worker({
  name: config.name,
  version: '1.0.0',
  concurrency: config.concurrency,
  transport: config.transport,
  pollWaitMs: 5_000,
  tasks: Object.fromEntries(Object.entries(config.tasks).map(([task, t]) => [task, { handler: handlerFor(t.behaviour), versions: t.versions }])),
  workflows,
  onError: (error) => console.error(`worker error: ${(error as Error).message}`),
})
await worker.start()
console.log(`ready ${worker.id}`)
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    void worker.stop(2_000).then(() => process.exit(0))
  })
