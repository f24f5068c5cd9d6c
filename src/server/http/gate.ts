// The one front door. Every transport — tRPC, REST, the SSE watch stream, the WebSocket — lets a
// request in the same way: who is asking (a session cookie or a bearer API key) → a signed-in
// browser must come from the console's own pages (changes and WebSocket upgrades) → the
// permission the operation needs (401 without a principal, 403 naming the role) → the API key's
// rate limit (429) → a scope bound to that principal (scope.ts). A new transport reuses this.
import type { AppServices } from '../context'
import type { Permission, Principal } from '../domain/access'
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
}

export interface Gate {
  /** Who is asking; null when neither signed in nor carrying a valid key. */
  readonly principal: Principal | null
  /** Lets the request in to what `need` allows, or refuses it (401, 403, 429). */
  admit(need: Permission): Promise<Scope>
}

/** The gate of a principal already known (a test's, or one identified below). */
export function gateFor(services: AppServices, principal: Principal | null): Gate {
  return {
    principal,
    async admit(need) {
      const admitted = authorize(principal, need)
      await services.access.admit(admitted)
      return scopeOf(services, admitted, need)
    },
  }
}

/** Who knocks, refused here when a signed-in browser comes from another site. */
export async function openGate(services: AppServices, knock: Knock): Promise<Gate> {
  const principal = await services.access.principalOf(knock.headers, clientIp(knock.headers))
  const refusal = crossSiteRefusal(knock, principal)
  if (refusal) throw new ServiceError('FORBIDDEN', refusal)
  return gateFor(services, principal)
}

/** A request's path as routers read it, percent-escapes decoded; a malformed escape is the client's error (400). */
export function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname)
  } catch {
    throw new ServiceError('BAD_REQUEST', `path: malformed percent-escape in ${JSON.stringify(pathname.slice(0, 200))}`, 'path')
  }
}
