// One step of a run: its handler with its retry policy and the workflow's recovery strategies,
// its timeout, its checkpoints and its log lines (written in batches).
import type { ExecutionStep as StepRow } from '@/generated/prisma/client'
import { calculateRetryDelay, isRetryableError, retryMessage, type RetryPolicy } from '../domain/retry'
import type { LogLevel } from '../domain/lifecycle'
import type { LogInput } from '../domain/schemas'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import { open } from '../security/crypto'
import type { Clock } from '../lib/clock'
import { linkedController, stopped, Stop, toErrorInfo, untilAborted, type ErrorInfo } from './control'
import { resultOf, type Definitions } from './definitions'
import type { QueueStore } from './queue-store'
import { applyRuntimeRecovery, type EngineRecovery, type StartFallback } from './recovery'
import type { ResourceGate } from './resources'
import type { StepDefinition, StepOutputs, WorkflowDefinition } from './workflow'

export type StepOutcome =
  | {
      kind: 'finished'
      /** Set when the step's own boundary change finished it: its output and the successors it started. */
      boundary?: { output: unknown; started: string[]; executionCompleted: boolean }
    }
  /** `restore`: a recovery strategy's checkpoint to restore once the execution has failed. */
  | { kind: 'failed'; error: ErrorInfo; abort: boolean; restore?: string }
  | { kind: 'interrupted' }
  /** A recovery strategy handed the step to a worker (a fallback task's instance): the run waits for its result. */
  | { kind: 'handed' }

/** What a step's handler sees of the execution: `input`, `__context__` and `__steps__`. */
export type Expression = { input: Record<string, unknown>; __context__: Record<string, unknown>; __steps__: StepOutputs }

export interface StepRunnerDeps {
  executions: ExecutionService
  queue: QueueStore
  definitions: Definitions
  clock: Clock
  actor: Actor
  random: () => number
  /** Run-time recovery strategies (engine/recovery.ts); none: only the workflow's own. */
  recovery?: EngineRecovery
  startFallback?: StartFallback
  resources: ResourceGate
}

