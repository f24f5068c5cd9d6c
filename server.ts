// The console's HTTP server: Next.js (pages, tRPC, REST) and, on the same port, the watch
// endpoint — `GET /api/executions/:id/watch` as SSE and `WS /api/executions/:id/watch` — and the
// workers' WebSocket (`WS /api/workers/:id/connect`), served at the Node level: route handlers
// cannot upgrade, and a shared fan-out is far cheaper there.
import { createServer } from 'node:http'
import next from 'next'
import { checkConfigOrExit } from './src/server/config'
import { getServices } from './src/server/context'
import { withWatchStream } from './src/server/events/sse'
import { stampClientIp, stampRequestPath } from './src/server/auth/request'
import { decodedPath } from './src/server/http/gate'
import { errorBody, refusalOf } from './src/server/http/errors'
import { createUpgradeHandler } from './src/server/http/upgrades'
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
const serve = withWatchStream((req, res) => handle(req, res), getServices)
const server = createServer((req, res) => {
  stampClientIp(req)
  stampRequestPath(req)
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
server.on('upgrade', createUpgradeHandler(getServices, nextUpgrade))
// Idle keep-alive connections stay open longer than clients keep theirs (Node's 5 s default lost
// the race with clients reusing one at 5 s: a request written as the server closed it ended in
// ECONNRESET, as the end-to-end suite saw).
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000
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
