// Errors the service layer answers with; routers turn them into 400/404/409.
import { LifecycleConflict } from '../domain/lifecycle'
import { QueryError } from '../domain/query'

export type ServiceErrorKind =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** Well-formed but not doable as sent: an Idempotency-Key reused for another request. */
  | 'UNPROCESSABLE'

// Next.js may load this module once per bundle (route handlers, server components) while
// the services singleton is shared, so errors are recognised by a brand, not by instanceof.
const BRAND = Symbol.for('execution-console.ServiceError')

export class ServiceError extends Error {
  readonly [BRAND] = true
  static is(error: unknown): error is ServiceError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true
  }
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly field?: string,
    /** RATE_LIMITED, UNAVAILABLE: seconds until the next request may be accepted (Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

export const notFound = (what: string, id: string) => new ServiceError('NOT_FOUND', `${what} ${id} not found`)
export const badRequest = (field: string, message: string) => new ServiceError('BAD_REQUEST', `${field}: ${message}`, field)
export const conflict = (message: string) => new ServiceError('CONFLICT', message)

/**
 * PostgreSQL refuses text that holds U+0000 (SQLSTATE 22021, "invalid byte sequence … 0x00"),
 * which SQLite stores: a request's text with it is refused as bad input, not answered with a 500.
 */
const isNulInText = (error: unknown) => (error as { code?: unknown } | null)?.code === '22021' && /0x00/.test((error as Error).message)

/** How long a client is told to wait before trying again while the database cannot be reached (Retry-After). */
export const DATABASE_RETRY_AFTER_S = 5

/** Domain errors become service errors; anything else is passed through untouched. */
export function toServiceError(error: unknown): unknown {
  if (ServiceError.is(error)) return error
  // PostgreSQL down or restarting (db/postgres/sync.ts): the request may succeed shortly, so 503
  // with a retry hint, not a 500 — and its address is not told.
  if ((error as { unreachable?: unknown } | null)?.unreachable === true) {
    return new ServiceError('UNAVAILABLE', 'the database cannot be reached right now; try again shortly', undefined, DATABASE_RETRY_AFTER_S)
  }
  if (isNulInText(error)) return new ServiceError('BAD_REQUEST', 'input: text may not hold the NUL character (\\u0000)', 'input')
  if (error instanceof LifecycleConflict) return new ServiceError('CONFLICT', error.message)
  if (error instanceof QueryError) return new ServiceError('BAD_REQUEST', error.message, error.path)
  return error
}
