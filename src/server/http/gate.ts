// The one front door. Every transport — tRPC, REST, the SSE watch stream, the WebSocket — lets a
// request in the same way: who is asking (a session cookie or a bearer API key) → a signed-in
// browser must come from the console's own pages (changes and WebSocket upgrades) → the
// permission the operation needs (401 without a principal, 403 naming the role) → the API key's
// rate limit (429) → a scope bound to that principal (scope.ts). A new transport reuses this.
import type { AppServices } from '../context'
import { organizationsAllowing, type Permission, type Principal } from '../domain/access'
import { authorize } from '../auth/access'
import { clientIp, crossSiteRefusal } from '../auth/request'
import { ServiceError } from '../services/errors'
import { scopeOf, type Scope } from './scope'

/** What the gate reads of a request. */
export interface Knock {
  method: string
  url: string
  headers: Headers
  /** A WebSocket upgrade: a browser sends the cookie with any site's, so its Origin is checked as a change's. */
  upgrade?: boolean
  /** Where the answer's Set-Cookie headers go (a session Better Auth extended); none for a WebSocket. */
  setCookie?: (cookie: string) => void
}

export interface Gate {
  /** Who is asking; null when neither signed in nor carrying a valid key. */
  readonly principal: Principal | null
  /** Lets the request in to what `need` allows, or refuses it (401, 403, 429). */
  admit(need: Permission): Promise<Scope>
}

/**
 * The gate of a principal already known (a test's, or one identified below). `recheck` finds the
 * principal again as it stands now — by default from the database (a revoked key, a removed
 * user, changed roles); a request's own credentials when it has them (a signed-out session).
 */
/** How long an API key found valid is taken as valid without asking again (see stillAdmitted). */
const KEY_RECHECK_MS = 1_000

export function gateFor(services: AppServices, principal: Principal | null, recheck?: () => Promise<Principal | null>, whyNoPrincipal?: () => string): Gate {
  return {
    principal,
    async admit(need) {
      const admitted = authorize(principal, need, whyNoPrincipal)
      await services.access.admit(admitted)
      const again = recheck ?? (() => services.access.refresh(admitted))
      // Still let in for the same thing: the same principal, with a role that still allows `need` in
      // every organisation it did (what it was let see was decided by those: a member moved out of
      // one of two organisations must not go on hearing the first one's executions).
      // An API key found valid is taken as valid for a moment (a worker's socket asks at every
      // report) unless this process revoked a key since; another process's revocation is seen
      // within KEY_RECHECK_MS. (A key's scope never changes: only a revocation ends it.)
      const allowedThen = organizationsAllowing(admitted, need)
      let validAt = -Infinity
      let revocationsThen = -1
      const stillAdmitted = async () => {
        if (admitted.kind === 'api-key' && services.access.revocations() === revocationsThen && Date.now() - validAt < KEY_RECHECK_MS) return true
        const revocationsNow = services.access.revocations()
        const now = await again()
        const allowedNow = now && now.id === admitted.id ? new Set(organizationsAllowing(now, need)) : new Set<string>()
        const yes = allowedThen.length > 0 && allowedThen.every((o) => allowedNow.has(o))
        if (yes) [validAt, revocationsThen] = [Date.now(), revocationsNow]
        return yes
      }
      return scopeOf(services, admitted, need, stillAdmitted)
    },
  }
}

/** Who knocks, refused here when a signed-in browser comes from another site. */
export async function openGate(services: AppServices, knock: Knock): Promise<Gate> {
  const identify = (setCookie?: (cookie: string) => void) => services.access.principalOf(knock.headers, clientIp(knock.headers), setCookie)
  const principal = await identify(knock.setCookie)
  const refusal = crossSiteRefusal(knock, principal)
  if (refusal) throw new ServiceError('FORBIDDEN', refusal)
  // An open stream asks again with the same credentials: a signed-out session no longer answers.
  return gateFor(
    services,
    principal,
    () => identify(),
    () => services.access.credentialsRefusal(knock.headers),
  )
}

// A host name or address, with a port or without (RFC 9110 §7.2): what the console builds its own
// URLs from (redirects, the OpenAPI document's server, the auth library's origin checks).
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::\d{1,5})?$/

/** A Host header that is missing (an HTTP/1.0 request may omit it) or not a host and port is the client's error (400). */
export function checkHost(host: string | undefined): void {
  if (host === undefined) throw new ServiceError('BAD_REQUEST', 'Host: missing; send the host name the console is reached at', 'host')
  // (The pattern admits what URL still refuses — a port past 65535, 1.2.3.256, a name ending in a number.)
  if (HOST.test(host) && URL.canParse(`http://${host}/`)) return
  throw new ServiceError('BAD_REQUEST', `Host: ${JSON.stringify(host.slice(0, 100))} is not a host name or address with an optional port`, 'host')
}

/** A request's path as routers read it, percent-escapes decoded; a malformed escape is the client's error (400). */
export function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname)
  } catch {
    throw new ServiceError('BAD_REQUEST', `path: malformed percent-escape in ${JSON.stringify(pathname.slice(0, 200))}`, 'path')
  }
}
