// Cross-origin calls to the REST API and the watch stream, for the sites named in
// API_CORS_ORIGINS: a browser app of a service's own, on its own origin, using the SDK with an
// API key. Only what a bearer key needs is allowed: no credentials (a session cookie never rides
// along cross-site, and the gate refuses a signed-in change from elsewhere), the headers the SDK
// sends, and the headers it reads back (Retry-After, Idempotent-Replayed).
import type { IncomingMessage, ServerResponse } from 'node:http'

const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, last-event-id, accept'
const EXPOSED_HEADERS = 'retry-after, idempotent-replayed, location'
const METHODS = 'GET, POST, PUT, DELETE'

/** The REST API and the watch endpoints; tRPC and sign-in serve the console's own pages only. */
const API_PATH = /^\/api\/(?!auth\/|trpc\/|trpc$|auth$)/

/**
 * Adds the CORS headers an allowed origin's request needs; answers its preflight. True when the
 * request was answered here (a preflight), false when it goes on to the console.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin
  if (allowed.length === 0 || !origin || !API_PATH.test(req.url ?? '')) return false
  res.appendHeader('vary', 'Origin')
  if (!allowed.includes(origin)) return false
  res.setHeader('access-control-allow-origin', origin)
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.writeHead(204, {
      'access-control-allow-methods': METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
    })
    res.end()
    return true
  }
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS)
  return false
}
