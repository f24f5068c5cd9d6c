// The console's HTTP server: Next.js (pages, tRPC, REST) and, on the same port, the watch
// endpoint — `GET /api/executions/:id/watch` as SSE and `WS /api/executions/:id/watch` — served
// at the Node level: route handlers cannot upgrade, and a shared fan-out is far cheaper there.
import { createServer, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import next from 'next'
import { WebSocketServer, type WebSocket } from 'ws'
import { checkConfigOrExit } from './src/server/config'
import { getServices } from './src/server/context'
import { MAX_BUFFERED_BYTES, withWatchStream } from './src/server/events/sse'
import { headersOf, stampClientIp } from './src/server/auth/request'
import { decodedPath, openGate } from './src/server/http/gate'
import { ANSWERS, errorBody, refusalOf } from './src/server/http/errors'
import type { Scope } from './src/server/http/scope'
import { ServiceError } from './src/server/services/errors'
import { markListening } from './src/server/lib/listening'
import { applyCors } from './src/server/http/cors'

// A bad setting stops the console here, naming it, before anything listens or runs.
const { PORT: port, HOSTNAME: hostname, NODE_ENV, API_CORS_ORIGINS: corsOrigins } = checkConfigOrExit()
const dev = NODE_ENV !== 'production'

// Next attaches its own upgrade listener to the server it is given (else to the first
// request's): hand it one that never listens, and pass it only the upgrades that are not ours.
const app = next({ dev, hostname, port, httpServer: createServer() })
const handle = app.getRequestHandler()
await app.prepare()
const nextUpgrade = app.getUpgradeHandler()
// Clients of the watch have nothing to send: a frame past 64 KiB closes the socket (1009), not the server's memory.
const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })

/** Seed 001's watcher over a WebSocket: `{ type: 'state' }` first (unless resuming), then each event. */
async function watch(ws: WebSocket, scope: Scope, executionId: string, resumeFrom: number | null) {
  const controller = new AbortController()
  ws.on('close', () => controller.abort())
  // A protocol error of the client's (an oversized or malformed frame): ws closes the socket itself.
  ws.on('error', () => controller.abort())
  try {
    for await (const { message, json } of scope.live.watch(executionId, resumeFrom, controller.signal)) {
      ws.send(json ?? JSON.stringify(message))
      // A client this far behind is cut off (it reconnects with its last event id), as on SSE.
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.close(1013, 'reading too slowly; reconnect with lastEventId')
    }
  } catch (error) {
    const refusal = refusalOf(error)
    if (!refusal) console.error(`watch of ${executionId} failed`, error)
    // Close reasons are at most 123 bytes.
    ws.close(refusal ? ANSWERS[refusal.kind].ws : 1011, (refusal?.message ?? 'watch failed').slice(0, 120))
  }
}

/** Refuses an upgrade with an HTTP answer, before any WebSocket exists. */
function refuseUpgrade(socket: Duplex, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body)
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n${extra}Connection: close\r\n\r\n${text}`,
  )
}

const serve = withWatchStream((req, res) => handle(req, res), getServices)
const server = createServer((req, res) => {
  stampClientIp(req)
  if (applyCors(req, res, corsOrigins)) return // a preflight, answered
  // A path that does not decode is the client's error, whatever it names (Next would throw on it).
  try {
    decodedPath(new URL(req.url ?? '/', 'http://localhost').pathname)
  } catch (error) {
    res.writeHead(400, { 'content-type': 'application/json' })
    return void res.end(JSON.stringify(errorBody(refusalOf(error)!)))
  }
  serve(req, res)
})
server.on('upgrade', (req, socket, head) => {
  stampClientIp(req)
  const url = new URL(req.url ?? '/', 'http://localhost')
  const match = /^\/api\/executions\/([^/]+)\/watch$/.exec(url.pathname)
  if (!match) return void nextUpgrade(req, socket, head) // Next's own (HMR in development)
  void (async () => {
    try {
      const resume = url.searchParams.get('lastEventId') ?? req.headers['last-event-id']
      if (resume !== undefined && resume !== null && !/^\d+$/.test(String(resume))) {
        throw new ServiceError('BAD_REQUEST', 'lastEventId: expected an event id (a whole number)', 'lastEventId')
      }
      const executionId = decodedPath(match[1]!)
      // In through the front door: a signed-in browser's upgrade must come from the console's pages.
      const gate = await openGate(await getServices(), { method: 'GET', url: `http://localhost${req.url ?? '/'}`, headers: headersOf(req), upgrade: true })
      const scope = await gate.admit('read')
      sockets.handleUpgrade(req, socket, head, (ws) => void watch(ws, scope, executionId, resume ? Number(resume) : null))
    } catch (error) {
      const refusal = refusalOf(error)
      if (!refusal) console.error('watch upgrade failed', error)
      if (refusal) refuseUpgrade(socket, ANSWERS[refusal.kind].http, errorBody(refusal), refusal.retryAfter !== undefined ? { 'Retry-After': String(refusal.retryAfter) } : {})
      else refuseUpgrade(socket, 500, { error: { code: 'INTERNAL', message: 'internal error; see the server log' } })
    }
  })()
})
// A port it cannot take stops the whole console: an engine and a demo desk must not run on
// behind a listener that never started (and a second console on the same port must not start).
server.once('error', (error: NodeJS.ErrnoException) => {
  console.error(`console: cannot listen on ${hostname}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (another console?)' : error.message}`)
  process.exit(1)
})
server.listen(port, hostname, () => {
  console.log(`console listening on http://${hostname}:${port}`)
  markListening()
})
