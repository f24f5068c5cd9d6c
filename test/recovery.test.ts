// Recovery strategies at run time, the pure part (domain/recovery.ts): what a strategy may say,
// which one matches a failure, and what it decides (seed 002's RecoveryResult).
import { describe, expect, it } from 'vitest'
import {
  codeMatches,
  decideRecovery,
  matchStrategy,
  problemsOf,
  recoveryDelay,
  recoveryStrategyInputSchema,
  recoveryStrategyPatchSchema,
  withDefaults,
  type RecoveryStrategy,
} from '@/server/domain/recovery'

const strategy = (over: Partial<RecoveryStrategy>): RecoveryStrategy => ({
  id: over.id ?? 'rcv_1',
  key: over.key ?? over.id ?? 'rcv_1',
  organizationId: 'org',
  name: 'a strategy',
  applicableErrors: ['API_TIMEOUT'],
  type: 'SKIP',
  priority: 100,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
})

describe('what a strategy may say', () => {
  it('takes seed 002 fields with a type and its parameters', () => {
    const parsed = recoveryStrategyInputSchema.parse({
      id: 'network_timeout_recovery',
      name: 'Network Timeout Recovery',
      description: 'Retry with exponential backoff for network timeouts',
      applicableErrors: ['NETWORK_TIMEOUT', 'CONNECTION_REFUSED'],
      type: 'RETRY',
      retry: { maxRetries: 3, retryInterval: 1000 },
    })
    expect(parsed.retry).toEqual({ maxRetries: 3, retryInterval: 1000 })
    expect(withDefaults(parsed).retry).toEqual({ maxRetries: 3, retryInterval: 1000, backoffMultiplier: 2 })
    expect(withDefaults<Pick<RecoveryStrategy, 'retry' | 'restore'>>({ restore: {} }).restore).toEqual({ checkpoint: 'latest', maxRestores: 1 })
  })

  it('refuses, naming the field, a type without its parameters or with another type’s', () => {
    const issue = (input: unknown) => {
      const r = recoveryStrategyInputSchema.safeParse(input)
      expect(r.success).toBe(false)
      return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    }
    expect(issue({ name: 'r', applicableErrors: ['X'], type: 'RETRY' })).toEqual(['retry: type RETRY needs retry'])
    expect(issue({ name: 'f', applicableErrors: ['X'], type: 'FALLBACK' })).toEqual(['fallback: type FALLBACK needs fallback'])
    expect(issue({ name: 's', applicableErrors: ['X'], type: 'SKIP', retry: { maxRetries: 1, retryInterval: 0 } })).toEqual(['retry: retry goes with type RETRY, not SKIP'])
    expect(issue({ name: 's', applicableErrors: [], type: 'SKIP' })[0]).toContain('applicableErrors: at least one error code')
    expect(issue({ name: 's', applicableErrors: ['api timeout'], type: 'SKIP' })[0]).toContain('an error code such as API_TIMEOUT')
    expect(issue({ name: 's', applicableErrors: ['X'], type: 'RETRY', retry: { maxRetries: 0, retryInterval: 10 } })[0]).toContain('retry.maxRetries: at least 1')
    expect(issue({ name: 's', applicableErrors: ['X'], type: 'RESTART' })[0]).toContain('type')
    // A fallback task's input is JSON like every other input: no prototype keys, nested at most 64 deep.
    const fallback = (input: unknown) => issue({ name: 'f', applicableErrors: ['X'], type: 'FALLBACK', fallback: { task: 'review', input } })
    expect(fallback(JSON.parse('{"__proto__": {"admin": true}}'))[0]).toMatch(/^fallback\.input\.__proto__: cannot be a field name/)
    let deep: unknown = 1
    for (let i = 0; i < 100; i++) deep = { d: deep }
    expect(fallback(deep)[0]).toMatch(/^fallback\.input: .*64/)
    expect(issue({ name: 's', applicableErrors: ['X'], type: 'SKIP', bogus: 1 })[0]).toContain('bogus')
  })

  it('checks a changed strategy against the type it ends with', () => {
    expect(problemsOf({ type: 'RETRY' })).toEqual([{ path: 'retry', message: 'type RETRY needs retry' }])
    expect(problemsOf({ type: 'CHECKPOINT_RESTORE', restore: { checkpoint: 'latest', maxRestores: 1 } })).toEqual([])
    expect(recoveryStrategyPatchSchema.safeParse({}).success).toBe(false)
  })
})

