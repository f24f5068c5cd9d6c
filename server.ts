// The console's HTTP server: Next.js (pages, tRPC, REST) and, on the same port, the watch
// endpoint — `GET /api/executions/:id/watch` as SSE and `WS /api/executions/:id/watch` — and the
// workers' WebSocket (`WS /api/workers/:id/connect`), served at the Node level: route handlers
// cannot upgrade, and a shared fan-out is far cheaper there. Also the operations endpoints
// (/api/health, /api/ready, /metrics: http/ops.ts), each request's id, log line, metrics and span,
// and the graceful shutdown on SIGTERM and SIGINT (ops/shutdown.ts).
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'
import next from 'next'
import { checkConfigOrExit } from './src/server/config'
import { getServices } from './src/server/context'
import { withWatchStream } from './src/server/events/sse'
import { stampClientIp, stampRequestPath } from './src/server/auth/request'
import { checkHost, decodedPath } from './src/server/http/gate'
import { errorBody, refusalOf } from './src/server/http/errors'
import { ServiceError } from './src/server/services/errors'
import { createUpgradeHandler } from './src/server/http/upgrades'
import { markListening } from './src/server/lib/listening'
import { applyCors } from './src/server/http/cors'
import { applySecurityHeaders } from './src/server/http/security-headers'
import { createOpsHandler } from './src/server/http/ops'
import { processReadiness } from './src/server/ops/readiness'
import { bucketOptions, createS3Store } from './src/server/retention/archive-store'
import { createRouteTemplates } from './src/server/http/route-template'
import { openApiDocument } from './src/server/rest/app'
import { appRouter } from './src/server/api/routers/root'
import { logger } from './src/server/ops/log'
import { connectRedis } from './src/server/ops/redis'
import { metrics } from './src/server/ops/metrics'
import { endSpan, startSpan, startTracing } from './src/server/ops/trace'
import { installSignalHandlers, onShutdown } from './src/server/ops/shutdown'

// A bad setting stops the console here, naming it, before anything listens or runs.
const cfg = checkConfigOrExit()
const { PORT: port, HOSTNAME: hostname, NODE_ENV, API_CORS_ORIGINS: corsOrigins } = cfg
const dev = NODE_ENV !== 'production'
const log = logger('http')
// Several processes share Redis (REDIS_URL): one that does not answer stops the start here, named,
// rather than a console that waits on it forever.
if (cfg.REDIS_URL) {
  await connectRedis(cfg.REDIS_URL, 'the console processes it connects')
    .then((client) => client.quit())
    .catch((error: Error) => {
      log.fatal(error.message)
      process.exit(1)
    })
}
if (await startTracing(cfg.OTEL_EXPORTER_OTLP_ENDPOINT, cfg.OTEL_SERVICE_NAME)) log.info({ endpoint: cfg.OTEL_EXPORTER_OTLP_ENDPOINT }, 'tracing: exporting spans over OTLP/HTTP')

