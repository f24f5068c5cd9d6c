// Graceful shutdown on SIGTERM and SIGINT (README "Operations"): stop accepting, end the open
// streams with a retry hint so their clients reconnect (to this console once it is back, or to
// another node behind the same address), let in-flight requests finish, stop the engine (it
// stops claiming and hands its leases back at once rather than letting them lapse), flush, exit 0 —
// all within SHUTDOWN_TIMEOUT_MS. Kept on globalThis: the runtime registers its part from Next's
// bundle, server.ts runs the whole.
import type { Server } from 'node:http'
import { metrics } from './metrics'
import { logger } from './log'

/** When an SSE client should reconnect after a shutdown, in ms (the SSE `retry:` field). */
export const RECONNECT_AFTER_MS = 1_000
/** WebSocket close code 1012, "service restart": the client should reconnect. */
export const WS_SERVICE_RESTART = 1012

export type StreamKind = 'sse' | 'sse-monitor' | 'sse-feed' | 'websocket' | 'worker'

/** What each part of the process does when it stops, in this order of phases. */
export type Phase = 'runtime' | 'flush'

interface State {
  draining: boolean
  streams: Map<number, { kind: StreamKind; close: () => void }>
  nextStream: number
  hooks: { phase: Phase; name: string; run: () => Promise<void> | void }[]
  done?: Promise<void>
}

const globalForShutdown = globalThis as unknown as { __consoleShutdown?: State }
const state = (): State => (globalForShutdown.__consoleShutdown ??= { draining: false, streams: new Map(), nextStream: 1, hooks: [] })

/** Whether the process is shutting down (the readiness check says so; streams refuse new clients). */
export function isDraining(): boolean {
  return state().draining
}

/**
 * Tracks an open stream: `close` ends it with its retry hint when the process shuts down.
 * Returns what to call once the stream has ended (for any reason).
 */
export function trackStream(kind: StreamKind, close: () => void): () => void {
  const s = state()
  const id = s.nextStream++
  s.streams.set(id, { kind, close })
  metrics().openStreams.inc({ kind })
  return () => {
    if (s.streams.delete(id)) metrics().openStreams.dec({ kind })
  }
}

/** The SSE frames that end a stream on shutdown: the reconnect delay, then an event naming why. */
export function sseShutdownFrames(): string {
  return `retry: ${RECONNECT_AFTER_MS}\nevent: shutdown\ndata: ${JSON.stringify({ type: 'shutdown', reason: 'the console is restarting; reconnect with Last-Event-ID', retryMs: RECONNECT_AFTER_MS })}\n\n`
}

/** Registers what a part of the process does on shutdown ('runtime': engine, workers, timers; 'flush': writes, connections). */
export function onShutdown(phase: Phase, name: string, run: () => Promise<void> | void): void {
  state().hooks.push({ phase, name, run })
}

/** Ends every open stream with its retry hint; returns how many. */
export function closeStreams(): number {
  const s = state()
  const open = [...s.streams.values()]
  for (const stream of open) {
    try {
      stream.close()
    } catch {
      // a stream whose socket is already gone
    }
  }
  return open.length
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref())

/** Runs the hooks of one phase together; a failing one is logged, not fatal. */
async function runPhase(phase: Phase): Promise<void> {
  const log = logger('shutdown')
  await Promise.all(
    state()
      .hooks.filter((h) => h.phase === phase)
      .map(async (h) => {
        try {
          await h.run()
        } catch (error) {
          log.error({ err: error, hook: h.name }, `shutdown: ${h.name} failed`)
        }
      }),
  )
}

export interface ShutdownOptions {
  server: Server
  /** Requests being answered now (streams excluded). */
  inFlight: () => number
  timeoutMs: number
  signal?: string
  exit?: (code: number) => void
}

/** Shuts the process down once, however many signals arrive. */
export function shutdown(options: ShutdownOptions): Promise<void> {
  const s = state()
  s.done ??= run(options)
  return s.done
}

async function run({ server, inFlight, timeoutMs, signal = 'shutdown', exit = (code) => process.exit(code) }: ShutdownOptions): Promise<void> {
  const log = logger('shutdown')
  const started = Date.now()
  const deadline = started + timeoutMs
  // Whatever hangs, the process ends at the deadline (non-zero: not a clean stop).
  setTimeout(() => {
    log.error({ timeoutMs }, `shutdown: not done within SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms); exiting`)
    exit(1)
  }, timeoutMs).unref()
  const s = state()
  s.draining = true
  log.info({ signal, inFlight: inFlight(), streams: s.streams.size, timeoutMs }, `${signal}: shutting down`)
  // 1. No new connections; idle keep-alive ones close now, busy ones after their answer.
  server.close()
  server.closeIdleConnections()
  // 2. Streams end with their retry hint (they would otherwise hold the server open).
  const streams = closeStreams()
  // 3. The engine stops claiming and hands its leases back, the workers and timers stop, while
  //    in-flight requests finish (a request's change still commits: the write path stays open).
  const runtime = runPhase('runtime')
  // 4. In-flight requests get until shortly before the deadline; what is left then is cut.
  const drainBy = deadline - Math.min(2_000, timeoutMs / 4)
  while (inFlight() > 0 && Date.now() < drainBy) await sleep(20)
  const cut = inFlight()
  server.closeAllConnections()
  await Promise.race([runtime, sleep(Math.max(0, deadline - Date.now() - 500))])
  // 5. Pending group commits run, then the connections close (the log is copied into the database file).
  await new Promise((r) => setImmediate(r))
  await runPhase('flush')
  log.info({ ms: Date.now() - started, streams, cut }, cut ? `shutdown: done; ${cut} requests were cut at the deadline` : 'shutdown: done')
  exit(0)
}

/** Shuts down on SIGTERM and SIGINT (a second signal while shutting down changes nothing). */
export function installSignalHandlers(options: Omit<ShutdownOptions, 'signal'>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      void shutdown({ ...options, signal })
    })
  }
}

/** For tests: forget every stream, hook and the draining state. */
export function resetShutdown(): void {
  globalForShutdown.__consoleShutdown = undefined
}
