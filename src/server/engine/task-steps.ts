// A template's task step in the run loop (docs/workers.md): its attempt is dispatched as a task
// instance in the change that starts the step; a worker outside the console claims and runs it
// and reports its end through the write path, which wakes the run (it parks meanwhile, like a
// human step). A failure is decided here as a handler's is — retry with backoff (the delay is the
// instance's availableAt, so nothing sleeps), skip, fallback, abort — and a step left running
// without a live instance (paused and resumed, its instance cancelled) is dispatched again.
import { retryMessage } from '../domain/retry'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import type { AfterTask, TaskDispatch, TaskDispatchPlan, TaskPriority } from '../services/executions/tasks'
import { resultOf } from './definitions'
import { open, openError } from '../security/crypto'
import type { Clock } from '../lib/clock'
import { stopped, toErrorInfo, type ErrorInfo } from './control'
import type { QueueStore, StepView } from './queue-store'
import { nextAfterFailure, type StepOutcome } from './step'
import { applyRuntimeRecovery, redispatchFallback, type EngineRecovery, type StartFallback } from './recovery'
import type { StepContext, StepDefinition, WorkflowDefinition } from './workflow'
import { dependenciesOf, workflowVersionId } from './workflow'
import { isStepFinished, type StepStatus } from '../domain/lifecycle'
import type { ResourceGate } from './resources'

const TASK_PRIORITY: Record<string, TaskPriority> = { urgent: 'CRITICAL', high: 'HIGH', normal: 'MEDIUM', low: 'LOW' }
const LIVE = new Set(['PENDING', 'ASSIGNED', 'RUNNING'])

export type TaskStepState = 'changed' | 'waiting' | { failed: ErrorInfo; abort: boolean } | { settled: StepOutcome }

export interface TaskStepDeps {
  executions: ExecutionService
  queue: QueueStore
  clock: Clock
  actor: Actor
  random: () => number
  /** Resources before an attempt is dispatched (resources.ts): a worker can claim only an instance whose resources are held. */
  resources: ResourceGate
  /** A failure the retry loop does not handle, settled as a handler's is (step.ts). */
  settleFailure: (id: string, step: StepDefinition, error: ErrorInfo, next: Exclude<ReturnType<typeof nextAfterFailure>, { kind: 'retry' | 'restore' }>) => Promise<StepOutcome>
  /** Run-time recovery strategies (engine/recovery.ts). */
  recovery?: EngineRecovery
  startFallback?: StartFallback
}

/**
 * The step's attempt as it would be dispatched — its input made from the expressions and checked
 * against the task's inputSchema, its reference, its instance — or why it cannot be.
 */
export function planTask(
  definition: WorkflowDefinition,
  step: StepDefinition,
  scope: Scope,
  priority: string,
  options: { retryCount: number; availableAt: Date },
): TaskDispatchPlan | { failed: ErrorInfo } {
  const task = step.task!
  let input: unknown
  try {
    input = task.input(scope)
  } catch (thrown) {
    return { failed: toErrorInfo(thrown) }
  }
  let taskReference: string | undefined
  try {
    const value = task.reference?.(scope)
    if (value !== undefined && value !== null) taskReference = (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 200)
  } catch (thrown) {
    return { failed: toErrorInfo(thrown) }
  }
  const problems = task.inputProblems(input)
  if (problems.length)
    return {
      failed: {
        code: 'INVALID_INPUT',
        message: `step ${step.id}: its input does not match task ${task.key}@${task.version}'s inputSchema: ${problems.join('; ')}`,
        recoverable: false,
      },
    }
  return {
    input: { id: step.id, name: step.name, type: 'task', input: input as never },
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
      availableAt: options.availableAt,
      workflowDefinitionId: workflowVersionId(definition),
      taskReference,
    },
  }
}

type Scope = Pick<StepContext, 'input' | '__context__' | '__steps__'>

/** The scope with one step more completed, with this output (its row is not written yet). */
function withOutput(scope: Scope, stepId: string, output: unknown): Scope {
  const done = { outputData: output }
  const __steps__ = new Proxy(scope.__steps__, {
    get: (target, key) => (key === stepId ? done : Reflect.get(target, key)),
    has: (target, key) => key === stepId || Reflect.has(target, key),
    ownKeys: (target) => [...new Set([...Reflect.ownKeys(target), stepId])],
    getOwnPropertyDescriptor: (target, key) => (key === stepId ? { enumerable: true, configurable: true, value: done } : Reflect.getOwnPropertyDescriptor(target, key)),
  })
  return { ...scope, __steps__ }
}

/**
 * What a task step's completion does at once, planned for the change that takes the worker's
 * result, so the step boundary of remote work is one change as in-process work's is: the task
 * steps it lets start — every dependency finished, activation policy and condition true — or,
 * when it was the last step and `finishing` (nothing else runs), the execution's
 * completion with its result. Anything less plain (a skip, a human step, children, an expression
 * that throws, input that does not fit) is left to the run's loop, which sees the completion a
 * moment later (whether it need look is decided in the change: AfterTask.covered).
 */
export function planAfterTask(
  definition: WorkflowDefinition,
  doneStepId: string,
  output: unknown,
  look: { status: (stepId: string) => string | undefined; scope: Scope; priority: string; now: number; by: Actor; finishing: boolean },
): AfterTask {
  const scope = withOutput(look.scope, doneStepId, output)
  const next = planSuccessors(definition, doneStepId, scope, look)
  const by = look.by
  const last = definition.steps.every((s) => s.id === doneStepId || isStepFinished((look.status(s.id) ?? 'pending') as StepStatus))
  if (!last || !look.finishing) return { next, by }
  try {
    const outputs = Object.fromEntries(Object.keys(scope.__steps__).map((id) => [id, scope.__steps__[id]!]))
    return { next, finish: { result: resultOf(definition, outputs) }, by }
  } catch {
    return { next, by } // (a summary that throws: the run's loop completes it as it would)
  }
}