// Next attaches its own upgrade listener to the server it is given (else to the first
// request's): hand it one that never listens, and pass it only the upgrades that are not ours.
const app = next({ dev, hostname, port, httpServer: createServer() })
const handle = app.getRequestHandler()
await app.prepare()
const nextUpgrade = app.getUpgradeHandler()
const serve = withWatchStream((req, res) => handle(req, res), getServices)
// The bucket of the log archives (LOG_ARCHIVE_URL) is checked too; the data folder needs no check.
const bucket = bucketOptions(cfg)
const readiness = processReadiness(cfg.REDIS_URL, bucket ? createS3Store(bucket) : undefined)
const ops = createOpsHandler({ readiness: readiness.readiness, metricsToken: cfg.METRICS_TOKEN })
const routes = createRouteTemplates(
  Object.keys(openApiDocument().paths ?? {}).map((p) => `/api${p.replace(/^\/api/, '')}`),
  undefined,
  Object.keys(appRouter._def.procedures),
)
const m = metrics()
let inFlight = 0
// A request id a proxy or client sent is kept when it is a plain token; otherwise one is made.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
const securityHeaders = { dev, trustProxy: cfg.TRUST_PROXY, consoleUrl: cfg.CONSOLE_URL }
const server = createServer((req, res) => {
  const started = performance.now()
  const given = req.headers['x-request-id']
  const reqId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
  res.setHeader('x-request-id', reqId)
  applySecurityHeaders(req, res, securityHeaders)
  // A pipelined request's answer, queued behind another on its connection, is never told 'close'
  // when the connection goes first: told here, what it holds (a stream's place and feed, a tRPC
  // subscription, the in-flight count) goes too.
  if (!res.socket) req.socket.once('close', () => void (res.closed || res.emit('close')))
  stampClientIp(req)
  stampRequestPath(req)
  if (ops(req, res)) return // health, readiness, metrics: no session, no log line, no count
  const path = (req.url ?? '/').split('?')[0]!
  const template = routes.of(path)
  const span = startSpan(`${req.method} ${template}`, { 'http.request.method': req.method ?? '', 'http.route': template, 'request.id': reqId })
  const streaming = template === '/api/executions/{id}/watch'
  if (!streaming) {
    inFlight += 1
    m.httpInFlight.inc()
  }
  res.once('close', () => {
    if (!streaming) {
      inFlight -= 1
      m.httpInFlight.dec()
    }
    const status = res.headersSent ? res.statusCode : 499 // 499: the client went away first
    const route = status === 404 && template.startsWith('/api/trpc/') ? '/api/trpc/{unknown}' : template
    const seconds = (performance.now() - started) / 1000
    const labels = { method: req.method ?? 'GET', route, status: String(status) }
    m.httpRequests.inc(labels)
    if (!streaming) m.httpDuration.observe(labels, seconds)
    endSpan(span, status >= 500 ? new Error(`answered ${status}`) : undefined, { 'http.response.status_code': status })
    // Assets and successful pages at debug; API requests and every error at info or above.
    const line = { reqId, method: req.method, route, path: path.slice(0, 200), status, ms: Math.round(seconds * 1000) }
    if (status >= 500) log.error(line, 'request failed')
    else if (route.startsWith('/_next/') || (!path.startsWith('/api/') && status < 400)) log.debug(line, 'request')
    else log.info(line, 'request')
  })
  if (applyCors(req, res, corsOrigins)) return // a preflight, answered
  // A path that does not decode, or a Host that is no host, is the client's error, whatever it
  // names (Next and the auth library would throw on it).
  const url = new URL(req.url ?? '/', 'http://localhost')
  try {
    checkHost(req.headers.host)
    decodedPath(url.pathname)
  } catch (error) {
    res.writeHead(400, { 'content-type': 'application/json' })
    return void res.end(JSON.stringify(errorBody(refusalOf(error)!)))
  }
  // Next rebuilds a request's query from an object, which loses a `__proto__` parameter: the API
  // would never see it to refuse it as it refuses every parameter it does not take.
  if (path.startsWith('/api/') && url.searchParams.has('__proto__')) {
    res.writeHead(400, { 'content-type': 'application/json' })
    return void res.end(JSON.stringify(errorBody(new ServiceError('BAD_REQUEST', '__proto__: unknown parameter', '__proto__'))))
  }
  serve(req, res)
})
// Next's own upgrades are development's (hot reload): in production its handler answers nothing and
// holds the socket for good, so any other upgrade there is refused with 404 and closed.
server.on('upgrade', createUpgradeHandler(getServices, dev ? nextUpgrade : undefined))
// Idle keep-alive connections stay open longer than clients keep theirs (Node's 5 s default lost
// the race with clients reusing one at 5 s: a request written as the server closed it ended in
// ECONNRESET, as the end-to-end suite saw).
server.keepAliveTimeout = 65_000
server.headersTimeout = 66_000
// A port it cannot take stops the whole console: an engine and a demo desk must not run on
// behind a listener that never started (and a second console on the same port must not start).
server.once('error', (error: NodeJS.ErrnoException) => {
  log.fatal({ err: error }, `console: cannot listen on ${hostname}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (another console?)' : error.message}`)
  process.exit(1)
})
// SIGTERM and SIGINT: stop accepting, end streams with a retry hint, finish in-flight requests,
// stop the engine (its leases handed back), flush, exit 0 — within SHUTDOWN_TIMEOUT_MS.
onShutdown('flush', 'readiness redis', readiness.close)
installSignalHandlers({ server, inFlight: () => inFlight, timeoutMs: cfg.SHUTDOWN_TIMEOUT_MS })
server.listen(port, hostname, () => {
  log.info({ port, hostname }, `console listening on http://${hostname}:${port}`)
  markListening()
})
