// The console's WebSockets, served at the Node level (route handlers cannot upgrade): the watch
// of an execution (`WS /api/executions/:id/watch`, seed 001's watcher) and a worker's connection
// (`WS /api/workers/:id/connect`, docs/workers.md). Both come in through the front door: the gate
// admits the upgrade as it admits a request, and refuses it with an HTTP answer before any socket
// exists. Used by server.ts, and by the benchmarks' and tests' servers, so all serve the same.
import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { AppServices } from '../context'
import { headersOf, stampClientIp } from '../auth/request'
import { MAX_BUFFERED_BYTES } from '../events/sse'
import { ServiceError } from '../services/errors'
import { ANSWERS, closeReason, errorBody, INTERNAL_MESSAGE, refusalOf } from './errors'
import { checkHost, decodedPath, openGate } from './gate'
import type { Scope } from './scope'
import { serveWorkerSocket } from './worker-socket'
import { logger } from '../ops/log'
import { queryOf, watchQuery } from '../rest/query-string'
import { isDraining, trackStream, WS_SERVICE_RESTART } from '../ops/shutdown'

type Upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void

/** Seed 001's watcher over a WebSocket: `{ type: 'state' }` first (unless resuming), then each event. */
async function watch(ws: WebSocket, scope: Scope, executionId: string, resumeFrom: number | null, monitor = false) {
  const controller = new AbortController()
  // On shutdown: 1012 "service restart", so the client reconnects with its last event id.
  const untrack = trackStream('websocket', () => ws.close(WS_SERVICE_RESTART, 'service restart; reconnect with lastEventId'))
  ws.on('close', () => {
    untrack()
    controller.abort()
  })
  // A protocol error of the client's (an oversized or malformed frame): ws closes the socket itself.
  ws.on('error', () => controller.abort())
  // `?view=monitor`: seed 002's ExecutionUpdates (events/monitor.ts) instead of each event.
  const frames = monitor
    ? (async function* () {
        for await (const update of scope.live.monitor(executionId, resumeFrom, controller.signal)) yield { json: JSON.stringify(update), message: update }
      })()
    : scope.live.watch(executionId, resumeFrom, controller.signal)
  try {
    for await (const { message, json } of frames) {
      ws.send(json ?? JSON.stringify(message))
      // A client this far behind is cut off (it reconnects with its last event id), as on SSE.
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.close(1013, 'reading too slowly; reconnect with lastEventId')
    }
  } catch (error) {
    const refusal = refusalOf(error)
    if (!refusal) logger('watch').error({ err: error, executionId }, `watch of ${executionId} failed`)
    // Close reasons are at most 123 bytes.
    ws.close(refusal ? ANSWERS[refusal.kind].ws : 1011, closeReason(refusal?.message ?? 'watch failed'))
  }
}

/** Refuses an upgrade with an HTTP answer, before any WebSocket exists. */
function refuseUpgrade(socket: Duplex, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (socket.destroyed) return // the client went away meanwhile
  const text = JSON.stringify(body)
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n${extra}Connection: close\r\n\r\n${text}`,
  )
}

/**
 * The server's `upgrade` listener: ours are served, any other goes to `others` (Next's own, HMR
 * in development), or is refused with 404.
 */
export function createUpgradeHandler(getServices: () => Promise<AppServices>, others?: Upgrade): Upgrade {
  // Clients of the watch have nothing to send: a frame past 64 KiB closes the socket (1009), not the server's memory.
  const watchSockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  // A worker's report carries a task's output (at most 1 MiB as JSON, as over REST) and its framing.
  const workerSockets = new WebSocketServer({ noServer: true, maxPayload: 1_100_000 })

  return (req, socket, head) => {
    // Node leaves an upgrading socket without an error listener until ws takes it: a client that
    // resets the connection while the gate decides must not throw in the process.
    socket.on('error', () => socket.destroy())
    stampClientIp(req)
    const url = new URL(req.url ?? '/', 'http://localhost')
    const watched = /^\/api\/executions\/([^/]+)\/watch$/.exec(url.pathname)
    const worker = /^\/api\/workers\/([^/]+)\/connect$/.exec(url.pathname)
    if (!watched && !worker) {
      if (others) return others(req, socket, head)
      return refuseUpgrade(socket, 404, { error: { code: 'NOT_FOUND', message: `no WebSocket at ${url.pathname.slice(0, 200)}` } })
    }
    void (async () => {
      try {
        // Shutting down: the client is told to come back (another node may take it meanwhile).
        if (isDraining()) throw new ServiceError('UNAVAILABLE', 'the console is restarting; reconnect shortly')
        checkHost(req.headers.host)
        const services = await getServices()
        // In through the front door: a signed-in browser's upgrade must come from the console's pages.
        const gate = await openGate(services, { method: 'GET', url: `http://localhost${req.url ?? '/'}`, headers: headersOf(req), upgrade: true })
        if (worker) {
          const workerId = decodedPath(worker[1]!)
          const scope = await gate.admit('work')
          const { concurrency } = scope.workers.attach(workerId)
          const admit = () => services.access.admit(scope.principal)
          if (socket.destroyed) return
          return workerSockets.handleUpgrade(req, socket, head, (ws) => serveWorkerSocket(ws, scope, { id: workerId, concurrency }, admit, socket))
        }
        // The query as every REST route reads it: an unknown or repeated parameter is refused naming it.
        const query = watchQuery.safeParse(queryOf(req.url ?? '/'))
        if (!query.success) throw refusalOf(query.error, 'query')
        const { view } = query.data
        const resume = query.data.lastEventId ?? req.headers['last-event-id']
        if (resume !== undefined && !/^\d+$/.test(String(resume))) {
          throw new ServiceError('BAD_REQUEST', 'lastEventId: expected an event id (a whole number)', 'lastEventId')
        }
        const executionId = decodedPath(watched![1]!)
        const scope = await gate.admit('read')
        if (socket.destroyed) return
        // One of its principal's live streams (http/stream-quota.ts): past the limit, 429 before any socket.
        const release = scope.holdStream()
        socket.once('close', release)
        watchSockets.handleUpgrade(req, socket, head, (ws) => void watch(ws, scope, executionId, resume ? Number(resume) : null, view === 'monitor'))
      } catch (error) {
        const refusal = refusalOf(error)
        if (!refusal) logger('watch').error({ err: error, path: url.pathname.slice(0, 200) }, 'upgrade failed')
        if (refusal) refuseUpgrade(socket, ANSWERS[refusal.kind].http, errorBody(refusal), refusal.retryAfter !== undefined ? { 'Retry-After': String(refusal.retryAfter) } : {})
        else refuseUpgrade(socket, 500, { error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } })
      }
    })()
  }
}
