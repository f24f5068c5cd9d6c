// The console's refusals as typed errors: each names what was wrong and what is allowed, as the
// console's answer does (`{ error: { code, message, field? } }`), plus what a caller acts on.

/** The console's error body. */
export interface ErrorBody {
  code: string
  message: string
  field?: string
  issues?: { path: string; message: string }[]
}

/** Any answer of the console that is not a success. */
export class ConsoleError extends Error {
  override name = 'ConsoleError'
  constructor(
    message: string,
    /** The HTTP status (0 when the console could not be reached). */
    readonly status: number,
    /** The console's error code (BAD_REQUEST, CONFLICT, …). */
    readonly code: string,
    readonly body?: ErrorBody,
  ) {
    super(message)
  }
}

/** 400: the input was invalid; `field` names what was wrong. */
export class ValidationError extends ConsoleError {
  override name = 'ValidationError'
  get field(): string | undefined {
    return this.body?.field
  }
  get issues(): { path: string; message: string }[] {
    return this.body?.issues ?? []
  }
}

/** 401: neither signed in nor carrying a valid API key. */
export class AuthenticationError extends ConsoleError {
  override name = 'AuthenticationError'
}

/** 403: the key's role or scope does not allow it. */
export class ForbiddenError extends ConsoleError {
  override name = 'ForbiddenError'
}

/** 404: no such execution (or one of another organisation). */
export class NotFoundError extends ConsoleError {
  override name = 'NotFoundError'
}

/** 409: the lifecycle (or an expected status or version) refused the change. */
export class ConflictError extends ConsoleError {
  override name = 'ConflictError'
  /** The operations the execution allows now, when the console said ("allowed: resume, cancel"). */
  get allowedOperations(): string[] {
    const allowed = /allowed: ([a-z, ]+)/.exec(this.message)?.[1]
    return allowed
      ? allowed
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s && s !== 'none')
      : []
  }
  /** The execution's status now, when the console said ("execution is paused"). */
  get currentStatus(): string | undefined {
    return /execution is ([a-z]+)/.exec(this.message)?.[1]
  }
}

/** 422: an Idempotency-Key already used for another request. */
export class IdempotencyError extends ConsoleError {
  override name = 'IdempotencyError'
}

/** 429: past the key's rate; `retryAfter` seconds until the next request is taken. */
export class RateLimitError extends ConsoleError {
  override name = 'RateLimitError'
  constructor(
    message: string,
    status: number,
    code: string,
    body: ErrorBody | undefined,
    readonly retryAfter: number,
  ) {
    super(message, status, code, body)
  }
}

/** The console could not be reached, or the connection broke before an answer. */
export class NetworkError extends ConsoleError {
  override name = 'NetworkError'
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message, 0, 'NETWORK')
  }
}

/** The typed error of a console answer. */
export function errorOf(status: number, body: unknown, retryAfter: string | null): ConsoleError {
  const error = (body as { error?: ErrorBody } | null)?.error
  const message = error?.message ?? `the console answered ${status}`
  const code = error?.code ?? String(status)
  switch (status) {
    case 400:
      return new ValidationError(message, status, code, error)
    case 401:
      return new AuthenticationError(message, status, code, error)
    case 403:
      return new ForbiddenError(message, status, code, error)
    case 404:
      return new NotFoundError(message, status, code, error)
    case 409:
      return new ConflictError(message, status, code, error)
    case 422:
      return new IdempotencyError(message, status, code, error)
    case 429:
      return new RateLimitError(message, status, code, error, Math.max(0, Number(retryAfter ?? 1) || 1))
    default:
      return new ConsoleError(message, status, code, error)
  }
}

/** Why the console told a worker to stop a task it was running (a handler's `ctx.signal.reason` is a TaskStoppedError). */
export type TaskStopReason = 'paused' | 'cancelled' | 'execution-ended' | 'timed-out' | 'reassigned' | 'worker-stopped' | 'stopped'

const STOPPED_BECAUSE: Record<TaskStopReason, string> = {
  paused: 'its execution was paused (on resume the step runs again as a new attempt)',
  cancelled: 'its execution was cancelled',
  'execution-ended': 'its execution ended (failed or completed)',
  'timed-out': 'it ran past its timeout',
  reassigned: 'its lease lapsed and another worker has it',
  'worker-stopped': 'this worker stopped',
  stopped: 'the console said it stopped',
}

/** The abort reason of a handler's signal: `reason` tells a pause from a cancel, a timeout or a lost lease. */
export class TaskStoppedError extends Error {
  override name = 'TaskStoppedError'
  constructor(readonly reason: TaskStopReason) {
    super(`the task stopped: ${STOPPED_BECAUSE[reason] ?? STOPPED_BECAUSE.stopped}`)
  }
}
