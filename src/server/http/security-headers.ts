// Headers every answer carries, pages and API alike. The console's buttons pause, cancel and retry
// other people's work: a page of another site must not frame it and trick an operator into a
// click (X-Frame-Options, frame-ancestors). Its pages run only the scripts it sent: a
// Content-Security-Policy with a fresh nonce a request, which Next.js reads from the request's own
// Content-Security-Policy header and puts on every script it writes (the root layout hands it to
// the theme's inline script). Styles may be inline: the components position popovers and draw
// progress with style attributes.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytesPooled } from '../security/random'

export interface SecurityHeaderOptions {
  /** Development: Next's hot reload evaluates code (`'unsafe-eval'`) and listens on a WebSocket. */
  dev: boolean
  /** A proxy in front sets X-Forwarded-Proto (TRUST_PROXY): its word on https counts. */
  trustProxy: boolean
  /** CONSOLE_URL: an https address means the console is only reached over TLS. */
  consoleUrl?: string
}

/** The policy of a page whose scripts carry `nonce`. */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // (Development: the hot-reload socket too.)
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

const NONCE_SOURCE = /'nonce-([A-Za-z0-9+/_-]+={0,2})'/

/** The script nonce of a policy (the root layout reads it from the request's headers). */
export function scriptNonce(policy: string | null | undefined): string | undefined {
  return policy?.match(NONCE_SOURCE)?.[1]
}

/** Whether the client reached the console over https (TLS here, or a trusted proxy's word). */
function overHttps(req: IncomingMessage, options: SecurityHeaderOptions): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true
  if (options.consoleUrl?.startsWith('https://')) return true
  const forwarded = options.trustProxy ? req.headers['x-forwarded-proto'] : undefined
  return typeof forwarded === 'string' && forwarded.split(',')[0]!.trim() === 'https'
}

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: SecurityHeaderOptions): void {
  const policy = contentSecurityPolicy(randomBytesPooled(16).toString('base64'), options.dev)
  // What Next.js takes the nonce from: always this one, never a policy the client sent.
  req.headers['content-security-policy'] = policy
  delete req.headers['content-security-policy-report-only']
  res.setHeader('Content-Security-Policy', policy)
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  // Links out of the console do not carry its addresses (execution ids, filters) to other sites.
  res.setHeader('Referrer-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  // Only the console's own pages load its answers as scripts or images (CORS requests are not concerned).
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()')
  if (overHttps(req, options)) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
}
