// The console's HTTP server: Next.js (pages, tRPC, REST) and, on the same port, seed 001's watch
// endpoint — `GET /api/executions/:id/watch` as SSE and `WS /api/executions/:id/watch` — served
// at the Node level: route handlers cannot upgrade, and a shared fan-out is far cheaper there.
import { createServer } from 'node:http'
import next from 'next'
import { WebSocketServer, type WebSocket } from 'ws'
import { getServices } from './src/server/context'
import { withWatchStream } from './src/server/events/sse'
import { clientIp, headersOf, stampClientIp } from './src/server/auth/request'
import { readsOf } from './src/server/auth/reads'

const port = Number(process.env.PORT ?? 3000)
const hostname = process.env.HOSTNAME ?? '0.0.0.0'
const dev = process.env.NODE_ENV !== 'production'

// Next attaches its own upgrade listener to the server it is given (else to the first
// request's): hand it one that never listens, and pass it only the upgrades that are not ours.
const app = next({ dev, hostname, port, httpServer: createServer() })
const handle = app.getRequestHandler()
await app.prepare()
const nextUpgrade = app.getUpgradeHandler()
const sockets = new WebSocketServer({ noServer: true })

/** Seed 001's watcher over a WebSocket: `{ type: 'state' }` first (unless resuming), then each event. */
async function watch(ws: WebSocket, executionId: string, resumeFrom: number | null, headers: Headers) {
  const services = await getServices()
  const { live } = services
  const controller = new AbortController()
  ws.on('close', () => controller.abort())
  try {
    const principal = await services.access.principalOf(headers, clientIp(headers))
    if (!principal) return ws.close(4401, 'sign in, or send an API key as a bearer token')
    const reads = readsOf(services, principal)
    let after = resumeFrom
    if (after === null) {
      after = live.lastEventIdOf(executionId)
      ws.send(JSON.stringify({ type: 'state', eventId: after, execution: await reads.watch(executionId) }))
    } else await reads.watch(executionId)
    for await (const { json } of live.events({ executionId, lastEventId: after, signal: controller.signal })) ws.send(json)
  } catch (error) {
    const notFound = (error as { kind?: string }).kind === 'NOT_FOUND'
    ws.close(notFound ? 4404 : 1011, notFound ? `execution ${executionId} not found` : 'watch failed')
  }
}

const serve = withWatchStream((req, res) => handle(req, res), getServices)
const server = createServer((req, res) => {
  stampClientIp(req)
  serve(req, res)
})
server.on('upgrade', (req, socket, head) => {
  stampClientIp(req)
  const url = new URL(req.url ?? '/', 'http://localhost')
  const match = /^\/api\/executions\/([^/]+)\/watch$/.exec(url.pathname)
  if (!match) return void nextUpgrade(req, socket, head) // Next's own (HMR in development)
  const resume = url.searchParams.get('lastEventId') ?? req.headers['last-event-id']
  if (resume !== undefined && resume !== null && !/^\d+$/.test(String(resume))) {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\nlastEventId: expected an event id (a whole number)')
    return
  }
  sockets.handleUpgrade(req, socket, head, (ws) => void watch(ws, decodeURIComponent(match[1]!), resume ? Number(resume) : null, headersOf(req)))
})
server.listen(port, hostname, () => console.log(`console listening on http://${hostname}:${port}`))
