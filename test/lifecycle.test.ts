import { describe, expect, it } from 'vitest'
import { isExecutionComplete, isExecutionFailed, isExecutionRunning, summarize, type ServiceExecution } from '@/server/domain/execution'
import {
  EXECUTION_STATUSES,
  LIFECYCLE_OPERATIONS,
  LifecycleConflict,
  allowedOperations,
  isValidTransition,
  operationForTarget,
  planOperation,
  progressFromSteps,
  type ExecutionStatus,
} from '@/server/domain/lifecycle'

// The table the product promises: seed 000's transitions plus retry→cancelled.
const allowed: Record<ExecutionStatus, ExecutionStatus[]> = {
  queued: ['starting', 'cancelled'],
  starting: ['running', 'failed', 'cancelled'],
  running: ['paused', 'completed', 'failed', 'cancelled'],
  paused: ['running', 'cancelled'],
  completed: [],
  failed: ['retry', 'cancelled'],
  cancelled: [],
  retry: ['starting', 'failed', 'cancelled'],
}

describe('status transitions', () => {
  for (const from of EXECUTION_STATUSES) {
    for (const to of EXECUTION_STATUSES) {
      const expected = allowed[from].includes(to)
      it(`${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () => {
        expect(isValidTransition(from, to)).toBe(expected)
      })
    }
  }
})

describe('operations', () => {
  it('walk only valid transitions', () => {
    for (const status of EXECUTION_STATUSES) {
      for (const op of allowedOperations(status)) {
        let current = status
        for (const next of planOperation(op, status)) {
          expect(isValidTransition(current, next), `${op} from ${status}: ${current}→${next}`).toBe(true)
          current = next
        }
      }
    }
  })

  it('follow the paths of the issue', () => {
    expect(planOperation('start', 'queued')).toEqual(['starting', 'running'])
    expect(planOperation('pause', 'running')).toEqual(['paused'])
    expect(planOperation('resume', 'paused')).toEqual(['running'])
    expect(planOperation('complete', 'running')).toEqual(['completed'])
    expect(planOperation('retry', 'failed')).toEqual(['retry', 'starting', 'running'])
    expect(planOperation('fail', 'running')).toEqual(['failed'])
  })

  it('cancel ends every execution that has not ended, and nothing else', () => {
    for (const status of EXECUTION_STATUSES) {
      const canCancel = !['completed', 'cancelled'].includes(status)
      expect(allowedOperations(status).includes('cancel'), status).toBe(canCancel)
    }
  })

  it('refuses with a message naming the status and what is allowed', () => {
    expect(() => planOperation('pause', 'queued')).toThrow(LifecycleConflict)
    expect(() => planOperation('pause', 'queued')).toThrow('cannot pause: execution is queued; allowed: start, cancel')
    expect(() => planOperation('resume', 'completed')).toThrow('cannot resume: execution is completed; allowed: none (it has ended)')
  })

  it('every operation is refused from every status it does not list', () => {
    for (const status of EXECUTION_STATUSES) {
      for (const op of LIFECYCLE_OPERATIONS) {
        if (allowedOperations(status).includes(op)) continue
        expect(() => planOperation(op, status), `${op} from ${status}`).toThrow(LifecycleConflict)
      }
    }
  })

  it('maps a requested status to the operation that reaches it', () => {
    expect(operationForTarget('paused', 'running')).toBe('resume')
    expect(operationForTarget('queued', 'running')).toBe('start')
    expect(operationForTarget('failed', 'running')).toBe('retry')
    expect(operationForTarget('running', 'cancelled')).toBe('cancel')
    expect(() => operationForTarget('completed', 'running')).toThrow(LifecycleConflict)
  })
})

describe('progress from steps', () => {
  it('counts completed, skipped and disabled steps as done', () => {
    expect(progressFromSteps([])).toBe(0)
    expect(progressFromSteps([{ status: 'completed' }, { status: 'pending' }])).toBe(50)
    expect(progressFromSteps([{ status: 'completed' }, { status: 'skipped' }, { status: 'disabled' }])).toBe(100)
    expect(progressFromSteps([{ status: 'completed' }, { status: 'running' }, { status: 'failed' }])).toBe(33.33)
  })
})

describe('summary and type guards', () => {
  const base: Omit<ServiceExecution, 'status'> = {
    $type: 'ServiceExecution',
    $id: 'e1',
    order: 'o',
    service: 's',
    progress: 100,
    runtimeStatus: 'Completed',
    priority: 'normal',
    timeout: 1,
    tags: [],
    correlationId: 'c',
    version: 1,
    allowedOperations: [],
    metadata: { createdAt: 'x', updatedAt: 'x' },
  }

  it('summarises an execution as seed 000 ExecutionSummary', () => {
    const done = {
      ...base,
      status: 'completed' as const,
      result: { success: true, output: {}, summary: 'ok' },
      metrics: { startedAt: 'a', completedAt: 'b', duration: 5, stepsCompleted: 1, stepsTotal: 1 },
    }
    expect(summarize(done)).toEqual({ id: 'e1', status: 'completed', progress: 100, startedAt: 'a', completedAt: 'b', duration: 5, success: true })
    expect(summarize({ ...done, result: { ...done.result, success: false } }).success).toBe(false)
    expect(summarize({ ...done, status: 'failed' }).success).toBe(false)
  })

  it('tells complete, failed and running executions apart', () => {
    for (const status of EXECUTION_STATUSES) {
      expect(isExecutionComplete({ status })).toBe(status === 'completed')
      expect(isExecutionFailed({ status })).toBe(status === 'failed')
      expect(isExecutionRunning({ status })).toBe(status === 'starting' || status === 'running')
    }
  })
})
