// Run-time recovery strategies in the engine (domain/recovery.ts decides, services/recovery.ts
// finds them): when a step of a run fails, a strategy of the execution's organisation that names
// its error code is applied instead of the step's own retry policy and the workflow's code-defined
// recovery. Each application is an `execution.recovery.applied` event first, then the action
// through the write path: the retry (the caller waits and runs the step again), the skip, the
// fallback workflow started and the step completed with its id, the abort, or the restore (the
// run fails the execution, then restores the checkpoint, which retries it).
import type { Actor } from '../domain/actor'
import type { RecoveryResult } from '../domain/recovery'
import type { ExecutionService } from '../services/executions'
import type { RecoveryPlan } from '../services/recovery'
import type { ErrorInfo } from './control'
import type { StepOutcome } from './step'
import { LIVE_TASK_STATUSES, type TaskDispatch, type TaskPriority } from '../services/executions/tasks'
import type { LatestTask, QueueStore, StepView } from './queue-store'
import { open, openError } from '../security/crypto'
import { newId } from '../services/ids'

/** What the engine asks of the strategies (services/recovery.ts). */
export interface EngineRecovery {
  decide(executionId: string, stepId: string | undefined, code: string): RecoveryPlan | null
  checkpointFor(executionId: string, which: string): string | null
  /** A FALLBACK's task definition in the strategy's organisation (null: none satisfies it any more). */
  fallbackTask?(organizationId: string, key: string, version?: string): Omit<TaskDispatch, 'priority' | 'input' | 'retryCount' | 'availableAt' | 'workflowDefinitionId'> | null
}

/** Starts a fallback workflow for a failed execution; answers the execution started. */
export type StartFallback = (
  workflow: string,
  start: { input: Record<string, unknown>; customer?: string; within?: string; tags?: string[]; correlationId?: string },
) => Promise<{ id: string }>

export interface RecoveryDeps {
  executions: ExecutionService
  actor: Actor
  recovery?: EngineRecovery
  startFallback?: StartFallback
  /** Now, for a fallback task's availableAt (the engine's clock). */
  now?: () => number
}

/**
 * Starts a FALLBACK strategy's workflow for a failed step — for the failed execution's customer,
 * within the strategy's organisation, its input naming the failure — or says why it could not.
 */
export async function startFallbackWorkflow(
  startFallback: StartFallback | undefined,
  plan: Pick<RecoveryPlan, 'strategy' | 'customerId'>,
  workflow: string,
  failure: { executionId: string; stepId: string; code: string; message: string },
): Promise<{ started?: { id: string }; problem?: string }> {
  if (!startFallback) return { problem: 'the engine is not running in this process' }
  try {
    const started = await startFallback(workflow, {
      input: { failedExecution: failure.executionId, failedStep: failure.stepId, error: { code: failure.code, message: failure.message } },
      customer: plan.customerId ?? undefined,
      within: plan.strategy.organizationId,
      tags: ['recovery-fallback'],
      correlationId: failure.executionId,
    })
    return { started }
  } catch (thrown) {
    return { problem: (thrown as Error).message }
  }
}

/** The reference a fallback task's instance carries (a worker sees it; the run tells it from the step's own task by it). */
const FALLBACK_REFERENCE = 'fallback:'

/**
 * A strategy's retry: the caller waits `delay` and runs the step again. `handed`: the step runs
 * again as a fallback task's instance, for a worker; its run waits for the worker's result.
 */
export type Recovered = { kind: 'retry'; delay: number; attempt: number; maxRetries: number } | { kind: 'settled'; outcome: StepOutcome } | { kind: 'handed'; taskId: string }

/**
 * Applies the run-time strategy that matches a failure of step `step` of execution `id`, if any
 * (null: none matches, the step's own policy and the workflow's recovery decide as before).
 */
