// The demo runs outside the console: examples/demo-worker is a service of its own that serves the
// demo's workflows through the SDK and the worker protocol, starts them at DEMO_RATE, and runs
// the support desk. `npm run console` starts it as a child process once the console listens
// (DEMO=off does not), with API keys made for it at each start (the last start's are revoked),
// and stops it with the console. This module runs none of the demo's code.
import { logger } from '../ops/log'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { AppServices } from '../context'
import type { Config } from '../config'
import { DEMO_RESOURCES, PROVIDER } from '../built-in/catalog'

const ENTRY = 'examples/demo-worker/index.ts'
/** A demo worker that dies is started again after this long (a console left running keeps its demo). */
const RESTART_MS = 5_000

/** Keys of the demo's three clients: the worker, the support desk, and its agents. */
const KEY_NAMES = { worker: 'demo worker (demo)', desk: 'support desk (demo)', agents: 'support agents (demo)' } as const

function demoKeys(services: AppServices) {
  const admin = { kind: 'user' as const, id: 'demo', name: 'demo workload', role: 'admin' as const, organizations: [PROVIDER.id], ip: null, userAgent: null }
  const names = Object.values(KEY_NAMES) as string[]
  for (const key of services.access.apiKeys.list(admin)) if (names.includes(key.name) && !key.revokedAt) services.access.apiKeys.revoke(key.id, admin)
  const make = (name: string) => services.access.apiKeys.create({ name, organizationId: PROVIDER.id, scope: 'write' }, admin).key
  return { worker: make(KEY_NAMES.worker), desk: make(KEY_NAMES.desk), agents: make(KEY_NAMES.agents) }
}

/** The resources the demo's steps require, made once in the provider's organisation (its templates are checked against them). */
export function ensureDemoResources(services: AppServices, speed = 1) {
  const have = new Set(services.resources.list([PROVIDER.id]).map((r) => r.type))
  for (const resource of DEMO_RESOURCES) {
    if (have.has(resource.type)) continue
    // A demo run faster (DEMO_SPEED below 1: its steps' work shortened) refills its rates as much faster.
    const window = 'window' in resource ? Math.max(1_000, Math.round(resource.window * speed)) : undefined
    services.resources.create({ ...resource, ...(window ? { window } : {}) }, PROVIDER.id)
  }
}

/** Starts the demo worker process; the function it answers stops it (SIGTERM, then SIGKILL after 8 s). */
export function startDemoWorker(services: AppServices, cfg: Config): () => Promise<void> {
  const entry = resolve(process.cwd(), ENTRY)
  if (!existsSync(entry)) {
    logger('demo').warn(`demo: ${ENTRY} is not here (run the console from its repository); no demo workload`)
    return async () => {}
  }
  ensureDemoResources(services, cfg.DEMO_SPEED)
  const keys = demoKeys(services)
  const host = ['0.0.0.0', '::'].includes(cfg.HOSTNAME) ? '127.0.0.1' : cfg.HOSTNAME
  const env = {
    ...process.env,
    CONSOLE_URL: `http://${host.includes(':') ? `[${host}]` : host}:${cfg.PORT}`,
    DEMO_WORKER_KEY: keys.worker,
    DEMO_DESK_KEY: keys.desk,
    DEMO_AGENTS_KEY: keys.agents,
    DEMO_RATE: String(cfg.DEMO_RATE),
    DEMO_SPEED: String(cfg.DEMO_SPEED),
  }
  let child: ChildProcess | null = null
  let stopping = false
  let restart: NodeJS.Timeout | undefined

  const start = () => {
    // An IPC channel only so that the worker hears when the console is gone (killed, even with SIGKILL) and stops.
    const started = spawn(process.execPath, ['--import', 'tsx', entry], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    child = started
    const prefix = (stream: NodeJS.ReadableStream, write: (line: string) => void) => {
      let buffered = ''
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop()!
        for (const line of lines) if (line) write(line)
      })
    }
    prefix(started.stdout!, (line) => logger('demo-worker').info(line))
    prefix(started.stderr!, (line) => logger('demo-worker').warn(line))
    started.on('exit', (code, signal) => {
      child = null
      if (stopping) return
      logger('demo').error(`demo: the demo worker exited (${signal ?? code}); starting it again in ${RESTART_MS / 1000} s`)
      restart = setTimeout(start, RESTART_MS)
    })
  }
  start()

  return async () => {
    stopping = true
    clearTimeout(restart)
    const running = child
    if (!running) return
    const exited = new Promise<void>((done) => running.once('exit', () => done()))
    running.kill('SIGTERM')
    const killer = setTimeout(() => running.kill('SIGKILL'), 8_000)
    await exited
    clearTimeout(killer)
  }
}
