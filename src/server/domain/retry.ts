// Retry policy math: linear, exponential and fibonacci backoff, maxDelay, jitter.
import type { ErrorCode } from './errors'
import { canRetry } from '../../../packages/sdk/src/guards'

export const BACKOFF_STRATEGIES = ['linear', 'exponential', 'fibonacci'] as const
export type BackoffStrategy = (typeof BACKOFF_STRATEGIES)[number]

export interface RetryPolicy {
  maxRetries: number
  backoff: BackoffStrategy
  initialDelay: number
  maxDelay: number
  retryableErrors?: ErrorCode[]
  jitter?: boolean
  /** Exponential backoff's factor (default 2; seed 003's backoffMultiplier). */
  multiplier?: number
}

/** fibonacci(1) = 1, fibonacci(2) = 1, fibonacci(3) = 2, … (fibonacci(0) = 0). */
export function fibonacci(n: number): number {
  let a = 0
  let b = 1
  for (let i = 0; i < n; i++) [a, b] = [b, a + b]
  return a
}

/**
 * Delay before retry number `attempt` (1 = first retry), in ms.
 * Exponential doubles from initialDelay: 1s, 2s, 4s — "Retrying after 1s (attempt 1/3)".
 * Jitter keeps 50–100% of the delay ("equal jitter"), so retries of many executions spread out
 * while each still waits at least half the nominal delay. `random` is injectable for tests.
 */
export function calculateRetryDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt))
  let delay: number
  switch (policy.backoff) {
    case 'linear':
      delay = policy.initialDelay
      break
    case 'exponential':
      delay = policy.initialDelay * (policy.multiplier ?? 2) ** (n - 1)
      break
    case 'fibonacci':
      delay = policy.initialDelay * fibonacci(n)
      break
  }
  delay = Math.min(delay, policy.maxDelay)
  if (policy.jitter) delay = delay * (0.5 + random() * 0.5)
  return Math.round(delay)
}

// isRetryableError and seed 000's canRetry: one copy, shared with the SDK (which exports them to clients).
export { canRetry, isRetryableError } from '../../../packages/sdk/src/guards'

/** An automatic retry a failure calls for: which attempt, of how many, after how long. */
export interface PlannedRetry {
  attempt: number
  maxRetries: number
  delay: number
}

/**
 * The automatic retry a failed execution gets from its policy ("System automatically
 * retries with exponential backoff"), or null when the policy does not cover the error or its
 * retries are used up. `retries` counts the retries it has had.
 */
export function plannedRetry(
  execution: Parameters<typeof canRetry>[0] & { retryPolicy?: RetryPolicy | null; retries: number },
  random: () => number = Math.random,
): PlannedRetry | null {
  if (!canRetry(execution)) return null
  const attempt = execution.retries + 1
  return { attempt, maxRetries: execution.retryPolicy!.maxRetries, delay: calculateRetryDelay(attempt, execution.retryPolicy!, random) }
}

/** Seed 001's log line: "Retrying after 1s (attempt 1/3)"; a step's own retry names the step. */
export function retryMessage(retry: PlannedRetry, step?: string): string {
  const seconds = Number((retry.delay / 1000).toFixed(retry.delay < 10_000 ? 1 : 0))
  return `Retrying${step ? ` ${step}` : ''} after ${seconds}s (attempt ${retry.attempt}/${retry.maxRetries})`
}

/** An execution's timeout when neither the caller nor its service gives one. */
export const DEFAULT_TIMEOUT_MS = 3_600_000
export const MAX_TIMEOUT_MS = 86_400_000
