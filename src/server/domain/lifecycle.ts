// The execution lifecycle: statuses, the transitions allowed (docs/data-model.md), and the operations
// an operator or worker can ask for, each with the path of statuses it walks.

export const EXECUTION_STATUSES = ['queued', 'starting', 'running', 'paused', 'completed', 'failed', 'cancelled', 'retry'] as const
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number]

/** The specification's table, plus retry→cancelled: cancel ends anything that has not ended. */
const validTransitions: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  queued: ['starting', 'cancelled'],
  starting: ['running', 'failed', 'cancelled'],
  running: ['paused', 'completed', 'failed', 'cancelled'],
  paused: ['running', 'cancelled'],
  completed: [],
  failed: ['retry', 'cancelled'],
  cancelled: [],
  retry: ['starting', 'failed', 'cancelled'],
}

/** The statuses nothing leaves on its own: an execution in one of them has ended. */
export const ENDED_STATUSES: readonly ExecutionStatus[] = ['completed', 'failed', 'cancelled']

export function hasEnded(status: string): boolean {
  return (ENDED_STATUSES as readonly string[]).includes(status)
}

export function isValidTransition(from: ExecutionStatus, to: ExecutionStatus): boolean {
  return validTransitions[from].includes(to)
}

export const LIFECYCLE_OPERATIONS = ['start', 'pause', 'resume', 'complete', 'fail', 'retry', 'cancel'] as const
export type LifecycleOperation = (typeof LIFECYCLE_OPERATIONS)[number]

/**
 * For each operation, the statuses it may start from and the statuses it walks through.
 * `start` from `starting` finishes an initialisation a worker began; `retry` may stop in
 * `retry` (deferred, the engine starts it after the backoff) or go on to `running`.
 */
const operationPaths: Record<LifecycleOperation, Partial<Record<ExecutionStatus, readonly ExecutionStatus[]>>> = {
  start: { queued: ['starting', 'running'], retry: ['starting', 'running'], starting: ['running'] },
  pause: { running: ['paused'] },
  resume: { paused: ['running'] },
  complete: { running: ['completed'] },
  fail: { starting: ['failed'], running: ['failed'], retry: ['failed'] },
  retry: { failed: ['retry', 'starting', 'running'] },
  cancel: {
    queued: ['cancelled'],
    starting: ['cancelled'],
    running: ['cancelled'],
    paused: ['cancelled'],
    failed: ['cancelled'],
    retry: ['cancelled'],
  },
}

/** The statuses an operation may start from (what a bulk cancel or retry can act on). */
export function statusesAllowing(operation: LifecycleOperation): ExecutionStatus[] {
  return EXECUTION_STATUSES.filter((status) => operationPaths[operation][status] !== undefined)
}

/** The operations allowed from a status, in a stable order. */
export function allowedOperations(status: ExecutionStatus): LifecycleOperation[] {
  return LIFECYCLE_OPERATIONS.filter((op) => operationPaths[op][status] !== undefined)
}

export class LifecycleConflict extends Error {
  constructor(
    readonly operation: string,
    readonly status: ExecutionStatus,
    readonly allowed: readonly string[],
    /** The statuses the caller said it saw, when that precondition is what failed. */
    readonly expected?: readonly ExecutionStatus[],
  ) {
    const now = expected ? `execution is ${status} now, not ${expected.join(' or ')} as expected` : `execution is ${status}`
    super(`cannot ${operation}: ${now}; allowed: ${allowed.length ? allowed.join(', ') : 'none (it has ended)'}`)
    this.name = 'LifecycleConflict'
  }
}

/**
 * An operator's precondition: the status they saw when they asked. Step progress and engine
 * bookkeeping change an execution's version many times a second but not its status, so this
 * refuses only what the operator would call stale.
 */
export function assertExpectedStatus(operation: string, expected: readonly ExecutionStatus[] | undefined, status: ExecutionStatus): void {
  if (expected?.length && !expected.includes(status)) throw new LifecycleConflict(operation, status, allowedOperations(status), expected)
}

/** The statuses an operation walks from `status`, or a LifecycleConflict naming what is allowed. */
export function planOperation(operation: LifecycleOperation, status: ExecutionStatus): readonly ExecutionStatus[] {
  const path = operationPaths[operation][status]
  if (!path) throw new LifecycleConflict(operation, status, allowedOperations(status))
  return path
}

