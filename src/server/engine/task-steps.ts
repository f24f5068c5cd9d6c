// A template's task step in the run loop (docs/workers.md): its attempt is dispatched as a task
// instance in the change that starts the step; a worker outside the console claims and runs it
// and reports its end through the write path, which wakes the run (it parks meanwhile, like a
// human step). A failure is decided here as a handler's is — retry with backoff (the delay is the
// instance's availableAt, so nothing sleeps), skip, fallback, abort — and a step left running
// without a live instance (paused and resumed, its instance cancelled) is dispatched again.
import { retryMessage } from '../domain/retry'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import type { TaskPriority } from '../services/executions/tasks'
import { open, openError } from '../security/crypto'
import type { Clock } from '../lib/clock'
import { stopped, toErrorInfo, type ErrorInfo } from './control'
import type { QueueStore, StepView } from './queue-store'
import { nextAfterFailure, type StepOutcome } from './step'
import type { StepContext, StepDefinition, WorkflowDefinition } from './workflow'
import { workflowVersionId } from './workflow'

const TASK_PRIORITY: Record<string, TaskPriority> = { urgent: 'CRITICAL', high: 'HIGH', normal: 'MEDIUM', low: 'LOW' }
const LIVE = new Set(['PENDING', 'ASSIGNED', 'RUNNING'])

export type TaskStepState = 'changed' | 'waiting' | { failed: ErrorInfo; abort: boolean } | { settled: StepOutcome }

export interface TaskStepDeps {
  executions: ExecutionService
  queue: QueueStore
  clock: Clock
  actor: Actor
  random: () => number
  /** A failure the retry loop does not handle, settled as a handler's is (step.ts). */
  settleFailure: (id: string, step: StepDefinition, error: ErrorInfo, next: Exclude<ReturnType<typeof nextAfterFailure>, { kind: 'retry' | 'restore' }>) => Promise<StepOutcome>
}

export function createTaskSteps({ executions, queue, clock, actor, random, settleFailure }: TaskStepDeps) {
  /** Dispatches the step's attempt: its input made and checked, then started with its task instance. */
  async function dispatch(
    id: string,
    definition: WorkflowDefinition,
    step: StepDefinition,
    scope: Pick<StepContext, 'input' | '__context__' | '__steps__'>,
    priority: string,
    options: { retryCount: number; delay?: number; restart?: boolean },
  ): Promise<TaskStepState> {
    const task = step.task!
    let input: unknown
    try {
      input = task.input(scope)
    } catch (thrown) {
      return { failed: toErrorInfo(thrown), abort: false }
    }
    let taskReference: string | undefined
    try {
      const value = task.reference?.(scope)
      if (value !== undefined && value !== null) taskReference = (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 200)
    } catch (thrown) {
      return { failed: toErrorInfo(thrown), abort: false }
    }
    const problems = task.inputProblems(input)
    if (problems.length)
      return {
        failed: {
          code: 'INVALID_INPUT',
          message: `step ${step.id}: its input does not match task ${task.key}@${task.version}'s inputSchema: ${problems.join('; ')}`,
          recoverable: false,
        },
        abort: false,
      }
    const started = await executions
      .dispatchTask(
        id,
        actor,
        { id: step.id, name: step.name, type: 'task', input: input as never },
        {
          restart: options.restart,
          task: {
            organizationId: task.organizationId,
            taskDefinitionId: task.definitionId,
            taskKey: task.key,
            taskVersion: task.version,
            type: task.type,
            priority: TASK_PRIORITY[priority] ?? 'MEDIUM',
            timeoutMs: task.timeoutMs,
            input,
            retryCount: options.retryCount,
            availableAt: new Date(clock.now() + (options.delay ?? 0)),
            workflowDefinitionId: workflowVersionId(definition),
            taskReference,
          },
        },
      )
      .then(() => true)
      .catch(stopped)
    return started ? 'changed' : 'waiting'
  }

  /** One look at a task step whose dependencies have finished. */
  async function driveTask(
    id: string,
    definition: WorkflowDefinition,
    step: StepDefinition,
    stepRow: StepView | undefined,
    scope: Pick<StepContext, 'input' | '__context__' | '__steps__'>,
    priority: string,
  ): Promise<TaskStepState> {
    const latest = queue.latestTask(id, step.id)
    if (!stepRow || stepRow.status === 'pending') return dispatch(id, definition, step, scope, priority, { retryCount: 0 })
    if (stepRow.status === 'running') {
      if (latest && LIVE.has(latest.status)) return 'waiting'
      // Its instance was cancelled (a pause) or never made (a crash between): the same attempt again.
      return dispatch(id, definition, step, scope, priority, { retryCount: latest?.retryCount ?? 0, restart: true })
    }
    if (stepRow.status !== 'failed') return 'waiting'
    const error: ErrorInfo = openError(stepRow.error as ErrorInfo | null) ?? {
      code: stepRow.errorCode ?? 'SYSTEM_ERROR',
      message: (open(stepRow.errorMessage) as string | null) ?? 'failed',
      recoverable: true,
    }
    const retriesUsed = latest?.retryCount ?? 0
    const next = nextAfterFailure(definition, step, error, retriesUsed, true, random)
    if (next.kind === 'retry') {
      if (next.byStrategy) await executions.recordRecovery(id, actor, { action: 'RETRY', code: error.code, step: step.id, detail: { attempt: retriesUsed + 1, delay: next.delay } })
      await executions.log(id, actor, [
        { level: 'warn', step: step.id, message: retryMessage({ attempt: retriesUsed + 1, maxRetries: next.maxRetries, delay: next.delay }, step.id) },
      ])
      return dispatch(id, definition, step, scope, priority, { retryCount: retriesUsed + 1, delay: next.delay })
    }
    if (next.kind === 'restore') return { failed: error, abort: false }
    return { settled: await settleFailure(id, step, error, next) }
  }

  return { driveTask }
}
