// A worker in a process of its own for bench:engine: the SDK's worker() serving the no-op task
// of the remote workflow. Prints "ready" once registered.   WORKER_URL=… WORKER_KEY=… tsx bench/remote-worker.ts
import { createClient } from '@execution-console/sdk'

const $ = createClient({ url: process.env.WORKER_URL!, apiKey: process.env.WORKER_KEY! })
const worker = $.worker({ name: 'bench worker', concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8), tasks: { noop: async () => ({}) }, onError: (e) => console.error(e) })
await worker.start()
console.log('ready')
process.on('SIGTERM', () => void worker.stop(1_000).then(() => process.exit(0)))