/**
 * The operation that moves an execution from `from` to the requested status `to`, for
 * callers that say where they want to go (REST PUT with a status) rather than what to do.
 */
export function operationForTarget(from: ExecutionStatus, to: ExecutionStatus): LifecycleOperation {
  const candidates = LIFECYCLE_OPERATIONS.filter((op) => {
    const path = operationPaths[op][from]
    // A retry may also stop in `retry`, waiting for its runner.
    return path !== undefined && (path[path.length - 1] === to || (op === 'retry' && to === 'retry'))
  })
  if (candidates.length === 0) {
    const reachable = [...new Set(allowedOperations(from).map((op) => operationPaths[op][from]!.at(-1)!))]
    throw new LifecycleConflict(
      `set status ${to}`,
      from,
      reachable.map((s) => `status ${s}`),
    )
  }
  return candidates[0]!
}

/** Operations that change data but not status, and the statuses in which they are accepted. */
export const DATA_OPERATIONS = {
  updateProgress: ['starting', 'running', 'paused'],
  startStep: ['running'],
  completeStep: ['running', 'paused'],
  failStep: ['running', 'paused'],
  skipStep: ['starting', 'running', 'paused'],
  reportMetrics: ['starting', 'running', 'paused', 'retry'],
  checkpoint: ['running', 'paused'],
  heartbeat: ['starting', 'running', 'paused', 'retry'],
} as const satisfies Record<string, readonly ExecutionStatus[]>
export type DataOperation = keyof typeof DATA_OPERATIONS

export function assertDataOperation(operation: DataOperation, status: ExecutionStatus): void {
  const allowedIn: readonly ExecutionStatus[] = DATA_OPERATIONS[operation]
  if (!allowedIn.includes(status)) {
    throw new LifecycleConflict(operation, status, [`${operation} only while ${allowedIn.join(', ')}`])
  }
}

export const STEP_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped', 'disabled'] as const
export type StepStatus = (typeof STEP_STATUSES)[number]

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type ExecutionPriority = (typeof PRIORITIES)[number]

export const ASSIGNEE_TYPES = ['ai-agent', 'human', 'hybrid', 'system'] as const
export type AssigneeType = (typeof ASSIGNEE_TYPES)[number]

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/**
 * The one progress formula: finished steps (completed, skipped, disabled) over all steps, in
 * percent to two decimals; undefined without steps (the caller keeps what it has).
 */
export function stepProgress(finished: number, total: number): number | undefined {
  return total === 0 ? undefined : Math.round((finished / total) * 10000) / 100
}

/** Progress 0–100 of a list of steps (0 without steps). */
export function progressFromSteps(steps: readonly { status: StepStatus }[]): number {
  return stepProgress(steps.filter((s) => isStepFinished(s.status)).length, steps.length) ?? 0
}

export function isStepFinished(status: StepStatus): boolean {
  return status === 'completed' || status === 'skipped' || status === 'disabled'
}

/** What the executions list sorts by. */
export const SORT_FIELDS = ['createdAt', 'updatedAt', 'cost', 'tokensUsed', 'progress'] as const

/** Seed 004's WorkflowRuntimeStatus and WorkflowRuntimeStepStatus. */
export const RUNTIME_STATUSES = ['NotStarted', 'InProgress', 'Completed', 'Failed', 'Cancelled'] as const
export const RUNTIME_STEP_STATUSES = ['NotStarted', 'InProgress', 'Completed', 'Disabled', 'Failed'] as const

/**
 * An execution's status in seed 004's terms (docs/workflows.md): not begun (queued, starting),
 * under way (running, paused, waiting for a retry), or ended as it ended.
 */
export const RUNTIME_STATUS_OF: Record<ExecutionStatus, (typeof RUNTIME_STATUSES)[number]> = {
  queued: 'NotStarted',
  starting: 'NotStarted',
  running: 'InProgress',
  paused: 'InProgress',
  retry: 'InProgress',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/** A step's status in seed 004's terms: a step skipped by its condition did not run, as a disabled one. */
export const RUNTIME_STEP_STATUS_OF: Record<StepStatus, (typeof RUNTIME_STEP_STATUSES)[number]> = {
  pending: 'NotStarted',
  running: 'InProgress',
  completed: 'Completed',
  failed: 'Failed',
  skipped: 'Disabled',
  disabled: 'Disabled',
}
