// The operations endpoints, served by server.ts before Next and outside the front door (a load
// balancer or Prometheus has no session and no API key):
//   GET /api/health   alive: answers 200 while the process serves at all; reads nothing.
//   GET /api/ready    ready for traffic: the database answers, every migration this build ships
//                     is applied, Redis answers when REDIS_URL is set, and the process is not
//                     shutting down; otherwise 503 with the reasons.
//                     (the checks: ops/readiness.ts)
//   GET /metrics      Prometheus text; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`;
//                     without it, only to this host (a loopback client asking for a loopback name,
//                     not through a proxy).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual, createHash } from 'node:crypto'
import { scrape } from '../ops/metrics'
import type { Readiness } from '../ops/readiness'
import { logger } from '../ops/log'

const digest = (s: string) => createHash('sha256').update(s).digest()
/** 127.0.0.0/8 and ::1, as an IPv4 or a dual-stack socket shows them. */
const isLoopback = (address: string | undefined) => !!address && (/^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address) || address === '::1')

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
      // The states only: anyone may ask, so what an error said (addresses, bucket, paths) stays in the log.
      readiness().then(
        (r) => json(res, r.ready ? 200 : 503, r.ready ? { status: 'ready', checks: r.checks } : { status: 'not ready', reasons: r.reasons, checks: r.checks }),
        (error: unknown) => {
          logger('ops').error({ err: error }, 'readiness: the check itself failed')
          json(res, 503, { status: 'not ready', reasons: ["the readiness check failed (the console's log says why)"], checks: {} })
        },
      )
      return true
    }
    // /metrics: compared in constant time, as digests (the lengths differ otherwise).
    // The scheme is case-insensitive (RFC 7235): "bearer x" is "Bearer x".
    if (expected && !timingSafeEqual(digest(String(req.headers.authorization ?? '').replace(/^bearer /i, 'Bearer ')), expected)) {
      json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' } }, { 'www-authenticate': 'Bearer realm="metrics"' })
      return true
    }
    // No token: this host only (they name every organisation's workflows and queues), and not
    // through a proxy on it, which would bring the world in from loopback.
    // And asked for by a loopback name: a page of another site whose name was made to point here
    // (DNS rebinding) reaches this host from its browser, but asks for its own name.
    if (!expected && !(isLoopback(req.socket.remoteAddress) && !proxied(req) && loopbackHost(req.headers.host))) {
      json(
        res,
        401,
        { error: { code: 'UNAUTHORIZED', message: 'metrics answer this host only unless METRICS_TOKEN is set: set it, and scrape with Authorization: Bearer <METRICS_TOKEN>' } },
        { 'www-authenticate': 'Bearer realm="metrics"' },
      )
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

/**
 * Headers a proxy or CDN adds with the client it forwards for. A proxy on this host that adds none
 * (a bare `proxy_pass`) cannot be told from a local client: set METRICS_TOKEN behind one.
 * (Via; any *forwarded* header: Forwarded, X-Forwarded-*, ingress-nginx's X-Original-Forwarded-For; any *-ip or *-address: X-Real-IP, CF-Connecting-IP, X-ProxyUser-Ip, X-Envoy-External-Address, X-Azure-ClientIP, CF-Connecting-IPv6, …) */
const PROXY_HEADER = /^via$|forwarded|-ip$|-ipv6$|clientip|socketip|-addr(ess)?$/
// (Not the console's own: server.ts stamps the client's address as x-console-client-ip, over any a client sent.)
const proxied = (req: IncomingMessage) => Object.keys(req.headers).some((h) => PROXY_HEADER.test(h) && !h.startsWith('x-console-'))

/** localhost, 127.x.x.x or [::1], with or without a port. */
const loopbackHost = (host: string | undefined) => !!host && /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/i.test(host)
