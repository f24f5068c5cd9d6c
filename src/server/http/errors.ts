// One table from a refusal to what every transport answers — HTTP status (REST, SSE), tRPC code,
// WebSocket close code — and one wording of validation errors, so REST, tRPC, the SSE stream and
// the WebSocket say the same thing the same way.
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server'
import { ZodError } from 'zod'
import { ServiceError, toServiceError, type ServiceErrorKind } from '../services/errors'

export interface Answer {
  http: number
  trpc: TRPC_ERROR_CODE_KEY
  /** WebSocket close codes: 4000 + the HTTP status for the application's own, as is customary. */
  ws: number
}

/** What every transport says of a failure that is not a refusal: its message (SQL, paths, a library's words) goes to the server's log only. */
export const INTERNAL_MESSAGE = 'internal error; see the server log'

export const ANSWERS: Record<ServiceErrorKind, Answer> = {
  BAD_REQUEST: { http: 400, trpc: 'BAD_REQUEST', ws: 4400 },
  UNAUTHENTICATED: { http: 401, trpc: 'UNAUTHORIZED', ws: 4401 },
  FORBIDDEN: { http: 403, trpc: 'FORBIDDEN', ws: 4403 },
  NOT_FOUND: { http: 404, trpc: 'NOT_FOUND', ws: 4404 },
  CONFLICT: { http: 409, trpc: 'CONFLICT', ws: 4409 },
  PAYLOAD_TOO_LARGE: { http: 413, trpc: 'PAYLOAD_TOO_LARGE', ws: 1009 },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE', ws: 1003 },
  UNPROCESSABLE: { http: 422, trpc: 'UNPROCESSABLE_CONTENT', ws: 4422 },
  RATE_LIMITED: { http: 429, trpc: 'TOO_MANY_REQUESTS', ws: 4429 },
  UNAVAILABLE: { http: 503, trpc: 'SERVICE_UNAVAILABLE', ws: 1013 },
}

/**
 * Zod's issues, an unknown key each an issue of its own at its own path: the refusal names the
 * key (not the object holding it), and a query string's keys are its parameters.
 */
function issuesOf(error: ZodError, where: string): { path: PropertyKey[]; message: string }[] {
  return error.issues.flatMap((i) => {
    if (i.code !== 'unrecognized_keys') return [{ path: i.path, message: i.message }]
    // 'unknown fields "a", "b"; allowed: …' (domain/zod-config) as 'unknown field; allowed: …' at each
    // key's path — worded once, not once per key (20,000 keys cost 2 s that way, and the keys may hold ';').
    const allowed = i.message.slice(i.message.lastIndexOf('; ') + 2)
    const message = `${where === 'query' ? 'unknown parameter' : 'unknown field'}; ${allowed}`
    return i.keys.map((key) => ({ path: [...i.path, key], message }))
  })
}

/** The issues a refusal lists; past them it says how many more there were. */
export const MAX_ISSUES = 20

/** Zod's issues as one message: each `path: what is wrong`, the first naming the field. */
export function validationError(error: ZodError, where = 'input'): ServiceError {
  const all = issuesOf(error, where)
  const issues = all.slice(0, MAX_ISSUES).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
  const field = issues[0]?.path || where
  const more = all.length > MAX_ISSUES ? `; and ${all.length - MAX_ISSUES} more` : ''
  const message = issues.map((i) => `${i.path || where}: ${i.message}`).join('; ') + more
  return Object.assign(new ServiceError('BAD_REQUEST', message, field), { issues })
}

/**
 * What a thrown error means to a client: a service refusal as it is, a validation error worded
 * once, an HTTP framework's client error (a body that is not JSON, a wrong content type) named
 * as such; anything else is not the client's doing (null: answer 500 and log it).
 */
export function refusalOf(error: unknown, where = 'input'): (ServiceError & { issues?: { path: string; message: string }[] }) | null {
  const known = toServiceError(error)
  if (ServiceError.is(known)) return known
  if (known instanceof ZodError) return validationError(known, where)
  const status = (error as { status?: number } | null)?.status
  if (error instanceof SyntaxError || status === 400) return new ServiceError('BAD_REQUEST', `body: not valid JSON (${(error as Error).message})`, 'body')
  if (status === 415) return new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'body: send it as JSON with Content-Type: application/json', 'body')
  return null
}

/** The JSON body every HTTP answer of a refusal has. */
export function errorBody(refusal: ServiceError & { issues?: unknown[] }) {
  return { error: { code: refusal.kind, message: refusal.message, ...(refusal.field ? { field: refusal.field } : {}), ...(refusal.issues ? { issues: refusal.issues } : {}) } }
}

/** A WebSocket close reason: at most 123 bytes of UTF-8 (ws throws past that), cut at a character. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text)
  if (bytes.length <= 123) return text
  return new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD+$/, '')
}
