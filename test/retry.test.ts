import { describe, expect, it } from 'vitest'
import { calculateRetryDelay, canRetry, fibonacci, isRetryableError, type RetryPolicy } from '@/server/domain/retry'
import { isRecoverableByDefault } from '@/server/domain/errors'

const base = { initialDelay: 1000, maxDelay: 60_000, maxRetries: 5 }

describe('retry delays', () => {
  it('linear waits the initial delay every time', () => {
    const policy: RetryPolicy = { ...base, backoff: 'linear' }
    expect([1, 2, 3, 4].map((a) => calculateRetryDelay(a, policy))).toEqual([1000, 1000, 1000, 1000])
  })

  it('exponential doubles: 1s, 2s, 4s as seed 001 logs them', () => {
    const policy: RetryPolicy = { ...base, backoff: 'exponential' }
    expect([1, 2, 3, 4, 5].map((a) => calculateRetryDelay(a, policy))).toEqual([1000, 2000, 4000, 8000, 16000])
  })

  it('fibonacci follows 1, 1, 2, 3, 5, 8', () => {
    const policy: RetryPolicy = { ...base, backoff: 'fibonacci' }
    expect([1, 2, 3, 4, 5, 6].map((a) => calculateRetryDelay(a, policy))).toEqual([1000, 1000, 2000, 3000, 5000, 8000])
    expect(fibonacci(10)).toBe(55)
  })

  it('never exceeds maxDelay', () => {
    const exp: RetryPolicy = { ...base, backoff: 'exponential', maxDelay: 5000 }
    const fib: RetryPolicy = { ...base, backoff: 'fibonacci', maxDelay: 4000 }
    expect(calculateRetryDelay(10, exp)).toBe(5000)
    expect(calculateRetryDelay(30, fib)).toBe(4000)
  })

  it('jitter keeps between half and all of the delay', () => {
    const policy: RetryPolicy = { ...base, backoff: 'exponential', jitter: true }
    expect(calculateRetryDelay(3, policy, () => 0)).toBe(2000)
    expect(calculateRetryDelay(3, policy, () => 0.999999)).toBe(4000)
    expect(calculateRetryDelay(3, policy, () => 0.5)).toBe(3000)
    // jitter applies after the cap, so a capped delay still spreads
    expect(calculateRetryDelay(20, { ...policy, maxDelay: 10_000 }, () => 0)).toBe(5000)
  })
})

describe('which errors are retried', () => {
  const policy: RetryPolicy = {
    ...base,
    maxRetries: 3,
    backoff: 'exponential',
    retryableErrors: ['API_TIMEOUT', 'API_RATE_LIMIT', 'SERVICE_UNAVAILABLE'],
  }

  it('only recoverable errors listed in retryableErrors', () => {
    expect(isRetryableError({ code: 'API_TIMEOUT', recoverable: true }, policy)).toBe(true)
    expect(isRetryableError({ code: 'API_TIMEOUT', recoverable: false }, policy)).toBe(false)
    expect(isRetryableError({ code: 'MODEL_ERROR', recoverable: true }, policy)).toBe(false)
    expect(isRetryableError({ code: 'MODEL_ERROR', recoverable: true }, { ...policy, retryableErrors: undefined })).toBe(true)
  })

  it('canRetry needs a failed execution under its retry budget', () => {
    const error = { code: 'API_TIMEOUT', recoverable: true, retryCount: 2 }
    expect(canRetry({ status: 'failed', error, retryPolicy: policy })).toBe(true)
    expect(canRetry({ status: 'failed', error: { ...error, retryCount: 3 }, retryPolicy: policy })).toBe(false)
    expect(canRetry({ status: 'running', error, retryPolicy: policy })).toBe(false)
    expect(canRetry({ status: 'failed', error, retryPolicy: null })).toBe(false)
    expect(canRetry({ status: 'failed', error: null, retryPolicy: policy })).toBe(false)
  })

  it('knows which codes of the taxonomy are transient', () => {
    expect(isRecoverableByDefault('API_TIMEOUT')).toBe(true)
    expect(isRecoverableByDefault('VALIDATION_ERROR')).toBe(false)
    expect(isRecoverableByDefault('CONTENT_POLICY_VIOLATION')).toBe(false)
    expect(isRecoverableByDefault('EMAIL_SERVICE_ERROR')).toBe(false)
  })
})
