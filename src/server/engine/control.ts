// How a run is interrupted and how its failures are told: the reasons it stops, the signals of
// its steps, and the errors of handlers and of the write path as the runner records them.
import { setMaxListeners } from 'node:events'
import { isRecoverableByDefault } from '../domain/errors'
import { ServiceError } from '../services/errors'
import { StepError } from './workflow'

export type ErrorInfo = { code: string; message: string; recoverable: boolean; context?: Record<string, unknown>; stack?: string }

/** Why a run was interrupted. */
export class Stop extends Error {
  constructor(readonly why: 'stopped' | 'timeout' | 'step-timeout' | 'shutdown') {
    super(why)
  }
}

export function toErrorInfo(thrown: unknown): ErrorInfo {
  if (thrown instanceof StepError) {
    return {
      code: thrown.code,
      message: thrown.message,
      recoverable: thrown.options.recoverable ?? isRecoverableByDefault(thrown.code),
      context: thrown.options.context,
      stack: thrown.stack,
    }
  }
  const error = thrown instanceof Error ? thrown : new Error(String(thrown))
  return { code: 'SYSTEM_ERROR', message: error.message || 'step handler failed', recoverable: true, stack: error.stack }
}

/** A service refusal because the execution moved on (paused, cancelled) means: stop quietly. */
export function stopped(error: unknown): null {
  if (ServiceError.is(error) && (error.kind === 'CONFLICT' || error.kind === 'NOT_FOUND')) return null
  throw error
}

/**
 * Aborts `child` when `parent` aborts, with its reason; returns the unlinking. (AbortSignal.any
 * does the same at several times the cost, paid for every step.)
 */
export function linkedController(parent: AbortSignal, child: AbortController): () => void {
  setMaxListeners(0, child.signal) // parallel steps and their sleeps all listen to it
  if (parent.aborted) {
    child.abort(parent.reason)
    return () => {}
  }
  const forward = () => child.abort(parent.reason)
  parent.addEventListener('abort', forward, { once: true })
  return () => parent.removeEventListener('abort', forward)
}

/** The work's outcome, or the signal's reason if it aborts first (its listener removed either way). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The handler already started and will fail on the same signal: nobody waits for it.
    work.catch(() => {})
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
