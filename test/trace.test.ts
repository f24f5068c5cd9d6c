// The run trace's attempts, read back from a step's events.
import { describe, expect, it } from 'vitest'
import { attemptsOf, shownStatus } from '@/components/execution/trace'
import type { ExecutionEventView } from '@/server/domain/contracts'

let next = 1
const event = (type: string, at: number, data?: unknown): ExecutionEventView => ({
  id: next++,
  executionId: 'e',
  type: `execution.step.${type}`,
  step: 's',
  actor: { type: 'engine', id: 'w' },
  data,
  timestamp: new Date(at).toISOString(),
})

describe('attemptsOf', () => {
  it('opens an attempt at each start and closes it at its end, with the error of a failed one', () => {
    const attempts = attemptsOf([
      event('started', 1_000, { attempt: 1 }),
      event('failed', 2_000, { error: { code: 'TIMEOUT', message: 'slow', stack: 'at x' } }),
      event('started', 5_000, { attempt: 2 }),
      event('completed', 6_500),
      event('started', 9_000, { attempt: 3 }),
    ])
    expect(attempts).toEqual([
      { n: 1, start: 1_000, end: 2_000, status: 'failed', error: { code: 'TIMEOUT', message: 'slow', stack: 'at x' } },
      { n: 2, start: 5_000, end: 6_500, status: 'completed' },
      { n: 3, start: 9_000, status: 'running' },
    ])
  })

  it('ends an attempt that was never closed where the next one starts', () => {
    const attempts = attemptsOf([event('started', 1_000), event('started', 3_000)])
    expect(attempts.map((a) => [a.n, a.start, a.end])).toEqual([
      [1, 1_000, 3_000],
      [2, 3_000, undefined],
    ])
  })

  it('shows a step left running in a paused execution as paused, in an ended one as stopped', () => {
    const step = { id: 's', name: 's', status: 'running', runtimeStatus: 'IN_PROGRESS' } as never
    expect(shownStatus(step, { status: 'running' })).toBe('running')
    expect(shownStatus(step, { status: 'paused' })).toBe('paused')
    expect(shownStatus(step, { status: 'cancelled' })).toBe('stopped')
  })
})