export async function applyRuntimeRecovery(
  deps: RecoveryDeps,
  id: string,
  step: { id: string; name?: string },
  error: ErrorInfo,
  /** The failed step's input (a task step's instance input; a handler step's: the execution's), a fallback task's by default. */
  stepInput?: () => unknown,
): Promise<Recovered | null> {
  const plan = deps.recovery?.decide(id, step.id, error.code)
  if (!plan) return null
  const { executions, actor } = deps
  const { strategy, decision } = plan
  const record = (result: RecoveryResult) => executions.recoveryApplied(id, actor, { strategy, code: error.code, step: step.id, result })
  switch (decision.kind) {
    case 'retry':
      await record(decision.result)
      return { kind: 'retry', delay: decision.delay, attempt: decision.attempt, maxRetries: decision.maxRetries }
    case 'skip':
      await record(decision.result)
      await executions.skipStep(id, actor, step.id, { reason: `${error.code}: skipped by recovery strategy ${strategy.key}` })
      return { kind: 'settled', outcome: { kind: 'finished' } }
    case 'fallback': {
      if (decision.task) return fallbackToTask(deps, plan, id, step, error, decision.task, decision.result, stepInput)
      const workflow = decision.workflow!
      const { started, problem } = await startFallbackWorkflow(deps.startFallback, plan, workflow, {
        executionId: id,
        stepId: step.id,
        code: error.code,
        message: error.message,
      })
      if (!started) {
        // The fallback could not start (an unknown workflow): the execution aborts, and says why.
        await record({ success: false, action: 'ABORT', message: `Could not fall back to workflow ${workflow}: ${problem}; the execution is aborted` })
        return { kind: 'settled', outcome: { kind: 'failed', error, abort: true } }
      }
      await record({ ...decision.result, newState: { fallbackExecutionId: started.id, workflow } })
      await executions.startStep(id, actor, { id: step.id, name: step.name })
      await executions.completeStep(id, actor, step.id, { output: { fallback: { workflow, executionId: started.id } }, metadata: { fallback: true } })
      return { kind: 'settled', outcome: { kind: 'finished' } }
    }
    case 'abort':
      await record(decision.result)
      return { kind: 'settled', outcome: { kind: 'failed', error, abort: true } }
    case 'restore': {
      const checkpointId = deps.recovery!.checkpointFor(id, decision.checkpoint)
      if (!checkpointId) {
        await record({ success: false, action: 'ABORT', message: `No checkpoint to restore (${decision.checkpoint}): the execution is aborted` })
        return { kind: 'settled', outcome: { kind: 'failed', error, abort: true } }
      }
      await record({ ...decision.result, newState: { checkpointId } })
      return { kind: 'settled', outcome: { kind: 'failed', error, abort: true, restore: checkpointId } }
    }
  }
}

/**
 * FALLBACK to a task (seed 002: "FALLBACK to a named task"): the failed step starts again as an
 * instance of the strategy's task definition — for a worker that runs that task, with the failed
 * step's input unless the strategy gives one — in one change with the step's new attempt; the
 * worker's result ends the step (its output the step's). The RecoveryResult names the instance.
 */
export async function fallbackToTask(
  deps: RecoveryDeps,
  plan: RecoveryPlan,
  id: string,
  step: { id: string; name?: string },
  error: ErrorInfo,
  task: { key: string; version?: string; input?: Record<string, unknown> },
  result: RecoveryResult,
  stepInput?: () => unknown,
): Promise<Recovered> {
  const { executions, actor, recovery } = deps
  const record = (r: RecoveryResult) => executions.recoveryApplied(id, actor, { strategy: plan.strategy, code: error.code, step: step.id, result: r })
  const definition = recovery?.fallbackTask?.(plan.strategy.organizationId, task.key, task.version) ?? null
  if (!definition) {
    // Removed since the strategy was saved (it was checked then): the execution aborts, and says why.
    await record({
      success: false,
      action: 'ABORT',
      message: `Could not fall back to task ${task.key}${task.version ? `@${task.version}` : ''}: no such task definition in organisation ${plan.strategy.organizationId} any more; the execution is aborted`,
    })
    return { kind: 'settled', outcome: { kind: 'failed', error, abort: true } }
  }
  let input: unknown = task.input
  if (input === undefined) {
    try {
      input = stepInput?.() ?? {}
    } catch {
      input = {}
    }
  }
  const at = deps.now?.() ?? Date.now()
  const taskId = newId('tsk', at)
  await record({ ...result, newState: { fallbackTask: definition.taskKey, taskVersion: definition.taskVersion, taskInstanceId: taskId } })
  await executions.dispatchTask(
    id,
    actor,
    { id: step.id, name: step.name, type: 'task', input: input as never },
    {
      task: {
        ...definition,
        id: taskId,
        priority: 'MEDIUM',
        input,
        retryCount: 0,
        availableAt: new Date(at),
        workflowDefinitionId: null,
        taskReference: `${FALLBACK_REFERENCE}${step.id}`,
      },
    },
  )
  return { kind: 'handed', taskId }
}