export function createStepRunner({ executions, queue, definitions, clock, actor, random, recovery, startFallback, resources }: StepRunnerDeps) {
  /** Runs one step's handler with its retry policy and the workflow's recovery strategies. */
  async function runStep(
    id: string,
    definition: WorkflowDefinition,
    step: StepDefinition,
    stepRow: Pick<StepRow, 'status' | 'attempt'> | undefined,
    expression: Expression,
    signal: AbortSignal,
    /** Outputs of steps this run finished, as their handlers returned them. */
    ownOutputs: ReadonlyMap<string, unknown>,
    preStarted = false,
  ): Promise<StepOutcome> {
    const successors = definitions.successorsOf(definition)
    let retriesUsed = 0
    let restoreOnce = false
    let previous = stepRow?.status
    let attempt = stepRow?.attempt ?? 0
    let startNeeded = !preStarted
    for (;;) {
      if (signal.aborted) return { kind: 'interrupted' }
      if (startNeeded) {
        // Its resources first (waits by priority while they are short); the step's end releases them.
        const held = await resources.hold(id, definition, step, signal)
        if (held === 'interrupted') return { kind: 'interrupted' }
        if (held !== 'granted') return { kind: 'failed', error: held.failed, abort: true }
        const started = await executions.startStep(id, actor, { id: step.id, name: step.name }, { restart: previous === 'running' }).catch(stopped)
        if (!started) return { kind: 'interrupted' }
        attempt += 1
      }
      startNeeded = true
      // A signal of the step's own only for a timeout of its own; otherwise the run's.
      const stepController = step.timeout ? new AbortController() : null
      const unlinkStep = stepController ? linkedController(signal, stepController) : () => {}
      const stepSignal = stepController?.signal ?? signal
      const cancelStepTimeout = stepController ? clock.after(step.timeout!, () => stepController.abort(new Stop('step-timeout'))) : () => {}
      const logs = createLogBuffer(id, step.id)
      // A first attempt has nothing to restore: a step's checkpoints come from its earlier attempts.
      const restored = attempt > 1 ? await restoredVariables(id, step.id) : null
      try {
        const output = await untilAborted(
          Promise.resolve(
            step.handler!({
              executionId: id,
              stepId: step.id,
              attempt,
              input: expression.input,
              __context__: expression.__context__,
              __steps__: expression.__steps__,
              restored,
              signal: stepSignal,
              log: logs.add,
              metrics: (report) => executions.reportMetrics(id, actor, report).then(() => undefined),
              checkpoint: async (variables) => {
                await logs.flush()
                await executions.checkpoint(id, actor, { step: step.id, variables, metadata: { reason: 'step', step: step.id } })
              },
            }),
          ),
          stepSignal,
        )
        await logs.flush()
        cancelStepTimeout()
        // The boundary in one change: complete, checkpoint, start ready successors, or finish.
        const advanced = await executions
          .advanceStep(id, actor, step.id, {
            output: output === undefined ? null : output,
            startNext: successors.get(step.id) ?? [],
            finish: (outputs) => resultOf(definition, outputs),
            known: ownOutputs,
          })
          .catch(stopped)
        if (!advanced) return { kind: 'interrupted' }
        return { kind: 'finished', boundary: { output: output === undefined ? null : output, started: advanced.started, executionCompleted: advanced.completed } }
      } catch (thrown) {
        const stepTimedOut = stepSignal.reason instanceof Stop && stepSignal.reason.why === 'step-timeout' && !signal.aborted
        cancelStepTimeout()
        if (signal.aborted) {
          await logs.flush().catch(() => {})
          return { kind: 'interrupted' } // paused, cancelled, timed out, shutting down
        }
        const error: ErrorInfo = stepTimedOut ? { code: 'TIMEOUT', message: `step ${step.id} exceeded its timeout of ${step.timeout} ms`, recoverable: true } : toErrorInfo(thrown)
        // The failure in the step's log, after what its handler logged.
        logs.add('error', error.message, { code: error.code, attempt })
        await logs.flush().catch(() => {})
        const failed = await executions.failStep(id, actor, step.id, { ...error, retryCount: retriesUsed }).catch(stopped)
        if (!failed) return { kind: 'interrupted' }
        previous = 'failed'
        // A run-time strategy for the code comes first (engine/recovery.ts).
        const runtime = await applyRuntimeRecovery({ executions, actor, recovery, startFallback, now: () => clock.now() }, id, step, error, () => expression.input)
        if (runtime?.kind === 'handed') return { kind: 'handed' }
        if (runtime?.kind === 'retry') {
          await executions.log(id, actor, [
            { level: 'warn', step: step.id, message: retryMessage({ attempt: runtime.attempt, maxRetries: runtime.maxRetries, delay: runtime.delay }, step.id) },
          ])
          try {
            await clock.sleep(runtime.delay, signal)
          } catch {
            return { kind: 'interrupted' }
          }
          continue
        }
        if (runtime) return runtime.outcome
        const next = nextAfterFailure(definition, step, error, retriesUsed, restoreOnce, random)
        if (next.kind === 'retry') {
          retriesUsed += 1
          if (next.byStrategy) await executions.recordRecovery(id, actor, { action: 'RETRY', code: error.code, step: step.id, detail: { attempt: retriesUsed, delay: next.delay } })
          await executions.log(id, actor, [
            { level: 'warn', step: step.id, message: retryMessage({ attempt: retriesUsed, maxRetries: next.maxRetries, delay: next.delay }, step.id) },
          ])
          try {
            await clock.sleep(next.delay, signal)
          } catch {
            return { kind: 'interrupted' }
          }
          continue
        }
        if (next.kind === 'restore') {
          restoreOnce = true
          await executions.recordRecovery(id, actor, { action: 'CHECKPOINT_RESTORE', code: error.code, step: step.id, detail: { restored: restored !== null } })
          continue
        }
        const settled = await settleFailure(id, step, error, next)
        if (settled) return settled
        return { kind: 'failed', error, abort: false }
      } finally {
        unlinkStep()
      }
    }
  }

  /**
   * What a step failure the retry loop does not handle itself ends in: skipped or a fallback
   * output (finished), the execution aborted or failed. (The task steps of templates share it.)
   */
  async function settleFailure(id: string, step: StepDefinition, error: ErrorInfo, next: Exclude<FailureNext, { kind: 'retry' | 'restore' }>): Promise<StepOutcome> {
    if (next.kind === 'skip') {
      await executions.recordRecovery(id, actor, { action: 'SKIP', code: error.code, step: step.id })
      await executions.skipStep(id, actor, step.id, { reason: `${error.code}: skipped by the recovery strategy` })
      return { kind: 'finished' }
    }
    if (next.kind === 'fallback') {
      await executions.recordRecovery(id, actor, { action: 'FALLBACK', code: error.code, step: step.id })
      await executions.startStep(id, actor, { id: step.id })
      await executions.completeStep(id, actor, step.id, { output: next.output ?? null, metadata: { fallback: true } })
      return { kind: 'finished' }
    }
    if (next.kind === 'abort') {
      await executions.recordRecovery(id, actor, { action: 'ABORT', code: error.code, step: step.id })
      return { kind: 'failed', error, abort: true }
    }
    return { kind: 'failed', error, abort: false }
  }

  async function restoredVariables(id: string, stepId: string): Promise<Record<string, unknown> | null> {
    const recent = queue.stepCheckpoints(id, stepId)
    // The newest checkpoint the step saved itself (pauses and boundaries save the execution's).
    const saved = recent.find((c) => (c.metadata as { reason?: string } | null)?.reason === 'step')
    return (open((saved?.state as { variables?: unknown } | undefined)?.variables) ?? null) as Record<string, unknown> | null // sealed at rest
  }

  /** Handler log lines, written in batches: at step end, at checkpoints, and every 100 lines. */
  function createLogBuffer(id: string, stepId: string) {
    let lines: LogInput[] = []
    let writing: Promise<unknown> = Promise.resolve()
    const flush = async () => {
      const batch = lines
      lines = []
      if (batch.length) writing = writing.then(() => executions.log(id, actor, batch))
      await writing
    }
    return {
      add: (level: LogLevel, message: string, context?: Record<string, unknown>) => {
        lines.push({ level, message, step: stepId, context, timestamp: new Date(clock.now()).toISOString() })
        if (lines.length >= 100) void flush()
      },
      flush,
    }
  }

  return { runStep, settleFailure }
}

