// Seed 000's type guards, one copy for the console and the SDK: the console's domain
// (src/server/domain/execution.ts, retry.ts) re-exports these, so a client and the server answer
// "is it running?" and "may it be retried?" by the same rule. Pure, with no imports: the SDK is
// compiled on its own (rootDir src) and the console's bundler reads this file as it is.

/** What the guards read of an execution: its status. */
export interface WithStatus {
  status: string
}

export function isExecutionComplete(execution: WithStatus): boolean {
  return execution.status === 'completed'
}
export function isExecutionFailed(execution: WithStatus): boolean {
  return execution.status === 'failed'
}
/** Starting or running (queued, paused and retry are not running). */
export function isExecutionRunning(execution: WithStatus): boolean {
  return execution.status === 'starting' || execution.status === 'running'
}

/** What canRetry reads of an error: its code, whether it is recoverable, how often it was retried. */
export interface RetryableError {
  code: string
  recoverable: boolean
  retryCount: number
}

/** What canRetry reads of a retry policy (the console's RetryPolicy has more). */
export interface RetryBudget {
  maxRetries: number
  retryableErrors?: readonly string[]
}

/** Whether the policy covers this error at all: recoverable, and listed when a list is given. */
export function isRetryableError(error: Pick<RetryableError, 'code' | 'recoverable'>, policy: Pick<RetryBudget, 'retryableErrors'>): boolean {
  if (!error.recoverable) return false
  if (policy.retryableErrors && policy.retryableErrors.length > 0) return policy.retryableErrors.includes(error.code)
  return true
}

/** Seed 000's canRetry: failed, recoverable, under the policy's retry budget. */
export function canRetry(execution: { status: string; error?: RetryableError | null; retryPolicy?: RetryBudget | null }): boolean {
  const { status, error, retryPolicy } = execution
  return status === 'failed' && !!error && !!retryPolicy && isRetryableError(error, retryPolicy) && error.retryCount < retryPolicy.maxRetries
}
