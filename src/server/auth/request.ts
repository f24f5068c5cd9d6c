// What a request says about where it comes from: the client's address (stamped by the console's
// own server, never taken from the client) and whether a browser sent it from another site.
import { config } from '../config'
import type { IncomingMessage } from 'node:http'

/** Set by server.ts from the socket; any value a client sends is overwritten. */
export const CLIENT_IP_HEADER = 'x-console-client-ip'

export function stampClientIp(req: IncomingMessage) {
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; the audit trail says a.b.c.d.
  const ip = (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
  stamp(req, CLIENT_IP_HEADER, ip)
}

/** Sets a header of the console's own on a request, replacing whatever copy the client sent. */
function stamp(req: IncomingMessage, name: string, value: string) {
  req.headers[name] = value
  // Some adapters build their Request from the raw list: replace the client's copy there too.
  const raw: string[] = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() !== name) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw, name, value)
}

export const clientIp = (headers: Headers): string | null => headers.get(CLIENT_IP_HEADER) || null

/** Set by server.ts: the path and query the browser asked for (a page knows it only this way). */
export const REQUEST_PATH_HEADER = 'x-console-path'

/**
 * Stamps the path asked for (without Next's `_rsc` cache-buster), so a page that sends a
 * signed-out visitor to sign in can say where to come back to. Any copy a client sends is replaced.
 */
export function stampRequestPath(req: IncomingMessage) {
  const url = new URL(req.url ?? '/', 'http://console.local')
  url.searchParams.delete('_rsc')
  stamp(req, REQUEST_PATH_HEADER, url.pathname + url.search)
}

/** Where to sign in so the visitor comes back to the page they asked for (`next`, a path of this console). */
export function signInPath(headers: Headers): string {
  const path = headers.get(REQUEST_PATH_HEADER)
  const back = path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/sign-in') && !path.startsWith('/api/') ? path : null
  return back && back !== '/' ? `/sign-in?next=${encodeURIComponent(back)}` : '/sign-in'
}

/**
 * The host the client addressed: a proxy's X-Forwarded-Host only when the console is told it
 * sits behind one that sets it (a client could send its own otherwise), else the Host header.
 * (Behind Next, request.url carries the address the server listens on — 0.0.0.0 — not this.)
 */
export function addressedHost(req: { url: string; headers: Headers }): string {
  const forwarded = config().TRUST_PROXY ? req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : null
  return forwarded || req.headers.get('host') || new URL(req.url).host
}

/**
 * The console's address as its clients reach it, for links it hands out (the OpenAPI document's
 * server, JSON-LD ids): CONSOLE_URL when set, else the scheme and host this request came to.
 */
export function publicOrigin(req: { url: string; headers: Headers }): string {
  const pinned = config().CONSOLE_URL
  if (pinned) return new URL(pinned).origin
  const forwardedProto = config().TRUST_PROXY ? req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : null
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : new URL(req.url).protocol.replace(':', '')
  const host = addressedHost(req)
  // A Host header that is not a host (a client's garbage) falls back to the request's own.
  try {
    return new URL(`${protocol}://${host}`).origin
  } catch {
    return new URL(req.url).origin
  }
}

/**
 * Changes authenticated by a cookie must come from the console's own origin: the Origin header
 * (or, without it, Sec-Fetch-Site) says so. SameSite=Lax cookies already stay home on
 * cross-site POSTs; this refuses what slips past (old browsers, same-site subdomains). A
 * WebSocket upgrade is a GET that browsers send with cookies from any site (there is no CORS
 * for it): it is checked as a change is.
 */
export function crossSiteRefusal(req: { method: string; url: string; headers: Headers; upgrade?: boolean }, principal: { kind: string } | null): string | null {
  // Only a browser's cookie rides along on a forged request; a bearer key cannot be forged that way.
  if (principal?.kind !== 'user' || ((req.method === 'GET' || req.method === 'HEAD') && !req.upgrade)) return null
  const origin = req.headers.get('origin')
  const own = addressedHost(req)
  if (origin) {
    let host: string | null = null
    try {
      host = new URL(origin).host
    } catch {
      // "null" or garbage: not the console's own pages
    }
    return host === own ? null : `cross-site request refused: origin ${origin} is not this console (${own})`
  }
  const site = req.headers.get('sec-fetch-site')
  if (site === 'same-origin') return null
  return 'cross-site request refused: a signed-in change must carry an Origin header from the console (API clients use an API key)'
}

/** Node headers as fetch Headers (for the watch endpoints served outside Next). */
export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  return headers
}

/**
 * The body of a request, read up to `max` bytes: a larger one is answered 413 without reading
 * the rest (the REST app has Hono's bodyLimit; tRPC's fetch adapter has none).
 */
export async function withBodyLimit(req: Request, max: number): Promise<Request | Response> {
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) return req
  const tooLarge = () =>
    Response.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${max} bytes (1 MiB)` } }, { status: 413, headers: { connection: 'close' } })
  if (Number(req.headers.get('content-length') ?? 0) > max) return tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = req.body.getReader()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      return tooLarge()
    }
    chunks.push(value)
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) })
}