describe('which strategy matches', () => {
  it('matches codes, PREFIX_* patterns and *', () => {
    expect(codeMatches('API_TIMEOUT', 'API_TIMEOUT')).toBe(true)
    expect(codeMatches('API_*', 'API_RATE_LIMIT')).toBe(true)
    expect(codeMatches('API_*', 'MODEL_ERROR')).toBe(false)
    expect(codeMatches('*', 'ANYTHING')).toBe(true)
  })

  it('takes the enabled one in scope, by priority, then the most specific code, then the narrower scope', () => {
    const every = strategy({ id: 'every', applicableErrors: ['*'] })
    const prefix = strategy({ id: 'prefix', applicableErrors: ['API_*'] })
    const exact = strategy({ id: 'exact', applicableErrors: ['API_TIMEOUT'] })
    const scoped = strategy({ id: 'scoped', applicableErrors: ['API_TIMEOUT'], serviceId: 'crm' })
    const otherService = strategy({ id: 'other', applicableErrors: ['API_TIMEOUT'], serviceId: 'mail', priority: 1 })
    const disabled = strategy({ id: 'off', applicableErrors: ['API_TIMEOUT'], enabled: false, priority: 0 })
    const failure = { code: 'API_TIMEOUT', serviceId: 'crm' }
    expect(matchStrategy([every, prefix, exact, scoped, otherService, disabled], failure)?.id).toBe('scoped')
    expect(matchStrategy([every, prefix, exact], failure)?.id).toBe('exact')
    expect(matchStrategy([every, prefix], failure)?.id).toBe('prefix')
    expect(matchStrategy([every, strategy({ id: 'urgent', applicableErrors: ['*'], priority: 5 })], failure)?.id).toBe('urgent')
    expect(matchStrategy([exact, strategy({ id: 'first', applicableErrors: ['*'], priority: 1 })], failure)?.id).toBe('first')
    expect(matchStrategy([strategy({ id: 'wf', workflow: 'crm-sync' })], { ...failure, workflow: 'other' })).toBeUndefined()
    expect(matchStrategy([strategy({ id: 'wf', workflow: 'crm-sync' })], { ...failure, workflow: 'crm-sync' })?.id).toBe('wf')
    expect(matchStrategy([exact], { code: 'MODEL_ERROR', serviceId: 'crm' })).toBeUndefined()
  })
})

describe('what a strategy decides (RecoveryResult)', () => {
  const retry = strategy({ type: 'RETRY', retry: { maxRetries: 3, retryInterval: 1000, backoffMultiplier: 2 } })

  it('RETRY: backoff 1s, 2s, 4s as seed 002’s example, then ABORT once retries are exceeded', () => {
    const delays = [0, 1, 2].map((used) => decideRecovery(retry, { code: 'NETWORK_TIMEOUT', step: 'fetch', retriesUsed: used, restoresUsed: 0 }))
    expect(delays.map((d) => (d.kind === 'retry' ? d.delay : null))).toEqual([1000, 2000, 4000])
    expect(delays[0]!.result).toEqual({ success: true, action: 'RETRY', message: 'Retrying step fetch after 1s (attempt 1/3)', newState: { retryCount: 1 } })
    const exceeded = decideRecovery(retry, { code: 'NETWORK_TIMEOUT', retriesUsed: 3, restoresUsed: 0 })
    expect(exceeded).toEqual({ kind: 'abort', result: { success: false, action: 'ABORT', message: 'Max retries (3) exceeded for NETWORK_TIMEOUT: the execution is aborted' } })
  })

  it('caps the wait at maxRetryInterval', () => {
    expect(recoveryDelay({ maxRetries: 10, retryInterval: 1000, backoffMultiplier: 3, maxRetryInterval: 5000 }, 4)).toBe(5000)
    expect(recoveryDelay({ maxRetries: 10, retryInterval: 500, backoffMultiplier: 1 }, 7)).toBe(500)
  })

  it('SKIP, FALLBACK and ABORT say what they did', () => {
    expect(decideRecovery(strategy({ type: 'SKIP' }), { code: 'DATA_NOT_FOUND', step: 'enrich', retriesUsed: 0, restoresUsed: 0 })).toEqual({
      kind: 'skip',
      result: { success: true, action: 'SKIP', message: 'Skipped step enrich after DATA_NOT_FOUND; the execution goes on' },
    })
    const fallback = decideRecovery(strategy({ type: 'FALLBACK', fallback: { workflow: 'manual-review' } }), { code: 'X', step: 's', retriesUsed: 0, restoresUsed: 0 })
    expect(fallback).toMatchObject({ kind: 'fallback', workflow: 'manual-review', result: { success: true, action: 'FALLBACK' } })
    expect(decideRecovery(strategy({ type: 'ABORT' }), { code: 'PERMISSION_DENIED', retriesUsed: 0, restoresUsed: 0 })).toMatchObject({
      kind: 'abort',
      result: { success: true, action: 'ABORT' },
    })
  })

  it('CHECKPOINT_RESTORE restores up to maxRestores times, then aborts', () => {
    const restore = strategy({ type: 'CHECKPOINT_RESTORE', restore: { checkpoint: 'load', maxRestores: 2 } })
    expect(decideRecovery(restore, { code: 'DATABASE_ERROR', retriesUsed: 0, restoresUsed: 1 })).toMatchObject({
      kind: 'restore',
      checkpoint: 'load',
      result: { success: true, action: 'CHECKPOINT_RESTORE', message: 'Restoring the checkpoint of step load after DATABASE_ERROR (restore 2/2)' },
    })
    expect(decideRecovery(restore, { code: 'DATABASE_ERROR', retriesUsed: 0, restoresUsed: 2 })).toMatchObject({ kind: 'abort', result: { success: false } })
  })
})