function planSuccessors(
  definition: WorkflowDefinition,
  doneStepId: string,
  scope: Scope,
  look: { status: (stepId: string) => string | undefined; priority: string; now: number },
): TaskDispatchPlan[] {
  const plans: TaskDispatchPlan[] = []
  definition.steps.forEach((step, index) => {
    const dependencies = dependenciesOf(definition, index)
    if (!dependencies.includes(doneStepId)) return
    const status = look.status(step.id)
    if (status !== undefined && status !== 'pending') return
    if (!dependencies.every((d) => d === doneStepId || isStepFinished((look.status(d) ?? 'pending') as StepStatus))) return
    // Its turn has come: planned here, or left to the run's loop.
    const plan = planReady(definition, step, scope, look)
    if (plan) plans.push(plan)
  })
  return plans
}

/** A step whose turn has come, planned when it is a task step to start now (else undefined: the run's loop decides). */
function planReady(definition: WorkflowDefinition, step: StepDefinition, scope: Scope, look: { priority: string; now: number }): TaskDispatchPlan | undefined {
  if (!step.task || step.disabled || step.resources?.length) return undefined
  try {
    if ((step.activation && !step.activation(scope)) || (step.condition && !step.condition(scope))) return undefined
  } catch {
    return undefined
  }
  const plan = planTask(definition, step, scope, look.priority, { retryCount: 0, availableAt: new Date(look.now) })
  return 'failed' in plan ? undefined : plan
}

/** A task step an execution starts with: nothing to wait for, nothing to decide. */
const isPlainRootTask = (definition: WorkflowDefinition, step: StepDefinition, index: number) =>
  !!step.task && !step.disabled && !step.condition && !step.activation && !step.resources?.length && !dependenciesOf(definition, index).length

/**
 * The attempts of the task steps an execution starts with — no dependencies, no condition or
 * activation policy — dispatched in the change that creates and starts it.
 */
export function planRootTasks(definition: WorkflowDefinition, context: Record<string, unknown>, priority: string, now: number): Map<string, TaskDispatch> {
  const scope: Scope = { input: (context.input as Record<string, unknown>) ?? {}, __context__: context, __steps__: {} }
  const plans = new Map<string, TaskDispatch>()
  definition.steps.forEach((step, index) => {
    if (!isPlainRootTask(definition, step, index)) return
    const plan = planTask(definition, step, scope, priority, { retryCount: 0, availableAt: new Date(now) })
    if (!('failed' in plan)) plans.set(step.id, plan.task)
  })
  return plans
}

/** The engine's start of a queued execution (executions.begin): its first steps, the task steps' attempts planned from its row. */
export function beginWithTasks(definition: WorkflowDefinition, roots: readonly string[], now: number) {
  const taskRoots = definition.steps.filter((step, index) => isPlainRootTask(definition, step, index)).map((step) => step.id)
  return {
    steps: [...roots, ...taskRoots],
    tasks: (row: { context: unknown; priority: string }) =>
      taskRoots.length ? planRootTasks(definition, (open(row.context) as Record<string, unknown> | null) ?? {}, row.priority, now) : new Map<string, TaskDispatch>(),
  }
}

export function createTaskSteps({ executions, queue, clock, actor, random, settleFailure, recovery, startFallback, resources }: TaskStepDeps) {
  /** Dispatches the step's attempt: its input made and checked, then started with its task instance. */
  async function dispatch(
    id: string,
    definition: WorkflowDefinition,
    step: StepDefinition,
    scope: Scope,
    priority: string,
    options: { retryCount: number; delay?: number; restart?: boolean },
  ): Promise<TaskStepState> {
    const plan = planTask(definition, step, scope, priority, { retryCount: options.retryCount, availableAt: new Date(clock.now() + (options.delay ?? 0)) })
    if ('failed' in plan) return { failed: plan.failed, abort: false }
    const held = await resources.tryHold(id, definition, step)
    if (held === 'interrupted' || (typeof held === 'object' && 'waiting' in held)) return 'waiting'
    if (typeof held === 'object') return { failed: held.failed, abort: true }
    const started = await executions
      .dispatchTask(id, actor, plan.input, { restart: options.restart, task: plan.task })
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
      // A recovery's fallback instance a pause cancelled: the fallback again, not the step's own task.
      if (latest && (await redispatchFallback({ executions, actor, now: () => clock.now() }, id, step, latest).catch(stopped))) return 'changed'
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
    // A run-time strategy for the code comes first (engine/recovery.ts).
    const runtime = await applyRuntimeRecovery({ executions, actor, recovery, startFallback, now: () => clock.now() }, id, step, error, () => step.task!.input(scope))
    if (runtime?.kind === 'handed') return 'changed'
    if (runtime?.kind === 'retry') {
      await executions.log(id, actor, [
        { level: 'warn', step: step.id, message: retryMessage({ attempt: runtime.attempt, maxRetries: runtime.maxRetries, delay: runtime.delay }, step.id) },
      ])
      return dispatch(id, definition, step, scope, priority, { retryCount: retriesUsed + 1, delay: runtime.delay })
    }
    if (runtime) return { settled: runtime.outcome }
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