/** What follows a step's failure, by its retry policy and the workflow's recovery strategy for the code. */
export type FailureNext =
  | { kind: 'retry'; delay: number; maxRetries: number; byStrategy: boolean }
  | { kind: 'restore' }
  | { kind: 'skip' }
  | { kind: 'fallback'; output: unknown }
  | { kind: 'abort' }
  | { kind: 'fail' }

/**
 * The step's retry policy first (or a RETRY strategy's), while retries are left and the error is
 * retryable; then SKIP, FALLBACK, one CHECKPOINT_RESTORE, ABORT; else the step fails.
 */
export function nextAfterFailure(
  definition: WorkflowDefinition,
  step: StepDefinition,
  error: ErrorInfo,
  retriesUsed: number,
  restoredOnce: boolean,
  random: () => number,
): FailureNext {
  const strategy = definition.recovery?.[error.code]
  const policy: RetryPolicy | undefined = step.retryPolicy ?? (strategy?.action === 'RETRY' ? strategy.policy : undefined)
  if (policy && isRetryableError(error, policy) && retriesUsed < policy.maxRetries) {
    return { kind: 'retry', delay: calculateRetryDelay(retriesUsed + 1, policy, random), maxRetries: policy.maxRetries, byStrategy: strategy?.action === 'RETRY' }
  }
  if (strategy?.action === 'SKIP') return { kind: 'skip' }
  if (strategy?.action === 'FALLBACK') return { kind: 'fallback', output: strategy.output(error) }
  if (strategy?.action === 'CHECKPOINT_RESTORE' && !restoredOnce) return { kind: 'restore' }
  if (strategy?.action === 'ABORT') return { kind: 'abort' }
  return { kind: 'fail' }
}