const LIVE_TASKS = new Set<string>(LIVE_TASK_STATUSES)

/**
 * A handler step not started by this run that has a task instance — one a FALLBACK handed to a
 * worker — seen by the run's loop: 'waiting' while the worker may still report; failed, what the
 * strategies decide now (a second fallback of the same strategy aborts), never a rerun of its
 * handler. Null: no instance, the step is the handler's as usual. (Looked up only for a step in
 * `running` or `failed` this run did not start: rare — a restart, a retry.)
 */
export async function handedStep(
  deps: RecoveryDeps,
  queue: Pick<QueueStore, 'latestTask'>,
  id: string,
  step: { id: string; name?: string },
  row: Pick<StepView, 'status' | 'error' | 'errorCode'>,
  input: () => unknown,
): Promise<'waiting' | 'changed' | StepOutcome | null> {
  const instance = queue.latestTask(id, step.id)
  if (!instance) return null
  if (row.status === 'running') {
    if (LIVE_TASKS.has(instance.status)) return 'waiting'
    return (await redispatchFallback(deps, id, step, instance)) ? 'changed' : null
  }
  const error = openError(row.error as ErrorInfo | null) ?? { code: row.errorCode ?? 'SYSTEM_ERROR', message: 'the fallback task failed', recoverable: false }
  const again = await applyRuntimeRecovery(deps, id, step, error, input)
  if (again?.kind === 'handed' || (again?.kind === 'settled' && again.outcome.kind === 'finished')) return 'changed'
  return again?.kind === 'settled' ? again.outcome : { kind: 'failed', error, abort: true }
}

/**
 * A fallback task's instance that stopped with its execution (a pause cancels live instances):
 * dispatched again as it was — same task, same input — when the step starts again, so a resume
 * goes on with the fallback rather than the step's own work. False: the instance was not a
 * fallback's (the caller dispatches the step's own).
 */
export async function redispatchFallback(
  deps: Pick<RecoveryDeps, 'executions' | 'actor' | 'now'>,
  id: string,
  step: { id: string; name?: string },
  instance: LatestTask,
): Promise<boolean> {
  if (!instance.taskReference?.startsWith(FALLBACK_REFERENCE) || instance.status !== 'CANCELLED') return false
  const input = instance.input === null ? null : open(JSON.parse(instance.input))
  await deps.executions.dispatchTask(
    id,
    deps.actor,
    { id: step.id, name: step.name, type: 'task', input: input as never },
    {
      restart: true,
      task: {
        organizationId: instance.organizationId,
        taskDefinitionId: instance.taskDefinitionId,
        taskKey: instance.taskKey,
        taskVersion: instance.taskVersion,
        type: instance.type,
        priority: instance.priority as TaskPriority,
        timeoutMs: instance.timeoutMs,
        input,
        retryCount: instance.retryCount,
        availableAt: new Date(deps.now?.() ?? Date.now()),
        workflowDefinitionId: null,
        taskReference: instance.taskReference,
      },
    },
  )
  return true
}
