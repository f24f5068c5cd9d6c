// The REST API on its own process for benchmarks: DATABASE_URL=file:… tsx bench/rest-server.ts
// Prints "listening <port> key <API key>" once it accepts connections: a write key of the
// provider organisation, as a worker would hold.
import { createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { getServices } from '../src/server/context'
import { withWatchStream } from '../src/server/events/sse'
import { createUpgradeHandler } from '../src/server/http/upgrades'
import { createRestApp } from '../src/server/rest/app'
import { PROVIDER } from '../src/server/built-in/catalog'

const app = createRestApp(getServices)
const services = await getServices()
const admin = { kind: 'user' as const, id: 'bench', name: 'bench', role: 'admin' as const, organizations: [PROVIDER.id], ip: null, userAgent: null }
const { key } = services.access.apiKeys.create({ name: 'bench worker', organizationId: PROVIDER.id, scope: 'write' }, admin)
// BENCH_ENGINE=1: the console's engine runs here too (templates registered as data, run by
// workers in other processes), with the task sweep the runtime runs.
if (process.env.BENCH_ENGINE === '1') {
  const { createEngine } = await import('../src/server/engine/engine')
  const { createWorkflowStarter, attachEngine } = await import('../src/server/context')
  const { getWriter } = await import('../src/server/db/writer')
  const engine = createEngine({
    store: getWriter(),
    executions: services.executions,
    bus: services.bus,
    workflows: [],
    concurrency: Number(process.env.ENGINE_CONCURRENCY ?? 8),
    pollMs: 20,
  })
  services.workflows = createWorkflowStarter(() => engine)
  attachEngine(engine)
  await engine.start()
  setInterval(() => void services.tasks.sweep().catch(() => {}), 1_000).unref()
  // "start <workflow> <n>" on stdin: n runs started here, one after another, as bench:engine's
  // in-process side starts its own — so the two differ only in where the steps run; "completed <n>"
  // once every one has completed, heard on the bus as the in-process side hears its own (no
  // reader of the database polling beside the run).
  const { createInterface } = await import('node:readline')
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, workflow, n] = line.trim().split(/\s+/)
    if (command !== 'start' || !workflow) return
    const count = Number(n ?? 1)
    const started = new Set<string>()
    const endedEarly = new Set<string>() // (completed before its start was answered)
    let done = 0
    const ended = () => {
      if (++done < count) return
      unsubscribe()
      console.log(`completed ${count}`)
    }
    const unsubscribe = services.bus.subscribe((event) => {
      if (event.type !== 'execution.completed') return
      if (started.has(event.executionId)) ended()
      else endedEarly.add(event.executionId)
    })
    void (async () => {
      for (let i = 0; i < count; i++) {
        const { $id } = await engine.startWorkflow(workflow)
        started.add($id)
        if (endedEarly.delete($id)) ended()
      }
    })()
  })
}
const server = createServer(withWatchStream(getRequestListener(app.fetch), getServices))
// Its WebSockets as the console serves them: the watch, and workers' connections.
server.on('upgrade', createUpgradeHandler(getServices))
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port} key ${key}`))
// Open connections (keep-alive, workers' sockets) would hold close() open: half a second, then out
// (an exit, so a --cpu-prof run writes its profile).
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 500)
})
// For memory benchmarks: SIGUSR2 collects garbage (when started with --expose-gc) and prints the heap.
process.on('SIGUSR2', () => {
  ;(globalThis as { gc?: () => void }).gc?.()
  const m = process.memoryUsage()
  console.log(`memory heapUsed ${m.heapUsed} external ${m.external} rss ${m.rss}`)
})
