// The operations endpoints, served by server.ts before Next and outside the front door (a load
// balancer or Prometheus has no session and no API key):
//   GET /api/health   alive: answers 200 while the process serves at all; reads nothing.
//   GET /api/ready    ready for traffic: the database answers, every migration this build ships
//                     is applied, Redis answers when REDIS_URL is set, and the process is not
//                     shutting down; otherwise 503 with the reasons.
//                     (the checks: ops/readiness.ts)
//   GET /metrics      Prometheus text; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual, createHash } from 'node:crypto'
import { scrape } from '../ops/metrics'
import type { Readiness } from '../ops/readiness'

const digest = (s: string) => createHash('sha256').update(s).digest()

export interface OpsOptions {
  readiness: () => Promise<Readiness>
  metricsToken?: string
}

/** Serves the operations endpoints; returns false for any other request. */
export function createOpsHandler({ readiness, metricsToken }: OpsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
    res.end(JSON.stringify(body))
  }
  const expected = metricsToken ? digest(`Bearer ${metricsToken}`) : undefined
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/api/health' && path !== '/api/ready' && path !== '/metrics') return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: `${path} answers GET only` } }, { allow: 'GET, HEAD' })
      return true
    }
    if (path === '/api/health') {
      json(res, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) })
      return true
    }
    if (path === '/api/ready') {
      readiness().then(
        (r) => json(res, r.ready ? 200 : 503, r.ready ? { status: 'ready', checks: r.checks } : { status: 'not ready', reasons: r.reasons, checks: r.checks }),
        (error: unknown) => json(res, 503, { status: 'not ready', reasons: [String((error as Error)?.message ?? error)], checks: {} }),
      )
      return true
    }
    // /metrics: compared in constant time, as digests (the lengths differ otherwise).
    if (expected && !timingSafeEqual(digest(String(req.headers.authorization ?? '')), expected)) {
      json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' } }, { 'www-authenticate': 'Bearer realm="metrics"' })
      return true
    }
    scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' })
        res.end(body)
      },
      () => json(res, 500, { error: { code: 'INTERNAL', message: 'metrics could not be collected; see the server log' } }),
    )
    return true
  }
}
